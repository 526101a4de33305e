"""The rows of a ledger export (台账, docs/rules.md §10), read from the database in the column order
of app/services/ledger/columns.py. Personal numbers (身份证号 — of whatever document, masked by its
type —, 联系电话) are masked unless the
clerk asks for the full values, which needs the "export_unmasked" permission and leaves an audit
row naming every case whose full ID number went into the file (docs/rules.md §11).

What the layout cannot carry is left out rather than guessed: the Art. 23 ground of a termination
has no column (an imported termination gets the ground "未记录（导入）"), and a clock pause has
none either, so the 调解期限 of a case that was paused is computed without the pause after a
re-import.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator

from peewee import JOIN, CharField, DateField, ForeignKeyField, IntegerField, TextField

from app.db.fields import MoneyField
from app.db.models import Business, Case, ClockEvent, Complainant, FollowUp, User, database
from app.db.sql import reading_once
from app.domain.clock import ClockFacts, ClockResult, compute_clock
from app.domain.codes import CHANNELS, FORMER_ID_TYPES, GENDERS, OUTCOMES, REJECT_GROUNDS, SATISFACTION, STATES
from app.domain.errors import ValidationFailed
from app.domain.masking import mask_id_number, mask_phone
from app.services import audit
from app.services.clock import pauses_of
from app.services.context import Actor, require, today
from app.services.ledger.columns import (COLUMNS, COMPUTED_COLUMNS, DATE_COLUMNS, MONEY_COLUMNS, NOTE_MEDIATOR,
                                         NOTE_SATISFACTION, OPTIONAL_COLUMNS, note_value)
from app.services.settings import get_settings, labels, work_calendar

YES, NO = "是", "否"
CHUNK = 500          # cases read, and their follow-ups and pauses looked up, at a time


def reject_reason_text(ground: str | None, text: str) -> str:
    """The ledger's 不予受理理由 cell: the Art. 16 ground (when one was recorded) and the free text."""
    if not ground or ground == "unrecorded":
        return text or ""
    label = REJECT_GROUNDS.label(ground)
    return f"{label}；{text}" if text else label


@dataclass
class LedgerExport:
    header: list[str]
    count: int
    rows: Iterator[list]
    unmasked: bool
    number_columns: dict        # column index → "date" | "money": how the writer formats it


_SELECT = (Case.id, Case.number, Case.received_date, Case.channel, Complainant.name, Complainant.gender,
           Complainant.id_number, Complainant.phone, Complainant.address, Business.name, Business.credit_code,
           Business.address, Business.phone, Case.category_major, Case.category_code, Case.nature_code,
           Case.purchase_date, Case.amount, Case.facts, Case.request_text, Case.state, Case.accepted_date,
           Case.reject_ground, Case.reject_text, Case.closed_date, Case.outcome, Case.recovered, Case.punitive,
           Case.note, Case.handling_unit, Complainant.id_type, Case.basis, Case.notice_sent_date, Case.import_note)


def _query(start: date, end: date):
    mediator = User.alias()
    return (Case.select(*_SELECT, mediator.display_name)
            .join(Complainant, on=(Case.complainant == Complainant.id))
            .switch(Case).join(Business, on=(Case.business == Business.id))
            .switch(Case).join(mediator, JOIN.LEFT_OUTER, on=(Case.mediator == mediator.id))
            .where(Case.received_date.between(start, end))
            .order_by(Case.received_date, Case.id))


def export_ledger(actor: Actor, start: date, end: date, unmasked: bool = False) -> LedgerExport:
    """The ledger rows of cases registered from `start` to `end`. The audit row is written here,
    before any row leaves the program."""
    require(actor, "export")
    if unmasked:
        require(actor, "export_unmasked")
    if end < start:
        raise ValidationFailed.single("date_to", "结束日期不能早于开始日期")
    with reading_once():
        count = Case.select().where(Case.received_date.between(start, end)).count()
        _audit_export(actor, start, end, count, unmasked)
    header = [h for _, h in COLUMNS + OPTIONAL_COLUMNS + COMPUTED_COLUMNS]
    keys = [k for k, _ in COLUMNS + OPTIONAL_COLUMNS + COMPUTED_COLUMNS]
    formats = {i: "date" for i, k in enumerate(keys) if k in DATE_COLUMNS}
    formats.update({i: "money" for i, k in enumerate(keys) if k in MONEY_COLUMNS})
    return LedgerExport(header, count, _rows(start, end, unmasked), unmasked, formats)


