"""Left navigation: the work queues with live counts, then other screens (extensions)."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyledItemDelegate

from app.domain.codes import WORK_QUEUES
from app.ui.extensions import NAVIGATION_ENTRIES
from app.ui.theme import DEADLINE_COLOURS, NAVIGATION_CSS

KEY_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
# Queues whose count is a warning when not zero.
ALERT_QUEUES = {"overdue": "overdue", "due_soon": "due_soon", "tasks": "due_soon"}


class _CountDelegate(QStyledItemDelegate):
    """Draws the count right-aligned in the row (red/amber for overdue/due soon)."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        navigation = self.parent()
        key = index.data(KEY_ROLE)
        count = navigation.counts.get(key) if isinstance(navigation, QueueNavigation) else None
        if count is None:
            return
        painter.save()
        text = f"{count:,}"
        navigation_row = navigation.currentRow() if isinstance(navigation, QueueNavigation) else -1
        selected = index.row() == navigation_row
        alert = ALERT_QUEUES.get(key)
        if selected:
            colour = QColor("#ffffff")
        elif alert and count:
            colour = QColor(DEADLINE_COLOURS[alert][0])
        else:
            colour = QColor("#5f6368")
        painter.setPen(colour)
        font = option.font
        font.setBold(bool(alert and count))
        painter.setFont(font)
        rect = QRect(option.rect)
        rect.adjust(0, 0, -18, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 60, max(size.height(), option.fontMetrics.height() + 16))


class QueueNavigation(QListWidget):
    queue_selected = Signal(str)          # a WORK_QUEUES code
    screen_selected = Signal(str)         # an extensions.NavigationEntry key

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("queueNavigation")
        self.setStyleSheet(NAVIGATION_CSS)
        self.counts: dict[str, int] = {}
        self.setItemDelegate(_CountDelegate(self))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for code, label in WORK_QUEUES:
            self._add(code, label, "queue")
        self.extension_items = []
        for entry in NAVIGATION_ENTRIES:
            self.extension_items.append(self._add(entry.key, entry.label, "screen"))
        self.setCurrentRow(self.row_of("all"))
        self.currentItemChanged.connect(self._changed)
        self.setMinimumWidth(170)
        self.setMaximumWidth(240)

    def _add(self, key: str, label: str, kind: str) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(KEY_ROLE, key)
        item.setData(KIND_ROLE, kind)
        self.addItem(item)
        return item

    def row_of(self, key: str) -> int:
        for row in range(self.count()):
            if self.item(row).data(KEY_ROLE) == key:
                return row
        return -1

    def _changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is None:
            return
        if current.data(KIND_ROLE) == "queue":
            self.queue_selected.emit(current.data(KEY_ROLE))
        else:
            self.screen_selected.emit(current.data(KEY_ROLE))

    def select_queue(self, code: str) -> None:
        self.setCurrentRow(self.row_of(code))

    def current_queue(self) -> str:
        item = self.currentItem()
        return item.data(KEY_ROLE) if item is not None and item.data(KIND_ROLE) == "queue" else "all"

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts.update(counts)
        self.viewport().update()

    def count_of(self, code: str) -> int | None:
        return self.counts.get(code)
