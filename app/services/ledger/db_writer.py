"""Writing checked ledger rows: one transaction per batch, a row written whole or not at all, one
audit row per batch naming the cases and the party records it added. See importer for the rules
and db_insert for why the inserts are hand-built.

A batch is first written in one piece (one savepoint around all its rows; its complainants,
businesses, cases and search rows each in one executemany — COPY on PostgreSQL — with the ids given
beforehand; the yearly counter moved once per year): every row was checked before, so a database
refusal is rare. When one comes, the batch's savepoint is rolled back — the database,
the party index and the noted party differences are as before the batch — and the batch is
written again one row per savepoint, so that the refused row alone stays out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from app.db.bulk import BatchInsert, FastInsert, bulk_insert
from app.db.fts import bulk_indexing
from app.db.models import Business, Case, CaseSearch, CaseSequence, Complainant, database
from app.services import audit
from app.services.clock import clock_columns, clock_of
from app.services.context import Actor
from app.services.ledger.row_checks import CheckedRow, Problem
from app.services.ledger.db_insert import (
    PartyIndex, business_values, person_values, timestamps,
)
from app.services.ledger.party_changes import PartyChanges
from app.services.registration import next_number
from app.services.search_index import search_columns
from app.services.settings import get_settings, work_calendar


KEPT_PROBLEMS = 20_000
KEPT_REJECTED_ROWS = 5_000


@dataclass
class Skipped:
    row: int
    number: str
    reason: str


@dataclass
class ImportResult:
    total_rows: int = 0
    imported_numbers: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: dict[int, list] = field(default_factory=dict)   # Excel row → the row's cells (capped)
    rejected_count: int = 0
    problems_omitted: int = 0      # beyond KEPT_PROBLEMS: counted, not kept (memory stays bounded)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    party_changes: list = field(default_factory=list)   # party_changes.PartyChange, for the clerk to confirm

    @property
    def imported(self) -> int:
        return len(self.imported_numbers)

    @property
    def rejected(self) -> int:
        return self.rejected_count

    def reject(self, row: int, cells, problems: list[Problem]) -> None:
        """A row not imported: its reasons and cells are kept up to a limit, then only counted, so a
        file of a million bad rows costs no more memory than one of a few thousand."""
        self.rejected_count += 1
        room = KEPT_PROBLEMS - len(self.problems)
        self.problems.extend(problems[:max(room, 0)])
        self.problems_omitted += max(len(problems) - max(room, 0), 0)
        if len(self.rejected_rows) < KEPT_REJECTED_ROWS:
            self.rejected_rows[row] = list(cells)

    def summary(self) -> str:
        text = f"导入 {self.imported} 行，已存在跳过 {len(self.skipped)} 行，未导入（有错误）{self.rejected} 行"
        if self.party_changes:
            text += f"；{len(self.party_changes)} 处当事人信息与系统中不同，未修改（需确认）"
        return text + ("；导入已取消，已导入的行完整保留，再次导入同一文件会从未导入的行继续" if self.cancelled else "")


class _Refused(Exception):
    """A database refusal while a batch is written in one piece: write it again row by row."""


@dataclass
class _Written:
    """What a batch wrote, applied to the result once the batch stands."""
    numbers: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: list[tuple] = field(default_factory=list)      # (row, cells, problems)
    created: list[str] = field(default_factory=list)
    sequences: dict[int, int] = field(default_factory=dict)  # year → highest number written
    search: list[tuple] = field(default_factory=list)        # (case id, text, pii), in one piece only


class BatchWriter:
    def __init__(self, actor: Actor, source_name: str, floors: dict[int, int] | None = None):
        self.actor, self.source_name = actor, source_name
        self.floors = floors or {}      # year → the file's highest own number (ledger_import)
        self.cal, self.settings = work_calendar(), get_settings()
        self.index = PartyIndex()
        self.insert_case, self.insert_search = FastInsert(Case), FastInsert(CaseSearch, returning_id=False)
        self.insert_person, self.insert_business = FastInsert(Complainant), FastInsert(Business)
        self.batch = (BatchInsert(Complainant), BatchInsert(Business), BatchInsert(Case))   # in this order
        self.pending: list = []     # index entries made inside the current row's savepoint (row by row)
        self.changes = PartyChanges()

    def write_batch(self, first: int, last: int, rows: list, result: ImportResult) -> None:
        """Inside the caller's transaction: rows are (CheckedRow, cells) without problems."""
        with bulk_indexing():            # the batch's search rows indexed in one pass at its end
            written = self._in_one_piece(rows)
            if written is None:
                written = self._row_by_row(rows)
            _move_sequences(written.sequences)
        numbers = written.numbers
        if numbers:
            created = written.created
            parties = f"（新建当事人 {len(created)} 个）" if created else ""
            audit.record(self.actor, "import_ledger", "case", None,
                         summary=f"导入台账“{self.source_name}”第{first}–{last}行：新增 {len(numbers)} 件{parties}",
                         changes=[{"field": "number", "old": None, "new": numbers}]
                         + ([{"field": "name", "old": None, "new": created}] if created else []))
        result.imported_numbers.extend(numbers)
        result.skipped.extend(written.skipped)
        result.warnings.extend(written.warnings)
        for row, cells, problems in written.rejected:
            result.reject(row, cells, problems)

    def _in_one_piece(self, rows: list) -> _Written | None:
        """The batch in one savepoint; None (and nothing written) when the database refused a row."""
        written, noted, known = _Written(), self.changes.mark(), self.index.mark()
        people, businesses, cases = self.batch
        try:
            with database.atomic():
                try:
                    for part in self.batch:
                        part.begin()
                    for checked, _, _ in self._new_rows(rows, written, self._flush):
                        number, sequence = self._write_row(checked, written, self.index.add_person,
                                                           self.index.add_business,
                                                           (people.add, businesses.add, cases.add))
                        self._written(checked, number, sequence, written)
                    self._flush()
                    bulk_insert(CaseSearch, ["case", "text", "pii"], written.search)
                except Exception as exc:     # any refusal: the batch is written again row by row
                    raise _Refused() from exc
        except _Refused:
            self.index.restore(known)        # as the database is again: without the batch's parties
            self.changes.restore(noted)
            return None
        return written

    def _row_by_row(self, rows: list) -> _Written:
        written = _Written()
        for checked, cells, _ in self._new_rows(rows, written):
            self.pending, created_before = [], len(written.created)
            try:
                with database.atomic():          # a savepoint: this row is written whole or not at all
                    number, sequence = self._write_row(checked, written, self._later, self._later_business)
                    search = written.search.pop()
                    self.insert_search({"case": search[0], "text": search[1], "pii": search[2]})
            except Exception as exc:  # noqa: BLE001 - a database refusal of one row must not stop the rest
                del written.created[created_before:]
                written.rejected.append((checked.row, cells, [Problem(checked.row, "", "", f"写入数据库失败：{exc}")]))
                continue
            for add, record_id, values in self.pending:   # only records that survived the savepoint
                add(record_id, values)
            self._written(checked, number, sequence, written)
        return written

    def _flush(self) -> None:
        """The rows gathered so far into their tables (parties before the cases naming them)."""
        for part in self.batch:
            part.flush()

    def _later(self, record_id: int, values: dict) -> None:
        self.pending.append((self.index.add_person, record_id, values))

    def _later_business(self, record_id: int, values: dict) -> None:
        self.pending.append((self.index.add_business, record_id, values))

    def _new_rows(self, rows: list, written: _Written, flush=None):
        """The rows whose case is not in the database yet (the others are noted as skipped).
        `flush`: writes the rows gathered so far — before an unnumbered row, whose content and new
        number are looked up in the database (the same content earlier in the batch is found)."""
        taken = _numbers_taken([c.number for c, _ in rows if c.number])
        self.taken = taken
        for checked, cells in rows:
            if flush and not checked.number:
                flush()
            existing = checked.number if checked.number in taken else None
            existing = existing or (None if checked.number else _same_content(checked))
            if existing:
                why = "案件编号已存在" if checked.number else f"与已有案件 {existing} 的登记日期、投诉人、被投诉人和投诉内容相同"
                written.skipped.append(Skipped(checked.row, existing, f"{why}，未重复导入"))
                continue
            yield checked, cells, existing

    def _written(self, checked: CheckedRow, number: str, sequence, written: _Written) -> None:
        written.warnings.extend(checked.warnings)
        written.numbers.append(number)
        self.taken.add(number)
        if sequence:
            year, seq = sequence
            written.sequences[year] = max(seq, written.sequences.get(year, 0))

    def _write_row(self, checked: CheckedRow, written: _Written, add_person, add_business,
                   inserts: tuple | None = None) -> tuple:
        """(number, (year, seq) to move the counter to, or None). `inserts`: (person, business,
        case) functions taking a row's values and returning its id — by default one INSERT each.
        The case's search row is left in written.search for the caller to insert."""
        insert_person, insert_business, insert_case = inserts or (self.insert_person, self.insert_business,
                                                                  self.insert_case)
        reference = checked.number or f"台账第{checked.row}行"
        person_id = self._person(checked, reference, written, add_person, insert_person)
        business_id = self._business(checked, reference, written, add_business, insert_business)
        year = checked.case["received_date"].year
        if not checked.number:      # the counter as the rows written so far left it, then the next number
            _move_sequences(written.sequences)
        number = checked.number or next_number(year, self.floors.get(year, 0))[0]
        origin = f"台账导入：“{self.source_name}”第{checked.row}行" if self.source_name else f"台账导入：第{checked.row}行"
        case = {"number": number, "complainant": person_id, "business": business_id, "registered_by": None,
                "updated_by_name": self.actor.display_name, "import_note": "\n".join([origin] + checked.notes),
                **checked.case, **timestamps()}
        # the clock from the case's own values (no model object: the other columns take their defaults)
        facts = SimpleNamespace(notice_sent_date=None, **case)
        case.update(clock_columns(clock_of(facts, self.cal, self.settings, events=[]), case["state"]))
        case_id = insert_case(case)
        person, business = checked.person, checked.business
        search = search_columns(number, person.name, person.phone, person.id_number, business.name,
                                business.credit_code, case.get("goods_name", ""), case["platform_no"], case["facts"],
                                case["request_text"])
        written.search.append((case_id, search["text"], search["pii"]))
        return number, checked.sequence

    def _person(self, checked: CheckedRow, reference: str, written: _Written, add, insert) -> int:
        person, index = checked.person, self.index
        found = index.find_person(person)
        if found is not None:          # linked as it is; any difference waits for the clerk (party_changes)
            if not index.person_unchanged(found, person):
                self.changes.note("complainant", found, index.people[found], person_values(person), checked.row)
            return found
        values = person_values(person)
        record_id = insert({**values, **timestamps()})
        add(record_id, values)
        written.created.append(f"新建投诉人：{person.name}（{reference}）")
        return record_id

    def _business(self, checked: CheckedRow, reference: str, written: _Written, add, insert) -> int:
        business, index = checked.business, self.index
        found = index.find_business(business)
        if found is not None:
            if not index.business_unchanged(found, business):
                known = index.businesses[found]
                self.changes.note("business", found, known, business_values(business), checked.row,
                                  skip=("credit_code",) if known["credit_code"] else ())
            return found
        values = business_values(business)
        record_id = insert({**values, **timestamps()})
        add(record_id, values)
        written.created.append(f"新建经营者：{business.name}（{reference}）")
        return record_id


