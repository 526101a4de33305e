"""Table columns that give way on a small screen instead of scrolling sideways.

At 1366 px, and at 150 % scaling (1280 logical pixels), a table's columns as designed add up to
more than the table: the text columns then shrink in proportion (elided; their tooltips say it
whole), dates and amounts stay whole, and the stretching column keeps room for `least_ems`
ideographs. With room again, every column gets back the width the clerk had given it."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView


class ColumnFit(QObject):
    def __init__(self, table, least_ems: int = 10, wraps: bool = False):
        """`wraps`: the table's cells wrap (DataTable.read_whole), so a text column may give way
        down to its title's room, its entries taking more lines instead of ending in "…"."""
        super().__init__(table)
        self.table, self.least_ems, self.wraps = table, least_ems, wraps
        self.whole: set[int] = set()         # columns that never give way (a time that must read on one line)
        header = table.horizontalHeader()
        self._fitting = False
        self.wanted = {i: header.sectionSize(i) for i in range(header.count())}
        header.sectionResized.connect(self._resized)
        self.viewport = table.viewport()
        self.viewport.installEventFilter(self)      # the viewport: a scroll bar appearing narrows it too

    def want(self, widths: dict[int, int], whole: tuple[int, ...] = ()) -> None:
        """The widths the columns should have where there is room (their contents'); the `whole`
        ones keep theirs when room is short."""
        self.wanted.update(widths)
        self.whole = set(whole)
        self.fit()

    def _resized(self, section: int, _old: int, new: int) -> None:
        header = self.table.horizontalHeader()
        if not self._fitting and header.sectionResizeMode(section) != QHeaderView.ResizeMode.Stretch:
            self.wanted[section] = new           # the clerk dragged it: that width is wanted from now on

    def eventFilter(self, obj, event) -> bool:
        # the viewport may still be resized while its table is being destroyed
        if obj is self.viewport and event.type() == QEvent.Type.Resize and shiboken6.isValid(self.table):
            self.fit()
        return False

    def fit(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        columns = table.model().columns
        flexible = [i for i in range(header.count()) if header.sectionResizeMode(i) != QHeaderView.ResizeMode.Stretch
                    and not header.isSectionHidden(i)]
        least = max(table.fontMetrics().horizontalAdvance("字" * self.least_ems), header.minimumSectionSize())
        room = table.viewport().width() - least - 1
        wanted = {i: self.wanted.get(i, header.sectionSize(i)) for i in flexible}
        floor = {i: wanted[i] if i >= len(columns) or columns[i].align != "left" or i in self.whole
                 else min(wanted[i], max(table.title_room(i), 0 if self.wraps else wanted[i] * 3 // 5))
                 for i in flexible}
        excess = sum(wanted.values()) - room
        give = sum(wanted[i] - floor[i] for i in flexible)
        share = min(max(excess, 0) / give, 1.0) if give else 0.0
        self._fitting = True
        try:
            for i in flexible:
                header.resizeSection(i, wanted[i] - int((wanted[i] - floor[i]) * share + 0.999))
        finally:
            self._fitting = False
