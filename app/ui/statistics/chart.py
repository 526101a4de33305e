"""A small horizontal bar chart painted with QPainter (QtCharts is not part of PySide6-Essentials):
one row per category, this period's bar in the accent colour and last year's thinner and grey
beneath it, the count at the end of each bar."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import ACCENT

PREVIOUS = QColor("#b8c2cc")
GRID = QColor("#e3e6ea")
TEXT = QColor("#1f2328")
MUTED = QColor("#5f6368")


@dataclass
class Bar:
    label: str
    value: int
    previous: int | None = None


class BarChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.title = ""
        self.legend = ("本期", "去年同期")
        # never shorter than its rows (in a scroll area: it scrolls instead of cutting rows off);
        # no fixed minimum height, which would override that
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_data(self, title: str, bars: list[Bar], legend: tuple[str, str] = ("本期", "去年同期")) -> None:
        self.title, self.bars, self.legend = title, list(bars), legend
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return max(24, self.fontMetrics().height() + 10)

    def sizeHint(self) -> QSize:
        # the header, the rows and the grid's numbers below them
        return QSize(520, self.fontMetrics().height() * 2 + 24 + self._row_height() * max(1, len(self.bars)))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        metrics = QFontMetrics(self.font())
        top = self._paint_header(painter, metrics)
        if not self.bars:
            painter.setPen(MUTED)
            painter.drawText(self.rect().adjusted(0, top, 0, 0), Qt.AlignmentFlag.AlignCenter, "本期没有数据")
            return
        label_width = min(self.width() // 3, max(metrics.horizontalAdvance(b.label) for b in self.bars) + 16)
        value_room = metrics.horizontalAdvance("0000000") + 8
        left, right = label_width, self.width() - value_room - 8
        highest = max(max(b.value, b.previous or 0) for b in self.bars) or 1
        row = self._row_height()
        self._paint_grid(painter, metrics, left, right, top, top + row * len(self.bars), highest)
        for index, bar in enumerate(self.bars):
            y = top + index * row
            painter.setPen(TEXT)
            painter.drawText(QRectF(4, y, label_width - 10, row), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight,
                                                                                  label_width - 10))
            scale = (right - left) / highest
            now_height = row * 0.42
            painter.fillRect(QRectF(left, y + row * 0.12, max(1.0, bar.value * scale), now_height), QColor(ACCENT))
            if bar.previous is not None:
                painter.fillRect(QRectF(left, y + row * 0.58, max(1.0, bar.previous * scale), row * 0.26), PREVIOUS)
            painter.setPen(TEXT)
            painter.drawText(QRectF(left + bar.value * scale + 6, y, value_room, row * 0.66),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(bar.value))

    def _paint_header(self, painter: QPainter, metrics: QFontMetrics) -> int:
        painter.setPen(TEXT)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(8, 6, self.width() - 16, metrics.height() + 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        font.setBold(False)
        painter.setFont(font)
        x = self.width() - 8
        for colour, text in ((PREVIOUS, self.legend[1]), (QColor(ACCENT), self.legend[0])):
            width = metrics.horizontalAdvance(text)
            x -= width
            painter.setPen(MUTED)
            painter.drawText(QRectF(x, 6, width, metrics.height() + 4), Qt.AlignmentFlag.AlignVCenter, text)
            x -= 16
            painter.fillRect(QRectF(x, 6 + metrics.height() / 2 - 3, 12, 8), colour)
            x -= 14
        return metrics.height() + 18

    def _paint_grid(self, painter: QPainter, metrics: QFontMetrics, left: float, right: float, top: float,
                    bottom: float, highest: int) -> None:
        step = _nice_step(highest)
        painter.setPen(QPen(GRID, 1))
        value = 0
        while value <= highest:
            x = left + (right - left) * value / highest
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(int(x), int(top), int(x), int(bottom))
            painter.setPen(MUTED)
            painter.drawText(QRectF(x - 30, bottom + 2, 60, metrics.height()), Qt.AlignmentFlag.AlignHCenter, str(value))
            value += step

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 120)


def _nice_step(highest: int) -> int:
    """A round step (1, 2, 5 × 10ⁿ) giving about five grid lines."""
    raw = max(1, highest / 5)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude
