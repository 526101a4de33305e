"""文件 → 汇总各县报表… as a city clerk uses it: the menu entry, 添加报表… answered by the file dialog
double, the list of counties read from each file, 移除所选, the output chosen, 生成 — and a refusal
shown in one line with nothing written."""
from __future__ import annotations

from pathlib import Path

import threading

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui import runner
from app.ui.statistics import rollup_dialog
from app.ui.statistics.rollup_dialog import RollupDialog
from tests.reports import rollup_counties
from tests.ui.doubles import SaveAnswers, file_dialog_double
from tests.ui.helpers import click, type_into


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    return rollup_counties.build(tmp_path_factory.mktemp("counties"))


@pytest.fixture
def dialog(window, qtbot, monkeypatch):
    answers = SaveAnswers()
    monkeypatch.setattr(rollup_dialog, "QFileDialog", file_dialog_double(answers))
    assert window.rollup_action in window.file_menu.actions()
    window.rollup_action.trigger()
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, RollupDialog) and w.isVisible()]
    assert len(shown) == 1
    yield shown[0], answers
    shown[0].reject()


def listed(dialog) -> list[tuple]:
    model = dialog.model
    return [tuple(model.data(model.index(r, c)) for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_add_remove_and_make_the_city_report(dialog, counties, qtbot, tmp_path):
    dialog, answers = dialog
    a, b, c = counties.files
    not_ours = tmp_path / "别的表.xlsx"
    Workbook().save(not_ours)
    answers.opens = [[a, b], [c, not_ours], [b]]
    click(qtbot, dialog.add_button)
    rows = listed(dialog)
    assert [r[:3] for r in rows] == [("甲县.xlsx", "甲县消费者协会", "2026年11月（2026-11-01至2026-11-30）"),
                                     ("乙县.xlsx", "乙县消费者协会", "2026年11月（2026-11-01至2026-11-30）")]
    click(qtbot, dialog.add_button)
    assert [r[1] for r in listed(dialog)] == ["甲县消费者协会", "乙县消费者协会", "丙县消费者协会"]
    assert dialog.banner.text().startswith("文件“别的表.xlsx”中没有“汇总数据”表") and "\n" not in dialog.banner.text()
    table = dialog.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(dialog.model.index(1, 0)).center())
    click(qtbot, dialog.remove_button)
    assert [r[1] for r in listed(dialog)] == ["甲县消费者协会", "丙县消费者协会"] and not dialog.banner.text()
    click(qtbot, dialog.add_button)                  # 乙县 again
    type_into(qtbot, dialog.name, "某市消费者协会", leave=False)
    answers.path = tmp_path / "全市.xlsx"
    click(qtbot, dialog.make_button)                 # no place chosen yet: asks where to save
    qtbot.waitUntil(runner.idle, timeout=20000)      # written off the UI thread
    # suggested in the folder the county files were added from (the last folder chosen), not in
    # the working directory (the program folder, once installed)
    [suggested] = answers.suggested
    assert Path(suggested).name == "各县（市、区）汇总报表.xlsx" and answers.path.is_file()
    assert Path(suggested).parent == Path(counties.files[0]).parent
    assert dialog.done_label.isVisible() and dialog.done_label.text().startswith(f"已生成汇总报表 {answers.path}：2026年11月，3 个县")
    wb = load_workbook(answers.path)
    assert wb["汇总"]["A1"].value.startswith("某市消费者协会消费者投诉统计表（2026年11月）")
    counted = sum(load_workbook(f)["汇总"]["C5"].value for f in counties.files)
    assert wb["汇总"]["C5"].value == counted and counted > 0
    assert [row[0] for row in wb["各县（市、区）分列"].iter_rows(min_row=5, max_row=8, values_only=True)] == [
        "甲县消费者协会", "丙县消费者协会", "乙县消费者协会", "合计"]


def test_a_refused_roll_up_is_one_line_and_writes_nothing(dialog, counties, qtbot, tmp_path):
    dialog, answers = dialog
    answers.opens = [[counties.files[0], counties.october]]
    click(qtbot, dialog.add_button)
    assert len(listed(dialog)) == 2 and not dialog.banner.text()
    target = tmp_path / "不该有.xlsx"
    type_into(qtbot, dialog.out, str(target), leave=False)
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(runner.idle, timeout=20000)
    message = dialog.banner.text()
    assert message.startswith("文件“甲县10月.xlsx”是2026年10月") and message.endswith("请选同一期间的报表")
    assert not target.exists() and not dialog.done_label.isVisible()
    click(qtbot, dialog.remove_button)               # nothing selected
    assert dialog.banner.text() == "请先在列表中选中要移除的报表"


def test_saving_over_one_of_the_reports_is_refused_and_the_report_stays_as_it_was(dialog, counties, qtbot):
    dialog, answers = dialog
    first, second = counties.files[0], counties.files[1]
    answers.opens = [[first, second]]
    click(qtbot, dialog.add_button)
    before = first.read_bytes()
    type_into(qtbot, dialog.out, str(first), leave=False)
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(runner.idle, timeout=20000)
    assert dialog.banner.text() == f"输出文件“{first.name}”是要汇总的报表之一；请另选输出文件名"
    assert first.read_bytes() == before and not dialog.done_label.isVisible() and dialog.make_button.isEnabled()


def test_reports_are_read_off_the_ui_thread_with_the_buttons_disabled(dialog, counties, qtbot, tmp_path, monkeypatch):
    """A year's reports take a while to read: 添加报表… reads them in the background, 添加报表…
    and 生成 disabled meanwhile, and a crafted file among them is still refused in one line."""
    from app.reports.excel import rollup_reader
    dialog, answers = dialog
    wb = load_workbook(counties.files[0])
    next(row for row in wb["汇总数据"].iter_rows() if row[0].value == "count" and row[2].value == "accepted")[3].value = -4
    crafted = tmp_path / "改过.xlsx"
    wb.save(crafted)
    go, threads, read = threading.Event(), [], rollup_reader.read_county_report

    def held(path):
        threads.append(threading.current_thread())
        go.wait(5)                                   # the test looks at the dialog meanwhile
        return read(path)
    monkeypatch.setattr(rollup_reader, "read_county_report", held)
    answers.opens = [[counties.files[0], crafted, counties.files[1], counties.files[2]]]
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.add_button.isEnabled() and not dialog.make_button.isEnabled()
    go.set()
    qtbot.waitUntil(runner.idle, timeout=20000)
    assert len(threads) == 4 and threading.main_thread() not in threads
    assert [r[1] for r in listed(dialog)] == ["甲县消费者协会", "乙县消费者协会", "丙县消费者协会"]
    message = dialog.banner.text()
    assert message.startswith("文件“改过.xlsx”的汇总数据有误（") and "\n" not in message, message
    assert dialog.add_button.isEnabled() and dialog.make_button.isEnabled()


def _held(monkeypatch, module, name: str) -> threading.Event:
    """`module.name` waits in its background thread until the test lets it go."""
    go, real = threading.Event(), getattr(module, name)

    def held(*args, **kwargs):
        go.wait(5)
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, held)
    return go