_SEQUENCE_ROW = 'INSERT INTO "{t}" ("year", "last") VALUES ({p}, 0) ON CONFLICT DO NOTHING'
_SEQUENCE_MOVE = 'UPDATE "{t}" SET "last" = {p} WHERE "year" = {p} AND "last" < {p}'


def _move_sequences(highest: dict[int, int]) -> None:
    """Each year's counter moved up to the highest number the batch wrote (never down)."""
    table, mark = CaseSequence._meta.table_name, database.param
    for year, seq in highest.items():
        database.execute_sql(_SEQUENCE_ROW.format(t=table, p=mark), (year,))
        database.execute_sql(_SEQUENCE_MOVE.format(t=table, p=mark), (seq, year, seq))


def _numbers_taken(numbers: list[str]) -> set[str]:
    """The batch's numbers that cases already have: one query, its SQL written out (peewee builds
    a node per value of the IN list, a tenth of a second for a batch)."""
    if not numbers:
        return set()
    sql = (f'SELECT "{Case.number.column_name}" FROM "{Case._meta.table_name}" '
           f'WHERE "{Case.number.column_name}" IN ({", ".join([database.param] * len(numbers))})')
    return {n for (n,) in database.execute_sql(sql, numbers).fetchall()}


def _same_content(checked: CheckedRow) -> str | None:
    """The number of a case with this row's content, for a row without a number (importer)."""
    match = (Case.select(Case.number)
             .join(Complainant, on=(Case.complainant == Complainant.id))
             .switch(Case).join(Business, on=(Case.business == Business.id))
             .where((Case.received_date == checked.case["received_date"]) & (Complainant.name == checked.person.name)
                    & (Business.name == checked.business.name) & (Case.facts == checked.case["facts"]))
             .order_by(Case.id).first())
    return match.number if match else None

