"""Python's cyclic garbage collector, run on the UI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up — often a
pool thread making a document or reading a ledger. When the garbage it frees holds Qt wrappers
(the login dialog's widgets, 851 objects in one cycle, right after a login), shiboken cannot
delete their C++ objects there and queues the deletion to the UI thread as a pending call, where
deleting a QtWidgets object crashed the program: 预览/打印文书… after a normal login, a
segmentation fault 5 times of 5 on xcb (gdb: Shiboken::BindingManager::runDeletionInMainThread,
from the pending call, in the next slot the UI thread ran).

So automatic collection is switched off and a timer on the UI thread runs the same generational
collection when the counts pass the same thresholds — the arrangement pyqtgraph and other Qt
programs use for this. Reference counting frees everything that is not in a cycle as before.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000        # at most a second of a pool thread's allocations waits for collection


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        """What the automatic collector would have done by now: when the young generation is over
        its threshold, the oldest generation over its own (with the younger ones)."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return
        gc.collect(max(g for g in range(3) if counts[g] > self.thresholds[g]))


def collect_on_ui_thread(app: QObject) -> UiThreadCollector:
    return UiThreadCollector(app)
