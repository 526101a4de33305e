"""The sort arrow as on Windows (Explorer, Excel): ▲ on the header for ascending, ▼ for
descending. Fusion, the style of these tests and of the Linux desktops, drew them the other way
round (theme.SortHeader). Checked on the rendered header: the arrow's pixels (what the header
with the indicator adds to the one without) are widest at the bottom for ▲, at the top for ▼."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from app.ui import theme
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import DataTable


def _header_image(header) -> QImage:
    QApplication.processEvents()
    return header.grab().toImage()


def _arrow_place(header) -> QRect:
    """The last 20 px of the sorted section, where Fusion puts the arrow; the title never comes
    there (DataTable keeps the room for the arrow beside it), though it moves over when the arrow
    is hidden, so only this place is compared."""
    section = header.sortIndicatorSection()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    return QRect(right - 20, 0, 20, header.height())


def arrow_shape(header) -> str:
    """"▲" or "▼" from the pixels of the arrow on the header as painted now."""
    place = _arrow_place(header)
    with_arrow = _header_image(header)
    header.setSortIndicatorShown(False)
    without = _header_image(header)
    header.setSortIndicatorShown(True)
    widths: dict[int, int] = {}
    for y in range(max(place.top(), 0), min(place.bottom() + 1, with_arrow.height())):
        xs = [x for x in range(max(place.left(), 0), min(place.right() + 1, with_arrow.width()))
              if abs(QColor(with_arrow.pixel(x, y)).lightness() - QColor(without.pixel(x, y)).lightness()) > 30]
        if xs:
            widths[y] = max(xs) - min(xs) + 1
    assert len(widths) >= 3, "no arrow painted"
    rows = sorted(widths)
    top, bottom = widths[rows[0]], widths[rows[-1]]
    assert top != bottom, widths
    return "▲" if bottom > top else "▼"


def _table(qtbot) -> DataTable:
    model = ListTableModel([Column("name", "姓名", 160, sort_key="name"), Column("day", "日期", 160, sort_key="day")])
    model.set_rows([{"name": n, "day": d} for n, d in (("乙", "2026-11-02"), ("甲", "2026-11-01"), ("丙", "2026-11-03"))])
    table = DataTable(model, sortable=True)
    qtbot.addWidget(table)
    table.resize(420, 200)
    table.show()
    qtbot.waitExposed(table)
    return table


def _click_section(qtbot, header, section: int) -> None:
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_a_title_sorts_ascending_with_the_arrow_up_and_again_descending_down(qtbot):
    assert QApplication.style().name().lower() == "fusion"
    table = _table(qtbot)
    header = table.horizontalHeader()
    _click_section(qtbot, header, 1)
    order = header.sortIndicatorOrder()
    first_day = table.model().data(table.model().index(0, 1))
    if order == Qt.SortOrder.DescendingOrder:        # Qt's first click may sort either way: click again
        _click_section(qtbot, header, 1)
        first_day = table.model().data(table.model().index(0, 1))
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder and first_day == "2026-11-01"
    assert arrow_shape(header) == "▲"
    _click_section(qtbot, header, 1)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert table.model().data(table.model().index(0, 1)) == "2026-11-03"
    assert arrow_shape(header) == "▼"


def test_under_a_style_that_draws_them_as_windows_does_nothing_is_turned(qtbot, monkeypatch):
    """Windows' own style already shows ▲ for ascending: the header hands it Qt's indicator as is."""
    table = _table(qtbot)
    header = table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert arrow_shape(header) == "▲"
    monkeypatch.setitem(theme._sort_arrow, "swapped", False)     # as apply_theme leaves it on Windows
    header.viewport().update()
    assert arrow_shape(header) == "▼"                            # Fusion's own drawing, as Qt gives it


def test_the_case_list_shows_its_newest_first_order_with_the_arrow_down(window, qtbot):
    header = window.case_list.table.horizontalHeader()
    assert window.case_list.model.descending and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert arrow_shape(header) == "▼"
