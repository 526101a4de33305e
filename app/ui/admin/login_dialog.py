"""Who is working: the login at start-up, the first start that creates the administrator, and
changing one's own password (required after an administrator set a temporary one)."""
from __future__ import annotations

import hashlib

import shiboken6

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app import APP_NAME
from app.domain.errors import ValidationFailed
from app.runtime import command_line_name
from app.services import users
from app.services.context import Actor
from app.services.settings import get_settings
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.widgets import Banner, muted_label, title_label
from app.ui.screen_fit import fit_on_screen

LAST_USER = "login/username"


def last_user_key(location: str) -> str:
    """Each database remembers its own last user name (the office server's and a test copy's
    users differ)."""
    return f"{LAST_USER}/{hashlib.sha1(location.encode('utf-8')).hexdigest()[:16]}"


class _GrowWithMessages(QObject):
    """The dialog grows when a message appears under a field, instead of squeezing the fields
    (the first start's password fields shrank to a sliver; the login's message was cut off):
    a wrapping label's height is left out of a layout's minimum size, so the dialog is made as
    tall as its layout needs at its width whenever a message shows."""

    def __init__(self, dialog: QDialog, fields: FieldRegistry):
        super().__init__(dialog)
        self.dialog = dialog
        for slot in fields.slots.values():
            slot.error.wrap_lines()          # read whole: the dialog grows for it
            slot.error.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize):     # a longer message: more lines
            QTimer.singleShot(0, self.fit)
        return False

    def fit(self) -> None:
        if not shiboken6.isValid(self.dialog):      # closed before the timer came round
            return
        layout = self.dialog.layout()
        layout.invalidate()                          # a message's line may have just grown
        width = self.dialog.width()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if need > self.dialog.height():
            fit_on_screen(self.dialog, width, need, centre=False)   # grows, but stays on the screen


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(128)
    return field


def _header(layout: QVBoxLayout, subtitle: str) -> None:
    layout.addWidget(title_label(get_settings()["org.name"]))
    layout.addWidget(muted_label(subtitle))


class _ComesForward:
    """A dialog the program starts with, before any window of its own: it raises and activates
    itself when first shown, with the cursor in `start_field()`. Started from a shortcut while
    another program had the keyboard (or under a window manager that holds new windows back), the
    login appeared inactive and the clerk's typing went nowhere (walk-through). Once: a dialog
    shown again keeps where the clerk was."""

    _came_forward = False

    def start_field(self) -> QWidget:
        """Where the cursor goes; each dialog names its own field, else where Qt put the focus."""
        return self.focusWidget() or self

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._came_forward:
            self._came_forward = True
            self.come_forward()
            # and again once the window system has mapped it (activating an unmapped window is
            # ignored on X11)
            QTimer.singleShot(0, self.come_forward)

    def come_forward(self) -> None:
        if not shiboken6.isValid(self) or not self.isVisible():
            return
        self.raise_()
        self.activateWindow()
        self.start_field().setFocus(Qt.FocusReason.ActiveWindowFocusReason)


class LoginDialog(_ComesForward, FormDialog):
    """User name and password; the message for a wrong password or a locked account under the
    field. `actor` and `must_change_password` are set when it is accepted."""

    def __init__(self, location: str = "", parent: QWidget | None = None, server_settings=None):
        super().__init__(f"登录 — {APP_NAME}", parent, save_text="登录")
        self.actor: Actor | None = None
        self.must_change_password = False
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        _header(layout, f"{APP_NAME} · 请登录")
        section = FormSection("", pairs=1)
        self.username, self.password = QLineEdit(), _password_field()
        self.location = location
        self.username.setText(str(QSettings().value(last_user_key(location), "") or ""))
        self.fields.add(section, "username", "用户名", self.username)
        self.fields.add(section, "password", "密码", self.password)
        layout.addWidget(section)
        _GrowWithMessages(self, self.fields)
        if location:
            layout.addWidget(muted_label(f"数据库：{location}"))
        if server_settings is not None:
            link = QPushButton("服务器设置…")
            link.setFlat(True)
            link.setAutoDefault(False)
            self._server_settings = server_settings
            # a bound method, not a lambda holding the dialog: no cycle keeps it alive past the app
            link.clicked.connect(self.open_server_settings)
            row = QHBoxLayout()
            row.addWidget(link)
            row.addStretch(1)
            layout.addLayout(row)
        self.cancel_button.setText("退出")
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)
        self.start_field().setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(420)

    def start_field(self) -> QWidget:
        """The password when this database remembers who logged in last, else the user name."""
        return self.password if self.username.text() else self.username

    def open_server_settings(self) -> None:
        self._server_settings(self)

    def keyPressEvent(self, event) -> None:
        # Enter in the password field logs in (the form's Enter-moves-on rule is for long forms)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.password.hasFocus():
            self.try_save()
            return
        super().keyPressEvent(event)

    def save(self) -> bool:
        self.fields.clear_errors()
        try:
            self.actor, self.must_change_password = users.login(self.username.text(), self.password.text())
        except ValidationFailed as exc:
            self.fields.show_errors(exc.errors or {"password": exc.message})
            self.password.clear()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        QSettings().setValue(last_user_key(self.location), self.actor.username)
        return True


