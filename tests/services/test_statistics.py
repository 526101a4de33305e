"""The figures of docs/rules.md §8 for a month, its same month last year and both years to date,
compared with counts the test makes itself from the known facts of the scenario."""
from datetime import date
from decimal import Decimal

import pytest

from app.domain import periods
from app.domain.money import to_wan
from app.services.statistics import period_figures
from app.services.statistics_report import build_report
from tests.reports import report_scenario as sc


@pytest.fixture
def scenario(db):
    return sc.build()


def test_headline_figures_of_each_column_follow_the_definitions(scenario):
    report = build_report(periods.month(2026, 11))
    assert [p.dates for p in report.periods] == [
        "2026-11-01至2026-11-30", "2025-11-01至2025-11-30", "2026-01-01至2026-11-30", "2025-01-01至2025-11-30"]
    facts = scenario.facts
    for column, span in enumerate(sc.COLUMNS):
        figures = report.figures[column]
        accepted = sc.count(facts, "accepted", span)
        resolved = sc.resolved(facts, span)
        assert figures.accepted == accepted, span
        assert figures.resolved == resolved, span
        assert figures.resolution_rate == sc.pct(resolved, accepted), span
        recovered = sc.money(facts, "recovered", span)
        assert figures.recovered == recovered and figures.recovered_wan == to_wan(recovered), span
        punished = [f for f in facts if sc.within(f.closed, span) and (f.punitive or 0) > 0]
        assert figures.punitive_count == len(punished), span
        assert figures.punitive_sum == sum((f.punitive for f in punished), Decimal("0.00")), span
        consulted = sum(n for day, n, _ in scenario.consultations if sc.within(day, span))
        # 接待来访和咨询 is the log alone; complaints are counted in their own row
        assert figures.reception == consulted, span
        assert figures.registered == sc.count(facts, "received", span), span
        mediated = sc.count(facts, "closed", span, outcome="mediated")
        terminated = sc.count(facts, "closed", span, outcome="terminated")
        assert figures.mediation_success_rate == sc.pct(mediated, mediated + terminated), span
        levels = [lvl for day, lvl, _ in scenario.followups if sc.within(day, span)]
        happy = sum(1 for lvl in levels if lvl in ("very_satisfied", "satisfied"))
        assert figures.satisfied_rate == sc.pct(happy, len(levels)), span


def test_the_month_in_plain_numbers(scenario):
    """The same figures spelled out for 2026-11, so a reader can follow them case by case."""
    figures = build_report(periods.month(2026, 11)).figures[0]
    assert figures.accepted == 5                      # A B C D E (H was accepted in October)
    assert figures.resolved == 3                      # A (mediated), B (settled), H (closed in November)
    assert figures.resolution_rate == Decimal("60.00")
    assert figures.recovered == Decimal("4700.50")    # 3000 + 500.50 + 1200
    assert figures.recovered_wan == Decimal("0.4701")
    assert (figures.punitive_count, figures.punitive_sum) == (2, Decimal("1600.00"))
    assert figures.reception == 5                     # consultations 3 + 2; no complaint among them
    assert figures.registered == 7                    # A–G, in their own row
    assert figures.mediation_success_rate == Decimal("66.67")   # A, H ÷ A, H, C
    assert figures.satisfied_rate == Decimal("66.67")           # A, C of A, B, C


def _exact_points(now, before) -> Decimal:
    """Percentage points between two exact shares, rounded once (an independent recount)."""
    from fractions import Fraction
    from decimal import ROUND_HALF_UP
    exact = Fraction(100 * now[0], now[1]) - Fraction(100 * before[0], before[1])
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_change_of_share_comes_from_the_exact_shares_not_the_rounded_ones():
    from app.services.statistics import points
    # 1 of 6 (16.67 %) against 1 of 3 (33.33 %): exactly −16.666…, so −16.67; the printed shares
    # subtracted would give −16.66
    assert points((1, 6), (1, 3)) == Decimal("-16.67")
    assert points((1, 3), (1, 2)) == Decimal("-16.67")
    assert points((1, 3), (0, 0)) is None


