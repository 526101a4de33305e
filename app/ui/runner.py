"""One runner for every service call a screen makes (Anki's CollectionOp): the call runs off the
UI thread, and its outcome is shown the same way on every screen —
- a refusal: each field's message next to its field, the rest in the screen's banner;
- a conflict (someone else saved first): the message names who and when, the screen loads the
  latest (what the clerk typed stays) and the clerk saves again;
- anything unexpected: one Chinese line in a message box, never a traceback;
- success: the screen's own follow-up, and one line in the main window's status bar;
- the screen closed while the call ran (the main window closed): a success is saved, nothing is
  left to show, and `after_closed` tells what outlives the screen (the case list's row); a
  refusal or failure is said in a message box of its own. A case's tab closed by the clerk waits
  for its calls instead (`running_within`, `when_done_within`: MainWindow.close_tab).

    run_service(self, lambda: workflow.accept(actor, case_id, day), banner=self.banner,
                fields=self.fields, on_done=self.accepted, busy=[self.save_button])
"""
from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QWidget

from app.domain.errors import Conflict, ValidationFailed
from app.ui import worker
from app.ui.forms import FieldRegistry
from app.ui.widgets import Banner, show_failure

RELOADED = "已载入最新内容，请核对后再保存。"
_in_flight: dict[worker.Task, QWidget] = {}      # each running call → the screen that started it
_waiting: list[list] = []      # when_done_within: [widget, callback, every call succeeded]


def run_service(parent: QWidget, call: Callable[[], object], *, banner: Banner | None = None,
                fields: FieldRegistry | None = None, on_done: Callable[[object], None] | None = None,
                on_conflict: Callable[[], None] | None = None, on_refused: Callable[[ValidationFailed], None] | None = None,
                busy: list[QWidget] | tuple = (), announce: Callable[[object], str] | None = None,
                reloads: bool = True, after_closed: Callable[[object], None] | None = None) -> worker.Task | None:
    """Run `call` in the background; `busy` widgets are disabled until it is over. On a conflict
    `on_conflict` runs; `reloads` says it loads the latest (the banner then says so). Nothing
    runs (None) while a date of `fields` holds a text that is not a date: a wrong date is kept
    for the clerk to correct, and the save must not take the last good one in its place."""
    if fields is not None and not fields.commit_dates():
        return None
    if banner is not None:
        banner.show_message("")
    for widget in busy:
        widget.setEnabled(False)

    def finish(task: worker.Task) -> None:
        _in_flight.pop(task, None)
        for widget in busy:
            if shiboken6.isValid(widget):
                widget.setEnabled(True)

    def done(result) -> None:
        finish(task)
        try:
            if not shiboken6.isValid(parent):
                if after_closed is not None:
                    after_closed(result)
                return
            if on_done is not None:
                on_done(result)
            if announce is not None:
                show_status(parent, announce(result))
        finally:
            _wake_later()

    def failed(exc: Exception) -> None:
        for entry in _waiting:
            if shiboken6.isValid(entry[0]) and shiboken6.isValid(parent) and _within(entry[0], parent):
                entry[2] = False
        finish(task)
        try:
            if not shiboken6.isValid(parent):
                show_failure(None, exc, "操作未完成（所在的窗口已关闭）")
                return
            if isinstance(exc, ValidationFailed):
                show_refusal(exc, banner, fields, parent, on_conflict, reloads)
                if on_refused is not None:
                    on_refused(exc)
            else:
                show_failure(parent, exc)
        finally:
            _wake_later()

    task = worker.run_in_background(call, on_done=done, on_error=failed)
    _in_flight[task] = parent
    return task


def idle() -> bool:
    """No service call of a screen is still running (tests wait for this after a click)."""
    return not _in_flight


def _within(widget: QWidget, started: QWidget) -> bool:
    """`started` is `widget` or inside it, through dialogs too (isAncestorOf stops at a window)."""
    while started is not None:
        if started is widget:
            return True
        started = started.parentWidget()
    return False


def running_within(widget: QWidget) -> bool:
    """A service call started by `widget` or a screen inside it (a case's tab) is still running."""
    return any(shiboken6.isValid(started) and _within(widget, started) for started in _in_flight.values())


def when_done_within(widget: QWidget, callback: Callable[[bool], None]) -> None:
    """`callback(succeeded)` once no call started within `widget` runs any more, after their
    outcome is shown; `succeeded`: none of them was refused or failed."""
    _waiting.append([widget, callback, True])


def _wake_later() -> None:
    """Once the call's outcome is shown — after on_done, and after any box it opened is closed:
    woken inside that box's own event loop, a tab closed under it took the box along (a crash)."""
    if _waiting:
        QTimer.singleShot(0, _wake_waiting)


def _wake_waiting() -> None:
    for entry in list(_waiting):
        widget, callback, succeeded = entry
        if not shiboken6.isValid(widget):
            _waiting.remove(entry)
        elif not running_within(widget):
            _waiting.remove(entry)
            callback(succeeded)


def show_refusal(exc: ValidationFailed, banner: Banner | None, fields: FieldRegistry | None = None,
                 parent: QWidget | None = None, on_conflict: Callable[[], None] | None = None,
                 reloads: bool = True) -> None:
    """A service refused: field messages next to the fields, the rest (or a Conflict, whose
    message names who changed the record and when) in the banner. Input is never cleared."""
    if banner is None:
        show_failure(parent, exc)
        return
    if isinstance(exc, Conflict):
        if on_conflict is not None:
            on_conflict()
        reloaded = on_conflict is not None and reloads
        banner.show_message(f"{exc.message.rstrip('。')}。{RELOADED}" if reloaded else exc.message)
        return
    unplaced = fields.show_errors(exc.errors) if fields is not None else dict(exc.errors)
    if unplaced:
        banner.show_message("；".join(unplaced.values()))
    elif not exc.errors:
        banner.show_message(exc.message)
    else:
        banner.show_message(f"还有 {len(exc.errors)} 处需要修改，已在相应栏目旁标出。")


def show_status(widget: QWidget | None, text: str, timeout_ms: int = 8000) -> None:
    """One line in the main window's status bar (what was just done); from a dialog too."""
    while widget is not None and text:
        window = widget.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, timeout_ms)
            return
        widget = window.parentWidget()
