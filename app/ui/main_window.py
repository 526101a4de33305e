"""The main window: work queues on the left, the case list and open cases as tabs, menus, a
toolbar and a status bar with the database location and the clock warning."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QToolBar, QWidget

from app import APP_NAME, __version__
from app.services.context import Actor
from app.services.lookups import calendar_warning
from app.services.settings import get_settings
from app.ui import theme, worker
from app.ui.cases.list_view import CaseListView
from app.ui.extensions import NAVIGATION_ENTRIES, NavigationEntry, add_navigation_entry
from app.ui.cases.navigation import QueueNavigation
from app.ui.widgets import discard_changes, without_mnemonic
from app.ui.screen_fit import fit_on_screen

COUNTS_REFRESH_MS = 120_000
SETTINGS_GEOMETRY = "mainWindow/geometry"
LOCATION_EMS = 26          # the widest the database location gets in the status bar, in ideographs


def _statistics_screen(window) -> QWidget:
    # imported when first opened, not at start-up (the module and its chart cost ~20 ms)
    from app.ui.statistics.view import StatisticsScreen
    return StatisticsScreen(window.actor)


def _tasks_screen(window) -> QWidget:
    from app.ui.cases.tasks_view import TasksScreen
    screen = TasksScreen(window.actor)
    screen.open_case.connect(window.open_case)
    screen.changed.connect(window.refresh)
    return screen


TASKS = NavigationEntry("tasks", "待处理任务", _tasks_screen)
STATISTICS = NavigationEntry("statistics", "统计报表", _statistics_screen)
SETTINGS_SPLITTER = "mainWindow/splitter"


class MainWindow(QMainWindow):
    counts_refreshed = Signal(dict)

    def __init__(self, actor: Actor, location: str, parent=None):
        super().__init__(parent)
        self.actor, self.location = actor, location
        self.workspaces: dict[int, QWidget] = {}
        self.screens: dict[str, QWidget] = {}
        self._closing_when_saved: set[QWidget] = set()     # tabs closed while their save ran (close_tab)
        self._closing_when_done = False                     # the window closed while a save ran
        self.ask_before_closing = True     # the unsaved-changes prompt (tests close without it)
        self.next_step: str | None = None  # "login": closed by 注销/切换用户, the login follows (app.py)
        # the association's name only: Qt adds the application's display name (" — 消协投诉调解台")
        self.setWindowTitle(get_settings()["org.name"])
        add_navigation_entry(TASKS)        # 待处理任务 and 统计报表 below the work queues
        add_navigation_entry(STATISTICS)
        self.navigation = QueueNavigation()
        self.case_list = CaseListView(actor)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.addTab(self.case_list, "案件列表")
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(lambda _i: self.place_clock_warning())
        self.tabs.currentChanged.connect(lambda _i: self._navigation_follows_tab())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1100])
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.navigation.queue_selected.connect(self._queue_selected)
        self.navigation.screen_selected.connect(self.open_screen)
        self.case_list.open_case.connect(self.open_case)
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(COUNTS_REFRESH_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        fit_on_screen(self, 1360, 820)
        self._restore_layout()

    # ---------------------------------------------------------------- building
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        # the menu underlines the access letter of "投诉登记(&N)…"; the toolbar's button and the
        # tooltips would show "(N)" (Qt strips only the "&"): they get the words alone
        action = QAction(text, self)
        plain = without_mnemonic(text)
        action.setIconText(plain)
        action.setToolTip(plain)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip or plain)
        return action

    def _permitted(self, permission: str, action: QAction) -> QAction:
        if not self.actor.may(permission):
            action.setEnabled(False)
            action.setStatusTip("当前用户的角色不能使用此功能")
        return action

    def _build_actions(self) -> None:
        self.register_action = self._action("投诉登记(&N)…", self.register_complaint, QKeySequence.StandardKey.New,
                                            "登记一件新的投诉（Ctrl+N）")
        self.consult_action = self._action("咨询登记(&Q)…", self.log_consultation, "Ctrl+Shift+N",
                                           "登记一次电话或来访咨询")
        self.consultations_action = self._action("咨询登记簿(&B)…", self.open_consultations, None,
                                                 "查看、修改或删除已登记的咨询")
        self.find_action = self._action("查找(&F)", self.focus_search, QKeySequence.StandardKey.Find,
                                        "在案件列表中搜索（Ctrl+F）")
        self.refresh_action = self._action("刷新(&R)", self.refresh, QKeySequence.StandardKey.Refresh,
                                           "重新读取案件列表和各队列数量（F5）")
        self.open_action = self._action("打开案件(&O)", self.open_selected_case, None, "打开所选案件（回车）")
        self.tasks_action = self._action("待处理任务(&T)", lambda: self.open_screen("tasks"), None,
                                         "需要负责人处理的事项，如消费者不满意的回访")
        self.settings_action = self._action("设置(&O)…", self.open_settings, None, "单位信息、时限、节假日和分类")
        self.import_ledger_action = self._permitted("import", self._action(
            "导入台账(&I)…", self.import_ledger, None, "从 Excel 台账导入案件"))
        self.export_ledger_action = self._permitted("export", self._action(
            "导出台账(&E)…", self.export_ledger, None, "按登记日期把案件导出为 Excel 台账"))
        self.statistics_action = self._action("统计报表(&S)", lambda: self.open_screen("statistics"), None,
                                              "月报、季报、年报，导出统计报表")
        self.rollup_action = self._permitted("export", self._action(
            "汇总各县报表(&H)…", self.open_rollup, None, "把各县（市、区）用本程序生成的同一期间统计报表汇总为一份"))
        self.switch_user_action = self._action("切换用户(&U)…", self.switch_user, None,
                                               "回到登录窗口，由另一位工作人员登录（不退出程序）")
        self.logout_action = self._action("注销(&L)", lambda: self.log_out(), None, "退出当前用户，回到登录窗口（不退出程序）")
        self.quit_action = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action("关于(&A)", self.show_about)
        # Ctrl+W or Ctrl+F4: the open case or screen in front, as its tab's × does
        self.close_tab_action = self._action("关闭当前页(&C)", lambda: self.close_tab(self.tabs.currentIndex()),
                                             None, "关闭当前打开的案件或页面（Ctrl+W）")
        self.close_tab_action.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence("Ctrl+F4")])
        self.close_tab_action.setEnabled(False)
        self.tabs.currentChanged.connect(
            lambda _i: self.close_tab_action.setEnabled(self.tabs.currentWidget() is not self.case_list))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu("文件(&F)")
        for action in (self.register_action, self.consult_action, None, self.import_ledger_action,
                       self.export_ledger_action, self.statistics_action, self.rollup_action, None, self.settings_action, None,
                       self.switch_user_action, self.logout_action, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        case_menu = bar.addMenu("案件(&C)")
        for action in (self.open_action, self.close_tab_action, None, self.find_action, self.refresh_action,
                       self.tasks_action, self.consultations_action):
            case_menu.addSeparator() if action is None else case_menu.addAction(action)
        # 文书: filled by the documents part of the program through add_document_action().
        self.documents_menu = bar.addMenu("文书(&D)")
        self.documents_menu.menuAction().setVisible(False)
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self.about_action)
        toolbar = QToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.register_action, self.consult_action, self.refresh_action, self.settings_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def add_document_action(self, action: QAction) -> None:
        """Where document printing (文书) adds its entries to the main window."""
        self.documents_menu.addAction(action)
        self.documents_menu.menuAction().setVisible(True)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.clock_warning = QLabel()
        self.clock_warning.setStyleSheet("QLabel { color: #7a4b00; background: #fff6e0; border-radius: 3px; }")
        self.clock_warning.setWordWrap(False)
        self.location_label = QLabel()
        theme.mark_muted(self.location_label)
        self._show_location()
        self.user_label = QLabel(f"当前用户：{self.actor.display_name}")
        status.addPermanentWidget(self.clock_warning)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.location_label)
        self.update_clock_warning()

    def _show_location(self) -> None:
        """A long data folder (--data-dir, a deep Windows profile) elided in its middle, the whole
        path in the tooltip: the bar keeps room for the notice and the messages at 1366 px."""
        text = f"数据库：{self.location}"
        metrics = self.location_label.fontMetrics()
        room = metrics.horizontalAdvance("数" * LOCATION_EMS)
        self.location_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room))
        self.location_label.setToolTip(text)

    def update_clock_warning(self) -> None:
        notice, warning = calendar_warning()
        self.clock_warning.setText(f"⚠ {notice}" if notice else "")
        self.clock_warning.setToolTip(warning)      # the whole sentence, which 1366 px cannot hold
        self.place_clock_warning()

    def place_clock_warning(self) -> None:
        """The missing-holiday warning once: not in the status bar while the open case's header
        says the same."""
        header = getattr(self.tabs.currentWidget(), "header", None)
        banner = getattr(header, "clock_warning", None)
        on_screen = banner.text() if banner is not None else ""
        warning = self.clock_warning.toolTip()
        self.clock_warning.setVisible(bool(warning) and warning not in on_screen)

    # ---------------------------------------------------------------- start and layout
    def start(self, counts: bool = True) -> None:
        """After show(): the first query; the queue counts once the list is painted. Asked at
        once (a zero timer) they were asked ~9 ms before the first paint, and their queries' Python
        in the pool thread took the interpreter from the paint on a 2-core PC."""
        self.case_list.load()
        if counts:
            self.case_list.after_first_paint(self._start_counts)

    def _start_counts(self) -> None:
        self.refresh_counts()
        self._counts_timer.start()

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = settings.value(SETTINGS_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        self.case_list.save_layout()

    def closeEvent(self, event) -> None:
        from app.ui import runner
        if runner.running_within(self):
            # a save still running is not given up: the window closes once it is over (and then
            # asks as below if anything is left unsaved, e.g. a refused save)
            event.ignore()
            self.statusBar().showMessage("正在处理，完成后关闭窗口…", 8000)
            if not self._closing_when_done:
                self._closing_when_done = True
                runner.when_done_within(self, self._close_when_done)
            return
        dirty = [w for w in self.workspaces.values() if w.is_dirty()]
        if dirty and self.ask_before_closing and not discard_changes(self):
            event.ignore()
            return
        self.save_layout()
        self._counts_timer.stop()
        super().closeEvent(event)

    def _close_when_done(self, saved: bool) -> None:
        self._closing_when_done = False
        if saved:
            self.close()
        else:
            self.statusBar().showMessage("未能保存，窗口没有关闭：请看页面上的提示。", 8000)

    # ---------------------------------------------------------------- queues and list
    def refresh_counts(self) -> None:
        # the counts come after the first paint: their module (and services.tasks' follow-up
        # lists) is not imported before it
        from app.services.tasks import work_counts
        worker.run_in_background(work_counts, on_done=self._counts_arrived)

    def _counts_arrived(self, counts: dict) -> None:
        self.navigation.set_counts(counts)
        self.counts_refreshed.emit(counts)

    def _queue_selected(self, queue: str) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.set_queue(queue)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.focus_search()

    def _navigation_follows_tab(self) -> None:
        """The side bar names what is in front: the list's own queue when the list comes back
        (Ctrl+F or its tab from 统计报表 left 统计报表 highlighted over a list still filtered to
        待回访, and a search there missed cases: walk-through), a screen's entry for a screen."""
        front = self.tabs.currentWidget()
        key = self.case_list.queue if front is self.case_list else next(
            (k for k, screen in self.screens.items() if screen is front), None)
        row = self.navigation.row_of(key) if key else -1
        if row >= 0 and row != self.navigation.currentRow():
            self.navigation.blockSignals(True)        # showing, not choosing: nothing reloads
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)

    def refresh(self) -> None:
        self.case_list.refresh()
        self.refresh_counts()
        if "tasks" in self.screens:
            self.screens["tasks"].refresh()
        for workspace in self.workspaces.values():
            if not workspace.is_dirty():
                workspace.reload()
        self.update_clock_warning()

    def case_changed(self, case_id: int) -> None:
        """A workspace or dialog saved something: the list, the counts and the tasks follow."""
        self.case_list.refresh(keep_case=case_id)
        self.refresh_counts()
        if "tasks" in self.screens:
            self.screens["tasks"].refresh()
        workspace = self.workspaces.get(case_id)
        if workspace is not None:
            self.tabs.setTabText(self.tabs.indexOf(workspace), workspace.tab_title())
        self.place_clock_warning()

    # ---------------------------------------------------------------- cases
    def open_selected_case(self) -> None:
        case_id = self.case_list.selected_case()
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int):
        from app.ui.cases.workspace.case_workspace import CaseWorkspace

        workspace = self.workspaces.get(case_id)
        if workspace is None:
            workspace = CaseWorkspace(self.actor, case_id, self)
            workspace.changed.connect(self.case_changed)
            workspace.main_window = self
            self.workspaces[case_id] = workspace
            self.tabs.addTab(workspace, workspace.tab_title())
        self._closing_when_saved.discard(workspace)      # opened again while its save ran: it stays
        self.tabs.setCurrentWidget(workspace)
        return workspace

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.case_list:
            return
        from app.ui import runner      # not before the list is painted (start-up)
        if runner.running_within(widget):
            # what was typed is being saved, not discarded: the tab closes once it is saved, and
            # stays open with the reason beside the fields if the save is refused
            self.statusBar().showMessage("正在处理，完成后关闭此页…", 8000)
            self._closing_when_saved.add(widget)
            runner.when_done_within(widget, lambda saved: self._close_after_saving(widget, saved))
            return
        if hasattr(widget, "is_dirty") and widget.is_dirty() and not discard_changes(self):
            return
        self._remove_tab(widget)

    def _close_after_saving(self, widget: QWidget, saved: bool) -> None:
        if widget not in self._closing_when_saved or self.tabs.indexOf(widget) < 0:
            return                                       # opened again, or closed meanwhile
        self._closing_when_saved.discard(widget)
        if not saved or (hasattr(widget, "is_dirty") and widget.is_dirty()):
            self.tabs.setCurrentWidget(widget)           # refused, or more unsaved: the clerk decides
            self.statusBar().showMessage("已保存，但此页还有未保存的修改，没有关闭。" if saved
                                         else "未能保存，此页没有关闭：请看页面上的提示。", 8000)
            return
        self._remove_tab(widget)

    def _remove_tab(self, widget: QWidget) -> None:
        self._closing_when_saved.discard(widget)
        self.tabs.removeTab(self.tabs.indexOf(widget))
        for registry in (self.workspaces, self.screens):
            for key in [k for k, w in registry.items() if w is widget]:
                del registry[key]
        widget.deleteLater()

    def open_screen(self, key: str) -> None:
        """A screen from the navigation's extension entries (e.g. statistics)."""
        screen = self.screens.get(key)
        if screen is None:
            entry = next(e for e in NAVIGATION_ENTRIES if e.key == key)
            screen = entry.factory(self)
            self.screens[key] = screen
            self.tabs.addTab(screen, entry.label)
        self.tabs.setCurrentWidget(screen)

    # ---------------------------------------------------------------- dialogs
    def register_complaint(self):
        from app.ui.cases.registration_form import RegistrationDialog

        dialog = RegistrationDialog(self.actor, self)
        dialog.registered.connect(self._registered)
        dialog.open()
        return dialog

    def _registered(self, case_id: int, number: str) -> None:
        self.case_changed(case_id)
        self.statusBar().showMessage(f"已登记 {number}", 10000)
        # the new case selected in the list, with the keyboard there: Enter opens it (focus was
        # nowhere once the form closed: walk-through); after the form has gone, which hands focus back
        QTimer.singleShot(0, lambda: self._focus_case_in_list(case_id))
        dialog = self.sender()
        if dialog is not None and dialog.problems:
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.warning(self, "部分附件未保存", "投诉已登记，但以下附件未能保存：\n" + "\n".join(dialog.problems))

    def _focus_case_in_list(self, case_id: int) -> None:
        if self.tabs.currentWidget() is self.case_list:
            self.case_list.select_case(case_id)
            self.case_list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def log_consultation(self):
        from app.ui.cases.consultation_dialog import ConsultationDialog

        dialog = ConsultationDialog(self.actor, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage("咨询已登记", 8000))
        dialog.open()
        return dialog

    def open_consultations(self):
        from app.ui.cases.consultation_dialog import ConsultationsDialog

        dialog = ConsultationsDialog(self.actor, self)
        dialog.open()
        return dialog

    def open_settings(self):
        from app.ui.admin.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.actor, self)
        dialog.finished.connect(lambda _r: self._settings_closed())
        dialog.calendar_changed.connect(self.refresh)      # open cases show the new deadlines
        dialog.open()
        return dialog

    def _settings_closed(self) -> None:
        self.setWindowTitle(get_settings()["org.name"])
        self.case_list.filters.reload_choices()
        self.update_clock_warning()
        self.case_list.refresh()

    def import_ledger(self):
        from app.ui.ledger.dialogs import LedgerImportDialog
        dialog = LedgerImportDialog(self.actor, self)
        dialog.imported.connect(lambda _n: self.refresh())
        dialog.open()
        return dialog

    def open_rollup(self):
        from app.services.settings import get_settings
        from app.ui.statistics.rollup_dialog import RollupDialog
        dialog = RollupDialog(get_settings()["org.name"], self)
        dialog.open()
        return dialog

    def export_ledger(self):
        from app.ui.ledger.dialogs import LedgerExportDialog
        dialog = LedgerExportDialog(self.actor, self)
        dialog.open()
        return dialog

    def log_out(self, switching: bool = False) -> None:
        """Close this window (asking about unsaved work) and go back to the login; the audit log
        records the log-out only once the window has really closed."""
        self.next_step = "login"
        if not self.close():
            self.next_step = None
            return
        from app.services import users      # not before the first paint (start-up)
        users.log_out(self.actor, switching=switching)

    def switch_user(self) -> None:
        self.log_out(switching=True)

    def show_about(self) -> None:
        # QMessageBox, first touched, has PySide6 build its enums: not before the first paint
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.about(self, f"关于{APP_NAME}", f"{APP_NAME} {__version__}\n消费者协会投诉调解工作平台")
