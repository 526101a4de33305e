"""The statistics screen and the ledger dialogs as a clerk uses them: pick a month, read the
figures and the chart, export the report and the ledger, import a ledger with bad rows."""
from datetime import date

import pytest
from openpyxl import load_workbook

from app.db.models import AuditLog, Case
from app.services import users
from app.services.context import SYSTEM, Actor
from app.ui.ledger.dialogs import LedgerExportDialog, LedgerImportDialog
from app.ui.statistics.view import StatisticsScreen
from tests.reports import report_scenario as sc
from tests.reports.ledger.test_ledger_import import mixed_rows, write_file


@pytest.fixture
def screen(qtbot, sqlite_db):
    sc.build()
    widget = StatisticsScreen(SYSTEM)
    qtbot.addWidget(widget)
    widget.picker.set_month(2026, 11)
    widget.resize(1280, 760)
    widget.show()                       # the first show computes the month picked
    qtbot.waitUntil(lambda: widget.report is not None and widget.report.period.label == "2026年11月",
                    timeout=10000)
    return widget


def test_the_month_figures_and_the_chart(screen, tmp_path):
    tiles = screen.tiles
    assert tiles["accepted"].value.text() == "5 件"
    assert tiles["accepted"].detail.text() == "去年同月 2 件 · ↑150.00%"
    assert tiles["resolution_rate"].value.text() == "60.00%"
    assert tiles["recovered"].value.text() == "0.4701 万元"
    assert tiles["recovered"].detail.text().startswith("4,700.50 元")
    assert tiles["reception"].value.text() == "5 人次"                 # the log: 3 + 2, no complaint
    assert "登记投诉另计 7 件" in tiles["reception"].detail.text()
    bars = {bar.label: (bar.value, bar.previous) for bar in screen.chart.bars}
    assert bars["质量"] == (3, 1) and bars["售后服务"] == (1, 1) and len(bars) == 10
    assert screen.table_model.rowCount() == 11                       # 10 natures and the total
    assert screen.table_model.data(screen.table_model.index(10, 0)) == "合计"
    screen.breakdown.setCurrentIndex(screen.breakdown.findData("channel"))
    assert {b.label for b in screen.chart.bars} >= {"来访", "电话", "网络"}
    image = screen.grab()
    assert image.save(str(tmp_path / "统计.png")) and image.width() >= 1200


def test_a_unit_and_a_year(screen, qtbot):
    screen.unit.set_code("U01")
    screen.refresh()
    qtbot.waitUntil(lambda: screen.report.unit == "U01", timeout=10000)
    assert screen.tiles["accepted"].value.text() == "1 件"
    screen.unit.set_code("")
    screen.picker.kind.set_code("year")
    screen.picker.year.setValue(2025)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.report.period.label == "2025年" and screen.report.unit is None, timeout=10000)
    assert screen.tiles["accepted"].value.text() == "4 件"                # J, K, L, M


def test_export_the_report_from_the_screen(screen, qtbot, tmp_path):
    target = tmp_path / "月报.xlsx"
    screen.export_report(str(target))
    qtbot.waitUntil(target.exists, timeout=10000)
    qtbot.waitUntil(lambda: "已导出" in screen.status.text(), timeout=10000)
    wb = load_workbook(target)
    assert wb["汇总"].cell(5, 3).value == 5


def test_export_ledger_dialog(screen, qtbot, tmp_path):
    dialog = LedgerExportDialog(SYSTEM, screen)
    qtbot.addWidget(dialog)
    dialog.date_from.set_value(date(2026, 11, 1))
    dialog.unmasked.setChecked(True)
    dialog.path.setText(str(tmp_path / "台账"))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.result == (7, str(tmp_path / "台账.xlsx"))             # A–G registered in November
    assert load_workbook(tmp_path / "台账.xlsx").active.max_row == 8
    assert AuditLog.select().where(AuditLog.action == "export_ledger_unmasked").count() == 1


def test_a_clerk_cannot_import_nor_export_full_numbers(qtbot, sqlite_db):
    clerk = Actor(users.create_user(SYSTEM, "dengji", "刘登记", "clerk", "Xiehui#2026"), "dengji", "刘登记", "clerk")
    widget = StatisticsScreen(clerk)
    qtbot.addWidget(widget)
    assert not widget.import_ledger_button.isEnabled() and widget.export_ledger_button.isEnabled()
    dialog = LedgerExportDialog(clerk, widget)
    qtbot.addWidget(dialog)
    assert not dialog.unmasked.isEnabled()


def test_import_dialog_lists_the_rows_not_imported(qtbot, sqlite_db, tmp_path):
    users.create_user(SYSTEM, "wangjg", "王建国", "mediator", "Xiehui#2026")
    dialog = LedgerImportDialog(SYSTEM)
    qtbot.addWidget(dialog)
    imported = []
    dialog.imported.connect(imported.append)
    dialog.path.setText(str(write_file(tmp_path / "台账.xlsx", mixed_rows())))
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.summary.text() == "共 13 行：导入 4 行，已存在跳过 0 行，未导入（有错误）9 行。"
    assert imported == [4] and Case.select().count() == 4
    model = dialog.problems
    rows = [(model.data(model.index(r, 0)), model.data(model.index(r, 1)), model.data(model.index(r, 3)))
            for r in range(model.rowCount())]
    assert ("7", "涉案金额(元)", "涉案金额不能为负数") in rows and len(rows) == 10
    saved = dialog.save_errors(str(tmp_path / "未导入.xlsx"))
    assert load_workbook(saved)["未导入的行"].max_row == 10                 # header + 9 rows
    dialog.grab().save(str(tmp_path / "导入.png"))


def test_statistics_opens_from_the_main_window_navigation(window, qtbot):
    row = window.navigation.row_of("statistics")
    assert row >= 0 and window.navigation.item(row).text() == "统计报表"
    window.navigation.setCurrentRow(row)
    screen = window.tabs.currentWidget()
    assert isinstance(screen, StatisticsScreen) and window.tabs.tabText(window.tabs.currentIndex()) == "统计报表"
    qtbot.waitUntil(lambda: screen.report is not None, timeout=10000)
    assert screen.tiles["accepted"].value.text() == "0 件"
