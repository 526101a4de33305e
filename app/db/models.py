"""peewee models: one table per thing the office records. No rules here — those live in domain/.

Every table a clerk edits has `version` for optimistic locking: a save that finds another
version was written meanwhile is refused, never silently overwritten.
"""
from __future__ import annotations

from datetime import datetime

from peewee import (
    BlobField, BooleanField, CharField, DatabaseProxy, DateField, DateTimeField, ForeignKeyField,
    IntegerField, Model, TextField, fn,
)

from app.db.fields import MoneyField
from app.domain.codes import FOLLOW_UP_OUTCOMES

database = DatabaseProxy()


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()
    applied_at = DateTimeField(default=now)
    program_version = CharField(default="")


class Setting(BaseModel):
    key = CharField(primary_key=True, max_length=100)
    value = TextField()           # JSON


class DictEntry(BaseModel):
    """Editable dictionaries with stable codes: 投诉性质, categories, handling units."""
    kind = CharField(max_length=20)
    code = CharField(max_length=20)
    label = CharField(max_length=100)
    parent = CharField(max_length=20, null=True)
    level = CharField(max_length=10, default="")
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("kind", "code"), True),)


class HolidayYear(BaseModel):
    """A year whose official holiday schedule is in the table."""
    year = IntegerField(primary_key=True)
    source = CharField(max_length=40)
    updated_at = DateTimeField(default=now)


class Holiday(BaseModel):
    """An exception to Monday–Friday: a statutory holiday day or a 调休 make-up workday."""
    day = DateField(unique=True)
    is_workday = BooleanField()
    name = CharField(max_length=40, default="")


class User(BaseModel):
    username = CharField(max_length=40, unique=True)
    display_name = CharField(max_length=40)
    role = CharField(max_length=20)
    password_hash = CharField(max_length=200, default="")
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)
    must_change_password = BooleanField(default=False)   # schema 3: after an administrator's reset
    last_login_at = DateTimeField(null=True)              # schema 3


class Complainant(BaseModel):
    name = CharField(max_length=60, index=True)
    gender = CharField(max_length=10, default="unknown")
    id_type = CharField(max_length=20, default="resident")
    id_number = CharField(max_length=40, default="", index=True)
    birth_date = DateField(null=True)
    phone = CharField(max_length=30, index=True)
    address = CharField(max_length=200)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)


class Business(BaseModel):
    name = CharField(max_length=120, index=True)
    credit_code = CharField(max_length=18, null=True, unique=True)
    legal_rep = CharField(max_length=60, default="")
    address = CharField(max_length=200)
    phone = CharField(max_length=30, default="")
    contact = CharField(max_length=60, default="")
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)


class CaseSequence(BaseModel):
    """Last case number handed out per year; incremented inside the registering transaction."""
    year = IntegerField(primary_key=True)
    last = IntegerField(default=0)


# The statistics of a period read only these columns of the cases accepted (closed) in it: an
# index that holds them all answers them without reading the wide case rows (schema 12) — a
# year at a million cases in a fraction of a second on PostgreSQL, instead of a heap pass a query.
ACCEPTED_STATISTICS = ("accepted_date", "nature_code", "category_code", "category_major", "channel", "handling_unit",
                       "mediator", "basis", "business")
CLOSED_STATISTICS = ("closed_date", "outcome", "mediator", "reject_ground", "terminate_ground", "recovered",
                     "punitive", "business", "handling_unit", "typical")


FOLLOW_UP_INDEX = ("follow_up_due", "received_date", "id")
# PostgreSQL only (schema 18, made with SERVER_SORT_INDEXES): a business's cases with what its
# 解决 in a period reads, so that the top 10's are counted from the index alone, not from the
# thousands of case rows of a business complained about most (78 → 2.7 ms for ten at a million
# cases). Not on SQLite: its foreign-key index on business keeps each business's cases in id
# order, which the list's sort by business reads without sorting.
BUSINESS_INDEX = ("business", "closed_date", "outcome")


