"""The statistics report as an Excel workbook in the 消协 layout: a summary sheet with the headline
indicators and one sheet per breakdown, every figure beside the same period last year (and, for a
month, the year to date). Numbers are numbers; arrows come from number formats; native charts for
nature and categories; A4, fitted to width, header rows repeated, page numbers in the footer."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.utils import get_column_letter

from app.file_modes import as_saved_by_user
from app.domain.codes import OUTCOMES
from app.reports.excel import styles as st
from app.services.context import today
from app.services.report_data import SHEET, summary_rows
from app.services.statistics_report import BreakdownTable, StatisticsReport

HEADER_TOP, HEADER_BOTTOM = 3, 4      # rows of the two-level header, repeated on every page
FIRST_DATA = 5
COUNTY_SHEET = "各县（市、区）分列"
SHARE_NOTE = "注：占比为{basis}的比重（%）；占比变化 = 本期占比 − 对比期占比，单位为百分点，↑上升、↓下降。"


def write_report(report: StatisticsReport, path: Path | str) -> Path:
    wb = Workbook()
    _summary_sheet(wb.active, report)
    for table in report.tables:
        _breakdown_sheet(wb.create_sheet(table.title[:31]), report, table)
        if table.chart and len(table.rows) > 1:
            _chart_sheet(wb, report, table)
    _business_sheet(wb.create_sheet("被投诉较多的经营者"), report)
    _typical_sheet(wb.create_sheet("典型案例"), report)
    if report.counties:
        from app.reports.excel.rollup_sheet import county_sheet
        county_sheet(wb.create_sheet(COUNTY_SHEET), report)
    _data_sheet(wb.create_sheet(SHEET), report)
    wb.properties.title = report.title
    wb.properties.creator = report.org_name
    path = Path(path)
    wb.save(path)
    return as_saved_by_user(path)


# ---------------------------------------------------------------- shared parts
def _title(ws, report: StatisticsReport, subject: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    cell = ws.cell(1, 1)
    st.put_text(cell, f"{report.title}——{subject}")
    cell.font, cell.alignment = st.TITLE, st.CENTER
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    unit = report.unit_label or "全部"
    periods = "；".join(f"{name}：{p.dates}" for name, p in zip(report.column_names, report.periods))
    cell = ws.cell(2, 1, f"承办单位：{unit}　　{periods}　　制表日期：{today().isoformat()}")
    cell.font, cell.alignment = st.SUBTITLE, st.LEFT
    ws.row_dimensions[2].height = 30


def _header(ws, row: int, col: int, text: str, span: int = 1, rows: int = 1) -> None:
    if span > 1 or rows > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + span - 1)
    for r in range(row, row + rows):
        for c in range(col, col + span):
            cell = ws.cell(r, c)
            cell.font, cell.fill, cell.border, cell.alignment = st.HEADER, st.HEADER_FILL, st.GRID, st.CENTER
    ws.cell(row, col).value = text


def _data(ws, row: int, col: int, value, number_format: str = "", bold: bool = False, text: bool = False):
    cell = ws.cell(row, col)
    if text:
        st.put_text(cell, value)
        cell.alignment = st.LEFT
    else:
        cell.value = value
        cell.alignment = st.RIGHT
    if number_format:
        cell.number_format = number_format
    cell.font, cell.border = (st.TOTAL if bold else st.BODY), st.GRID
    if bold:
        cell.fill = st.TOTAL_FILL
    return cell


def _widths(ws, widths: list[float]) -> None:
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _note(ws, row: int, width: int, text: str) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = ws.cell(row, 1, text)
    cell.font, cell.alignment = st.NOTE, st.LEFT
    ws.row_dimensions[row].height = 30


# ---------------------------------------------------------------- 汇总
def _summary_sheet(ws, report: StatisticsReport) -> None:
    ws.title = "汇总"
    width = 2 + 4 * report.pairs
    _title(ws, report, "主要指标", width)
    _header(ws, HEADER_TOP, 1, "指标", rows=2)
    _header(ws, HEADER_TOP, 2, "单位", rows=2)
    for pair in range(report.pairs):
        col = 3 + 4 * pair
        _header(ws, HEADER_TOP, col, f"{report.column_names[2 * pair]}与{report.column_names[2 * pair + 1]}", span=4)
        for offset, text in enumerate((report.column_names[2 * pair], report.column_names[2 * pair + 1],
                                       "增减", "同比（%）")):
            _header(ws, HEADER_BOTTOM, col + offset, text)
    for index, row in enumerate(report.headline):
        r = FIRST_DATA + index
        _data(ws, r, 1, row.label, text=True)
        _data(ws, r, 2, row.unit, text=True).alignment = st.CENTER
        value_format = _value_format(row.kind, row.unit)
        change_format = st.CHANGE["wan" if row.unit == "万元" else row.kind]
        for pair in range(report.pairs):
            col = 3 + 4 * pair
            _data(ws, r, col, row.values[2 * pair], value_format)
            _data(ws, r, col + 1, row.values[2 * pair + 1], value_format)
            _data(ws, r, col + 2, row.change(pair), change_format)
            _data(ws, r, col + 3, row.growth(pair), st.CHANGE["rate"])
    last = FIRST_DATA + len(report.headline)
    _note(ws, last + 1, width, "注：受理投诉按受理日期统计；解决（调解成功、自行和解）、挽回经济损失、加倍赔偿、办结按办结日期统计；"
          "投诉解决率 = 解决 ÷ 受理投诉；接待来访和咨询 = 来访咨询登记人次（投诉另计）；调解成功率 = 调解成功 ÷（调解成功 + 终止调解）；"
          "回访满意率 =（非常满意 + 满意）÷ 回访总数；司法确认按人民法院裁定日期统计。增减为本期减对比期，率的增减单位为百分点。")
    ws.row_dimensions[last + 1].height = 58
    if report.notes:
        _note(ws, last + 2, width, "注意：" + "；".join(report.notes) + "。")
        ws.row_dimensions[last + 2].height = 20 + 15 * len(report.notes)
    _widths(ws, [26, 7] + [13, 13, 11, 10] * report.pairs)
    ws.freeze_panes = ws.cell(FIRST_DATA, 3)
    st.page_setup(ws, landscape=report.pairs > 1, title_rows=f"{HEADER_TOP}:{HEADER_BOTTOM}")


def _value_format(kind: str, unit: str) -> str:
    if unit == "万元":
        return st.WAN
    return {"count": st.COUNT, "money": st.MONEY, "rate": st.SHARE}[kind]


# ---------------------------------------------------------------- breakdown sheets
def _breakdown_sheet(ws, report: StatisticsReport, table: BreakdownTable) -> None:
    extras = len(table.extra_headers)
    width = 1 + 5 * report.pairs + extras
    _title(ws, report, table.title, width)
    _header(ws, HEADER_TOP, 1, table.title, rows=2)
    for pair in range(report.pairs):
        col = 2 + 5 * pair
        for side in range(2):
            _header(ws, HEADER_TOP, col + 2 * side, report.column_names[2 * pair + side], span=2)
            _header(ws, HEADER_BOTTOM, col + 2 * side, "件数")
            _header(ws, HEADER_BOTTOM, col + 2 * side + 1, "占比（%）")
        _header(ws, HEADER_TOP, col + 4, "占比变化\n（百分点）", rows=2)
    if extras:
        first = 2 + 5 * report.pairs
        _header(ws, HEADER_TOP, first, f"{report.column_names[0]}办结情况", span=extras)
        for offset, text in enumerate(table.extra_headers):
            _header(ws, HEADER_BOTTOM, first + offset, text)
    for index, row in enumerate(table.rows):
        r = FIRST_DATA + index
        _data(ws, r, 1, row.label, bold=row.total, text=True)
        for pair in range(report.pairs):
            col = 2 + 5 * pair
            for side in range(2):
                cell = row.cells[2 * pair + side]
                _data(ws, r, col + 2 * side, cell.count, st.COUNT, row.total)
                _data(ws, r, col + 2 * side + 1, cell.share, st.SHARE, row.total)
            _data(ws, r, col + 4, row.change(pair), st.CHANGE["rate"], row.total)
        for offset, value in enumerate(row.extras):
            last_is_rate = offset == extras - 1 and table.extra_headers[-1].endswith("（%）")
            _data(ws, r, 2 + 5 * report.pairs + offset, value, st.SHARE if last_is_rate else st.COUNT, row.total)
    end = FIRST_DATA + len(table.rows)
    _note(ws, end + 1, width, SHARE_NOTE.format(basis=table.basis))
    widths = [22] + [9, 9, 9, 9, 11] * report.pairs + [9] * max(0, extras - 1) + [12] * min(1, extras)
    _widths(ws, widths)
    ws.freeze_panes = ws.cell(FIRST_DATA, 2)
    st.page_setup(ws, landscape=report.pairs > 1 or extras > 0, title_rows=f"{HEADER_TOP}:{HEADER_BOTTOM}")


def _chart_sheet(wb, report: StatisticsReport, table: BreakdownTable) -> None:
    """The table's chart on a sheet of its own, right after it: it prints alone on a landscape page,
    not under the table's repeated header rows (a chart below the table on the same sheet got
    them on its page). A worksheet rather than an Excel chart sheet, which LibreOffice prints blank."""
    source = wb[table.title[:31]]
    sheet = wb.create_sheet(f"{table.title[:29]}图")
    _title(sheet, report, f"{table.title}（图）", 12)
    chart = _chart(source, report, table)
    chart.width, chart.height = 24.0, 14.0         # cm: a landscape A4 page inside its margins
    sheet.add_chart(chart, "A3")
    st.page_setup(sheet, landscape=True)


def _chart(ws, report: StatisticsReport, table: BreakdownTable) -> BarChart:
    """Clustered bars: this period and the same period last year, per category (totals left out)."""
    rows = [r for r in table.rows if not r.total]
    chart = BarChart()
    chart.type = "bar" if len(rows) > 8 else "col"
    chart.title = f"{table.title}（件）"
    chart.style = 10
    chart.y_axis.title = "件数"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for side, column in enumerate((2, 4)):   # the two count columns of the first pair
        data = Reference(ws, min_col=column, min_row=FIRST_DATA, max_row=FIRST_DATA + len(rows) - 1)
        chart.series.append(Series(data, title=report.column_names[side]))
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_DATA, max_row=FIRST_DATA + len(rows) - 1))
    if chart.type == "bar":
        chart.x_axis.scaling.orientation = "maxMin"   # first row at the top, as in the table
    return chart


# ---------------------------------------------------------------- lists
def _business_sheet(ws, report: StatisticsReport) -> None:
    figures = report.figures[0]
    _title(ws, report, "被投诉较多的经营者（前十位）", 5)
    for col, text in enumerate(("排名", "经营者名称", "统一社会信用代码", "受理投诉（件）", "解决（件）"), 1):
        _header(ws, HEADER_TOP, col, text, rows=2)
    for index, item in enumerate(figures.top_businesses):
        r = FIRST_DATA + index
        _data(ws, r, 1, f"并列{item.rank}" if item.tied else item.rank, None if item.tied else st.COUNT,
              text=item.tied)
        _data(ws, r, 2, item.name, text=True)
        _data(ws, r, 3, item.credit_code, text=True)
        _data(ws, r, 4, item.accepted, st.COUNT)
        _data(ws, r, 5, item.resolved, st.COUNT)
    end = FIRST_DATA + len(figures.top_businesses)
    more = (f"另有{figures.top_left_out}家经营者与最后一位件数相同，未列出。" if figures.top_left_out else "")
    _note(ws, end + 1, 5, f"注：按{report.column_names[0]}受理投诉件数排列，件数相同者并列，与第十位件数相同的"
          f"一并列出；解决为该经营者在{report.column_names[0]}办结且调解成功或自行和解的件数。{more}")
    _widths(ws, [7, 40, 22, 14, 12])
    st.page_setup(ws, landscape=False, title_rows=f"{HEADER_TOP}:{HEADER_BOTTOM}")


def _typical_sheet(ws, report: StatisticsReport) -> None:
    figures = report.figures[0]
    categories = report.names.category_labels
    heads = ("案件编号", "办结日期", "被投诉人", "商品或服务类别", "办结方式", "简要案情")
    _title(ws, report, "典型案例", len(heads))
    for col, text in enumerate(heads, 1):
        _header(ws, HEADER_TOP, col, text, rows=2)
    for index, case in enumerate(figures.typical):
        r = FIRST_DATA + index
        _data(ws, r, 1, case.number, text=True)
        _data(ws, r, 2, case.closed_date, st.DATE)
        _data(ws, r, 3, case.business, text=True)
        _data(ws, r, 4, categories.get(case.category_code, case.category_code), text=True)
        _data(ws, r, 5, OUTCOMES.label(case.outcome), text=True)
        _data(ws, r, 6, case.summary, text=True).alignment = st.WRAP_TOP
    if not figures.typical:
        _note(ws, FIRST_DATA, len(heads), f"{report.column_names[0]}办结的案件中没有标记为典型案例的。")
    _widths(ws, [22, 12, 26, 16, 16, 60])
    st.page_setup(ws, landscape=True, title_rows=f"{HEADER_TOP}:{HEADER_BOTTOM}")


# ---------------------------------------------------------------- 汇总数据
def _data_sheet(ws, report: StatisticsReport) -> None:
    """The raw figures a city's roll-up reads back (app/services/report_data.py), hidden: plain
    cells only, text written as text (a name starting with "=" never becomes a formula)."""
    for r, row in enumerate(summary_rows(report), 1):
        row = [st.printable(v) for v in row]
        if not any(st.formula_like(v) for v in row):
            ws.append(row)            # a year's thousands of business rows: append is ~4× faster than cell by cell
            continue
        for c, value in enumerate(row, 1):
            if isinstance(value, str):
                st.put_text(ws.cell(r, c), value)
            else:
                ws.cell(r, c).value = value
    ws.sheet_state = "hidden"
