"""The roll-up's sheet 各县（市、区）分列: each county's headline figures of the period, one row per
county in the order the files were given, and the city's total, whose rates come from the summed
parts (the same figures as the summary sheet), not from the counties' rates."""
from __future__ import annotations

from pathlib import Path

from app.domain.errors import ValidationFailed
from app.reports.excel import report_workbook as rw
from app.reports.excel import styles as st
from app.services.statistics_report import StatisticsReport, headline_rows

SKIPPED = ("recovered_wan",)       # the 元 column is there; 万元 would only repeat it


def county_sheet(ws, report: StatisticsReport) -> None:
    rows = [r for r in report.headline if r.key not in SKIPPED]
    width = 1 + len(rows)
    rw._title(ws, report, f"各县（市、区）分列（{report.column_names[0]}）", width)
    rw._header(ws, rw.HEADER_TOP, 1, "县（市、区）消协", rows=2)
    for col, row in enumerate(rows, 2):
        rw._header(ws, rw.HEADER_TOP, col, row.label)
        rw._header(ws, rw.HEADER_BOTTOM, col, f"（{row.unit}）")
    ws.row_dimensions[rw.HEADER_TOP].height = 45         # the long indicator names wrap onto three lines
    lines = [(county.association, {r.key: r for r in headline_rows([county.figures[0]])}) for county in report.counties]
    lines.append(("合计", {r.key: r for r in report.headline}))
    for index, (name, by_key) in enumerate(lines):
        r, total = rw.FIRST_DATA + index, name == "合计" and index == len(lines) - 1
        rw._data(ws, r, 1, name, bold=total, text=True)
        for col, row in enumerate(rows, 2):
            rw._data(ws, r, col, by_key[row.key].values[0], rw._value_format(row.kind, row.unit), total)
    rw._note(ws, rw.FIRST_DATA + len(lines) + 1, width,
             "注：各县数字取自各县报表的汇总数据；合计的投诉解决率、调解成功率、回访满意率由各县分子、分母之和重新计算，不是各县比率的平均。")
    rw._widths(ws, [24] + [11] * len(rows))
    ws.freeze_panes = ws.cell(rw.FIRST_DATA, 2)
    st.page_setup(ws, landscape=True, title_rows=f"{rw.HEADER_TOP}:{rw.HEADER_BOTTOM}")


def write_rollup(files: list[Path], counties: list, out: Path, name: str) -> StatisticsReport:
    """The city's report of `counties` (read from `files`) written to `out` — for the command and
    the dialog alike; refused when `out` is one of the files it adds up."""
    from app.services.rollup import roll_up
    if any(Path(f).resolve() == out.resolve() for f in files):
        raise ValidationFailed(message=f"输出文件“{out.name}”是要汇总的报表之一；请另选输出文件名")
    report = roll_up(counties, name)
    rw.write_report(report, out)
    return report