class Case(BaseModel):
    number = CharField(max_length=60, unique=True)
    received_date = DateField(index=True)
    channel = CharField(max_length=20)
    platform_no = CharField(max_length=40, default="")
    basis = CharField(max_length=20, default="own")
    handling_unit = CharField(max_length=20, default="U00")
    complainant = ForeignKeyField(Complainant, backref="cases", index=True)
    business = ForeignKeyField(Business, backref="cases", index=True)
    registered_by = ForeignKeyField(User, null=True, backref="+")
    mediator = ForeignKeyField(User, null=True, backref="+", index=True)
    state = CharField(max_length=20, index=True)
    outcome = CharField(max_length=20, null=True, index=True)
    # the dispute
    goods_name = CharField(max_length=120, default="")
    purchase_date = DateField(null=True)
    purchase_place = CharField(max_length=200, default="")
    quantity = IntegerField(null=True)
    category_code = CharField(max_length=20, index=True)
    category_major = CharField(max_length=20, index=True)
    nature_code = CharField(max_length=20, index=True)
    amount = MoneyField(null=True, index=True)   # the case list sorts by it
    facts = TextField()
    request_types = CharField(max_length=200, default="")   # comma-separated REQUEST_TYPES codes
    request_text = TextField()
    evidence_note = TextField(default="")
    consent_publish = BooleanField(default=False)
    consent_entrusted = BooleanField(default=True)
    typical = BooleanField(default=False)
    typical_summary = TextField(default="")
    # decisions and closing
    accepted_date = DateField(null=True)    # searched through ACCEPTED_STATISTICS, which begins with it (schema 16)
    reject_ground = CharField(max_length=20, null=True)
    reject_text = TextField(default="")
    transfer_to = CharField(max_length=120, default="")
    transfer_reason = TextField(default="")
    closed_date = DateField(null=True)      # searched through CLOSED_STATISTICS, which begins with it (schema 16)
    terminate_ground = CharField(max_length=20, null=True)
    terminate_text = TextField(default="")
    close_note = TextField(default="")
    recovered = MoneyField(null=True)
    punitive = MoneyField(null=True)
    notice_sent_date = DateField(null=True)
    # the clock, recomputed from the facts above on every write (never typed)
    rule_set = CharField(max_length=10, default="O121")
    next_deadline = DateField(null=True, index=True)
    next_deadline_kind = CharField(max_length=10, null=True)
    clock_paused = BooleanField(default=False)
    # 待回访: follow_up_rule() as it stands after the case's last action (schema 15)
    follow_up_due = BooleanField(default=False)
    # bookkeeping
    source = CharField(max_length=10, default="manual")   # manual | import | demo
    import_note = TextField(default="")
    note = TextField(default="")
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    updated_by_name = CharField(max_length=40, default="")
    version = IntegerField(default=1)

    class Meta:
        table_name = "complaint_case"
        # (state, received_date): a queue (e.g. 已办结, 87% of cases) in date order without a sort;
        # the next two (schema 11) hold every column the 待回访 and 已超期/即将到期 conditions test, so
        # the navigation's counts read an index alone, never the case rows
        indexes = ((("state", "next_deadline"), False), (("state", "received_date"), False),
                   (("state", "outcome", "source", "closed_date", "created_at"), False),
                   (("next_deadline", "clock_paused", "state", "next_deadline_kind", "notice_sent_date"), False),
                   (ACCEPTED_STATISTICS, False), (CLOSED_STATISTICS, False),   # the statistics, schema 12
                   (FOLLOW_UP_INDEX, False))   # 待回访 in the list's order, schema 15


