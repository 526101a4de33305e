"""What a report workbook carries for a city's roll-up (docs/rules.md §8): the period, the
association, the format and program versions and every raw figure of every column — counts,
sums as exact decimal text, the numerators and denominators of the rates, the breakdown counts,
the dictionary entries the tables list, every business with complaints accepted in the period and
the typical cases — as rows of plain cells (text and whole numbers; the businesses as JSON text, a
few thousand to a cell) for the hidden sheet 汇总数据.

Plain cells because they survive what a clerk's office suite does to a workbook: Excel, WPS and
LibreOffice keep a hidden sheet's values, while defined names and custom XML parts are dropped or
renamed by some of them. Units and mediators are written by name, not by this database's codes and
user ids, which mean nothing in another county's database.

`summary_rows` writes; `app/services/rollup.py` reads them back (`parse_summary`) and adds them up.
"""
from __future__ import annotations

import json

from app import __version__
from app.services.statistics import PeriodFigures

SHEET = "汇总数据"
MARKER = "消协投诉调解台·报表汇总数据"
NOTICE = "本表供市消协汇总各县（市、区）报表时读取，请勿修改"
FORMAT = "1"          # raise when the rows below change meaning; a roll-up refuses mixed formats

COUNTS = ("accepted", "resolved", "closed", "registered", "consultations", "punitive_count",
          "judicial_confirmed")
MONEY = ("recovered", "punitive_sum")
BREAKDOWNS = ("by_nature", "by_category", "by_major", "by_channel", "by_unit", "by_mediator", "by_basis",
              "by_ground", "by_outcome", "satisfaction")
RATES = ("resolution_parts", "mediation_success_parts", "satisfied_parts")
WORDS = ("natures", "tops", "goods", "services", "units")
CHUNK = 30_000        # characters of one cell (Excel and WPS keep at most 32,767)


def summary_rows(report) -> list[list]:
    """The rows of the hidden sheet of `report` (a StatisticsReport with its names)."""
    names = report.names
    rows: list[list] = [[MARKER, NOTICE]]
    meta = {"format": FORMAT, "program": __version__, "association": report.org_name, "unit": report.unit or "",
            "period_kind": report.period.kind, "period_start": report.period.start.isoformat(),
            "period_end": report.period.end.isoformat(), "columns": len(report.figures),
            "cases_from": report.cases_from.isoformat() if report.cases_from else ""}
    rows += [["meta", key, value] for key, value in meta.items()]
    for column, figures in enumerate(report.figures):
        rows += _figure_rows(column, figures, names)
    for kind in WORDS:
        rows += [["word", kind, _key(key, kind, names), label] for key, label in getattr(names, kind)]
    rows += [["category_label", code, label] for code, label in sorted(names.category_labels.items())]
    rows += [["businesses", chunk] for chunk in business_chunks(report.businesses)]
    rows += [["typical", t.number, t.closed_date.isoformat(), t.business, t.category_code or "", t.outcome,
              t.summary or ""] for t in report.figures[0].typical]
    rows += [["county", county.association] for county in report.counties]    # a roll-up: whom it adds up
    return rows


def business_chunks(businesses: list[tuple]) -> list[str]:
    """The businesses as JSON lists [name, credit code, accepted, 解决] in text cells of at most
    CHUNK characters: a year's ten thousand businesses in a few dozen cells rather than fifty
    thousand, which would make writing the report several times slower (bench/bench_report.py)."""
    chunks, part, size = [], [], 0
    for business in businesses:
        item = json.dumps(list(business), ensure_ascii=False)
        if part and size + len(item) + 1 > CHUNK - 2:          # (with its brackets the cell stays within CHUNK)
            chunks.append(f"[{','.join(part)}]")
            part, size = [], 0
        part.append(item)
        size += len(item) + 1
    if part:
        chunks.append(f"[{','.join(part)}]")
    return chunks


def _key(key, kind: str, names) -> str:
    if kind == "units":
        return names.unit_label(key)
    return "" if key is None else str(key)


def _figure_rows(column: int, figures: PeriodFigures, names) -> list[list]:
    rows = [["count", column, name, getattr(figures, name)] for name in COUNTS]
    rows += [["money", column, name, str(getattr(figures, name))] for name in MONEY]
    for name in BREAKDOWNS:
        counts = by_name(getattr(figures, name), name, names)
        rows += [["by", column, name, key, n] for key, n in sorted(counts.items())]
    outcomes: dict = {}
    for key, per in figures.mediator_outcomes.items():
        target = outcomes.setdefault(_mediator(key, names), {})
        for outcome, n in per.items():
            target[outcome] = target.get(outcome, 0) + n
    rows += [["mediator_outcome", column, name, outcome, n]
             for name, per in sorted(outcomes.items()) for outcome, n in sorted(per.items())]
    rows += [["rate", column, name, *getattr(figures, name)] for name in RATES]
    return rows


def _mediator(key, names) -> str:
    return "" if key is None else names.mediator_name(key)


def by_name(counts: dict, name: str, names) -> dict:
    """A breakdown keyed as the sheet keys it: units by label, mediators by name, None as ""."""
    out: dict = {}
    for key, n in counts.items():
        if name == "by_unit":
            key = names.unit_label(key)
        elif name == "by_mediator":
            key = _mediator(key, names)
        else:
            key = "" if key is None else str(key)
        out[key] = out.get(key, 0) + n
    return out
