"""The figures of docs/rules.md §8 for one period, computed by SQL aggregation (GROUP BY on indexed
date columns — a year over 100,000 cases in a fraction of a second, nothing loaded row by row).

Definitions (follow docs/rules.md §8 exactly; the cohorts differ on purpose):
- 受理投诉: accepted_date in P.          - 解决: closed_date in P, outcome mediated/settled.
- 挽回经济损失 / 加倍赔偿: cases closed in P.
- 接待来访和咨询: the consultation and visit log of P (人次) and nothing else; complaints registered
  (received_date in P) are their own figure (docs/rules.md §8: the national figures count them apart).
- 调解协议经司法确认有效: agreements a court ruled valid, the ruling dated in P.
- breakdowns of 受理投诉 by nature, category, channel, handling unit, mediator, footing (办理依据);
  closed cases by outcome and, for 不予受理 / 终止调解, by ground (each ground of the order of its
  date of receipt, app/domain/grounds.py); follow-ups recorded in P by satisfaction.
Every figure can be restricted to one handling unit (承办单位).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from peewee import Case as SqlCase
from peewee import SQL, EnclosedNodeList, NodeList, fn

from app.db.connection import is_sqlite
from app.db.models import Agreement, Business, Case, Consultation, FollowUp, database
from app.domain.codes import RESOLVED_OUTCOMES
from app.domain.money import from_fen, to_wan
from app.domain.periods import Period

HUNDREDTH = Decimal("0.01")
ZERO = Decimal("0.00")
TOP_N = 10
TOP_LISTED = 20      # the top 10 with the businesses tied at the 10th place, at most
SATISFIED_LEVELS = ("very_satisfied", "satisfied")


def percent(part, whole) -> Decimal | None:
    """part ÷ whole as a percentage with 2 decimals (rounded half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, ROUND_HALF_UP)


def points(now: tuple[int, int], before: tuple[int, int]) -> Decimal | None:
    """The change between two rates (part, whole) in percentage points with 2 decimals, from the
    exact rates — not from the rounded ones (33.335 − 50.00 is −16.67, 33.34 − 50.00 would be −16.66)."""
    if not now[1] or not before[1]:
        return None
    exact = Decimal(now[0]) * 100 / Decimal(now[1]) - Decimal(before[0]) * 100 / Decimal(before[1])
    return exact.quantize(HUNDREDTH, ROUND_HALF_UP)


@dataclass
class BusinessCount:
    business_id: int
    name: str
    credit_code: str
    accepted: int
    resolved: int
    rank: int = 0              # equal counts share a rank (并列)
    tied: bool = False         # set by the list: another business has the same rank


@dataclass
class TypicalCase:
    number: str
    closed_date: object
    business: str
    category_code: str
    outcome: str
    summary: str