def _audit_export(actor: Actor, start: date, end: date, count: int, unmasked: bool) -> None:
    span = f"{start.isoformat()}至{end.isoformat()}"
    if not unmasked:
        audit.record(actor, "export_ledger", "case", None, summary=f"导出台账（个人信息已遮蔽）{span}，{count} 件")
        return
    numbers = (Case.select(Case.number).join(Complainant, on=(Case.complainant == Complainant.id))
               .where(Case.received_date.between(start, end), Complainant.id_number != "")
               .order_by(Case.received_date, Case.id))
    with_id = [n for (n,) in database.execute(numbers)]      # the driver's rows: no peewee row cache beside the list
    audit.record(actor, "export_ledger_unmasked", "case", None,
                 summary=f"导出台账（含完整身份证号和电话）{span}，{count} 件，其中 {len(with_id)} 件含身份证号",
                 changes=[{"field": "number", "old": None, "new": with_id}])


class _OfCases:
    """A query of some cases' rows (… WHERE case IN ids) run on one chunk of cases after another:
    peewee makes its SQL once for each number of ids — turning 500 ids into SQL parameters for
    every chunk cost as much as reading the rows — and the driver's rows are converted as
    _tuples converts them."""

    def __init__(self, make):
        self.make = make          # ids → the query
        self.made: dict[int, tuple[str, list]] = {}

    def rows(self, case_ids: list[int]) -> list[list]:
        made = self.made.get(len(case_ids))
        if made is None:
            query = self.make(case_ids)
            sql, params = query.sql()
            if list(params) != list(case_ids):       # (a query with parameters of its own is made each time)
                return [list(r) for r in query.tuples()]
            converters = [(i, c) for i, c in enumerate(_converter(f) for f in query._returning) if c]
            made = self.made[len(case_ids)] = (sql, converters)
        sql, converters = made
        rows = [list(raw) for raw in database.execute_sql(sql, case_ids).fetchall()]
        for row in rows:
            for i, convert in converters:
                row[i] = convert(row[i])
        return rows


def _satisfaction_query(case_ids: list[int]):
    return (FollowUp.select(FollowUp.case, FollowUp.satisfaction).where(FollowUp.case.in_(case_ids))
            .order_by(FollowUp.day, FollowUp.id))


def _latest_satisfaction(rows: list[list]) -> dict[int, str]:
    """Each case's last follow-up's satisfaction, from its follow-ups in date order."""
    return {case_id: level for case_id, level in rows}


@dataclass(frozen=True)
class _Event:
    id: int
    case_id: int
    kind: str
    day: date


def _pauses_query(case_ids: list[int]):
    return (ClockEvent.select(ClockEvent.id, ClockEvent.case, ClockEvent.kind, ClockEvent.day)
            .where(ClockEvent.case.in_(case_ids)))


def _pauses(rows: list[list]) -> dict[int, list]:
    events: dict[int, list] = {}
    for row in rows:
        event = _Event(*row)
        events.setdefault(event.case_id, []).append(event)
    return events


