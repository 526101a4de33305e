"""Start the Qt client: application object, look, database, who is working, main window.

`choose_actor` is the one place where the login step goes (app/ui/admin/office.py: first start, login,
forced password change); `--smoke` runs as the built-in administrator (context.SYSTEM).
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME
from app.services.context import SYSTEM, Actor
from app.ui import theme
from app.ui.process_clock import process_age_ms
from app.ui.worker import finish_background


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing
    theme.prepare_qt()
    arguments = list(argv if argv is not None else sys.argv[:1]) or [APP_ID]     # argv[0] is the program
    app = QApplication(arguments + theme.style_arguments(arguments))
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    theme.install_translations(app)
    theme.apply_theme(app, style_chosen=True)
    from app.ui.ui_thread_gc import collect_on_ui_thread
    app.collector = collect_on_ui_thread(app)     # never in a pool thread (see ui_thread_gc)
    from app.ui.desktop_integration import integrate
    integrate(app)  # window icon, menu-entry name, friendly dialog for unexpected errors (installer issue)
    return app


def choose_actor(opened) -> Actor | None:
    """Who works in this session; None ends the program (e.g. a cancelled login)."""
    from app.ui.admin import office
    return office.login(opened)


def open_main_window(actor: Actor, location: str, smoke: bool = False):
    from app.ui.documents.actions import install as install_documents
    from app.ui.main_window import MainWindow

    window = MainWindow(actor, location)
    install_documents(window)        # 文书 buttons in case workspaces, 文书措辞 in the 文书 menu
    window.show()
    window.start(counts=not smoke)
    return window


class _FirstPaint(QObject):
    """Notices the first paint of the case list and reports the process's age then."""

    def __init__(self, app: QApplication, cases: int):
        super().__init__()
        self.app, self.cases = app, cases
        self.elapsed_ms: float | None = None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.elapsed_ms is None:
            QTimer.singleShot(0, self._painted)      # after this paint has finished
        return False

    def _painted(self) -> None:
        if self.elapsed_ms is None:
            self.elapsed_ms = process_age_ms()
            self.app.quit()


def smoke(app: QApplication, window) -> int:
    """--smoke: wait for the painted list, print the milliseconds since process start, exit 0."""
    table = window.case_list.table
    watcher = _FirstPaint(app, 0)
    table.viewport().installEventFilter(watcher)
    table.viewport().update()
    QTimer.singleShot(20_000, app.quit)          # never hang a packaging pipeline
    app.exec()
    finish_background()
    if watcher.elapsed_ms is None:
        print("错误：案件列表未能在20秒内绘制", file=sys.stderr)
        return 1
    from app.services.queries import count_cases
    cases = count_cases(window.case_list.model.filter)      # after the measurement
    print(f"启动至案件列表绘制完成：{watcher.elapsed_ms:.0f} ms（案件 {cases} 件）")
    return 0


def run(args) -> int:
    app = create_application()
    from app.ui.admin import office
    opened = office.open_database_for_gui(args)     # this PC's data, or the saved server
    if opened is None:
        return 1
    actor = SYSTEM if args.smoke else choose_actor(opened)
    if actor is None:
        return 0
    if args.smoke:
        return smoke(app, open_main_window(actor, opened.location, smoke=True))
    code = work(app, actor, opened)
    office.after_exit()          # today's automatic backup, refreshed on exit
    return code


def work(app: QApplication, actor: Actor, opened) -> int:
    """One main window per login; 注销/切换用户 close it and the login comes again, until the
    program is quit (or the login cancelled)."""
    from app.ui.admin import office
    from app.ui.association_dialog import offer_setup
    code = 0
    while actor is not None:
        offer_setup(actor)       # 本会信息 while documents would print the placeholder name
        window = open_main_window(actor, opened.location)
        office.install(window)   # 管理 menu (users, audit log, backups, server), daily backup
        code = app.exec()
        finish_background()
        again = window.next_step == "login"
        window.deleteLater()
        actor = choose_actor(opened) if again else None
    return code
