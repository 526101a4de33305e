"""The main window walked: every menu entry and toolbar action, the case list's buttons, and what
each opens (registration, consultations, settings, the ledger dialogs, the 管理 dialogs, the
statistics and task screens, an open case), with the system's dialogs answered by doubles."""
from __future__ import annotations

import pytest

from app.services import registration, users
from app.services.context import SYSTEM
from tests.factories import complaint
from tests.ui.walk import cases, walker

pytestmark = [pytest.mark.usefixtures("sqlite_db"), pytest.mark.qt_no_exception_capture]


def open_window(qtbot, location: str, actor=SYSTEM):
    from app.ui.admin import office
    from app.ui.app import open_main_window

    window = open_main_window(actor, location, smoke=True)
    qtbot.addWidget(window)
    office.install(window)
    window.daily_backup_timer.first.stop()        # the automatic backup is not what is walked
    window.daily_backup_timer.hourly.stop()
    window.ask_before_closing = False
    return window


def _lock_out(username: str) -> None:
    """Wrong passwords until the account is locked (the walk's window runs as that user all the same)."""
    from app.services.settings import get_settings
    for _ in range(int(get_settings()["security.max_failed_logins"])):
        with pytest.raises(users.LoginFailed):
            users.login(username, "错误的密码")


def parts(window) -> list:
    """The main window's open cases and screens are walked as screens of their own."""
    return [window.tabs.widget(i) for i in range(window.tabs.count()) if window.tabs.widget(i) is not window.case_list]


@pytest.mark.parametrize("answer", ["否", "是"], ids=["no", "yes"])
def test_every_menu_entry_toolbar_action_and_button_of_the_main_window(qtbot, sqlite_db, doubles, answer):
    doubles.yes = answer == "是"         # every question answered so: the action dropped, or done
    admin = users.create_first_admin("guanli", "王管理", "Guanli#2026")     # 修改密码 is a real user's
    users.create_user(admin, "li", "李调解", "mediator", "Tiaojie#2026")
    users.create_user(admin, "an", "安管理", "admin", "Guanli#2026")        # the first row of 用户管理
    if not doubles.yes:
        _lock_out("an")            # 解除锁定 is offered for a locked user (重设密码, answered 是, unlocks)
    registration.register(SYSTEM, complaint())
    cases.closed_unsatisfied()                   # a task in 待处理任务
    context = "（答是）" if doubles.yes else ""
    name = f"MainWindow{context}"
    walker.walk(qtbot, name, lambda: open_window(qtbot, sqlite_db.location, admin), check=doubles.check,
                parts=parts, context=context,
                deep=lambda opened: type(opened).__name__ != "CaseWorkspace")   # test_case_workspace.py
    walker.assert_complete(name)