def _iso_date(value):
    """A DateField's value as the driver gives it: a date (PostgreSQL) or ISO text (SQLite) —
    date.fromisoformat in C, where peewee tries strptime formats in turn."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def _converter(field):
    if isinstance(field, MoneyField):
        return field.python_value
    if isinstance(field, DateField):
        return _iso_date
    if isinstance(field, (CharField, TextField, IntegerField, ForeignKeyField)):
        return None           # text and whole numbers come from the driver as they are
    return field.python_value


def _tuples(query, size: int = 0) -> Iterator[list[list]]:
    """The query's rows, `size` at a time, each column converted as peewee would, in a tenth of its
    time: 100,000 rows of 35 columns are 3.5 million conversions through peewee's row machinery."""
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in query._returning) if c]
    cursor = database.execute(query)
    while batch := cursor.fetchmany(size or CHUNK):
        rows = [list(raw) for raw in batch]
        for row in rows:
            for i, convert in converters:
                row[i] = convert(row[i])
        yield rows


def _rows(start: date, end: date, unmasked: bool) -> Iterator[list]:
    """The cases' rows; each chunk's follow-ups and clock pauses read with it, so that memory stays
    flat however many cases the period holds."""
    office = _Office(labels("category"), labels("nature"), labels("unit"), work_calendar(), get_settings(), today())
    follow_ups, clock_events = _OfCases(_satisfaction_query), _OfCases(_pauses_query)
    with reading_once():
        for chunk in _tuples(_query(start, end)):
            ids = [row[0] for row in chunk]
            satisfaction, pauses = _latest_satisfaction(follow_ups.rows(ids)), _pauses(clock_events.rows(ids))
            for row in chunk:
                yield _row(row, unmasked, office, satisfaction, pauses)


@dataclass
class _Office:
    """What every row is written with: the dictionaries' labels, the calendar and settings, today."""
    categories: dict
    natures: dict
    units: dict
    cal: object
    settings: dict
    on: date


def _row(row: list, unmasked: bool, office: _Office, satisfaction: dict, pauses: dict) -> list:
    categories, natures, units, on = office.categories, office.natures, office.units, office.on
    (case_id, number, received, channel, name, gender, id_number, phone, address, b_name, credit, b_address,
     b_phone, major, category, nature, purchase, amount, facts, request, state, accepted, reject_ground,
     reject_text, closed, outcome, recovered, punitive, note, unit, id_type, basis, notice_sent, import_note,
     mediator) = row
    facts_ = ClockFacts(received, basis, state, accepted, closed, outcome, notice_sent,
                        pauses_of(pauses.get(case_id, ())))
    clock = compute_clock(facts_, office.cal, office.settings)
    level = satisfaction.get(case_id)
    return [
        number, received, CHANNELS.label(channel), name, GENDERS.label(gender),
        id_number if unmasked else mask_id_number(id_number, id_type), phone if unmasked else mask_phone(phone),
        address, b_name, credit or "", b_address, b_phone, categories.get(major, major),
        categories.get(category, category) if category != major else "", natures.get(nature, nature),
        purchase, amount, facts, request, STATES.label(state), accepted,
        reject_reason_text(reject_ground, reject_text) if outcome == "rejected" else "",
        mediator or note_value(import_note, NOTE_MEDIATOR), closed, OUTCOMES.label(outcome),
        recovered, punitive,
        SATISFACTION.label(level) if level else note_value(import_note, NOTE_SATISFACTION),
        note, units.get(unit, unit), FORMER_ID_TYPES.label(id_type) if id_number else "",
        clock.accept_due, clock.mediate_due,
        YES if overdue(facts_, clock, on) else NO,
    ]


def overdue(facts: ClockFacts, clock: ClockResult, on: date) -> bool:
    """是否超期, judged against the two deadlines printed beside it (受理期限, 调解期限): the
    acceptance decision came — or is still missing — after its deadline, or mediation ended — or
    is still running — after its deadline. A case with an open pause is not overdue on mediation,
    and an agreed case's mediation ended with the agreement. (The termination-notice limit is
    followed in the work queues; the ledger has no column for the notice date.)"""
    decided = facts.accepted or facts.closed
    if clock.accept_due and (decided or on) > clock.accept_due:
        return True
    if facts.accepted and clock.mediate_due and facts.state != "agreed":
        if (facts.closed or on) > clock.mediate_due:
            return True
    return False