# PostgreSQL only (schema 13): the case list's sorts by a column with few values, then by id. SQLite
# keeps every index in rowid order within a key already; PostgreSQL without these sorts the
# hundreds of thousands of cases of one value for a first page (mediator, state, category, and
# next_deadline's closed cases without one: 0.1-0.9 s at a million cases). Schema 17: the list's own
# order, (received_date, id), which a search's walk (fts.cases_containing) and the first page read
# from the index alone — along received_date's own index every case row was read for its id and
# each day's cases sorted (a walk of 11,000 cases at a million: 73 ms of its 189 → 4.5 ms).
SERVER_SORT_INDEXES = (("category_code", "id"), ("state", "id"), ("next_deadline", "id"), ("mediator", "id"),
                       ("received_date", "id"))


def clock_running():
    """The cases whose stored deadline is someone's work (已超期, 即将到期): the clock not paused,
    and the case open — or closed with its 终止告知 still to send (a deadline left over from before
    a case closed, e.g. by an older program or an import, is not work). Only stored columns, which
    the services compute with the domain's clock on every write, so it can be an index's predicate."""
    return (Case.clock_paused == False) & (  # noqa: E712 - a peewee expression, not a Python comparison
        (Case.state != "closed") | ((Case.next_deadline_kind == "notify") & Case.notice_sent_date.is_null()))


# Schema 14: the cases of clock_running() in the list's date order, each with its deadline. The
# 已超期 queue's first page walks this (a few thousand entries, read alone) instead of every case
# along the date index with a row read each: 5 ms at 100,000 demo cases, and ~90 ms (the whole
# table) when fewer than a page are overdue. A query is given it when its WHERE has the same terms.
RUNNING_CLOCK_INDEX = "complaint_case_running_clock"
RUNNING_CLOCK_COLUMNS = ("received_date", "id", "next_deadline")
Case.add_index(Case.index(*(getattr(Case, name) for name in RUNNING_CLOCK_COLUMNS), name=RUNNING_CLOCK_INDEX,
                          where=clock_running()))


# Schema 18: the cases marked 典型案例, in the order the report lists them — a handful in a year,
# which the closing index found only by passing every case closed in it (142 ms a year at a million).
TYPICAL_INDEX = "complaint_case_typical"
TYPICAL_COLUMNS = ("closed_date", "number")
Case.add_index(Case.index(*(getattr(Case, name) for name in TYPICAL_COLUMNS), name=TYPICAL_INDEX,
                          where=(Case.typical == True)))  # noqa: E712 - a peewee expression, not a Python comparison


class CaseSearch(BaseModel):
    """Lower-cased text a clerk may search for (number, names, business, facts), kept in a narrow
    table of its own so that a substring scan reads ~35 MB, not the whole case table; the phone and
    ID number apart in `pii` (schema 6), which roles without "view_pii" may match only in full or
    by the last 4 characters (app/domain/search_text.py)."""
    case = ForeignKeyField(Case, primary_key=True, backref="+", on_delete="CASCADE")
    text = TextField()
    pii = TextField(default="")


class CaseAgent(BaseModel):
    """委托代理人 (O121 Art. 11) or a representative of a joint complaint (Art. 12)."""
    case = ForeignKeyField(Case, backref="agents", index=True)
    kind = CharField(max_length=20, default="agent")     # agent | representative
    name = CharField(max_length=60)
    phone = CharField(max_length=30, default="")
    id_type = CharField(max_length=20, default="resident")   # schema 10
    id_number = CharField(max_length=40, default="")
    relation = CharField(max_length=60, default="")
    authorization = TextField(default="")


class MediationSession(BaseModel):
    case = ForeignKeyField(Case, backref="sessions", index=True)
    status = CharField(max_length=20, default="scheduled")
    scheduled_at = DateTimeField()
    place = CharField(max_length=200, default="")
    mode = CharField(max_length=20, default="onsite")
    form = CharField(max_length=20, default="joint")
    mediators = CharField(max_length=200, default="")
    recorder = CharField(max_length=60, default="")
    present = TextField(default="")
    record_text = TextField(default="")
    result = TextField(default="")
    next_step = TextField(default="")
    notified_date = DateField(null=True)
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)