@dataclass
class PeriodFigures:
    """Everything §8 asks about one period (and optionally one handling unit)."""
    period: Period
    unit: str | None
    accepted: int = 0
    resolved: int = 0
    closed: int = 0
    registered: int = 0
    consultations: int = 0
    recovered: Decimal = ZERO
    punitive_count: int = 0
    punitive_sum: Decimal = ZERO
    judicial_confirmed: int = 0      # agreements a court ruled valid (司法确认) in P
    by_nature: dict = field(default_factory=dict)
    by_category: dict = field(default_factory=dict)      # category_code (细类, or 大类 when no 细类)
    by_major: dict = field(default_factory=dict)
    by_channel: dict = field(default_factory=dict)
    by_unit: dict = field(default_factory=dict)
    by_mediator: dict = field(default_factory=dict)      # user id (None: not assigned) → accepted
    by_basis: dict = field(default_factory=dict)         # footing (own / entrusted) → accepted
    by_ground: dict = field(default_factory=dict)        # "reject:<code>" / "terminate:<code>" → closed in P
    by_outcome: dict = field(default_factory=dict)       # closed in P
    mediator_outcomes: dict = field(default_factory=dict)  # user id → {outcome: closed in P}
    satisfaction: dict = field(default_factory=dict)
    top_businesses: list = field(default_factory=list)
    top_left_out: int = 0            # businesses tied at the 10th place beyond TOP_LISTED
    typical: list = field(default_factory=list)

    @property
    def resolution_rate(self) -> Decimal | None:
        return percent(*self.resolution_parts)

    @property
    def resolution_rate_text(self) -> str:
        """The rate as the one-line summaries say it: "85.20%", or "—" with nothing accepted."""
        rate = self.resolution_rate
        return f"{rate}%" if rate is not None else "—"

    @property
    def resolution_parts(self) -> tuple[int, int]:
        return self.resolved, self.accepted

    @property
    def recovered_wan(self) -> Decimal:
        return to_wan(self.recovered)

    @property
    def reception(self) -> int:
        # The log alone: a complaint is not a visit-or-consultation 人次 (docs/rules.md §8).
        return self.consultations

    @property
    def mediated(self) -> int:
        return self.by_outcome.get("mediated", 0)

    @property
    def mediation_success_rate(self) -> Decimal | None:
        return percent(*self.mediation_success_parts)

    @property
    def mediation_success_parts(self) -> tuple[int, int]:
        return self.mediated, self.mediated + self.by_outcome.get("terminated", 0)

    @property
    def followups(self) -> int:
        return sum(self.satisfaction.values())

    @property
    def satisfied_rate(self) -> Decimal | None:
        return percent(*self.satisfied_parts)

    @property
    def satisfied_parts(self) -> tuple[int, int]:
        return sum(self.satisfaction.get(s, 0) for s in SATISFIED_LEVELS), self.followups


# ---------------------------------------------------------------- conditions
def _within(column, period: Period):
    return column.between(period.start, period.end)


def _case_conditions(column, period: Period, unit: str | None) -> list:
    conditions = [_within(column, period)]
    if unit:
        conditions.append(Case.handling_unit == unit)
    return conditions


def _resolved():
    return Case.outcome.in_(RESOLVED_OUTCOMES)


def _grouped(column, conditions: list) -> dict:
    query = Case.select(column, ROWS).where(*conditions).group_by(column)
    # straight from the cursor: the keys are codes and ids, nothing to convert, and a year's
    # businesses at a million cases are 140,000 rows
    return {key: count for key, count in database.execute(query).fetchall()}


# COUNT(*), not COUNT(id): the id is in no covering index, so counting it would read every case row.
ROWS = fn.COUNT(SQL("*"))


def _count(conditions: list) -> int:
    return Case.select(ROWS).where(*conditions).scalar() or 0


def _fen_sum(column):
    """SUM of integer 分, returned raw (not through the field's converter) so it stays exact."""
    return fn.COALESCE(fn.SUM(column), 0).coerce(False)


# ---------------------------------------------------------------- the figures
def period_figures(period: Period, unit: str | None = None, with_lists: bool = True) -> PeriodFigures:
    """All §8 figures of one period. `with_lists` False skips the top-10 businesses and the
    typical cases (not needed for comparison columns)."""
    figures = PeriodFigures(period, unit)
    accepted = _case_conditions(Case.accepted_date, period, unit)
    closed = _case_conditions(Case.closed_date, period, unit)
    _accepted_figures(figures, accepted)
    _closing_figures(figures, closed)
    figures.registered = _count(_case_conditions(Case.received_date, period, unit))
    figures.consultations = _consultations(period, unit)
    figures.judicial_confirmed = _judicial_confirmed(period, unit)
    figures.satisfaction = _satisfaction(period, unit)
    if with_lists:
        figures.top_businesses, figures.top_left_out = _top_businesses(period, unit)
        mark_ties(figures.top_businesses)
        figures.typical = _typical_cases(period, unit)
    return figures


