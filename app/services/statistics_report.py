"""The statistics report as plain data (for the Excel workbook, the screen and the command line):
headline indicators and breakdown tables, each figure beside the same period last year — the
layout of the provincial and national reports (docs/rules.md §8). A monthly report adds the
year-to-date columns and last year's year to date.

Shares are percentages with 2 decimals; the change of share (and of a rate) is in percentage
points from the exact shares, rounded once — so it may differ by 0.01 from subtracting the two
printed cells, as in the national reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.db.models import User
from app.db.sql import aggregating
from app.domain import grounds
from app.domain.codes import CHANNELS, HANDLING_BASIS, INDICATORS, OUTCOMES, SATISFACTION
from app.domain.money import to_wan
from app.domain.periods import Period
from app.services.settings import dictionary, get_settings, labels
from app.services.statistics import (
    PeriodFigures, business_counts, business_tally, first_case_day, percent, period_figures, points,
)

NO_MEDIATOR = "未指定调解员"
COLUMN_NAMES = {
    "month": ("本月", "去年同月"),
    "quarter": ("本季度", "去年同季度"),
    "year": ("本年", "上年"),
    "range": ("本期", "去年同期"),
}
YTD_NAMES = ("本年累计", "去年同期累计")


@dataclass
class HeadlineRow:
    key: str
    label: str
    unit: str
    kind: str                  # "count" | "money" | "rate"
    values: list               # one per period column
    basis: list | None = None  # exact values: the 元 of 万元 rows, the (part, whole) of rates

    def change(self, pair: int):
        """This period minus the comparison period (percentage points for rates, from the exact rates)."""
        if self.kind == "rate" and self.basis:
            return points(self.basis[2 * pair], self.basis[2 * pair + 1])
        now, before = self.values[2 * pair], self.values[2 * pair + 1]
        if now is None or before is None:
            return None
        return now - before

    def growth(self, pair: int) -> Decimal | None:
        """同比增长 in % (not for rates; None when last year's figure is 0)."""
        if self.kind == "rate":
            return None
        values = self.basis or self.values
        now, before = values[2 * pair], values[2 * pair + 1]
        if not before:
            return None
        return percent(Decimal(now) - Decimal(before), before)


@dataclass
class Cell:
    count: int
    share: Decimal | None
    whole: int = 0             # what the share is of (the exact share is count ÷ whole)


@dataclass
class BreakdownRow:
    key: str
    label: str
    cells: list[Cell]
    total: bool = False
    extras: list = field(default_factory=list)

    def change(self, pair: int) -> Decimal | None:
        now, before = self.cells[2 * pair], self.cells[2 * pair + 1]
        return points((now.count, now.whole), (before.count, before.whole))


@dataclass
class BreakdownTable:
    key: str
    title: str
    basis: str                 # what the share is a share of
    rows: list[BreakdownRow]
    extra_headers: list[str] = field(default_factory=list)
    chart: bool = False


@dataclass
class ReportNames:
    """The words a report's tables are built from: the dictionary entries whose rows every table
    lists (even at 0), the category labels, and the mediators' names. A report over a database
    takes them from its dictionaries (`names_from_database`); a city's roll-up of county reports,
    which has no county's database, from what each county's workbook carries (app/services/rollup.py)."""
    natures: list[tuple]
    tops: list[tuple]
    goods: list[tuple]
    services: list[tuple]
    units: list[tuple]                  # (key, label); a roll-up keys units by their label
    category_labels: dict
    mediators: dict                     # by_mediator key (user id; a roll-up: the name) → name

    def unit_label(self, key) -> str:
        return dict(self.units).get(key, key or "")

    def mediator_name(self, key) -> str:
        return self.mediators.get(key, NO_MEDIATOR) if key is not None else NO_MEDIATOR


@dataclass
class StatisticsReport:
    org_name: str
    period: Period
    unit: str | None
    unit_label: str
    periods: list[Period]
    column_names: list[str]
    figures: list[PeriodFigures]
    headline: list[HeadlineRow]
    tables: list[BreakdownTable]
    names: ReportNames | None = None
    businesses: list = field(default_factory=list)   # every business with complaints accepted in P
    counties: list = field(default_factory=list)     # a roll-up: each county's report (app/services/rollup.py)
    cases_from: date | None = None                   # the earliest case counted (a roll-up: of every county)
    notes: list[str] = field(default_factory=list)   # said under the summary (a roll-up's missing comparisons)

    @property
    def pairs(self) -> int:
        return len(self.periods) // 2

    @property
    def title(self) -> str:
        unit = f"（{self.unit_label}）" if self.unit else ""
        return f"{self.org_name}{unit}消费者投诉统计表（{self.period.label}）"

    def table(self, key: str) -> BreakdownTable:
        return next(t for t in self.tables if t.key == key)


def build_report(period: Period, unit: str | None = None, with_businesses: bool = True) -> StatisticsReport:
    """The report of `period`; `with_businesses` False leaves out the list of every business with
    its counts (the workbook's data sheet, for a city's roll-up: 140,000 rows a year at a million
    cases), which the screen does not show."""
    periods = period.compared_periods()
    names = list(COLUMN_NAMES[period.kind]) + (list(YTD_NAMES) if period.kind == "month" else [])
    with aggregating():
        figures = [period_figures(p, unit, with_lists=(i == 0)) for i, p in enumerate(periods)]
        businesses = business_counts(business_tally(period, unit)) if with_businesses else []
    unit_label = labels("unit").get(unit, unit) if unit else ""
    words = names_from_database(figures)
    report = StatisticsReport(get_settings()["org.name"], period, unit, unit_label, periods, names, figures,
                              headline_rows(figures), [], words, businesses, [], first_case_day())
    report.tables = breakdown_tables(figures, unit, words)
    return report


def names_from_database(figures: list[PeriodFigures]) -> ReportNames:
    ids = {m for f in figures for m in f.by_mediator} | set(figures[0].mediator_outcomes)
    mediators = {u.id: u.display_name for u in User.select(User.id, User.display_name).where(User.id.in_(
        [i for i in ids if i is not None]))}
    return ReportNames(_dictionary_entries("nature"), _dictionary_entries("category", "top"),
                       _dictionary_entries("category", "major", "T1"), _dictionary_entries("category", "major", "T2"),
                       _dictionary_entries("unit"), labels("category"), mediators)


def headline_rows(figures: list[PeriodFigures]) -> list[HeadlineRow]:
    def row(key, label, unit, kind, getter, basis=None):
        return HeadlineRow(key, label, unit, kind, [getter(f) for f in figures],
                           [basis(f) for f in figures] if basis else None)
    label = INDICATORS.label
    return [
        row("accepted", label("accepted"), "件", "count", lambda f: f.accepted),
        row("resolved", label("resolved"), "件", "count", lambda f: f.resolved),
        row("resolution_rate", label("resolution_rate"), "%", "rate", lambda f: f.resolution_rate,
            basis=lambda f: f.resolution_parts),
        row("recovered", label("recovered"), "元", "money", lambda f: f.recovered),
        row("recovered_wan", label("recovered"), "万元", "money", lambda f: to_wan(f.recovered),
            basis=lambda f: f.recovered),
        row("punitive_count", label("punitive_count"), "件", "count", lambda f: f.punitive_count),
        row("punitive_sum", label("punitive_sum"), "元", "money", lambda f: f.punitive_sum),
        row("reception", label("reception"), "人次", "count", lambda f: f.reception),
        row("registered", label("registered"), "件", "count", lambda f: f.registered),
        row("closed", label("closed"), "件", "count", lambda f: f.closed),
        row("mediation_success_rate", label("mediation_success_rate"), "%", "rate", lambda f: f.mediation_success_rate,
            basis=lambda f: f.mediation_success_parts),
        row("satisfied_rate", label("satisfied_rate"), "%", "rate", lambda f: f.satisfied_rate,
            basis=lambda f: f.satisfied_parts),
        row("judicial_confirmed", label("judicial_confirmed"), "件", "count", lambda f: f.judicial_confirmed),
    ]


# ---------------------------------------------------------------- breakdown tables
def _rows(entries, counts: list[dict], totals: list[int]) -> list[BreakdownRow]:
    return [BreakdownRow(key, label, [Cell(c.get(key, 0), percent(c.get(key, 0), t), t) for c, t in zip(counts, totals)])
            for key, label in entries]


def _total_row(label: str, rows: list[BreakdownRow], totals: list[int]) -> BreakdownRow:
    sums = [sum(r.cells[i].count for r in rows) for i in range(len(totals))]
    return BreakdownRow("total", label, [Cell(s, percent(s, t), t) for s, t in zip(sums, totals)], total=True)


def _table(key, title, basis, entries, counts, totals, total_label="合计", chart=False) -> BreakdownTable:
    rows = _rows(entries, counts, totals)
    if total_label:
        # Codes no longer in the dictionary still count, so that the rows add up to the total.
        known = {k for k, _ in entries}
        strays = sorted({k for c in counts for k in c if k not in known and k is not None})
        rows += _rows([(k, k) for k in strays], counts, totals)
        rows.append(_total_row(total_label, rows, totals))
    return BreakdownTable(key, title, basis, rows, chart=chart)


def _dictionary_entries(kind: str, level: str | None = None, parent: str | None = None) -> list[tuple]:
    return [(e.code, e.label) for e in dictionary(kind)
            if (level is None or e.level == level) and (parent is None or e.parent == parent)]


def _top_minor_entries(figures: list[PeriodFigures], category_labels: dict) -> list[tuple]:
    current = [(code, n) for code, n in figures[0].by_category.items() if len(code) > 3 and n > 0]
    current.sort(key=lambda item: (-item[1], item[0]))
    return [(code, category_labels.get(code, code)) for code, _ in current[:10]]


def _starting(counts: dict, prefix: str) -> dict:
    return {code: n for code, n in counts.items() if code.startswith(prefix)}


def _top_levels(figures: PeriodFigures) -> dict:
    from app.domain.classification import top_of
    out: dict = {}
    for major, count in figures.by_major.items():
        out[top_of(major)] = out.get(top_of(major), 0) + count
    return out


def _mediator_table(figures: list[PeriodFigures], words: ReportNames) -> BreakdownTable:
    ids = {m for f in figures for m in f.by_mediator} | set(figures[0].mediator_outcomes)
    current = figures[0].by_mediator
    # Keys are user ids (one database) or names (a roll-up): compared as text after the name.
    order = sorted(ids, key=lambda m: (-current.get(m, 0), m is None, words.mediator_name(m), str(m)))
    entries = [(m, words.mediator_name(m)) for m in order]
    totals = [f.accepted for f in figures]
    rows = _rows(entries, [f.by_mediator for f in figures], totals)
    for row in rows:
        closed = figures[0].mediator_outcomes.get(row.key, {})
        mediated, terminated = closed.get("mediated", 0), closed.get("terminated", 0)
        row.extras = [sum(closed.values()), mediated, closed.get("settled", 0), terminated,
                      percent(mediated, mediated + terminated)]
    total = _total_row("合计", rows, totals)
    f0 = figures[0]
    total.extras = [f0.closed, f0.mediated, f0.by_outcome.get("settled", 0), f0.by_outcome.get("terminated", 0),
                    f0.mediation_success_rate]
    table = BreakdownTable("mediator", "调解员工作量", "占受理投诉总量", rows + [total])
    table.extra_headers = ["办结", "调解成功", "自行和解", "终止调解", "调解成功率（%）"]
    return table


def _ground_entries(figures: list[PeriodFigures]) -> list[tuple[str, str]]:
    """The grounds that occur in any column, in the order of the law, each named by its order's
    article, 款 and 项 (a case's ground is one of the order of its date of receipt)."""
    seen = {key for f in figures for key in f.by_ground}
    entries = []
    for g in grounds.GROUNDS:
        key = f"{g.kind}:{g.code}"
        if key in seen:
            what = "不予受理" if g.kind == grounds.REJECT else "终止调解"
            entries.append((key, f"{what}·{g.cite()}"))
    for kind, what in ((grounds.REJECT, "不予受理"), (grounds.TERMINATE, "终止调解")):
        if f"{kind}:{grounds.UNRECORDED}" in seen:
            entries.append((f"{kind}:{grounds.UNRECORDED}", f"{what}·{grounds.UNRECORDED_LABEL}"))
    return entries


def breakdown_tables(figures: list[PeriodFigures], unit: str | None, words: ReportNames) -> list[BreakdownTable]:
    accepted = [f.accepted for f in figures]
    tables = [
        _table("nature", "投诉性质", "占受理投诉总量", words.natures,
               [f.by_nature for f in figures], accepted, chart=True),
        _table("category_top", "商品和服务类别构成", "占受理投诉总量", words.tops,
               [_top_levels(f) for f in figures], accepted),
        _table("goods", "商品大类", "占受理投诉总量", words.goods,
               [_starting(f.by_major, "G") for f in figures], accepted, total_label="商品类小计", chart=True),
        _table("services", "服务大类", "占受理投诉总量", words.services,
               [_starting(f.by_major, "S") for f in figures], accepted, total_label="服务类小计", chart=True),
        _table("minor_top", "细类前十位", "占受理投诉总量", _top_minor_entries(figures, words.category_labels),
               [f.by_category for f in figures], accepted, total_label=""),
        _table("channel", "投诉来源渠道", "占受理投诉总量", list(CHANNELS), [f.by_channel for f in figures], accepted),
        _table("outcome", "办结方式", "占办结总量", list(OUTCOMES), [f.by_outcome for f in figures],
               [f.closed for f in figures]),
        _table("grounds", "不予受理和终止调解的理由", "占不予受理和终止调解总量", _ground_entries(figures),
               [f.by_ground for f in figures], [sum(f.by_ground.values()) for f in figures]),
        _table("basis", "办理依据", "占受理投诉总量", list(HANDLING_BASIS), [f.by_basis for f in figures], accepted),
        _mediator_table(figures, words),
        _table("satisfaction", "回访满意度", "占回访总数", list(SATISFACTION), [f.satisfaction for f in figures],
               [f.followups for f in figures]),
    ]
    if not unit:
        tables.append(_table("unit", "承办单位", "占受理投诉总量", words.units,
                             [f.by_unit for f in figures], accepted))
    return tables
