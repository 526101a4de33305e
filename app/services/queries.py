"""Read side: work queues, the case list (filtered, sorted and paged in SQL) and search."""
from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from peewee import JOIN, SQL, fn

from app.db.fts import cases_among, cases_containing, cases_matching, found_ids, indexed_cases
from app.db.models import Business, Case, Complainant, User, clock_running, database
from app.domain.deadlines import deadline_status, due_soon_threshold
from app.domain.codes import ACCEPTED_STATES, ACTIVE_STATES, CHANNELS, case_state_label
from app.domain.masking import mask_phone
from app.domain.search_text import pii_patterns, search_term
from app.services.context import Actor, today
from app.services.settings import get_settings, labels, work_calendar

class CaseFilter(NamedTuple):
    """What the list shows (never changed in place: a new filter is made, _replace for one field)."""
    queue: str = "all"
    text: str = ""
    date_from: date | None = None      # receipt date range
    date_to: date | None = None
    category: str = ""                 # a 大类 or 细类 code
    nature: str = ""
    mediator_id: int | None = None
    channel: str = ""
    handling_unit: str = ""


class CaseRow(NamedTuple):
    """A row of the case list, as painted (made for every row fetched; never changed)."""
    id: int
    number: str
    received_date: date
    complainant: str
    phone: str
    business: str
    category: str
    nature: str
    state: str
    state_label: str
    state_short: str                    # the outcome's short label: the list's badge
    channel: str
    next_deadline: date | None
    deadline_status: str
    deadline_kind: str | None           # "accept" | "mediate" | "notify" (DEADLINE_KINDS)
    mediator: str
    amount: Decimal | None
    version: int


SORT_COLUMNS = {
    "number": (Case.received_date, Case.id),
    "received_date": (Case.received_date, Case.id),
    # The party's id before the case id lets SQLite read the order straight from the name index
    # and the foreign-key index (no temporary sort of 100,000 rows: ~100 ms → ~60 ms).
    "complainant": (Complainant.name, Complainant.id, Case.id),
    "business": (Business.name, Business.id, Case.id),
    "category": (Case.category_code, Case.id),
    "state": (Case.state, Case.id),
    "next_deadline": (Case.next_deadline, Case.id),
    "mediator": (Case.mediator, Case.id),
    "amount": (Case.amount, Case.id),
}


def queue_condition(queue: str, on: date | None = None):
    on = on or today()
    if queue == "to_accept":
        return Case.state == "registered"
    if queue == "mediating":
        return Case.state.in_(ACCEPTED_STATES)
    if queue == "due_soon":
        soon = int(get_settings()["limits.due_soon_working_days"])
        limit = due_soon_threshold(on, work_calendar(), soon)
        return Case.next_deadline.between(on, limit) & clock_running()
    if queue == "overdue":
        # clock_running() as its own terms: SQLite walks the partial index of exactly those cases
        # (schema 14) only if the query's WHERE holds its predicate's terms
        return (Case.next_deadline < on) & clock_running()
    if queue == "to_follow_up":
        # stored by every case action (app/db/models.py follow_up_rule): walked along its index
        return Case.follow_up_due == True  # noqa: E712 - a peewee expression, not a Python comparison
    if queue == "closed":
        return Case.state == "closed"
    return None


# A first page of a term found in at least this many cases (at 100,000 cases) walks the list order
# (fts.cases_containing); walk_from() scales it to the table
WALK_FROM = 2000
FIRST_PAGES = 200      # offset + limit up to which a query counts as a first page


def walk_from(cases: int) -> int:
    """How many matches make a term common enough to walk for among `cases`: the walk reads about
    page × cases / matches rows, sorting reads every match, so they cost the same where the matches
    are about √(page × cases) — WALK_FROM at 100,000 cases, growing with the square root above
    (at a million, 6,325: 空调, in 3,723 cases, walked 28,000 rows there, 276 ms; sorted, ~80 ms on the
    loaded machine, where the rows its matches are read from are spread over the whole table)."""
    return max(WALK_FROM, round(WALK_FROM * math.sqrt(cases / 100_000)))