def test_the_list_cannot_change_while_reports_are_read_or_the_roll_up_written(dialog, counties, qtbot, tmp_path,
                                                                             monkeypatch):
    """移除所选 (and 添加报表…) wait until the files are read and until the roll-up is written: what
    is written is the list on the screen."""
    from app.reports.excel import rollup_reader, rollup_sheet
    dialog, answers = dialog
    a, b, c = counties.files
    answers.opens = [[a, b], [c]]
    click(qtbot, dialog.add_button)
    table = dialog.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(dialog.model.index(0, 0)).center())
    go = _held(monkeypatch, rollup_reader, "read_county_report")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.remove_button.isEnabled() and not dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)      # greyed: nothing happens
    assert [r[1] for r in listed(dialog)] == ["甲县消费者协会", "乙县消费者协会"]
    go.set()
    qtbot.waitUntil(runner.idle, timeout=20000)
    assert [r[1] for r in listed(dialog)] == ["甲县消费者协会", "乙县消费者协会", "丙县消费者协会"]
    assert dialog.remove_button.isEnabled() and dialog.add_button.isEnabled()

    go = _held(monkeypatch, rollup_sheet, "write_rollup")
    type_into(qtbot, dialog.out, str(tmp_path / "全市.xlsx"), leave=False)
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert not dialog.remove_button.isEnabled() and not dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert len(listed(dialog)) == 3
    go.set()
    qtbot.waitUntil(runner.idle, timeout=20000)
    assert "3 个县" in dialog.done_label.text() and len(listed(dialog)) == 3
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(dialog.model.index(0, 0)).center())
    click(qtbot, dialog.remove_button)                                     # usable again: 甲县 goes
    assert [r[1] for r in listed(dialog)] == ["乙县消费者协会", "丙县消费者协会"]
