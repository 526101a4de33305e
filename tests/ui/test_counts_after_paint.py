"""The navigation's counts are asked once the case list is painted (their queries run in a pool
thread; asked before the paint, their Python took the interpreter from it), and they arrive."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from app.services import registration
from app.services.context import SYSTEM
from tests import factories


class _Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_counts_come_after_the_first_paint_of_the_list(qtbot, sqlite_db, message_boxes):
    from app.ui.main_window import MainWindow

    registration.register(SYSTEM, factories.complaint())
    window = MainWindow(SYSTEM, sqlite_db.location)
    qtbot.addWidget(window)
    paints = _Paints()
    window.case_list.table.viewport().installEventFilter(paints)
    asked_after = []
    ask = window.refresh_counts
    window.refresh_counts = lambda: (asked_after.append(paints.count), ask())
    window.show()
    window.start()
    assert asked_after == []                      # not at once
    qtbot.waitUntil(lambda: window.navigation.count_of("all") == 1, timeout=3000)
    assert asked_after and asked_after[0] >= 1    # once the list had been painted
    assert window.navigation.count_of("to_accept") == 1
    assert window._counts_timer.isActive()        # and every two minutes from then on
    window.ask_before_closing = False


def test_the_counts_come_even_when_the_list_is_not_painted(qtbot, sqlite_db, message_boxes):
    from app.ui.main_window import MainWindow

    registration.register(SYSTEM, factories.complaint())
    window = MainWindow(SYSTEM, sqlite_db.location)
    qtbot.addWidget(window)
    window.start()                                # never shown (as minimised): after a second
    qtbot.waitUntil(lambda: window.navigation.count_of("all") == 1, timeout=3000)
    window.ask_before_closing = False