def _text_condition(text: str, actor: Actor | None, first_page: bool = False):
    """Any fragment of the case's text; the phone and ID number by any fragment only for roles
    with "view_pii", for the others in full or by the last 4 characters (docs/rules.md §11). Through
    the search index (app/db/fts.py), never a scan."""
    wanted = [("text", text)]
    if actor is None or actor.may("view_pii"):
        wanted.append(("pii", text))
    else:
        wanted.extend(("pii", pattern) for pattern in pii_patterns(text))
    if first_page:
        # the matches read from the index once, here; a first page then sorts only them
        found = found_ids(wanted, walk_from(indexed_cases()))
        return cases_containing(Case.id, wanted) if found is None else cases_among(Case.id, found)
    return cases_matching(Case.id, wanted)


def _where(flt: CaseFilter, actor: Actor | None = None, first_page: bool = False):
    conditions = []
    queue = queue_condition(flt.queue)
    if queue is not None:
        conditions.append(queue)
    text = search_term(flt.text)
    if text:
        conditions.append(_text_condition(text, actor, first_page))
    if flt.date_from:
        conditions.append(Case.received_date >= flt.date_from)
    if flt.date_to:
        conditions.append(Case.received_date <= flt.date_to)
    if flt.category:
        column = Case.category_major if len(flt.category) == 3 else Case.category_code
        conditions.append(column == flt.category)
    if flt.nature:
        conditions.append(Case.nature_code == flt.nature)
    if flt.mediator_id is not None:
        conditions.append(Case.mediator == flt.mediator_id)
    if flt.channel:
        conditions.append(Case.channel == flt.channel)
    if flt.handling_unit:
        conditions.append(Case.handling_unit == flt.handling_unit)
    return conditions


def _filtered(query, flt: CaseFilter, actor: Actor | None = None, first_page: bool = False):
    for condition in _where(flt, actor, first_page):
        query = query.where(condition)
    return query


def count_cases(flt: CaseFilter, actor: Actor | None = None) -> int:
    # COUNT(*): SQLite counts a whole table from its b-tree's page counts (COUNT(id) read an index)
    return _filtered(Case.select(fn.COUNT(SQL("*"))), flt, actor).scalar()


def id_query(flt: CaseFilter, sort: str = "received_date", descending: bool = True, offset: int = 0,
             limit: int | None = None, actor: Actor | None = None):
    """The query behind case_ids (the benchmarks send its SQL raw as their baseline)."""
    columns = SORT_COLUMNS.get(sort, SORT_COLUMNS["received_date"])
    order = [c.desc() if descending else c.asc() for c in columns]
    query = Case.select(Case.id)
    if sort == "complainant":
        query = query.join(Complainant, on=(Case.complainant == Complainant.id))
    elif sort == "business":
        query = query.join(Business, on=(Case.business == Business.id))
    first_page = limit is not None and offset + limit <= FIRST_PAGES
    query = _filtered(query, flt, actor, first_page).order_by(*order)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return query


def case_ids(flt: CaseFilter, sort: str = "received_date", descending: bool = True,
             offset: int = 0, limit: int | None = None, actor: Actor | None = None) -> list[int]:
    """Ids of the matching cases in display order; rows are fetched separately, page by page.
    `actor`: who searches (the PII rule of _text_condition); None is the administrator at the
    machine (command line, benchmarks)."""
    query = id_query(flt, sort, descending, offset, limit, actor)
    # Straight from the cursor: 100,000 ids in ~40 ms instead of ~190 ms through model rows.
    return [row[0] for row in database.execute(query).fetchall()]