class Recusal(BaseModel):
    """回避 (O121 Art. 21): who asked a mediator to withdraw, why, and the decision."""
    case = ForeignKeyField(Case, backref="recusals", index=True)
    mediator_name = CharField(max_length=60)
    applicant = CharField(max_length=60)
    reason = TextField()
    decision = CharField(max_length=20)
    decided_by = CharField(max_length=60)
    decided_date = DateField()


class ClockEvent(BaseModel):
    """Pause (鉴定/检测 starts) or resume of the mediation clock (O121 Art. 22)."""
    case = ForeignKeyField(Case, backref="clock_events", index=True)
    kind = CharField(max_length=10)
    day = DateField()
    reason = TextField(default="")
    agency = CharField(max_length=120, default="")
    payer = CharField(max_length=20, default="")
    by_name = CharField(max_length=40, default="")
    created_at = DateTimeField(default=now)


class Agreement(BaseModel):
    case = ForeignKeyField(Case, backref="agreements", unique=True)
    signed_date = DateField()
    place = CharField(max_length=200, default="")
    performance_way = TextField(default="")
    performance_place = CharField(max_length=200, default="")
    performance_deadline = DateField(null=True)
    copies = IntegerField(default=3)
    performance_status = CharField(max_length=20, default="pending")
    performance_date = DateField(null=True)
    performance_note = TextField(default="")
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)
    # 司法确认 (schema 9): the joint application to a court and its ruling
    confirm_filed_date = DateField(null=True)
    confirm_court = CharField(max_length=60, default="")
    confirm_decision = CharField(max_length=20, null=True)     # JUDICIAL_DECISIONS
    confirm_decided_date = DateField(null=True)
    confirm_note = TextField(default="")
    # 纠纷事实及请求 as the mediator wrote it (schema 19, app/domain/agreement_facts.py). NULL on every
    # agreement signed before, and when left empty: those print the complaint's own facts and
    # request as they always did, so a reprint of an old agreement is the paper the parties signed.
    dispute_facts = TextField(null=True)

    class Meta:
        # 经司法确认有效 of a period from an index alone (schema 18)
        indexes = ((("confirm_decided_date", "confirm_decision"), False),)


class AgreementTerm(BaseModel):
    agreement = ForeignKeyField(Agreement, backref="terms", index=True)
    seq = IntegerField()
    term_type = CharField(max_length=20)
    description = TextField()
    amount = MoneyField(null=True)
    deadline = DateField(null=True)


class FollowUp(BaseModel):
    case = ForeignKeyField(Case, backref="followups", index=True)
    day = DateField(index=True)
    method = CharField(max_length=20)
    by_user = ForeignKeyField(User, null=True, backref="+")
    by_name = CharField(max_length=40)
    satisfaction = CharField(max_length=20)
    performed = BooleanField(null=True)
    note = TextField(default="")
    needs_supervisor = BooleanField(default=False)
    supervisor_done = BooleanField(default=False)
    created_at = DateTimeField(default=now)

    class Meta:
        # the open tasks (待回访, 待处理任务) from an index alone (schema 11); a period's satisfaction
        # counts likewise (schema 18)
        indexes = ((("needs_supervisor", "supervisor_done", "case"), False), (("day", "satisfaction"), False))


def follow_up_rule():
    """待回访, as a condition on a case: closed with an outcome that is called back and never called
    back (a case an old ledger brought in already closed was followed up on paper, if at all), or
    with an unsatisfied follow-up still waiting for the supervisor. The database evaluates it for
    the cases a write touched (follow_up_refresh) and keeps the answer in Case.follow_up_due: the
    queue walked its own order testing this on each case — every case, ~325 ms at 100,000, when
    an office had called back all but a few."""
    called_back = FollowUp.select(FollowUp.case).where(FollowUp.case == Case.id)
    imported_closed = (Case.source == "import") & (Case.closed_date <= Case.created_at)
    never = (Case.state == "closed") & Case.outcome.in_(FOLLOW_UP_OUTCOMES) & ~fn.EXISTS(called_back) & ~imported_closed
    open_task = FollowUp.select(FollowUp.case).where(
        (FollowUp.case == Case.id) & (FollowUp.needs_supervisor == True) & (FollowUp.supervisor_done == False))  # noqa: E712 - a peewee expression, not a Python comparison
    return never | fn.EXISTS(open_task)


