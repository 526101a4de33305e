"""What an empty case list says: how to register the first complaint (Ctrl+N) when there are no
cases at all, or that nothing matches the queue or filter otherwise. A label over the table's
viewport, shown only while the list is empty."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QTableView

from app.services.queries import CaseFilter, count_cases
from app.ui import theme

FIRST_COMPLAINT = "还没有登记任何投诉。\n按 Ctrl+N（或点工具栏的“投诉登记…”）登记第一件投诉。"
NOTHING_MATCHES = "没有符合条件的案件。\n可换一个队列，或点“清除筛选”。"


class EmptyListHint(QObject):
    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        self.label = QLabel(table.viewport())
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        theme.mark_muted(self.label)
        self.label.hide()
        table.viewport().installEventFilter(self)

    def update(self, rows: int) -> None:
        """After each query: `rows` cases match."""
        if rows:
            self.label.hide()
            return
        self.label.setText(FIRST_COMPLAINT if count_cases(CaseFilter()) == 0 else NOTHING_MATCHES)
        self._place()
        self.label.show()

    def _place(self) -> None:
        area = self.table.viewport().rect()
        self.label.setGeometry(area.left() + 40, area.top() + 40, max(area.width() - 80, 100), 90)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize and self.label.isVisible():
            self._place()
        return False
