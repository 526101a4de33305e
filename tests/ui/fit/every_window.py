"""Opens every window and dialog of the program as a clerk and an administrator reach them and
writes down where each ended up. Run by test_screen_fit.py in a process of its own whose offscreen
screen is a small office one (a platform config file); not collected on its own (no test_ prefix).

FIT_GEOMETRY_OUT names the JSON file written: one entry per window shown, with its frame and the
free area of its screen, and for the main window the widths its parts need. FIT_SHOTS_OUT (on a
real X server) names a folder for a screenshot of the screen at each window."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialog, QWidget

from app.services import registration, users
from app.services.association import set_up_association
from app.services.context import SYSTEM
from tests.factories import complaint

pytestmark = pytest.mark.skipif("FIT_GEOMETRY_OUT" not in os.environ, reason="run by test_screen_fit.py")


def _rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


class Recorder:
    def __init__(self):
        self.seen: list[dict] = []

    def note(self, widget: QWidget, where: str) -> None:
        QApplication.processEvents()
        shots = os.environ.get("FIT_SHOTS_OUT")
        if shots:              # on a real X server: the whole screen, as the clerk sees it
            name = f"{len(self.seen):02d}-{where.strip('…')}-{type(widget).__name__}.png".replace("/", "／")
            assert QApplication.primaryScreen().grabWindow(0).save(str(Path(shots) / name)), name
        screen = widget.screen() or QApplication.primaryScreen()
        overflow = [name for name, bar in _scrolled_sideways(widget)]
        self.seen.append({"where": where, "class": type(widget).__name__, "title": widget.windowTitle(),
                          "frame": _rect(widget.frameGeometry()), "geometry": _rect(widget.geometry()),
                          "minimum": [widget.minimumSizeHint().width(), widget.minimumSizeHint().height()],
                          "free": _rect(screen.availableGeometry()), "sideways": overflow,
                          "list_sideways": _list_sideways(widget)})

    def new_windows(self, before: set[int], where: str) -> list[QWidget]:
        QApplication.processEvents()
        found = [w for w in QApplication.topLevelWidgets()
                 if w.isVisible() and id(w) not in before and not _transient(w)]
        for widget in found:
            self.note(widget, where)
            self.note_pages(widget, where)
        return found

    def note_pages(self, window: QWidget, where: str) -> None:
        """Each further page of the window's tabs (settings: 时限, 节假日, 分类 …) as the clerk opens it."""
        from PySide6.QtWidgets import QTabWidget
        for tabs in [t for t in window.findChildren(QTabWidget) if t.isVisible() and t.window() is window]:
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                self.note(window, f"{where}·{tabs.tabText(index)}")
            tabs.setCurrentIndex(0)


def _transient(widget: QWidget) -> bool:
    kind = widget.windowFlags() & Qt.WindowType.WindowType_Mask
    return kind in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)


def _scrolled_sideways(window: QWidget):
    """Scroll areas of the window (not tables and lists) whose content is wider than they are:
    a form one must scroll sideways to see."""
    from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTextEdit
    for area in window.findChildren(QAbstractScrollArea):
        if isinstance(area, (QAbstractItemView, QPlainTextEdit, QTextEdit)) or not area.isVisible():
            continue
        bar = area.horizontalScrollBar()
        if bar.maximum() > 0:
            yield f"{type(area).__name__}:{area.objectName() or type(area.parentWidget()).__name__}", bar


def _list_sideways(window: QWidget) -> dict[str, int]:
    """How far each table the main window shows scrolls sideways (none: every column in view)."""
    from app.ui.widgets import DataTable
    if type(window).__name__ != "MainWindow":
        return {}
    return {f"{type(t.parentWidget()).__name__}:{t.model().headerData(0, Qt.Orientation.Horizontal)}":
            t.horizontalScrollBar().maximum()
            for t in window.findChildren(DataTable) if t.isVisible() and t.horizontalScrollBar().maximum() > 0}


def _visible_ids() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def _close(widgets: list[QWidget]) -> None:
    for widget in widgets:
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()
    QApplication.processEvents()


@pytest.fixture
def recorder(monkeypatch, qtbot):
    found = Recorder()

    def exec_in_place(self) -> int:          # a modal exec() would stop the test: shown, noted, closed
        self.show()
        qtbot.waitExposed(self)
        found.note(self, "exec")
        self.reject()
        return 0
    monkeypatch.setattr(QDialog, "exec", exec_in_place)
    yield found
    Path(os.environ["FIT_GEOMETRY_OUT"]).write_text(json.dumps(found.seen, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")


def _open_case_from_list(qtbot, window):
    table = window.case_list.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=10000)
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is not window.case_list, timeout=10000)
    return window.tabs.currentWidget()


def test_open_every_window(qtbot, sqlite_db, message_boxes, recorder):
    from app.ui.admin import office
    from app.ui.admin.login_dialog import FirstAdminDialog, LoginDialog
    from app.ui.app import open_main_window
    from app.ui.association_dialog import AssociationDialog

    for dialog in (FirstAdminDialog(), LoginDialog(), AssociationDialog(SYSTEM)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        recorder.note(dialog, "start")
        dialog.reject()
    admin = users.create_first_admin("guanli", "王管理", "Guanli#2026")
    set_up_association(admin, "青山县消费者协会", "青消")
    registration.register(SYSTEM, complaint())
    window = open_main_window(admin, sqlite_db.location, smoke=True)
    qtbot.addWidget(window)
    office.install(window)
    window.daily_backup_timer.first.stop()
    window.daily_backup_timer.hourly.stop()
    window.ask_before_closing = False
    qtbot.waitExposed(window)
    recorder.note(window, "main")
    for action in (window.register_action, window.consult_action, window.consultations_action,
                   window.settings_action, window.import_ledger_action, window.export_ledger_action, window.rollup_action,
                   *[a for a in window.office_menu.actions() if not a.isSeparator()]):
        before = _visible_ids()
        action.trigger()
        _close(recorder.new_windows(before, action.text()))
    for action in (window.statistics_action, window.tasks_action):
        action.trigger()
        qtbot.wait(200)
        recorder.note(window, f"main+{action.text()}")
    workspace = _open_case_from_list(qtbot, window)
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        recorder.note(window, f"main+案件·{workspace.tabs.tabText(index)}")
    from PySide6.QtWidgets import QAbstractButton
    for bar in (workspace.actions_bar, workspace.documents_bar):
        for button in [b for b in bar.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]:
            before = _visible_ids()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            _close(recorder.new_windows(before, button.text()))
    for action in window.documents_menu.actions():
        before = _visible_ids()
        action.trigger()
        _close(recorder.new_windows(before, action.text()))