def follow_up_refresh(where):
    """The UPDATE that stores follow_up_rule() in follow_up_due for the cases of `where` (part of
    the writer's transaction); NULL (a closed case without an outcome) counts as no."""
    return Case.update(follow_up_due=fn.COALESCE(follow_up_rule(), False)).where(where)


def follow_up_mark(where):
    """The same for cases still at the default (no): only those the rule holds for are written —
    a bulk load or the migration, where most cases are no and rewriting them all would cost."""
    return Case.update(follow_up_due=True).where(where & follow_up_rule())


class Consultation(BaseModel):
    """Phone and walk-in consultations that are not complaints; they count as 接待来访和咨询."""
    day = DateField(index=True)
    channel = CharField(max_length=20)
    topic = CharField(max_length=20)
    count = IntegerField(default=1)
    note = TextField(default="")
    handling_unit = CharField(max_length=20, default="U00")
    by_name = CharField(max_length=40, default="")
    created_at = DateTimeField(default=now)

    class Meta:
        # a period's 接待来访和咨询, per handling unit too, from an index alone (schema 18)
        indexes = ((("day", "handling_unit", "count"), False),)


class Attachment(BaseModel):
    case = ForeignKeyField(Case, backref="attachments", index=True)
    sha256 = CharField(max_length=64, index=True)
    filename = CharField(max_length=255)
    size = IntegerField()
    mime = CharField(max_length=100, default="")
    description = CharField(max_length=200, default="")
    added_by = CharField(max_length=40, default="")
    added_at = DateTimeField(default=now)


class AttachmentBlob(BaseModel):
    """Attachment content kept in the database in server mode (one copy for every PC)."""
    sha256 = CharField(max_length=64, primary_key=True)
    data = BlobField()


class AuditLog(BaseModel):
    """Append-only: the program has no code path that updates or deletes these rows, and the
    database refuses it too (triggers, app/db/guards.py). Each row is chained to the one before
    by its hash when its transaction commits (app/db/audit_chain.py, schema 5); only those three
    columns may be written once, by the seal."""
    at = DateTimeField(default=now, index=True)
    user = ForeignKeyField(User, null=True, backref="+")
    by_name = CharField(max_length=40, index=True)    # the actor's display name (schema 4; was `username`)
    action = CharField(max_length=40, index=True)
    entity = CharField(max_length=40)
    entity_id = IntegerField(null=True)
    case = ForeignKeyField(Case, null=True, backref="audit", index=True)
    summary = TextField(default="")
    changes = TextField(default="[]")   # JSON list of {"field", "old", "new"}
    chain_seq = IntegerField(null=True, unique=True)   # position in the hash chain (schema 5)
    prev_hash = CharField(max_length=64, null=True)
    row_hash = CharField(max_length=64, null=True)

    class Meta:
        # a record's rows by its id: the edits of a case's complainant and business in its 操作日志
        # (casefile.case_detail), and who saved a party last (schema 20)
        indexes = ((("entity", "entity_id"), False),)


class AuditChain(BaseModel):
    """The head of the audit chain (one row, id 1): how many rows are chained and the last hash,
    so rows deleted from the end of the log show too. Locked by each commit that seals rows."""
    seq = IntegerField(default=0)
    last_hash = CharField(max_length=64)


ALL_MODELS = [
    SchemaVersion, Setting, DictEntry, HolidayYear, Holiday, User, Complainant, Business,
    CaseSequence, Case, CaseSearch, CaseAgent, MediationSession, Recusal, ClockEvent, Agreement, AgreementTerm,
    FollowUp, Consultation, Attachment, AttachmentBlob, AuditLog, AuditChain,
]
