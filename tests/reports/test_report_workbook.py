"""The monthly report workbook read back cell by cell: every headline cell and every breakdown row
against figures the test counts itself from the scenario's facts — this month, the same month
last year, both years to date, and the change of share in percentage points."""
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.domain import periods
from app.domain.classification import GOODS_MAJORS, NATURES, SERVICE_MAJORS, TOP_LEVELS
from app.domain.codes import CHANNELS, OUTCOMES, SATISFACTION
from app.reports.excel.report_workbook import write_report
from app.services import registration
from app.services.context import SYSTEM
from app.services.statistics_report import build_report
from tests import libreoffice
from tests.factories import complaint
from tests.reports import report_scenario as sc

FIRST_DATA = 5
MINOR_LABELS = {"G0101": "家用电器", "G0102": "通讯类产品", "G0301": "食品", "S0101": "餐饮服务", "S0601": "移动电话服务"}


@pytest.fixture
def workbook(sqlite_db, tmp_path):
    scenario = sc.build()
    path = write_report(build_report(periods.month(2026, 11)), tmp_path / "月报.xlsx")
    return scenario, load_workbook(path)


def same(actual, expected) -> bool:
    if expected is None:
        return actual is None
    return isinstance(actual, (int, float)) and not isinstance(actual, bool) and float(actual) == float(expected)


def table_rows(ws) -> dict[str, list]:
    rows = {}
    for row in ws.iter_rows(min_row=FIRST_DATA, values_only=True):
        if row[0] is None or str(row[0]).startswith("注："):
            break
        rows[row[0]] = list(row[1:])
    return rows


def expected_breakdown(facts, date_field: str, groups: list[tuple[str, object]], total: str | None = None):
    """label → [count, share, count, share, change] for both column pairs, counted from the facts."""
    def cells(match):
        values = []
        for pair in (0, 1):
            parts = []
            for span in sc.COLUMNS[2 * pair:2 * pair + 2]:
                base = [f for f in facts if sc.within(getattr(f, date_field), span)]
                n = sum(1 for f in base if match(f))
                parts.append((n, len(base)))
                values += [n, sc.pct(n, len(base))]
            values.append(sc.points(parts[0], parts[1]))        # from the exact shares
        return values
    expected = {label: cells(match) for label, match in groups}
    if total:
        expected[total] = cells(lambda f: any(match(f) for _, match in groups))
    return expected


def check_rows(ws, expected: dict) -> None:
    actual = table_rows(ws)
    assert list(actual) == list(expected), ws.title
    for label, values in expected.items():
        row = actual[label]
        assert all(same(a, e) for a, e in zip(row, values)), (ws.title, label, row, values)


