"""The login at start-up, the first start, changing a password and user management, driven as a
person would; outcomes checked in the database."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog

from app.db.models import AuditLog, User
from app.services import users
from app.ui.admin.login_dialog import ChangePasswordDialog, FirstAdminDialog, LoginDialog, last_user_key
from app.ui.admin.users_dialog import NewUserDialog, UsersDialog
from tests.ui.helpers import click, type_into


def test_first_start_creates_the_administrator(qtbot, sqlite_db):
    dialog = FirstAdminDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.display_name, "王主任")
    type_into(qtbot, dialog.password, "Xiehui#2026")
    type_into(qtbot, dialog.again, "Xiehui#2025")
    click(qtbot, dialog.save_button)
    assert dialog.fields.error_of("again") == "两次输入的密码不一致"
    assert User.select().count() == 0
    type_into(qtbot, dialog.again, "Xiehui#2026", leave=False)
    click(qtbot, dialog.save_button)
    assert dialog.actor.display_name == "王主任" and dialog.actor.role == "admin"
    assert not users.needs_first_admin()


def test_wrong_password_is_shown_under_the_field_and_the_name_is_remembered(qtbot, sqlite_db):
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    dialog = LoginDialog("/tmp/数据/cases.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.username, "zhuren")
    type_into(qtbot, dialog.password, "xiehui#2026", leave=False)
    click(qtbot, dialog.save_button)
    assert dialog.fields.error_of("password") == users.refusal(5, 15)
    assert dialog.password.text() == "" and dialog.isVisible()
    type_into(qtbot, dialog.password, "Xiehui#2026", leave=False)
    click(qtbot, dialog.save_button)
    assert dialog.actor.display_name == "王主任" and not dialog.isVisible()
    assert QSettings().value(last_user_key("/tmp/数据/cases.sqlite3")) == "zhuren"
    again = LoginDialog("/tmp/数据/cases.sqlite3")
    qtbot.addWidget(again)
    assert again.username.text() == "zhuren"
    elsewhere = LoginDialog("postgresql://clerk@192.168.1.10:5432/xiehui")   # another database: its own name
    qtbot.addWidget(elsewhere)
    assert elsewhere.username.text() == ""


def test_a_temporary_password_is_replaced(qtbot, sqlite_db):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    users.create_user(admin, "zhouwen", "周文", "clerk", "Start-2026")
    actor, must_change = users.login("zhouwen", "Start-2026")
    assert must_change
    dialog = ChangePasswordDialog(actor, forced=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "临时密码" in dialog.banner.text() and dialog.cancel_button.text() == "退出"
    type_into(qtbot, dialog.old, "Start-2026")
    type_into(qtbot, dialog.new, "Zhouwen-2026")
    type_into(qtbot, dialog.again, "Zhouwen-2026", leave=False)
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert users.login("zhouwen", "Zhouwen-2026")[1] is False


def test_user_management_creates_changes_and_guards_the_last_administrator(qtbot, sqlite_db, monkeypatch):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    dialog = UsersDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    new = NewUserDialog(admin, dialog)
    qtbot.addWidget(new)
    type_into(qtbot, new.username, "zhouwen")
    type_into(qtbot, new.display_name, "周文")
    assert "登记投诉" in new.role_help.text() and "管理用户" not in new.role_help.text()
    type_into(qtbot, new.password, "Start-2026", leave=False)
    new.show()
    click(qtbot, new.save_button)
    dialog.refresh()
    names = [dialog.model.row_at(i).display_name for i in range(dialog.model.rowCount())]
    assert names == ["王主任", "周文"]

    dialog.table.selectRow(1)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("调解员", True))
    click(qtbot, dialog.buttons["role"])
    assert User.get(User.username == "zhouwen").role == "mediator"
    assert dialog.model.row_at(1).role_label == "调解员"

    asked = _answer_boxes(monkeypatch, "停用")
    dialog.table.selectRow(0)                             # the only administrator
    click(qtbot, dialog.buttons["active"])
    assert "不能停用自己" in dialog.banner.text()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("只读", True))
    click(qtbot, dialog.buttons["role"])
    assert "至少要保留一名在用的管理员" in dialog.banner.text()
    assert User.get(User.username == "zhuren").role == "admin"

    dialog.table.selectRow(1)
    click(qtbot, dialog.buttons["active"])
    assert asked[-1] == ("确定停用 周文（zhouwen）的账户吗？停用后此人不能再登录。", "取消")   # Enter keeps the account
    assert User.get(User.username == "zhouwen").active is False and dialog.model.row_at(1).active is False
    assert AuditLog.select().where(AuditLog.action == "deactivate_user").count() == 1


def _answer_boxes(monkeypatch, answer: str) -> list[tuple[str, str]]:
    """Question boxes record (text, default button) and are answered with the button `answer`."""
    from PySide6.QtWidgets import QMessageBox
    asked = []

    def exec_box(box):
        asked.append((box.text(), box.defaultButton().text()))
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return asked


def _mediator_with_open_cases(admin, name: str, username: str, count: int) -> int:
    from app.services import registration, workflow
    from tests.factories import complaint

    user_id = users.create_user(admin, username, name, "mediator", "Tiaojie#2026")
    for i in range(count):
        workflow.accept(admin, registration.register(admin, complaint(person_kw={"name": f"客户{i}"})).case_id,
                        mediator_id=user_id)
    return user_id


def _select_user(dialog, name: str) -> None:
    dialog.table.selectRow(next(i for i in range(dialog.model.rowCount()) if dialog.model.row_at(i).display_name == name))


def test_stopping_a_mediator_with_open_cases_offers_to_hand_them_over(qtbot, sqlite_db, monkeypatch):
    from app.db.models import Case

    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    wang = _mediator_with_open_cases(admin, "王建国", "wang", 3)
    li = users.create_user(admin, "li", "李秀英", "mediator", "Tiaojie#2026")
    dialog = UsersDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    _select_user(dialog, "王建国")
    click(qtbot, dialog.buttons["active"])
    offer = dialog.handover_dialog
    assert offer.isVisible() and "王建国 还是 3 件未办结案件的调解员" in offer.findChild(type(dialog.banner)).text()
    assert offer.cancel_button.isDefault() and offer.hand_over_button.text() == "移交 3 件并停用"
    click(qtbot, offer.cancel_button)                     # 取消: nothing changed
    assert User.get_by_id(wang).active and not offer.isVisible()

    click(qtbot, dialog.buttons["active"])
    offer = dialog.handover_dialog
    offer.successor.setCurrentIndex(offer.successor.findText("李秀英"))
    click(qtbot, offer.hand_over_button)
    assert not User.get_by_id(wang).active
    assert {c.mediator_id for c in Case.select()} == {li}
    assert dialog.status.text() == "已停用 王建国，3 件案件已移交给 李秀英"
    assert AuditLog.select().where(AuditLog.action == "hand_over").count() == 3


def test_stopping_only_leaves_the_cases_with_their_mediator(qtbot, sqlite_db):
    from app.db.models import Case

    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    wang = _mediator_with_open_cases(admin, "王建国", "wang", 2)
    dialog = UsersDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    _select_user(dialog, "王建国")
    click(qtbot, dialog.buttons["active"])
    click(qtbot, dialog.handover_dialog.stop_only_button)
    assert not User.get_by_id(wang).active and {c.mediator_id for c in Case.select()} == {wang}


def test_only_administrators_may_manage_users(qtbot, sqlite_db, monkeypatch):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    clerk_id = users.create_user(admin, "zhouwen", "周文", "clerk", "Start-2026")
    clerk = users.actor_of(User.get_by_id(clerk_id))
    dialog = UsersDialog(clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    _answer_boxes(monkeypatch, "停用")
    dialog.table.selectRow(0)
    click(qtbot, dialog.buttons["active"])
    assert "无权管理用户" in dialog.banner.text()
    assert User.get(User.username == "zhuren").active is True


@pytest.fixture(autouse=True)
def _no_real_message_boxes(monkeypatch):
    """A stray modal box would block an offscreen test run."""
    from PySide6.QtWidgets import QMessageBox
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)


def test_the_refusal_under_the_password_reads_whole(qtbot, sqlite_db):
    """The refusal says how many tries lock the account and for how long: it wraps onto more lines
    and the form makes room, instead of ending in "…" after 锁定 1 (seen at 1366×768 on xcb)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QLabel

    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    dialog = LoginDialog("/tmp/数据/cases.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.username, "zhuren")
    type_into(qtbot, dialog.password, "xiehui#2026", leave=False)
    click(qtbot, dialog.save_button)
    error = dialog.fields.slots["password"].error
    one_line = error.fontMetrics().height() + 2
    section = error.parentWidget()
    qtbot.waitUntil(lambda: error.height() > one_line                  # the form has made room:
                    and section.contentsRect().contains(error.geometry()), timeout=5000)   # not cut off
    assert QLabel.text(error) == users.refusal(5, 15)                  # painted whole, no "…"
    assert error.height() >= error.heightForWidth(error.width())       # every line has its room
    field = QRect(dialog.password.mapTo(section, QPoint(0, 0)), dialog.password.size())
    assert not field.intersects(error.geometry())                     # under the field, not over it