def test_breakdowns_with_last_year_and_change_of_share(scenario):
    report = build_report(periods.month(2026, 11))
    facts = scenario.facts
    checks = {"nature": ("nature", "质量", "N01"), "channel": ("channel", "电话", "phone")}
    for key, (field, label, code) in checks.items():
        row = next(r for r in report.table(key).rows if r.label == label)
        parts = []
        for column, span in enumerate(sc.COLUMNS):
            n, total = sc.count(facts, "accepted", span, **{field: code}), sc.count(facts, "accepted", span)
            assert (row.cells[column].count, row.cells[column].share) == (n, sc.pct(n, total)), (key, span)
            parts.append((n, total))
        assert row.change(0) == _exact_points(parts[0], parts[1])
        assert row.change(1) == _exact_points(parts[2], parts[3])
    goods = report.table("goods")
    appliance = next(r for r in goods.rows if r.label == "家用电子电器类")
    assert [c.count for c in appliance.cells] == [
        sum(1 for f in facts if sc.within(f.accepted, span) and f.category.startswith("G01")) for span in sc.COLUMNS]
    assert goods.rows[-1].label == "商品类小计"
    assert goods.rows[-1].cells[0].count == sum(1 for f in facts if sc.within(f.accepted, sc.MONTH)
                                                and f.category.startswith("G"))
    top = report.table("minor_top")
    # ties in the order of the codes: 食品 G0301 before 餐饮服务 S0101
    assert [(r.label, r.cells[0].count) for r in top.rows] == [("家用电器", 3), ("食品", 1), ("餐饮服务", 1)]


def test_outcomes_mediators_and_satisfaction(scenario):
    report = build_report(periods.month(2026, 11))
    outcome = {r.key: r.cells[0].count for r in report.table("outcome").rows}
    closed = [f for f in scenario.facts if sc.within(f.closed, sc.MONTH)]
    assert outcome["total"] == len(closed) == 5
    for code in ("mediated", "settled", "terminated", "rejected"):
        assert outcome[code] == sum(1 for f in closed if f.outcome == code)
    mediators = {r.label: r for r in report.table("mediator").rows}
    wang = mediators["王建国"]
    assert wang.cells[0].count == 2 and wang.cells[1].count == 1          # A, B; J last year
    assert wang.extras == [3, 2, 1, 0, Decimal("100.00")]               # closed A, B, H
    assert mediators["李秀英"].extras == [1, 0, 0, 1, Decimal("0.00")]    # C terminated
    assert mediators["未指定调解员"].cells[0].count == 1                   # E
    satisfaction = {r.key: r.cells[0].count for r in report.table("satisfaction").rows}
    assert satisfaction == {"very_satisfied": 1, "satisfied": 1, "neutral": 0, "unsatisfied": 1, "total": 3}


def test_reception_moves_with_the_log_and_not_with_complaints(scenario):
    """Registering a complaint leaves 接待来访和咨询 where it was; logging a consultation of 3 人次
    raises it by 3 — counted here from the log rows themselves, not from the figures."""
    from app.db.models import Consultation
    from app.services import consultations, registration
    from tests.factories import complaint
    from app.services.context import SYSTEM
    month = periods.month(2026, 11)

    def logged():
        return sum(c.count for c in Consultation.select() if month.start <= c.day <= month.end)
    before = period_figures(month)
    assert before.reception == logged()
    registration.register(SYSTEM, complaint(received_date=date(2026, 11, 20)))
    after_complaint = period_figures(month)
    assert after_complaint.registered == before.registered + 1
    assert after_complaint.reception == before.reception == logged()
    consultations.log_consultation(SYSTEM, "visit", "rights", 3, day=date(2026, 11, 21))
    assert period_figures(month).reception == logged() == before.reception + 3


def test_grounds_of_closed_cases_and_footing_of_accepted_ones(scenario):
    """不予受理 / 终止调解 by the ground of the order of each case's date of receipt, and 受理投诉
    by footing (a complaint transferred from the 12315 platform is entrusted), recounted here."""
    from app.domain import grounds
    report = build_report(periods.month(2026, 11))
    facts = scenario.facts
    rows = {r.key: r for r in report.table("grounds").rows}
    for column, span in enumerate(sc.COLUMNS):
        closed = [f for f in facts if sc.within(f.closed, span) and f.outcome in ("rejected", "terminated")]
        expected = {}
        for f in closed:
            if f.outcome == "rejected":
                key = f"reject:{grounds.pickable(grounds.REJECT, f.received)[0]}"
            else:
                key = "terminate:" + ("o20_a21_4" if grounds.order_for(f.received) == grounds.O20 else "a23_3")
            expected[key] = expected.get(key, 0) + 1
        got = {k: r.cells[column].count for k, r in rows.items() if k != "total" and r.cells[column].count}
        assert got == expected, span
        assert rows["total"].cells[column].count == len(closed), span
    for key, row in rows.items():
        if key != "total":
            kind, code = key.split(":")
            assert row.label == ("不予受理·" if kind == "reject" else "终止调解·") + grounds.ground(code).cite()
    basis = {r.key: r for r in report.table("basis").rows}
    for column, span in enumerate(sc.COLUMNS):
        entrusted = sc.count(facts, "accepted", span, channel="platform12315")
        assert basis["entrusted"].cells[column].count == entrusted, span
        assert basis["own"].cells[column].count == sc.count(facts, "accepted", span) - entrusted, span