def test_every_headline_cell(workbook):
    scenario, wb = workbook
    facts, ws = scenario.facts, wb["汇总"]
    assert ws["A1"].value == "某某县消费者协会消费者投诉统计表（2026年11月）——主要指标"
    assert [ws.cell(4, c).value for c in range(3, 11)] == ["本月", "去年同月", "增减", "同比（%）",
                                                          "本年累计", "去年同期累计", "增减", "同比（%）"]

    def column_values(getter):
        return [getter(span) for span in sc.COLUMNS]

    def consulted(span):
        return sum(n for day, n, _ in scenario.consultations if sc.within(day, span))

    def rate(part, whole):
        return lambda span: sc.pct(part(span), whole(span))

    def accepted(span):
        return sc.count(facts, "accepted", span)

    def resolved(span):
        return sc.resolved(facts, span)

    def closed_as(outcome):
        return lambda span: sc.count(facts, "closed", span, outcome=outcome)

    def levels(span):
        return [lvl for day, lvl, _ in scenario.followups if sc.within(day, span)]

    def punished(span):
        return [f for f in facts if sc.within(f.closed, span) and (f.punitive or 0) > 0]

    def wan(span):
        return (sc.money(facts, "recovered", span) / 10000).quantize(Decimal("0.0001"), "ROUND_HALF_UP")
    rows = {
        ("受理投诉", "件"): ("count", column_values(accepted)),
        ("解决", "件"): ("count", column_values(resolved)),
        ("投诉解决率", "%"): ("rate", column_values(rate(resolved, accepted))),
        ("为消费者挽回经济损失", "元"): ("money", column_values(lambda s: sc.money(facts, "recovered", s))),
        ("为消费者挽回经济损失", "万元"): ("wan", column_values(wan)),
        ("加倍赔偿", "件"): ("count", column_values(lambda s: len(punished(s)))),
        ("加倍赔偿金额", "元"): ("money", column_values(lambda s: sum((f.punitive for f in punished(s)), Decimal(0)))),
        ("接待来访和咨询", "人次"): ("count", column_values(consulted)),
        ("登记投诉", "件"): ("count", column_values(lambda s: sc.count(facts, "received", s))),
        ("办结", "件"): ("count", column_values(lambda s: sc.count(facts, "closed", s))),
        ("调解成功率", "%"): ("rate", column_values(rate(closed_as("mediated"),
                                                      lambda s: closed_as("mediated")(s) + closed_as("terminated")(s)))),
        ("回访满意率", "%"): ("rate", column_values(lambda s: sc.pct(
            sum(1 for lvl in levels(s) if lvl in ("very_satisfied", "satisfied")), len(levels(s))))),
    }
    def satisfied(span):
        return sum(1 for lvl in levels(span) if lvl in ("very_satisfied", "satisfied"))
    rate_parts = {("投诉解决率", "%"): (resolved, accepted),
                  ("调解成功率", "%"): (closed_as("mediated"),
                                     lambda s: closed_as("mediated")(s) + closed_as("terminated")(s)),
                  ("回访满意率", "%"): (satisfied, lambda s: len(levels(s)))}
    found = {}
    for row in ws.iter_rows(min_row=FIRST_DATA, max_row=FIRST_DATA + len(rows) - 1):
        found[(row[0].value, row[1].value)] = row
    assert list(found) == list(rows)
    for key, (kind, values) in rows.items():
        cells = found[key]
        growth_basis = column_values(lambda s: sc.money(facts, "recovered", s)) if kind == "wan" else values
        for pair in (0, 1):
            now, before = values[2 * pair], values[2 * pair + 1]
            change = None if now is None or before is None else now - before
            if key in rate_parts:           # percentage points from the exact rates
                part, whole = rate_parts[key]
                span_now, span_before = sc.COLUMNS[2 * pair:2 * pair + 2]
                change = sc.points((part(span_now), whole(span_now)), (part(span_before), whole(span_before)))
            base_now, base_before = growth_basis[2 * pair], growth_basis[2 * pair + 1]
            growth = None if kind == "rate" or not base_before else sc.pct(Decimal(base_now) - base_before, base_before)
            got = [c.value for c in cells[2 + 4 * pair:6 + 4 * pair]]
            assert all(same(a, e) for a, e in zip(got, [now, before, change, growth])), (key, pair, got)
    assert found[("受理投诉", "件")][2].value == 5                       # A–E accepted in November 2026
    assert found[("为消费者挽回经济损失", "元")][2].number_format == "#,##0.00"
    assert found[("受理投诉", "件")][4].number_format == '"↑"#,##0;"↓"#,##0;0'


def test_every_breakdown_row(workbook):
    scenario, wb = workbook
    facts = scenario.facts
    check_rows(wb["投诉性质"], expected_breakdown(
        facts, "accepted", [(lbl, lambda f, c=c: f.nature == c) for c, lbl in NATURES], "合计"))
    check_rows(wb["商品和服务类别构成"], expected_breakdown(
        facts, "accepted", [(lbl, lambda f, p=c: {"G": "T1", "S": "T2"}.get(f.category[0], "T3") == p)
                            for c, lbl in TOP_LEVELS], "合计"))
    check_rows(wb["商品大类"], expected_breakdown(
        facts, "accepted", [(lbl, lambda f, c=c: f.category[:3] == c) for c, lbl in GOODS_MAJORS], "商品类小计"))
    check_rows(wb["服务大类"], expected_breakdown(
        facts, "accepted", [(lbl, lambda f, c=c: f.category[:3] == c) for c, lbl in SERVICE_MAJORS], "服务类小计"))
    month = [f for f in facts if sc.within(f.accepted, sc.MONTH)]
    top = sorted({f.category for f in month}, key=lambda c: (-sum(f.category == c for f in month), c))
    check_rows(wb["细类前十位"], expected_breakdown(
        facts, "accepted", [(MINOR_LABELS[c], lambda f, c=c: f.category == c) for c in top]))
    check_rows(wb["投诉来源渠道"], expected_breakdown(
        facts, "accepted", [(lbl, lambda f, c=c: f.channel == c) for c, lbl in CHANNELS], "合计"))
    check_rows(wb["办结方式"], expected_breakdown(
        facts, "closed", [(lbl, lambda f, c=c: f.outcome == c) for c, lbl in OUTCOMES], "合计"))
    check_rows(wb["承办单位"], expected_breakdown(
        facts, "accepted", [("本会", lambda f: f.unit == "U00"), ("城关分会", lambda f: f.unit == "U01")], "合计"))


