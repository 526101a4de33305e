"""A whole year at a glance: twelve month grids, holidays in red (休), make-up workdays in amber
(班), weekends grey, and days that differ from the office's table outlined — what an
administrator checks before saving a notice."""
from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui import theme

WEEKDAY_HEAD = "一二三四五六日"
COLUMNS, ROWS = 4, 3                 # months across and down
KIND_COLOURS = {"holiday": ("#b3261e", "#fde7e5"), "workday": ("#7a4b00", "#ffe9b3")}
KIND_MARKS = {"holiday": "休", "workday": "班"}
WEEKEND_TEXT = "#9aa0a6"
CHANGED_OUTLINE = theme.ACCENT


class YearCalendar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.year = date.today().year
        self.kinds: dict[date, str] = {}
        self.changed: set[date] = set()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 380)

    def show_year(self, year: int, kinds: dict[date, str], changed: set[date] = frozenset()) -> None:
        self.year, self.kinds, self.changed = year, dict(kinds), set(changed)
        self.update()

    def kind_of(self, day: date) -> str:
        """"holiday" | "workday" | "weekend" | "" — what the grid shows for the day."""
        if day in self.kinds:
            return self.kinds[day]
        return "weekend" if day.weekday() >= 5 else ""

    def sizeHint(self) -> QSize:
        return QSize(720, 470)

    # ---------------------------------------------------------------- painting
    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        month_w, month_h = self.width() / COLUMNS, self.height() / ROWS
        for month in range(1, 13):
            column, row = (month - 1) % COLUMNS, (month - 1) // COLUMNS
            self._paint_month(painter, month, QRectF(column * month_w, row * month_h, month_w, month_h))
        painter.end()

    def _paint_month(self, painter: QPainter, month: int, area: QRectF) -> None:
        pad = 6
        inner = area.adjusted(pad, pad, -pad, -pad)
        cell_w, cell_h = inner.width() / 7, inner.height() / 8       # title + weekday head + 6 weeks
        size = int(max(9, min(cell_h * 0.55, cell_w * 0.5)))
        title_font = _pixel_font(size + 1, bold=True)
        painter.setFont(title_font)
        painter.setPen(QColor(theme.ACCENT_DARK))
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), cell_h),
                         Qt.AlignmentFlag.AlignCenter, f"{month}月")
        day_font = _pixel_font(size)
        painter.setFont(day_font)
        painter.setPen(QColor("#5f6368"))
        for index, head in enumerate(WEEKDAY_HEAD):
            painter.drawText(QRectF(inner.left() + index * cell_w, inner.top() + cell_h, cell_w, cell_h),
                             Qt.AlignmentFlag.AlignCenter, head)
        first_weekday, days = calendar.monthrange(self.year, month)
        for number in range(1, days + 1):
            slot = first_weekday + number - 1
            cell = QRectF(inner.left() + (slot % 7) * cell_w, inner.top() + (2 + slot // 7) * cell_h, cell_w, cell_h)
            self._paint_day(painter, date(self.year, month, number), cell, day_font)

    def _paint_day(self, painter: QPainter, day: date, cell: QRectF, font: QFont) -> None:
        kind = self.kind_of(day)
        box = cell.adjusted(1, 1, -1, -1)
        if kind in KIND_COLOURS:
            text_colour, background = KIND_COLOURS[kind]
            painter.fillRect(box, QColor(background))
        else:
            text_colour = WEEKEND_TEXT if kind == "weekend" else "#202124"
        if day in self.changed:
            painter.setPen(QPen(QColor(CHANGED_OUTLINE), 1.6))
            painter.drawRect(box)
        painter.setPen(QColor(text_colour))
        painter.setFont(font)
        number_box = box
        if kind in KIND_MARKS:
            # the mark in the right third, the day's number centred in the rest: never overlapping
            mark_width = box.width() * 0.34
            number_box = box.adjusted(0, 0, -mark_width, 0)
            small = QFont(font)
            small.setPixelSize(max(7, int(font.pixelSize() * 0.62)))
            painter.setFont(small)
            painter.drawText(QRectF(box.right() - mark_width, box.top(), mark_width, box.height() * 0.6),
                             Qt.AlignmentFlag.AlignCenter, KIND_MARKS[kind])
            painter.setFont(font)
        painter.drawText(number_box, Qt.AlignmentFlag.AlignCenter, str(day.day))


def _pixel_font(pixels: int, bold: bool = False) -> QFont:
    font = theme.ui_font(bold=bold)
    font.setPixelSize(pixels)
    return font
