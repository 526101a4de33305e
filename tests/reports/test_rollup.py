"""The city's roll-up (issue 13, part 3): three counties' reports rolled up give, cell by cell, the
report of one database holding all three counties' cases; a workbook re-saved by LibreOffice still
rolls up to the same figures; the command line writes it without a database."""
from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from app.cli import main
from app.reports.excel.report_workbook import write_report
from app.reports.excel.rollup_reader import read_county_report
from app.services.rollup import roll_up
from tests import libreoffice
from tests.reports import rollup_counties

COUNTY_SHEET = "各县（市、区）分列"


def rolled(files, out, name=rollup_counties.CITY):
    return write_report(roll_up([read_county_report(f) for f in files], name), out)


def sheet_cells(ws) -> list[tuple]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def data_rows(ws) -> list[tuple]:
    """The hidden sheet's rows, without the list of counties a roll-up adds and the day cases
    begin (a roll-up's is the latest county's first case, one database's its very first)."""
    return [row for row in sheet_cells(ws) if row[0] != "county" and row[:2] != ("meta", "cases_from")]


def test_three_counties_rolled_up_equal_one_database_holding_all_three(counties, tmp_path, frozen_today):
    city = load_workbook(rolled(counties.files, tmp_path / "市.xlsx"))
    one = load_workbook(counties.combined)
    assert [s for s in city.sheetnames if s != COUNTY_SHEET] == one.sheetnames
    for title in one.sheetnames:
        if title == "汇总数据":
            assert data_rows(city[title]) == data_rows(one[title])
        else:
            assert sheet_cells(city[title]) == sheet_cells(one[title]), title
    # Not a comparison of two empty reports: every county has cases this month, units and mediators.
    rows = {row[2]: row[3] for row in sheet_cells(one["汇总数据"]) if row[0] == "count" and row[1] == 0}
    assert rows["accepted"] > 20 and rows["resolved"] > 5
    mediators = {row[3] for row in sheet_cells(one["汇总数据"]) if row[0] == "by" and row[2] == "by_mediator"}
    assert {"甲县王建国", "乙县王建国", "丙县王建国"} <= mediators
    units = [row[3] for row in sheet_cells(one["汇总数据"]) if row[0] == "word" and row[1] == "units"]
    assert units == ["本会", "甲县城关分会", "甲县白沙镇联络站", "乙县城关分会", "乙县白沙镇联络站",
                     "丙县城关分会", "丙县白沙镇联络站"]


def test_the_county_sheet_lists_each_county_as_its_own_report_and_the_total(counties, tmp_path, frozen_today):
    city = load_workbook(rolled(counties.files, tmp_path / "市.xlsx"))
    sheet = sheet_cells(city[COUNTY_SHEET])
    header = list(sheet[2])
    accepted_col, rate_col = header.index("受理投诉"), header.index("投诉解决率")
    lines = {row[0]: row for row in sheet[4:8]}
    assert list(lines) == [name for name, _, _ in rollup_counties.COUNTIES] + ["合计"]
    parts = []
    for (name, _, _), path in zip(rollup_counties.COUNTIES, counties.files):
        own = {row[0]: row for row in sheet_cells(load_workbook(path)["汇总"])[4:]}
        assert lines[name][accepted_col] == own["受理投诉"][2]
        assert lines[name][rate_col] == own["投诉解决率"][2]
        parts.append((own["解决"][2], own["受理投诉"][2]))
    resolved, accepted = sum(p[0] for p in parts), sum(p[1] for p in parts)
    assert lines["合计"][accepted_col] == accepted
    # The city's rate from the summed parts, not the mean of the counties' rates.
    exact = (Decimal(resolved) * 100 / accepted).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert Decimal(str(lines["合计"][rate_col])) == exact
    summary = sheet_cells(city["汇总"])
    assert summary[6][0] == "投诉解决率" and Decimal(str(summary[6][2])) == exact


def test_a_workbook_resaved_by_libreoffice_still_rolls_up(counties, tmp_path, frozen_today):
    resaved = libreoffice.convert(counties.files[0], "xlsx", tmp_path / "resaved")
    assert load_workbook(resaved)["汇总数据"].sheet_state == "hidden"
    plain = load_workbook(rolled(counties.files, tmp_path / "市.xlsx"))
    through = load_workbook(rolled([resaved, *counties.files[1:]], tmp_path / "市2.xlsx"))
    for title in plain.sheetnames:
        assert sheet_cells(through[title]) == sheet_cells(plain[title]), title


def test_the_command_line_rolls_up_without_a_database(counties, tmp_path, capsys, frozen_today):
    out = tmp_path / "市.xlsx"
    never = tmp_path / "no-data-here"
    code = main(["--data-dir", str(never), "rollup", "--out", str(out), "--name", "某市消费者协会",
                 *map(str, counties.files)])
    printed = capsys.readouterr().out.strip()
    assert code == 0 and out.is_file() and not never.exists()
    assert printed.startswith(f"已生成汇总报表 {out}：2026年11月，3 个县（市、区），受理投诉 ") and "\n" not in printed
    assert load_workbook(out)["汇总"]["A1"].value.startswith("某市消费者协会消费者投诉统计表（2026年11月）")


def test_the_command_line_refuses_with_one_line_and_writes_nothing(counties, tmp_path, capsys, frozen_today):
    out = tmp_path / "市.xlsx"
    code = main(["rollup", "--out", str(out), str(counties.files[0]), str(counties.october)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and not out.exists()
    assert err.startswith("错误：文件“甲县10月.xlsx”是2026年10月") and "同一期间" in err and "\n" not in err
    code = main(["rollup", "--out", str(counties.files[0]), *map(str, counties.files)])
    assert code == 1 and "输出文件" in capsys.readouterr().err


def test_a_county_without_last_years_cases_is_said_so(counties, tmp_path, frozen_today, capsys):
    out = tmp_path / "市.xlsx"
    assert main(["rollup", "--out", str(out), str(counties.files[0]), str(counties.late)]) == 0
    said = capsys.readouterr()
    assert said.err.strip() == ("提示：丁县消费者协会的案件自2026-11-05起才有记录，2025-01-01起的对比列只含该县此后的数字")
    summary = sheet_cells(load_workbook(out)["汇总"])
    notes = [row[0] for row in summary if row[0] and str(row[0]).startswith("注意：")]
    assert notes == ["注意：丁县消费者协会的案件自2026-11-05起才有记录，2025-01-01起的对比列只含该县此后的数字。"]
    plain = load_workbook(rolled(counties.files, tmp_path / "三县.xlsx"))
    assert not [row for row in sheet_cells(plain["汇总"]) if row[0] and str(row[0]).startswith("注意：")]
    meta = {row[1]: row[2] for row in sheet_cells(load_workbook(counties.late)["汇总数据"]) if row[0] == "meta"}
    assert meta["cases_from"] == "2026-11-05"


def test_a_roll_up_with_its_businesses_in_many_cells_reads_back_whole(counties, tmp_path, frozen_today, monkeypatch):
    from app.services import report_data
    city = roll_up([read_county_report(f) for f in counties.files], rollup_counties.CITY)
    monkeypatch.setattr(report_data, "CHUNK", 300)          # the real cells hold 30,000 characters
    path = write_report(city, tmp_path / "市.xlsx")
    cells = [row for row in sheet_cells(load_workbook(path)["汇总数据"]) if row[0] == "businesses"]
    assert len(cells) > 3
    assert sorted(read_county_report(path).businesses) == sorted(city.businesses) and len(city.businesses) >= 20