# The breakdowns of 受理投诉, each a dict on PeriodFigures, by the case column it counts.
ACCEPTED_BREAKDOWNS = (("by_nature", Case.nature_code), ("by_category", Case.category_code),
                       ("by_major", Case.category_major), ("by_channel", Case.channel),
                       ("by_unit", Case.handling_unit), ("by_mediator", Case.mediator), ("by_basis", Case.basis))
GROUNDS = {"rejected": "reject", "terminated": "terminate"}


def _accepted_figures(figures: PeriodFigures, accepted: list) -> None:
    """Every breakdown of the accepted cases from one pass over the period's cases (read from
    the covering index, schema 12) instead of one per breakdown — at a million cases each pass
    costs hundreds of milliseconds. PostgreSQL groups by each column apart in that pass
    (GROUPING SETS: ~100 rows back); SQLite, which has no grouping sets, by all the columns
    together, the few thousand groups summed here."""
    columns = [column for _, column in ACCEPTED_BREAKDOWNS]
    targets = [getattr(figures, name) for name, _ in ACCEPTED_BREAKDOWNS]
    query = Case.select(*columns, ROWS).where(*accepted)
    if is_sqlite():
        for *keys, count in database.execute(query.group_by(*columns)).fetchall():
            for target, key in zip(targets, keys):
                target[key] = target.get(key, 0) + count
    else:
        sets = NodeList((SQL("GROUPING SETS"), EnclosedNodeList([EnclosedNodeList([c]) for c in columns])))
        flags = [fn.GROUPING(column) for column in columns]      # 0 for the column a row is grouped by
        for row in database.execute(query.select_extend(*flags).group_by(sets)).fetchall():
            which = row[len(columns) + 1:].index(0)
            targets[which][row[which]] = targets[which].get(row[which], 0) + row[len(columns)]
    figures.accepted = sum(figures.by_nature.values())


def _closing_figures(figures: PeriodFigures, closed: list) -> None:
    """Outcomes (per mediator too), grounds, money recovered and punitive damages of the cases
    closed in P, from one GROUP BY (as the accepted figures)."""
    punitive = Case.punitive > 0
    query = (Case.select(Case.mediator, Case.outcome, Case.reject_ground, Case.terminate_ground, ROWS,
                         _fen_sum(Case.recovered), fn.SUM(SqlCase(None, ((punitive, 1),), 0)).coerce(False),
                         fn.SUM(SqlCase(None, ((punitive, Case.punitive),), 0)).coerce(False))
             .where(*closed).group_by(Case.mediator, Case.outcome, Case.reject_ground, Case.terminate_ground))
    recovered = punitive_count = punitive_sum = 0
    for mediator, outcome, reject, terminate, count, fen, with_punitive, punitive_fen in query.tuples():
        figures.by_outcome[outcome] = figures.by_outcome.get(outcome, 0) + count
        per = figures.mediator_outcomes.setdefault(mediator, {})
        per[outcome] = per.get(outcome, 0) + count
        if outcome in GROUNDS:
            # not accepted / terminated, by the ground stored with it (each of its order of receipt)
            key = f"{GROUNDS[outcome]}:{(reject if outcome == 'rejected' else terminate) or 'unrecorded'}"
            figures.by_ground[key] = figures.by_ground.get(key, 0) + count
        recovered, punitive_count = recovered + int(fen or 0), punitive_count + int(with_punitive or 0)
        punitive_sum += int(punitive_fen or 0)
    figures.closed = sum(figures.by_outcome.values())
    figures.resolved = sum(figures.by_outcome.get(o, 0) for o in RESOLVED_OUTCOMES)
    figures.recovered, figures.punitive_count = from_fen(recovered), punitive_count
    figures.punitive_sum = from_fen(punitive_sum)


def _consultations(period: Period, unit: str | None) -> int:
    query = Consultation.select(fn.COALESCE(fn.SUM(Consultation.count), 0)).where(_within(Consultation.day, period))
    if unit:
        query = query.where(Consultation.handling_unit == unit)
    return int(query.scalar() or 0)


