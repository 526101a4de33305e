"""What the roll-up refuses, each with one Chinese line naming the file, and nothing read into the
city's figures: not our workbook, a damaged or crafted one, mixed periods or format versions, the
same county twice, fewer than two files."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from app.domain.errors import ValidationFailed
from app.reports.excel import rollup_reader
from app.reports.excel.rollup_reader import read_county_report
from app.services.rollup import roll_up


def refused(*paths) -> str:
    with pytest.raises(ValidationFailed) as caught:
        reports = [read_county_report(p) for p in paths]
        roll_up(reports)
    message = str(caught.value)
    assert "\n" not in message and message
    return message


def edited(source, target, change) -> str:
    """A copy of `source` whose hidden sheet was changed by `change(ws)` (as a crafted file would be)."""
    wb = load_workbook(source)
    change(wb["汇总数据"])
    wb.save(target)
    return target


def find(ws, *start):
    for row in ws.iter_rows():
        if tuple(c.value for c in row[:len(start)]) == start:
            return row
    raise AssertionError(start)


def test_mixed_periods_are_refused(counties):
    message = refused(counties.files[0], counties.files[1], counties.october)
    assert message.startswith("文件“甲县10月.xlsx”是2026年10月（2026-10-01至2026-10-31）的报表，与“甲县.xlsx”的2026年11月")
    assert message.endswith("请选同一期间的报表")


def test_the_same_county_twice_and_a_single_file_are_refused(counties, tmp_path):
    copy = shutil.copy(counties.files[0], tmp_path / "甲县（另存）.xlsx")
    assert "都含甲县消费者协会的数字；同一个县只能汇总一次" in refused(counties.files[0], counties.files[1], copy)
    assert refused(counties.files[0]) == "汇总至少需要两个县（市、区）的报表；请再添加报表"


def test_a_roll_up_holding_a_county_is_not_added_to_it_again(counties, tmp_path):
    from app.reports.excel.report_workbook import write_report
    city = write_report(roll_up([read_county_report(p) for p in counties.files[:2]]), tmp_path / "市.xlsx")
    assert "都含甲县消费者协会的数字" in refused(city, counties.files[0])
    assert roll_up([read_county_report(city), read_county_report(counties.files[2])]).figures[0].accepted > 0


def test_a_report_of_one_unit_is_refused(counties):
    assert "只统计了一个承办单位，不能用于汇总" in refused(counties.one_unit, counties.files[1])


def test_workbooks_that_are_not_our_reports(counties, tmp_path):
    other = tmp_path / "别的表.xlsx"
    wb = Workbook()
    wb.active["A1"] = "受理投诉"
    wb.save(other)
    assert "中没有“汇总数据”表：不是本程序生成的统计报表" in refused(other, counties.files[1])
    fake = tmp_path / "假报表.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    assert "不是有效的 Excel（.xlsx）文件" in refused(fake, counties.files[1])
    text = tmp_path / "报表.csv"
    text.write_text("受理投诉,3", encoding="utf-8")
    assert "不是 .xlsx 报表" in refused(text, counties.files[1])
    foreign = edited(counties.files[0], tmp_path / "冒名.xlsx", lambda ws: setattr(ws["A1"], "value", "别的程序"))
    assert "的“汇总数据”表不是本程序写的" in refused(foreign, counties.files[1])
    assert "不存在" in refused(tmp_path / "没有.xlsx", counties.files[1])


@pytest.mark.parametrize("change, reason", [
    (lambda ws: setattr(find(ws, "count", 0, "accepted")[3], "value", -4), "数字不能为负"),
    (lambda ws: setattr(find(ws, "count", 0, "closed")[3], "value", 10 ** 12), "大得不合常理"),
    (lambda ws: setattr(find(ws, "count", 0, "registered")[3], "value", "很多"), "应为整数"),
    (lambda ws: setattr(find(ws, "count", 0, "registered")[3], "value", 2.5), "应为整数"),
    (lambda ws: setattr(find(ws, "money", 0, "recovered")[3], "value", "12.345"), "应为非负数字、两位小数"),
    (lambda ws: setattr(find(ws, "money", 0, "recovered")[3], "value", "-5.00"), "应为非负数字、两位小数"),
    (lambda ws: setattr(find(ws, "count", 0, "accepted")[3], "value", find(ws, "count", 0, "accepted")[3].value + 1),
     "受理投诉与按投诉性质分列之和不符"),
    (lambda ws: setattr(find(ws, "rate", 0, "satisfied_parts")[3], "value", 0), "satisfied_parts不符"),
    (lambda ws: setattr(find(ws, "meta", "period_end")[2], "value", "2026-11-29"), "起止日期与期间类型不符"),
    (lambda ws: setattr(find(ws, "meta", "columns")[2], "value", 2), "对比列数为 2"),
    # a period in year 1 has no same period last year (was: ValueError, a traceback)
    (lambda ws: [setattr(find(ws, "meta", "period_start")[2], "value", "0001-01-01"),
                 setattr(find(ws, "meta", "period_end")[2], "value", "0001-12-31")], "统计期间无法识别"),
    (lambda ws: setattr(find(ws, "meta", "cases_from")[2], "value", "去年"), "日期“去年”无法识别"),
    (lambda ws: ws.append(["count", 9, "accepted", 1]), "列号 9 超出范围"),
    (lambda ws: ws.append(["secret", 1]), "名目无法识别"),
    (lambda ws: setattr(find(ws, "businesses")[1], "value", '[["某店", "", -1, 0]]'), "数字不能为负"),
    (lambda ws: setattr(find(ws, "businesses")[1], "value", '[["某店", "", 1]]'), "经营者名单中有一项无法识别"),
    (lambda ws: setattr(find(ws, "businesses")[1], "value", "[" * 5000 + "]" * 5000), "经营者名单"),
    (lambda ws: setattr(find(ws, "businesses")[1], "value", "{不是名单"), "经营者名单无法识别"),
])
def test_crafted_figures_are_refused(counties, tmp_path, change, reason):
    crafted = edited(counties.files[0], tmp_path / "改过.xlsx", change)
    message = refused(crafted, counties.files[1])
    assert message.startswith("文件“改过.xlsx”的汇总数据有误（") and reason in message, message
    assert message.endswith("可能已损坏或被改动过；请让该县重新生成报表")


def test_a_formula_in_the_sheet_is_refused(counties, tmp_path):
    crafted = edited(counties.files[0], tmp_path / "公式.xlsx", lambda ws: setattr(find(ws, "count", 0, "resolved")[3],
                                                                               "value", "=1+1"))
    assert "表第" in refused(crafted, counties.files[1]) and "有公式" in refused(crafted, counties.files[1])


def test_another_format_version_is_refused(counties, tmp_path):
    newer = edited(counties.files[0], tmp_path / "新版.xlsx", lambda ws: setattr(find(ws, "meta", "format")[2], "value", "2"))
    message = refused(counties.files[1], newer)
    assert message == "文件“新版.xlsx”的报表格式版本为 2，本程序汇总的是格式版本 1；请各县用同一版本的程序重新生成报表"


def test_a_zip_that_unpacks_far_beyond_a_report_is_not_read(counties, tmp_path, monkeypatch):
    monkeypatch.setattr(rollup_reader, "MAX_UNPACKED_BYTES", 1 << 20)     # the real limit, 512 MB, scaled down
    bomb = tmp_path / "炸弹.xlsx"
    shutil.copy(counties.files[0], bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (2 << 20))
    assert "解压后有 2 MB，远超统计报表的大小" in refused(bomb, counties.files[1])


def test_a_sheet_far_too_wide_is_refused(counties, tmp_path):
    wide = edited(counties.files[0], tmp_path / "宽.xlsx", lambda ws: setattr(ws.cell(3, 500), "value", 1))
    assert "表大小异常" in refused(wide, counties.files[1])