def test_top_businesses_and_typical_cases(scenario):
    figures = build_report(periods.month(2026, 11)).figures[0]
    top = [(b.name, b.accepted, b.resolved) for b in figures.top_businesses]
    assert top == [("某县鑫源家电", 3, 2), ("某县好味餐馆", 2, 0)]
    assert [(t.number, t.summary) for t in figures.typical] == [("消调〔2026〕第1号", sc.FACTS[0].typical)]


def test_one_handling_unit(scenario):
    figures = period_figures(periods.month(2026, 11), "U01")
    assert figures.accepted == 1 and figures.resolved == 0                  # E only
    assert figures.reception == 2                                           # the consultations of U01 only
    assert figures.registered == 1                                          # E, counted apart
    report = build_report(periods.month(2026, 11), "U01")
    assert "城关分会" in report.title
    assert all(t.key != "unit" for t in report.tables)


def test_quarter_year_and_range_compare_with_the_same_span_last_year(scenario):
    quarter = build_report(periods.quarter(2026, 4))
    assert [p.dates for p in quarter.periods] == ["2026-10-01至2026-12-31", "2025-10-01至2025-12-31"]
    assert quarter.column_names == ["本季度", "去年同季度"]
    assert quarter.figures[0].accepted == 6 and quarter.figures[1].accepted == 3   # A–E, H; J, K, M
    year = build_report(periods.year(2025))
    assert year.figures[0].accepted == 4 and year.figures[1].accepted == 0
    span = build_report(periods.date_range(date(2026, 11, 5), date(2026, 11, 9)))
    assert span.figures[0].accepted == 3                                     # B, C, D
    assert span.headline[0].growth(0) is None                                # nothing a year earlier


def test_leap_day_and_period_parsing():
    assert periods.month(2024, 2).last_year() == periods.month(2023, 2)
    assert periods.date_range(date(2024, 2, 29), date(2024, 3, 1)).last_year().start == date(2023, 2, 28)
    assert periods.parse_quarter("2026Q4").label == "2026年第四季度"
    with pytest.raises(periods.PeriodError, match="YYYY-MM"):
        periods.parse_month("2026/11")


def test_every_period_has_its_compared_periods():
    november = periods.month(2026, 11)
    assert november.compared_periods() == [november, periods.month(2025, 11),
                                           periods.date_range(date(2026, 1, 1), date(2026, 11, 30)),
                                           periods.date_range(date(2025, 1, 1), date(2025, 11, 30))]
    assert periods.year(2).compared_periods()[1] == periods.year(1)
    with pytest.raises(periods.PeriodError, match="没有上年同期"):     # year 1 has no year before it
        periods.year(1).compared_periods()


def test_a_report_of_year_one_is_refused_in_one_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    main = Path(__file__).resolve().parents[2] / "main.py"
    done = subprocess.run([sys.executable, str(main), "--data-dir", str(tmp_path / "data"), "report", "--year", "0001",
                           "--out", str(tmp_path / "r.xlsx")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "没有上年同期" in done.stderr, done.stderr[-300:]


def test_top_businesses_rank_equal_counts_together_and_keep_everyone_tied_at_the_cut_off(sqlite_db):
    from app.services import registration, workflow
    from app.services.context import SYSTEM
    from app.services.statistics import competition_ranks, period_figures
    from tests.factories import complaint
    counts = [3, 2, 2] + [1] * 9                       # twelve businesses, nine tied at the 10th place
    for number, count in enumerate(counts):
        for _ in range(count):
            data = complaint(business_kw=dict(name=f"某县第{number + 1:02d}商店", credit_code=""))
            workflow.accept(SYSTEM, registration.register(SYSTEM, data).case_id, day=date(2026, 11, 3))
    top = period_figures(periods.month(2026, 11)).top_businesses
    assert [b.accepted for b in top] == counts                     # all nine tied with the 10th are listed
    assert [b.rank for b in top] == [1, 2, 2] + [4] * 9
    assert [b.tied for b in top] == [False, True, True] + [True] * 9
    assert competition_ranks([5, 5, 5, 2, 1, 1]) == [1, 1, 1, 4, 5, 5]
