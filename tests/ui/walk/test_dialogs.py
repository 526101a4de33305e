"""The windows a walk of the main window does not reach, walked on their own: the start-up (first
administrator, login with 服务器设置, forced password change, 本会信息), the hand-over when a
mediator with open cases is stopped, the registration's 登记前请核对, and the program's own
unexpected-error dialog."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import runtime
from app.services import handover, registration, users, workflow
from app.services.context import SYSTEM
from tests.factories import complaint
from tests.ui.walk import walker

pytestmark = [pytest.mark.usefixtures("sqlite_db"), pytest.mark.qt_no_exception_capture]


def _shown(qtbot, make):
    """An opener: the dialog made anew and shown, as the program shows it."""
    def open_dialog():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return open_dialog


def _walk(qtbot, doubles, name: str, make) -> None:
    walker.walk(qtbot, name, _shown(qtbot, make), check=doubles.check)
    walker.assert_complete(name)


def test_the_first_start_the_login_and_the_forced_password_change(qtbot, sqlite_db, doubles):
    from app.ui.admin import office
    from app.ui.admin.login_dialog import ChangePasswordDialog, FirstAdminDialog, LoginDialog
    _walk(qtbot, doubles, "FirstAdminDialog", FirstAdminDialog)
    admin = users.create_first_admin("guanli", "王管理", "Guanli#2026")
    _walk(qtbot, doubles, "LoginDialog", lambda: LoginDialog(sqlite_db.location, server_settings=office.open_server_settings))
    assert {"按钮:服务器设置…", "按钮:登录(S)", "按钮:退出"} <= walker.COVERAGE.screens["LoginDialog"].clicked
    _walk(qtbot, doubles, "ChangePasswordDialog（首次登录）", lambda: ChangePasswordDialog(admin, forced=True))


def test_the_association_details_asked_at_first_start(qtbot, doubles):
    from app.ui.association_dialog import AssociationDialog
    admin = users.create_first_admin("guanli", "王管理", "Guanli#2026")
    _walk(qtbot, doubles, "AssociationDialog", lambda: AssociationDialog(admin))


def test_handing_over_the_cases_of_a_mediator_who_is_stopped(qtbot, doubles):
    from app.ui.admin.handover_dialog import HandOverDialog
    admin = users.create_first_admin("guanli", "王管理", "Guanli#2026")
    li = users.create_user(admin, "li", "李调解", "mediator", "Tiaojie#2026")
    users.create_user(admin, "zhao", "赵调解", "mediator", "Tiaojie#2026")
    workflow.accept(SYSTEM, registration.register(SYSTEM, complaint()).case_id, mediator_id=li)
    row = next(r for r in users.list_users() if r.id == li)
    _walk(qtbot, doubles, "HandOverDialog",
          lambda: HandOverDialog(row, handover.open_case_count(li), handover.successors(li)))


def test_the_warnings_before_a_registration(qtbot, doubles):
    from app.services.warnings import complaint_warnings
    from app.ui.dialogs import WarningsDialog
    registration.register(SYSTEM, complaint())
    warnings = complaint_warnings(registration.validate_complaint(complaint()))
    assert warnings                      # the same complainant against the same business again
    _walk(qtbot, doubles, "WarningsDialog", lambda: WarningsDialog(warnings))


def test_the_unexpected_error_dialog(qtbot, tmp_path, doubles):
    from app.ui.error_dialog import build_error_box
    log = tmp_path / "logs" / "xiehui-tiaojie.log"
    error = runtime.UnexpectedError("ValueError: 走查", "Traceback …\nValueError: 走查", Path(log))
    _walk(qtbot, doubles, "错误提示", lambda: build_error_box(error))
    assert doubles.opened_urls, "打开日志文件夹 opened nothing"
