"""统计报表 on a 1920×1080 laptop at 150 % (the screen's part of 1280×720 logical pixels): the
分类统计 box shows its choice whole, the chart is never cut off (it scrolls), the table fits its
half without scrolling sideways and keeps rows in view; the fonts stay as they are."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from app.services.context import SYSTEM
from app.ui import theme
from app.ui.statistics.view import BREAKDOWN_ROWS, StatisticsScreen
from tests.reports import report_scenario as sc


@pytest.mark.parametrize("size", [(1070, 600), (1150, 660)], ids=["150%", "1366"])
def test_the_breakdown_fits_a_short_wide_screen(qtbot, sqlite_db, size):
    """The tab's area in the main window at 1280×720 (150 %) and at 1366×768."""
    sc.build()
    screen = StatisticsScreen(SYSTEM)
    qtbot.addWidget(screen)
    screen.picker.set_month(2026, 11)
    screen.resize(*size)
    screen.show()
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.period.label == "2026年11月", timeout=10000)
    for key in ("nature", "goods", "channel"):
        screen.breakdown.setCurrentIndex(screen.breakdown.findData(key))
        qtbot.wait(20)
        combo, chart, table = screen.breakdown, screen.chart, screen.table
        assert combo.width() >= combo.sizeHint().width(), combo.currentText()       # the choice whole
        assert chart.height() >= chart.sizeHint().height(), key                      # every bar: it scrolls
        assert len(chart.bars) > BREAKDOWN_ROWS or key != "nature"
        assert table.horizontalScrollBar().maximum() == 0, key                        # no sideways scrolling
        header = table.horizontalHeader()
        for column in range(1, header.count()):
            assert header.sectionSize(column) >= table.title_room(column), header.model().headerData(column, 1)
        shown = table.viewport().height() // table.verticalHeader().defaultSectionSize()
        assert shown >= BREAKDOWN_ROWS, (key, shown)
        assert screen.font().pointSizeF() == theme.ui_font().pointSizeF()            # not by shrinking fonts
    # the buttons under it stay in the window
    button = screen.template_button
    assert screen.rect().contains(QRect(button.mapTo(screen, QPoint(0, 0)), button.size()))
