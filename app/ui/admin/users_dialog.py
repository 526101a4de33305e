"""用户管理 (administrators): the office's accounts with their roles; create, change role or
name, reset a password, lock out or let back in. Every change goes through app.services.users
(which refuses anyone but an administrator, and removing the last administrator)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QVBoxLayout

from app.domain.codes import ROLES
from app.domain.errors import ValidationFailed
from app.domain.permissions import ROLE_PERMISSIONS, PERMISSIONS
from app.services import handover, users
from app.services.context import Actor
from app.services.users import UserRow
from app.ui import theme
from app.ui.admin.handover_dialog import HandOverDialog
from app.ui.admin.parts import button_row, close_box
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, CodeCombo, DataTable, confirm, muted_label, show_failure
from app.ui.screen_fit import fit_on_screen


def _state(row: UserRow) -> str:
    if not row.active:
        return "已停用"
    if row.locked_until:
        return f"锁定至 {row.locked_until:%m-%d %H:%M}"
    if not row.has_password:
        return "未设密码"
    return "须修改密码" if row.must_change_password else "正常"


def _state_badge(row: UserRow):
    status = {"正常": "ok", "须修改密码": "due_soon", "未设密码": "due_soon"}.get(_state(row), "overdue")
    fg, bg = theme.deadline_colours(status)
    return _state(row), fg, bg or fg.lighter(190)


USER_COLUMNS = [
    Column("username", "用户名", 120, sort_key="username"),
    Column("display_name", "姓名", 110, sort_key="display_name"),
    Column("role_label", "角色", 90, sort_key="role"),
    Column("state", "状态", 150, value=_state, badge=_state_badge),
    Column("last_login_at", "最近登录", 150, sort_key="last_login_at",
           text=lambda r: f"{r.last_login_at:%Y-%m-%d %H:%M}" if r.last_login_at else "从未登录", stretch=True),
]


def role_summary(role: str) -> str:
    """What a role may do, in words (shown beside the role picker)."""
    allowed = ROLE_PERMISSIONS.get(role, frozenset())
    if not allowed:
        return "只能查看案件（完整身份证号和电话被遮蔽），不能做任何修改"
    return "可以：" + "、".join(label for key, label in PERMISSIONS.items() if key in allowed)


_ROLE_WORK = {"admin": "全部功能", "mediator": "受理、调解、协议、办结与回访", "clerk": "登记、受理决定与回访",
              "readonly": "只能查看"}
ROLE_OVERVIEW = "；".join(f"{ROLES.label(code)}：{work}" for code, work in _ROLE_WORK.items()) + "。完整身份证号和电话只对" \
    + "、".join(ROLES.label(r) for r in ROLES.codes() if "view_pii" in ROLE_PERMISSIONS[r]) + "显示。"


class NewUserDialog(FormDialog):
    def __init__(self, actor: Actor, parent=None):
        super().__init__("新建用户", parent, save_text="创建")
        self.actor, self.user_id = actor, None
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        section = FormSection("账户", pairs=1)
        self.username, self.display_name, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.role = CodeCombo(ROLES)
        self.role.set_code("clerk")
        self.role_help = muted_label()
        f = self.fields
        f.add(section, "username", "用户名", self.username, required=True, hint="英文字母或数字，如 zhouwen")
        f.add(section, "display_name", "姓名", self.display_name, required=True)
        f.add(section, "role", "角色", self.role, required=True)
        section.add_widget(self.role_help)
        f.add(section, "password", "初始密码", self.password, required=True,
              hint=f"至少 {users.MIN_PASSWORD} 个字符；本人首次登录时须修改")
        layout.addWidget(section)
        layout.addWidget(self.buttons)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.setMinimumWidth(480)

    def _role_changed(self, _index: int = 0) -> None:
        self.role_help.setText(role_summary(self.role.code()))

    def is_dirty(self) -> bool:
        return bool(self.username.text() or self.display_name.text())

    def save(self) -> bool:
        try:
            self.user_id = users.create_user(self.actor, self.username.text(), self.display_name.text(),
                                             self.role.code(), self.password.text())
        except ValidationFailed as exc:
            self.fields.show_errors(exc.errors or {"username": exc.message})
            return False
        return True


class UsersDialog(QDialog):
    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("用户管理")
        layout = QVBoxLayout(self)
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        layout.addWidget(muted_label(ROLE_OVERVIEW))
        self.model = ListTableModel(USER_COLUMNS)
        self.table = DataTable(self.model)     # in the service's order: active first, by role
        layout.addWidget(self.table, 1)
        row, self.buttons = button_row((
            ("new", "新建用户…", self.new_user), ("role", "更改角色…", self.change_role),
            ("rename", "修改姓名…", self.rename), ("password", "重设密码…", self.reset_password),
            ("unlock", "解除锁定", self.unlock), ("active", "停用", self.toggle_active)))
        layout.addLayout(row)
        self.status = muted_label()             # what the last change did
        layout.addWidget(self.status)
        layout.addWidget(close_box(self))
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.refresh()
        fit_on_screen(self, 760, 460)

    def refresh(self) -> None:
        """Read the list again, keeping the same user selected."""
        chosen = self.selected()
        self.model.set_rows(users.list_users())
        if chosen is not None:
            row = next((i for i, r in enumerate(self.model.rows) if r.id == chosen.id), -1)
            if row >= 0:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> UserRow | None:
        return self.model.row_at(self.table.current_row())

    def _update_buttons(self, *_current) -> None:
        row = self.selected()
        for key in ("role", "rename", "password", "active"):
            self.buttons[key].setEnabled(row is not None)
        self.buttons["unlock"].setEnabled(bool(row and row.locked_until))
        self.buttons["active"].setText("启用" if row is not None and not row.active else "停用")

    def _run(self, call) -> None:
        """Call a service; a refusal is shown above the list and the list is read again."""
        self.banner.show_message("")
        self.status.setText("")
        try:
            call()
        except ValidationFailed as exc:
            self.banner.show_message(exc.message)
        except Exception as exc:  # noqa: BLE001 - shown to the administrator
            show_failure(self, exc)
        self.refresh()

    def new_user(self) -> None:
        dialog = NewUserDialog(self.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def change_role(self) -> None:
        row = self.selected()
        if row is None:
            return
        labels = ROLES.labels()
        label, ok = QInputDialog.getItem(self, "更改角色", f"{row.display_name} 的角色：", labels,
                                         labels.index(row.role_label), False)
        if ok:
            self._run(lambda: users.change_role(self.actor, row.id, ROLES.code(label), row.version))

    def rename(self) -> None:
        row = self.selected()
        if row is None:
            return
        name, ok = QInputDialog.getText(self, "修改姓名", f"{row.username} 的姓名：", text=row.display_name)
        if ok:
            self._run(lambda: users.rename_user(self.actor, row.id, name, row.version))

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        password, ok = QInputDialog.getText(
            self, "重设密码", f"为 {row.display_name} 设置临时密码（至少 {users.MIN_PASSWORD} 个字符，本人下次登录时须修改）：",
            QLineEdit.EchoMode.Normal)
        if ok:
            self._run(lambda: users.reset_password(self.actor, row.id, password, row.version))

    def unlock(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(lambda: users.unlock(self.actor, row.id))

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row.active:
            self._run(lambda: users.set_active(self.actor, row.id, True, row.version))
            return
        open_cases = handover.open_case_count(row.id)
        if not open_cases:
            if confirm(self, "停用账户", f"确定停用 {row.display_name}（{row.username}）的账户吗？停用后此人不能再登录。",
                       "停用", "取消", default_no=True):
                self._run(lambda: handover.deactivate(self.actor, row.id, None, row.version))
            return
        self.handover_dialog = HandOverDialog(row, open_cases, handover.successors(row.id), self)
        self.handover_dialog.accepted.connect(lambda: self._stopped(row, self.handover_dialog.hand_to))
        self.handover_dialog.open()

    def _stopped(self, row: UserRow, hand_to: int | None) -> None:
        moved = []
        self._run(lambda: moved.append(handover.deactivate(self.actor, row.id, hand_to, row.version)))
        if moved and moved[0]:
            self.banner.show_message("")
            self.status.setText(f"已停用 {row.display_name}，{moved[0]} 件案件已移交给 "
                                f"{self.handover_dialog.successor.currentText()}")