def _judicial_confirmed(period: Period, unit: str | None) -> int:
    """Agreements whose 司法确认 the court granted (确认有效) with a ruling dated in P."""
    query = (Agreement.select(ROWS)
             .where(Agreement.confirm_decision == "confirmed", _within(Agreement.confirm_decided_date, period)))
    if unit:
        query = query.join(Case, on=(Agreement.case == Case.id)).where(Case.handling_unit == unit)
    return int(query.scalar() or 0)


def _satisfaction(period: Period, unit: str | None) -> dict:
    query = (FollowUp.select(FollowUp.satisfaction, ROWS)
             .where(_within(FollowUp.day, period)).group_by(FollowUp.satisfaction))
    if unit:
        query = query.join(Case, on=(FollowUp.case == Case.id)).where(Case.handling_unit == unit)
    return {level: count for level, count in query.tuples()}


def first_case_day():
    """The day the earliest complaint in the database was received (None: no case at all): a
    comparison column that starts before it counts this office's cases only from then on."""
    return Case.select(fn.MIN(Case.received_date)).scalar()


def competition_ranks(counts: list[int]) -> list[int]:
    """1, 2, 2, 4 …: equal counts share a rank, the next rank skips as many (并列)."""
    ranks: list[int] = []
    for index, count in enumerate(counts):
        ranks.append(ranks[-1] if index and count == counts[index - 1] else index + 1)
    return ranks


def cut_top(rows: list[tuple], tied_with) -> tuple[list[tuple], int]:
    """The top 10 of `rows` (sorted by their last item, the count, descending) with every row tied
    with the 10th, at most TOP_LISTED; and how many tied rows were left out. `tied_with(count)`
    says how many rows in all have that count (`rows` may be only the first TOP_LISTED + 1)."""
    left_out = 0
    if len(rows) > TOP_N:
        cut = rows[TOP_N - 1][-1]
        rows = [r for i, r in enumerate(rows) if i < TOP_N or r[-1] == cut]
        if len(rows) > TOP_LISTED:
            shown = sum(1 for r in rows[:TOP_LISTED] if r[-1] == cut)
            rows, left_out = rows[:TOP_LISTED], tied_with(cut) - shown
    return rows, left_out


def mark_ties(top: list[BusinessCount]) -> None:
    for item in top:
        item.tied = sum(1 for other in top if other.rank == item.rank) > 1


def _accepted_per_business(period: Period, unit: str | None):
    """(business_id, n): the cases accepted in P per business, from the covering index alone."""
    return (Case.select(Case.business.alias("business_id"), ROWS.alias("n"))
            .where(*_case_conditions(Case.accepted_date, period, unit)).group_by(Case.business))


def business_tally(period: Period, unit: str | None = None) -> list[tuple[int, str, str, int, int]]:
    """(id, name, credit code, accepted in P, 解决 in P) of every business with a complaint
    accepted in P: the roll-up's list of businesses, in the workbook's data sheet (a year at a
    million cases has 140,000 of them; the screen's top 10 asks the database for ten, _top_candidates).
    The accepted cases are counted from the covering index alone and then joined to the names
    (joining first would read every case row of the period)."""
    counts = _accepted_per_business(period, unit).alias("counts")
    # in name order already: business_counts' sort then finds the rows (nearly) in order, a tenth
    # of the cost of sorting 140,000 names from scratch
    rows = database.execute(Business.select(Business.id, Business.name, Business.credit_code, counts.c.n)
                            .join(counts, on=(Business.id == counts.c.business_id))
                            .order_by(Business.name, Business.credit_code)).fetchall()
    if not rows:
        return []
    resolved = _grouped(Case.business, _case_conditions(Case.closed_date, period, unit) + [_resolved()])
    return [(i, name, code or "", n, resolved.get(i, 0)) for i, name, code, n in rows]


def business_counts(tally: list) -> list[tuple[str, str, int, int]]:
    """(name, credit code, accepted in P, 解决 in P) of every business of a period's business_tally:
    what a city's roll-up needs to rank the businesses of all its counties together."""
    return sorted((name, code, n, resolved) for _, name, code, n, resolved in tally)


