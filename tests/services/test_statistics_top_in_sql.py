"""The top-10 businesses ranked by the database (statistics._top_candidates, issue 17 item 5) are
those the full tally of every business gives when ranked in Python — the way it was done before —
on both databases: the same businesses, counts, 解决, ranks, ties and left-out count, for months,
quarters and years of demo data, per handling unit too, and with names whose order differs between
code points (Python's) and a language's collation."""
from collections import Counter
from datetime import date

import pytest

from app.domain import periods
from app.services.context import SYSTEM
from app.services.demo import generate_demo
from app.services.statistics import (
    TOP_LISTED, _top_businesses, business_tally, competition_ranks, cut_top,
)


def _reference(period, unit=None):
    """The ranking from every business's counts, in Python (the code before the change)."""
    rows = business_tally(period, unit)
    ordered = sorted(rows, key=lambda r: (-r[3], r[1], r[0]))[:TOP_LISTED + 1]
    counts = Counter(r[3] for r in rows)
    shortlist, left_out = cut_top([r[:4] for r in ordered], lambda cut: counts[cut])
    resolved = {r[0]: r[4] for r in rows}
    ranks = competition_ranks([n for *_, n in shortlist])
    return [(i, name, code, n, resolved[i], rank) for (i, name, code, n), rank in zip(shortlist, ranks)], left_out


def _ranked(period, unit=None):
    top, left_out = _top_businesses(period, unit)
    return [(b.business_id, b.name, b.credit_code, b.accepted, b.resolved, b.rank) for b in top], left_out


def test_the_database_ranks_the_top_businesses_as_the_whole_tally_does(db, frozen_today):
    generate_demo(SYSTEM, 1500, seed=11)
    today = frozen_today
    spans = [periods.year(today.year - 1), periods.year(today.year), periods.month(today.year - 1, 3),
             periods.quarter(today.year - 1, 2), periods.month(today.year, today.month)]
    compared = left_out_seen = 0
    for span in spans:
        for unit in (None, "U01", "U02"):
            expected = _reference(span, unit)
            assert _ranked(span, unit) == expected, (span.label, unit)
            compared += len(expected[0])
            left_out_seen += expected[1] > 0
    assert compared > 100 and left_out_seen      # the data has lists, and ties beyond TOP_LISTED


def test_ties_are_broken_by_code_point_order_of_the_name(db):
    from app.services import registration, workflow
    from tests.factories import complaint
    names = ["b店", "B店", "ä店", "a店", "Ａ店", "阿店", "z店", "Z店", "一店", "〇店", "_店", "1店"]
    for name in names:
        data = complaint(business_kw=dict(name=name, credit_code=""))
        workflow.accept(SYSTEM, registration.register(SYSTEM, data).case_id, day=date(2026, 11, 3))
    ranked, left_out = _ranked(periods.month(2026, 11))
    assert [row[1] for row in ranked] == sorted(names) and left_out == 0
    assert ranked == _reference(periods.month(2026, 11))[0]


def test_the_screen_report_is_the_exported_one_without_the_list_of_every_business(db, frozen_today):
    from app.services.statistics_report import build_report
    generate_demo(SYSTEM, 400, seed=5)
    year = periods.year(frozen_today.year - 1)
    exported, shown = build_report(year), build_report(year, with_businesses=False)
    assert shown.businesses == [] and len(exported.businesses) > 50
    assert shown.figures == exported.figures and shown.tables == exported.tables


@pytest.mark.postgres
def test_a_server_before_postgresql_12_gets_the_query_without_the_materialized_keyword(pg_schema_url, tmp_path,
                                                                                    monkeypatch, frozen_today):
    from app.db.bootstrap import open_database
    from app.db.models import database
    from app.services import statistics
    opened = open_database(tmp_path / "data", pg_schema_url)
    assert statistics._materialized() == "MATERIALIZED "
    generate_demo(SYSTEM, 300, seed=3)
    year = periods.year(frozen_today.year - 1)
    expected = _reference(year)
    monkeypatch.setattr(database.obj, "server_version", 110022)
    assert statistics._materialized() == "" and _ranked(year) == expected
    opened.db.close()