def test_mediator_and_satisfaction_sheets(workbook):
    scenario, wb = workbook
    facts = scenario.facts
    # most cases first; 李秀英 and 王建国 both have 2 this month, so by name
    mediators = expected_breakdown(facts, "accepted", [
        ("李秀英", lambda f: f.mediator == "李秀英"), ("王建国", lambda f: f.mediator == "王建国"),
        ("未指定调解员", lambda f: f.mediator is None)], "合计")
    rows = table_rows(wb["调解员工作量"])
    assert list(rows) == list(mediators)
    for name, values in mediators.items():
        closed = [f for f in facts if sc.within(f.closed, sc.MONTH) and (name == "合计" or f.mediator == (
            None if name == "未指定调解员" else name))]
        n = {o: sum(f.outcome == o for f in closed) for o in ("mediated", "settled", "terminated")}
        extras = [len(closed), n["mediated"], n["settled"], n["terminated"],
                  sc.pct(n["mediated"], n["mediated"] + n["terminated"])]
        assert all(same(a, e) for a, e in zip(rows[name], values + extras)), (name, rows[name])
    followed = [(day, lvl) for day, lvl, _ in scenario.followups]

    class Follow:        # the follow-ups as facts, dated by the day they were recorded
        def __init__(self, day, level):
            self.day, self.level = day, level
    check_rows(wb["回访满意度"], expected_breakdown(
        [Follow(d, lvl) for d, lvl in followed], "day",
        [(lbl, lambda f, c=c: f.level == c) for c, lbl in SATISFACTION], "合计"))


def test_lists_print_setup_and_charts(workbook):
    _, wb = workbook
    businesses = [row for row in wb["被投诉较多的经营者"].iter_rows(min_row=FIRST_DATA, max_row=6, values_only=True)]
    assert businesses == [(1, "某县鑫源家电", "91110000600037341L", 3, 2), (2, "某县好味餐馆", None, 2, 0)]
    typical = wb["典型案例"]
    assert typical.cell(FIRST_DATA, 1).value == "消调〔2026〕第1号"
    assert typical.cell(FIRST_DATA, 2).value.date() == date(2026, 11, 20)
    assert typical.cell(FIRST_DATA, 6).value == sc.FACTS[0].typical
    printed = [ws for ws in wb.worksheets if not ws.title.endswith("图") and ws.sheet_state == "visible"]
    assert [ws.title for ws in wb.worksheets if ws not in printed and not ws.title.endswith("图")] == ["汇总数据"]
    for ws in printed:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.print_title_rows == "$3:$4" and "&P" in ws.oddFooter.center.text, ws.title
        assert "2026年11月" in ws["A1"].value
    charted = [(ws.title, len(ws._charts)) for ws in wb.worksheets if ws._charts]
    assert charted == [("投诉性质图", 1), ("商品大类图", 1), ("服务大类图", 1)]   # none under a table's headers
    assert wb.sheetnames.index("投诉性质图") == wb.sheetnames.index("投诉性质") + 1
    chart_page = wb["投诉性质图"]
    assert chart_page.page_setup.orientation == "landscape" and chart_page.print_title_rows is None


def test_libreoffice_prints_each_chart_alone_on_its_page(workbook, tmp_path):
    pdf = libreoffice.convert(tmp_path / "月报.xlsx", "pdf", tmp_path / "printed")
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        texts = [(page.dedupe_chars().extract_text() or "").replace(" ", "") for page in doc.pages]
    charts = [t for t in texts if "投诉性质（图）" in t]
    assert len(charts) == 1, texts
    assert "投诉性质（件）" in charts[0] and "件数" in charts[0]           # the chart itself printed
    assert "占比变化" not in charts[0] and "占比（%）" not in charts[0]    # with no table header above it


def test_year_report_has_one_column_pair_and_text_stays_text(sqlite_db, tmp_path):
    registration.register(SYSTEM, complaint(business_kw={"name": "=HYPERLINK(\"http://x\",\"点我\")",
                                                         "credit_code": ""}))
    case = registration.register(SYSTEM, complaint(person_kw={"name": "李四", "phone": "13900001111"},
                                                   business_kw={"name": "=HYPERLINK(\"http://x\",\"点我\")",
                                                                "credit_code": ""}))
    from app.services import workflow
    workflow.accept(SYSTEM, case.case_id, day=date(2026, 11, 3))
    wb = load_workbook(write_report(build_report(periods.year(2026)), tmp_path / "年报.xlsx"))
    assert [wb["汇总"].cell(4, c).value for c in range(3, 7)] == ["本年", "上年", "增减", "同比（%）"]
    assert wb["汇总"].cell(FIRST_DATA, 7).value is None
    cell = wb["被投诉较多的经营者"].cell(FIRST_DATA, 2)
    assert cell.value == "=HYPERLINK(\"http://x\",\"点我\")" and cell.data_type == "s" and cell.quotePrefix
