"""Long work off the UI thread, with a progress dialog and a cancel button.

    run_with_progress(parent, "正在导入台账…", import_ledger, path,
                      on_done=show_report, on_error=show_error)

The function runs in a pool thread. If it accepts a keyword `progress`, it gets a callable
`progress(done, total, text="")`; that call raises `Cancelled` once the clerk pressed 取消, so
the work stops at the next step (a service's transaction then rolls back as a whole).
The thread's database connection is closed when the work ends.
"""
from __future__ import annotations

import inspect
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog


class Cancelled(Exception):
    """Raised inside the work when the clerk cancelled it."""


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class Task(QRunnable):
    """One piece of background work. Connect to `signals` before starting it."""

    def __init__(self, fn, *args, **kwargs):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(False)   # the caller keeps a reference until it finishes

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progressed.emit(int(done), int(total), text)

    def run(self) -> None:   # in the pool thread
        kwargs = dict(self.kwargs)
        try:
            if "progress" in inspect.signature(self.fn).parameters:
                kwargs["progress"] = self._progress
        except (TypeError, ValueError):
            pass
        try:
            result = self.fn(*self.args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread, shown to the clerk
            _emit(self.signals.failed, exc, traceback.format_exc())
        else:
            _emit(self.signals.finished, result)
        finally:
            _close_thread_connection()


def _emit(signal, *args) -> None:
    """Hand a result over, unless the program is quitting: Python has then already freed the
    signals' object, emit raises "Signal source has been deleted", and the error dialog that
    raised in this pool thread hung the exit (the UI thread waits for the pool; seen in --smoke)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


def _close_thread_connection() -> None:
    """peewee keeps one connection per thread; a pool thread must not leave one open."""
    from app.services.data_access import release_connection
    release_connection()


_running: set[Task] = set()


def start(task: Task) -> Task:
    # The last reference is dropped on the UI thread, after the task's own queued callbacks: a
    # direct connection ran it in the pool thread during `emit`, so the task and its signals could
    # be freed while their queued calls were still pending (a crash on xcb seen with the audit export).
    _running.add(task)
    queued = Qt.ConnectionType.QueuedConnection
    task.signals.finished.connect(lambda _result: _running.discard(task), queued)
    task.signals.failed.connect(lambda _exc, _tb: _running.discard(task), queued)
    QThreadPool.globalInstance().start(task)
    return task


def finish_background(timeout_ms: int = 10_000) -> None:
    """After the event loop ended: let pool threads finish before Python tears down (a thread
    still running then — the case list's remaining ids after a quick --smoke — crashed or hung
    the exit: "Signal source has been deleted")."""
    QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_in_background(fn, *args, on_done=None, on_error=None, **kwargs) -> Task:
    """Fire and forget (e.g. refresh counts); callbacks run on the UI thread."""
    task = Task(fn, *args, **kwargs)
    if on_done is not None:
        task.signals.finished.connect(on_done, Qt.ConnectionType.QueuedConnection)
    if on_error is not None:
        task.signals.failed.connect(lambda exc, _tb: on_error(exc), Qt.ConnectionType.QueuedConnection)
    return start(task)


def _dismiss(dialog: QProgressDialog) -> None:
    # reset() stops the dialog's own show-after-delay timer: without it, work that ended before
    # the delay let the box pop up later, modal, over the result and blocking its 确定 (issue 10).
    # hide, not close: closing a progress dialog emits `canceled`.
    dialog.reset()
    dialog.hide()
    dialog.deleteLater()


def run_with_progress(parent: QWidget | None, label: str, fn, *args, on_done=None, on_error=None,
                      cancellable: bool = True, **kwargs) -> Task:
    """Run `fn` in the background behind a modal progress dialog (shown after 400 ms)."""
    # imported here: QProgressDialog, first seen by Python, has PySide6 build its and QDialog's
    # enums, and nothing before the first paint shows progress
    from PySide6.QtWidgets import QProgressDialog
    dialog = QProgressDialog(label, "取消" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    task = Task(fn, *args, **kwargs)

    def progressed(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            dialog.setLabelText(text)

    def finished(result) -> None:
        _dismiss(dialog)
        if on_done is not None:
            on_done(result)

    def failed(exc, _tb) -> None:
        _dismiss(dialog)
        if isinstance(exc, Cancelled):
            return
        if on_error is not None:
            on_error(exc)

    task.signals.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)
    task.signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(task.cancel)
    task.dialog = dialog
    return start(task)