def _top_candidates(period: Period, unit: str | None) -> tuple[list[tuple[int, str, str, int]], int]:
    """(id, name, credit code, accepted in P) of the businesses ranked first for P, by count, then
    name (code point order, as Python compares) and id — the first TOP_LISTED + 1, enough for
    cut_top — and how many businesses in all have the 10th one's count. The database ranks them:
    a year at a million cases has 140,000 businesses, and fetching every one with its name to
    pick 10 was most of the statistics' time (issue 17, item 5). The counts are grouped once
    (_materialized on PostgreSQL; SQLite keeps a CTE used more than once by itself)."""
    counts_sql, params = _accepted_per_business(period, unit).sql()
    materialized, by_code_point = ("", "") if is_sqlite() else (_materialized(), ' COLLATE "C"')
    business = Business._meta.table_name
    rows = database.execute_sql(
        f"WITH counts AS {materialized}({counts_sql}), "
        f"cut AS (SELECT n FROM counts ORDER BY n DESC LIMIT 1 OFFSET {TOP_N - 1}) "
        # each name looked up for the few rows at or above the cut: PostgreSQL, misjudging how few
        # pass it, hashed all 166,000 businesses of a million cases for a join (85 ms)
        f"SELECT c.business_id, (SELECT name{by_code_point} FROM {business} WHERE id = c.business_id) AS name, "
        f"(SELECT credit_code FROM {business} WHERE id = c.business_id), c.n, "
        "(SELECT COUNT(*) FROM counts WHERE n = (SELECT n FROM cut)) "
        "FROM counts AS c WHERE c.n >= COALESCE((SELECT n FROM cut), 0) "
        f"ORDER BY c.n DESC, name, c.business_id LIMIT {TOP_LISTED + 1}", params).fetchall()
    tied_at_cut = rows[0][4] if rows else 0
    return [(i, name, code or "", n) for i, name, code, n, _ in rows], tied_at_cut


def _materialized() -> str:
    """The CTE keyword on PostgreSQL 12 and later, which would otherwise inline a CTE into each of
    its three uses; before 12 every CTE is computed once anyway, and the word is a syntax error."""
    return "MATERIALIZED " if (database.obj.server_version or 0) >= 120000 else ""


def _top_businesses(period: Period, unit: str | None) -> tuple[list[BusinessCount], int]:
    """The 10 businesses with most complaints accepted in P, with every business tied with the
    10th (up to TOP_LISTED in all), ranked 并列 where counts are equal (then by name and id), each
    with its 解决 in P; and how many more tied at the cut-off were left out of the list."""
    ordered, tied_at_cut = _top_candidates(period, unit)
    shortlist, left_out = cut_top(ordered, lambda cut: tied_at_cut)
    ranks = competition_ranks([n for *_, n in shortlist])
    ids = [i for i, *_ in shortlist]
    resolved = _grouped(Case.business, _case_conditions(Case.closed_date, period, unit)
                        + [_resolved(), Case.business.in_(ids)]) if ids else {}
    top = [BusinessCount(i, name, code, n, resolved.get(i, 0), rank)
           for (i, name, code, n), rank in zip(shortlist, ranks)]
    return top, left_out


def _typical_cases(period: Period, unit: str | None) -> list[TypicalCase]:
    # the business's name looked up per case (a few thousand a year at a million cases), not by a
    # join that PostgreSQL answered by hashing every business
    name = Business.select(Business.name).where(Business.id == Case.business)
    query = (Case.select(Case.number, Case.closed_date, name, Case.category_code, Case.outcome, Case.typical_summary)
             .where(*_case_conditions(Case.closed_date, period, unit), Case.typical == True)  # noqa: E712 - a peewee expression, not a Python comparison
             .order_by(Case.closed_date, Case.number))
    return [TypicalCase(*row) for row in query.tuples()]
