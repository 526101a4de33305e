"""文件 menu: 导入台账 / 导出台账 / 统计报表 where people look for them, and 注销 / 切换用户 back to the
login without quitting; 统计报表 opens on the last complete month."""
from __future__ import annotations

from argparse import Namespace
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.db.models import User
from app.domain import periods
from app.services import users
from app.services.association import set_up_association
from app.ui import app as client
from app.ui.admin.login_dialog import LoginDialog
from app.ui.ledger.dialogs import LedgerExportDialog, LedgerImportDialog
from app.ui.main_window import MainWindow
from app.ui.widgets import without_mnemonic
from app.ui.statistics.view import StatisticsScreen


def _file_menu(window) -> list[str]:
    assert window.file_menu.title() == "文件(&F)"
    return [without_mnemonic(a.text()) for a in window.file_menu.actions() if not a.isSeparator()]


def test_the_file_menu_holds_the_ledger_the_report_and_the_way_back_to_the_login(window, qtbot):
    assert _file_menu(window) == ["投诉登记…", "咨询登记…", "导入台账…", "导出台账…", "统计报表", "汇总各县报表…",
                                  "设置…", "切换用户…", "注销", "退出"]
    window.statistics_action.trigger()
    screen = window.tabs.currentWidget()
    assert isinstance(screen, StatisticsScreen)
    qtbot.waitUntil(lambda: screen.report is not None, timeout=10000)
    assert screen.report.period.label == "2026年10月"            # today is 2026-11-30: October is complete
    window.import_ledger_action.trigger()
    imports = [w for w in QApplication.topLevelWidgets() if isinstance(w, LedgerImportDialog) and w.isVisible()]
    window.export_ledger_action.trigger()
    exports = [w for w in QApplication.topLevelWidgets() if isinstance(w, LedgerExportDialog) and w.isVisible()]
    assert len(imports) == len(exports) == 1
    for dialog in imports + exports:
        dialog.reject()


def test_a_role_without_the_permission_sees_the_ledger_entries_greyed(qtbot, sqlite_db, message_boxes):
    from app.services.context import Actor
    win = MainWindow(Actor(None, "guest", "只读用户", "readonly"), sqlite_db.location)
    qtbot.addWidget(win)
    assert not win.import_ledger_action.isEnabled() and not win.export_ledger_action.isEnabled()
    assert win.statistics_action.isEnabled() and win.logout_action.isEnabled()
    win.ask_before_closing = False


def test_the_last_complete_month_and_quarter():
    assert periods.last_complete_month(date(2026, 12, 1)).label == "2026年11月"
    assert periods.last_complete_month(date(2027, 1, 15)).label == "2026年12月"
    assert periods.last_complete_quarter(date(2026, 11, 30)).label == "2026年第三季度"
    assert periods.last_complete_quarter(date(2027, 2, 1)).label == "2026年第四季度"


def test_log_out_goes_back_to_the_login_and_another_user_works_on(qtbot, tmp_path, frozen_today, monkeypatch):
    from app.db.bootstrap import open_database
    monkeypatch.setattr("app.ui.admin.office.after_exit", lambda: None)
    data = tmp_path / "data"
    open_database(data).db.close()
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    set_up_association(admin, "青山县消费者协会", "消调")
    users.create_user(admin, "zhouwen", "周文", "clerk", "Start-2026")
    User.update(must_change_password=False).where(User.username == "zhouwen").execute()
    logins = iter([("zhuren", "Xiehui#2026"), ("zhouwen", "Start-2026")])
    seen: list[str] = []
    running = [True]

    def poll():
        if not running:
            return
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            if isinstance(widget, LoginDialog):
                name, password = next(logins)
                widget.username.setText(name)
                widget.password.setText(password)
                qtbot.mouseClick(widget.save_button, qtbot_left())
            elif isinstance(widget, MainWindow) and widget.actor.username not in seen:
                seen.append(widget.actor.username)
                (widget.logout_action if len(seen) == 1 else widget.quit_action).trigger()
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)
    try:
        assert client.run(Namespace(data_dir=str(data), database=None, smoke=False)) == 0
    finally:
        running.clear()
    assert seen == ["zhuren", "zhouwen"]                # one run of the program, two users
    assert [summary for _user, summary in _logouts()] == ["王主任 注销（回到登录窗口）"]   # 退出 is no log-out


def qtbot_left():
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton


def _logouts() -> list[tuple[int | None, str]]:
    from app.db.models import AuditLog
    rows = AuditLog.select().where(AuditLog.action == "logout").order_by(AuditLog.id)
    return [(row.user_id, row.summary) for row in rows]


def test_log_out_and_switch_user_are_in_the_audit_log(qtbot, sqlite_db, message_boxes):
    """注销 and 切换用户 leave a row beside the login's, by the user who left (from the menu)."""
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    clerk = users.create_user(admin, "zhouwen", "周文", "clerk", "Start-2026")
    for actor, action in ((admin, "switch_user_action"), (users.actor_of(User.get_by_id(clerk)), "logout_action")):
        win = MainWindow(actor, sqlite_db.location)
        qtbot.addWidget(win)
        win.show()
        getattr(win, action).trigger()
        assert win.next_step == "login" and not win.isVisible()
    assert _logouts() == [(admin.user_id, "王主任 切换用户（回到登录窗口）"),
                          (clerk, "周文 注销（回到登录窗口）")]
    from app.domain.audit_actions import action_label
    assert action_label("logout") == "注销登录"