_ROW_FIELDS = (Case.id, Case.number, Case.received_date, Case.state, Case.outcome, Case.channel, Case.category_code,
               Case.nature_code, Case.next_deadline, Case.next_deadline_kind, Case.clock_paused, Case.amount,
               Case.version)
_ROW_NAMES = tuple(f.name for f in _ROW_FIELDS) + ("c_name", "c_phone", "b_name", "m_name")
_row_sql: dict[tuple, str] = {}


def _display_rows_sql(count: int) -> str:
    """The SQL of a page of display rows for `count` ids, built by peewee once per page size
    (building it cost more than running it: ~18 ms for 100 ids on a busy machine)."""
    key = (id(database.obj), count)
    if key not in _row_sql:
        mediator = User.alias()
        query = (Case.select(*_ROW_FIELDS, Complainant.name, Complainant.phone, Business.name, mediator.display_name)
                 .join(Complainant, on=(Case.complainant == Complainant.id))
                 .switch(Case).join(Business, on=(Case.business == Business.id))
                 .switch(Case).join(mediator, JOIN.LEFT_OUTER, on=(Case.mediator == mediator.id))
                 .where(Case.id.in_(list(range(count)))))
        _row_sql[key] = query.sql()[0]
    return _row_sql[key]


def _display_rows(ids: list[int]):
    converters = [f.python_value for f in _ROW_FIELDS] + [str, str, str, lambda v: v]
    for raw in database.execute_sql(_display_rows_sql(len(ids)), list(ids)).fetchall():
        yield {name: (None if value is None else convert(value))
               for name, convert, value in zip(_ROW_NAMES, converters, raw)}


def case_rows(ids: list[int], actor: Actor | None = None) -> list[CaseRow]:
    """Display rows for the given ids, in the same order."""
    if not ids:
        return []
    query = _display_rows(ids)
    categories, natures = labels("category"), labels("nature")
    cal, on = work_calendar(), today()
    soon = int(get_settings()["limits.due_soon_working_days"])
    show_phone = actor is None or actor.may("view_pii")
    by_id = {}
    for r in query:
        by_id[r["id"]] = CaseRow(
            id=r["id"], number=r["number"], received_date=r["received_date"], complainant=r["c_name"],
            phone=r["c_phone"] if show_phone else mask_phone(r["c_phone"]), business=r["b_name"],
            category=categories.get(r["category_code"], r["category_code"]),
            nature=natures.get(r["nature_code"], r["nature_code"]), state=r["state"],
            state_label=case_state_label(r["state"], r["outcome"]),
            state_short=case_state_label(r["state"], r["outcome"], short=True), channel=CHANNELS.label(r["channel"]),
            next_deadline=r["next_deadline"],
            deadline_status=deadline_status(r["next_deadline"], on, cal, soon, r["clock_paused"]),
            deadline_kind=r["next_deadline_kind"],
            mediator=r["m_name"] or "", amount=r["amount"], version=r["version"])
    return [by_id[i] for i in ids if i in by_id]


def case_page(flt: CaseFilter, sort: str = "received_date", descending: bool = True, offset: int = 0,
              limit: int = 100, actor: Actor | None = None) -> list[CaseRow]:
    return case_rows(case_ids(flt, sort, descending, offset, limit, actor), actor)


QUEUES = ("to_accept", "mediating", "due_soon", "overdue", "to_follow_up", "closed", "all")


def queue_counts() -> dict[str, int]:
    """Live counts for the navigation (asked from a pool thread): one small query per queue,
    each answered from an index alone (schemas 11 and 15)."""
    return {queue: count_cases(CaseFilter(queue=queue)) for queue in QUEUES}


def find_by_number(number: str) -> int | None:
    """The id of the case with this number (as typed on the command line)."""
    return Case.select(Case.id).where(Case.number == (number or "").strip()).scalar()


def open_case_count() -> int:
    return Case.select().where(Case.state.in_(ACTIVE_STATES)).count()
