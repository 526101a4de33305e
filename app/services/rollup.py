"""A city 消协's roll-up of its counties' report workbooks (docs/rules.md §8): the raw figures of
every county added up, every rate recomputed from the summed numerators and denominators (never
an average of the counties' rates), and the same StatisticsReport a county's database gives, so
that the one report writer writes it in the same layout — plus a sheet with each county's figures.

No database is needed: each county's workbook carries its figures, its dictionary entries and its
businesses (app/services/report_data.py). What no county's code means in another county's database
is matched by name: units by their label, mediators by their name, businesses by name and 统一社会
信用代码. Classification codes are the stable seeded ones and match by code.
"""
from __future__ import annotations

from decimal import Decimal

from app.domain.errors import ValidationFailed
from app.services.rollup_read import CountyReport, parse_summary
from app.services.statistics import (
    ZERO, BusinessCount, PeriodFigures, competition_ranks, cut_top, mark_ties,
)
from app.services.report_data import BREAKDOWNS, COUNTS, MONEY, WORDS
from app.services.statistics_report import (
    COLUMN_NAMES, YTD_NAMES, ReportNames, StatisticsReport, breakdown_tables, headline_rows,
)

__all__ = ["CountyReport", "DEFAULT_CITY", "parse_summary", "roll_up"]

DEFAULT_CITY = "各县（市、区）汇总"


def roll_up(counties: list[CountyReport], city_name: str = "") -> StatisticsReport:
    """One report over all `counties` (refused, with one line, unless they are at least two
    different counties' reports of the same period and format)."""
    _check(counties)
    first = counties[0]
    figures = [_sum([c.figures[i] for c in counties]) for i in range(len(first.figures))]
    words = _names(counties)
    businesses = _businesses(counties)
    figures[0].top_businesses, figures[0].top_left_out = _top(businesses)
    figures[0].typical = sorted((t for c in counties for t in c.figures[0].typical),
                                key=lambda t: (t.closed_date, t.number))
    period = first.period
    names = list(COLUMN_NAMES[period.kind]) + (list(YTD_NAMES) if period.kind == "month" else [])
    report = StatisticsReport((city_name or "").strip() or DEFAULT_CITY, period, None, "",
                              [f.period for f in figures], names, figures, headline_rows(figures), [],
                              words, businesses, list(counties))
    report.tables = breakdown_tables(figures, None, words)
    days = [c.cases_from for c in counties]
    report.cases_from = None if None in days else max(days)
    report.notes = _comparison_notes(counties, [f.period for f in figures[1::2]])
    return report


def _comparison_notes(counties: list[CountyReport], comparisons: list) -> list[str]:
    """Last year's columns add up what every county carries; a county whose database begins after
    a comparison period starts has counted less there, and the report says so."""
    start = min(p.start for p in comparisons)
    notes = []
    for county in counties:
        if county.cases_from is None:
            notes.append(f"{county.association}的报表中没有任何案件，对比列不含该县的数字")
        elif county.cases_from > start:
            notes.append(f"{county.association}的案件自{county.cases_from.isoformat()}起才有记录，"
                         f"{start.isoformat()}起的对比列只含该县此后的数字")
    return notes


def _check(counties: list[CountyReport]) -> None:
    if len(counties) < 2:
        raise ValidationFailed({}, "汇总至少需要两个县（市、区）的报表；请再添加报表")
    first = counties[0]
    for other in counties[1:]:
        if other.period != first.period:
            raise ValidationFailed({}, f"文件“{other.source}”是{other.period.label}（{other.period.dates}）的报表，"
                                       f"与“{first.source}”的{first.period.label}（{first.period.dates}）不同；"
                                       "请选同一期间的报表")
    seen: dict[str, str] = {}
    for county in counties:
        for name in county.covers:
            if name in seen:
                raise ValidationFailed({}, f"文件“{seen[name]}”和“{county.source}”都含{name}的数字；"
                                           "同一个县只能汇总一次，请去掉其中一个")
            seen[name] = county.source


def _sum(columns: list[PeriodFigures]) -> PeriodFigures:
    total = PeriodFigures(columns[0].period, None)
    for figures in columns:
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        for name in MONEY:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        for name in BREAKDOWNS:
            _add(getattr(total, name), getattr(figures, name))
        for mediator, per in figures.mediator_outcomes.items():
            _add(total.mediator_outcomes.setdefault(mediator, {}), per)
    for name in MONEY:
        setattr(total, name, Decimal(getattr(total, name)).quantize(ZERO))
    return total


def _add(into: dict, counts: dict) -> None:
    for key, n in counts.items():
        into[key] = into.get(key, 0) + n


def _names(counties: list[CountyReport]) -> ReportNames:
    """Each table's rows: the entries of the first county, then any entry only a later county has."""
    merged = {}
    for kind in WORDS:
        entries: dict = {}
        for county in counties:
            for key, label in county.words.get(kind, []):
                entries.setdefault(key, label)
        merged[kind] = list(entries.items())
    labels: dict = {}
    for county in counties:
        for code, label in county.category_labels.items():
            labels.setdefault(code, label)
    mediators = {m: m for c in counties for f in c.figures for m in (*f.by_mediator, *f.mediator_outcomes)
                 if m is not None}
    return ReportNames(merged["natures"], merged["tops"], merged["goods"], merged["services"], merged["units"],
                       labels, mediators)


def _businesses(counties: list[CountyReport]) -> list[tuple]:
    """Every business of every county, one row per name and credit code, counts added."""
    total: dict = {}
    for county in counties:
        for name, code, accepted, resolved in county.businesses:
            before = total.get((name, code), (0, 0))
            total[(name, code)] = (before[0] + accepted, before[1] + resolved)
    return sorted((name, code, a, r) for (name, code), (a, r) in total.items())


def _top(businesses: list[tuple]) -> tuple[list[BusinessCount], int]:
    """The city's most complained-about businesses, by the rule a county's report uses."""
    ordered = sorted(((name, code, resolved, accepted) for name, code, accepted, resolved in businesses
                      if accepted > 0), key=lambda b: (-b[3], b[0], b[1]))
    rows, left_out = cut_top(ordered, lambda cut: sum(1 for b in ordered if b[3] == cut))
    ranks = competition_ranks([b[3] for b in rows])
    top = [BusinessCount(0, name, code, accepted, resolved, rank)
           for (name, code, resolved, accepted), rank in zip(rows, ranks)]
    mark_ties(top)
    return top, left_out
