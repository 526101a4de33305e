"""The statistics made fast for a million cases (issue 17, item 5: one GROUP BY for all the
breakdowns of the accepted cases, one for the closed, read from covering indexes) give exactly
what the query per figure gave before — checked against that old way, kept here as the oracle,
over demo data with every state, outcome and ground, on SQLite and PostgreSQL, whole and per unit."""
from datetime import date

import pytest
from peewee import fn

from app.db.models import Case
from app.domain import periods
from app.domain.money import from_fen
from app.services.context import SYSTEM
from app.services.demo import generate_demo
from app.services.statistics import period_figures


def _grouped(column, conditions):
    query = Case.select(column, fn.COUNT(Case.id)).where(*conditions).group_by(column)
    return {key: count for key, count in query.tuples()}


def _fen(column, conditions):
    return from_fen(int(Case.select(fn.COALESCE(fn.SUM(column), 0).coerce(False)).where(*conditions).scalar() or 0))


def _one_query_per_figure(period, unit):
    """The figures as the code computed them before: a query for each."""
    def within(column):
        return [column.between(period.start, period.end)] + ([Case.handling_unit == unit] if unit else [])
    accepted, closed = within(Case.accepted_date), within(Case.closed_date)
    out = {name: _grouped(column, accepted) for name, column in (
        ("by_nature", Case.nature_code), ("by_category", Case.category_code), ("by_major", Case.category_major),
        ("by_channel", Case.channel), ("by_unit", Case.handling_unit), ("by_mediator", Case.mediator),
        ("by_basis", Case.basis))}
    out["by_outcome"] = _grouped(Case.outcome, closed)
    out["mediator_outcomes"] = {}
    for mediator, outcome, count in (Case.select(Case.mediator, Case.outcome, fn.COUNT(Case.id)).where(*closed)
                                     .group_by(Case.mediator, Case.outcome).tuples()):
        out["mediator_outcomes"].setdefault(mediator, {})[outcome] = count
    grounds = {}
    for kind, outcome, column in (("reject", "rejected", Case.reject_ground),
                                  ("terminate", "terminated", Case.terminate_ground)):
        for code, count in _grouped(column, closed + [Case.outcome == outcome]).items():
            grounds[f"{kind}:{code or 'unrecorded'}"] = grounds.get(f"{kind}:{code or 'unrecorded'}", 0) + count
    out["by_ground"] = grounds
    out["recovered"] = _fen(Case.recovered, closed)
    out["punitive_sum"] = _fen(Case.punitive, closed + [Case.punitive > 0])
    out["punitive_count"] = Case.select().where(*closed, Case.punitive > 0).count()
    out["accepted"] = Case.select().where(*accepted).count()
    out["closed"] = Case.select().where(*closed).count()
    return out


@pytest.mark.parametrize("unit", [None, "U01"])
def test_one_pass_figures_equal_the_query_per_figure(db, unit):
    generate_demo(SYSTEM, 1500, seed=11)
    for period in (periods.year(2025), periods.year(2026), periods.month(2026, 10),
                   periods.Period(date(2025, 3, 1), date(2026, 2, 28))):
        figures = period_figures(period, unit)
        expected = _one_query_per_figure(period, unit)
        assert {name: getattr(figures, name) for name in expected} == expected, period
    assert figures.by_ground and figures.punitive_count and len(figures.mediator_outcomes) > 1
