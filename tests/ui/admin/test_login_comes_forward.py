"""The login at start-up takes the keyboard: shown, it raises and activates itself with the
cursor in the password when the user name is remembered, else in the user name — the clerk types
at once (it appeared inactive and the typing went nowhere, walk-through)."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.services import users
from app.ui.admin.login_dialog import ChangePasswordDialog, FirstAdminDialog, LoginDialog, last_user_key
from tests.ui.helpers import key_text

LOCATION = "/data/xiehui.sqlite3"


def _asked_forward(monkeypatch, kind) -> list[str]:
    asked: list[str] = []
    for name in ("raise_", "activateWindow"):
        original = getattr(kind, name)
        monkeypatch.setattr(kind, name, lambda self, _o=original, _n=name: (asked.append(_n), _o(self))[1])
    return asked


def _show_over_another_window(qtbot, dialog):
    """Another window has the keyboard when the dialog comes up, as at a start from a shortcut."""
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitActive(other)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitActive(dialog)
    return dialog


def test_a_remembered_name_puts_the_cursor_in_the_password_and_typing_goes_there(qtbot, sqlite_db, monkeypatch):
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    QSettings().setValue(last_user_key(LOCATION), "zhuren")
    asked = _asked_forward(monkeypatch, LoginDialog)
    dialog = _show_over_another_window(qtbot, LoginDialog(LOCATION))
    assert {"raise_", "activateWindow"} <= set(asked)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password)
    assert QApplication.activeWindow() is dialog and dialog.username.text() == "zhuren"
    key_text(QApplication.focusWidget(), "Xiehui#2026")          # typed where the keyboard is
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.actor is not None)
    assert dialog.actor.username == "zhuren"


def test_no_remembered_name_puts_the_cursor_in_the_user_name(qtbot, sqlite_db):
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    dialog = _show_over_another_window(qtbot, LoginDialog("elsewhere.sqlite3"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.username)
    assert dialog.username.text() == "" and dialog.username.hasFocus()


def test_the_first_start_and_the_forced_password_change_come_forward_too(qtbot, sqlite_db, monkeypatch):
    asked = _asked_forward(monkeypatch, FirstAdminDialog)
    first = _show_over_another_window(qtbot, FirstAdminDialog())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.display_name)
    assert "activateWindow" in asked
    first.saved = True                    # closed without asking about what was typed
    first.done(0)
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    change = _show_over_another_window(qtbot, ChangePasswordDialog(admin, forced=True))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is change.old)
