"""Columns give way on a narrow table instead of scrolling sideways, and come back with room."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.ui.column_fit import ColumnFit
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import DataTable

COLUMNS = [Column("number", "案件编号", 170), Column("date", "登记日期", 96, align="center"),
           Column("business", "被投诉经营者", 200, stretch=True), Column("state", "状态", 210),
           Column("amount", "涉案金额（元）", 110, align="right")]
ROWS = [{"number": "青消〔2026〕第1号", "date": "2026-11-02", "business": "某县鑫源家电商行", "state": "已办结·调解成功",
         "amount": "3,999.00"}]


def _table(qtbot, width: int) -> DataTable:
    table = DataTable(ListTableModel(COLUMNS, ROWS))
    qtbot.addWidget(table)
    table.column_fit = ColumnFit(table, least_ems=10)
    table.resize(width, 200)
    table.show()
    qtbot.waitExposed(table)
    return table


def test_a_narrow_table_shrinks_its_text_columns_not_its_dates_and_amounts(qtbot):
    table = _table(qtbot, 1200)
    header = table.horizontalHeader()
    natural = [header.sectionSize(i) for i in range(5)]
    assert natural[0] == 170 and natural[3] == 210
    table.resize(600, 200)
    qtbot.wait(20)
    assert table.horizontalScrollBar().maximum() == 0                      # nothing scrolls sideways
    assert header.sectionSize(1) == 96 and header.sectionSize(4) == natural[4]   # the date and amount whole
    assert header.sectionSize(0) < 170 and header.sectionSize(3) < 210
    assert header.sectionSize(2) >= table.fontMetrics().horizontalAdvance("字" * 10)   # 经营者 keeps its room
    for column in (0, 3):
        assert header.sectionSize(column) >= table.title_room(column)
    table.resize(1200, 200)
    qtbot.wait(20)
    assert [header.sectionSize(i) for i in (0, 1, 3, 4)] == [natural[i] for i in (0, 1, 3, 4)]


def test_a_width_the_clerk_drags_is_the_one_that_comes_back(qtbot):
    table = _table(qtbot, 1200)
    header = table.horizontalHeader()
    edge = header.sectionViewportPosition(0) + header.sectionSize(0) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 40, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 40, y))
    dragged = header.sectionSize(0)
    assert dragged > 190
    table.resize(600, 200)
    qtbot.wait(20)
    assert header.sectionSize(0) < dragged
    table.resize(1200, 200)
    qtbot.wait(20)
    assert header.sectionSize(0) == dragged