class FirstAdminDialog(_ComesForward, FormDialog):
    """The first start: whoever installs the program sets up the administrator account."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(f"首次使用 — {APP_NAME}", parent, save_text="创建管理员并登录")
        self.actor: Actor | None = None
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        _header(layout, "首次使用：请先设置管理员账户。管理员可以管理用户和角色、修改设置和节假日、备份与恢复数据。")
        section = FormSection("管理员账户", pairs=1)
        self.username, self.display_name = QLineEdit("admin"), QLineEdit()
        self.password, self.again = _password_field(), _password_field()
        f = self.fields
        f.add(section, "username", "用户名", self.username, required=True, hint="英文字母或数字，如 admin")
        f.add(section, "display_name", "姓名", self.display_name, required=True, hint="显示在案件和日志中的姓名")
        f.add(section, "password", "密码", self.password, required=True,
              check=lambda: users.check_password_rules(self.password.text(), self.username.text()),
              hint=f"至少 {users.MIN_PASSWORD} 个字符")
        f.add(section, "again", "再输入一次", self.again, required=True, check=self._check_again)
        layout.addWidget(section)
        _GrowWithMessages(self, self.fields)
        layout.addWidget(muted_label("请牢记密码。忘记管理员密码时，可在本机用命令行重设："
                                     f"{command_line_name()} user password 用户名"))
        self.cancel_button.setText("退出")
        layout.addWidget(self.buttons)
        self.start_field().setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(480)

    def start_field(self) -> QWidget:
        return self.display_name          # the user name is offered as admin

    def _check_again(self) -> str | None:
        return None if self.again.text() == self.password.text() else "两次输入的密码不一致"

    def is_dirty(self) -> bool:
        return bool(self.display_name.text() or self.password.text())

    def save(self) -> bool:
        problems = self.fields.check_all()
        if problems:
            return False
        try:
            self.actor = users.create_first_admin(self.username.text(), self.display_name.text(), self.password.text())
        except ValidationFailed as exc:
            self.fields.show_errors(exc.errors or {"username": exc.message})
            return False
        return True


class ChangePasswordDialog(_ComesForward, FormDialog):
    """Change one's own password; `forced` after an administrator's reset (cancel then quits)."""

    def __init__(self, actor: Actor, forced: bool = False, parent: QWidget | None = None):
        super().__init__("修改密码", parent, save_text="修改密码")
        self.actor = actor
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        self.banner = Banner("warning")
        if forced:
            self.banner.show_message("管理员为您设置了临时密码。请设置只有您自己知道的新密码后继续。")
        layout.addWidget(self.banner)
        section = FormSection(f"{actor.display_name}（{actor.username}）", pairs=1)
        self.old, self.new, self.again = _password_field(), _password_field(), _password_field()
        f = self.fields
        f.add(section, "old_password", "原密码", self.old, required=True)
        f.add(section, "new_password", "新密码", self.new, required=True,
              check=lambda: users.check_password_rules(self.new.text(), actor.username),
              hint=f"至少 {users.MIN_PASSWORD} 个字符")
        f.add(section, "again", "再输入一次", self.again, required=True,
              check=lambda: None if self.again.text() == self.new.text() else "两次输入的密码不一致")
        layout.addWidget(section)
        _GrowWithMessages(self, self.fields)
        if forced:
            self.cancel_button.setText("退出")
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def start_field(self) -> QWidget:
        return self.old        # forced, it follows the login before any window of the program

    def is_dirty(self) -> bool:
        return bool(self.new.text())

    def save(self) -> bool:
        if self.fields.check_all():
            return False
        try:
            users.change_own_password(self.actor, self.old.text(), self.new.text())
        except ValidationFailed as exc:
            self.fields.show_errors(exc.errors or {"old_password": exc.message})
            return False
        return True


def login_flow(location: str = "", parent: QWidget | None = None, server_settings=None) -> Actor | None:
    """The start-up step: create the administrator on the first start, otherwise log in; a
    temporary password is replaced before work starts. None when the user chose to quit."""
    if users.needs_first_admin():
        first = FirstAdminDialog(parent)
        return first.actor if first.exec() == QDialog.DialogCode.Accepted else None
    login = LoginDialog(location, parent, server_settings)
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    if login.must_change_password:
        if ChangePasswordDialog(login.actor, forced=True, parent=parent).exec() != QDialog.DialogCode.Accepted:
            return None
    return login.actor
