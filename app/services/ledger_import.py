"""Importing a ledger (台账, DOMAIN.md §10): good rows in, bad rows reported, nothing half-written.

- Columns are found by header text; unknown columns are ignored with a warning; a missing required
  column stops the import before anything is written, naming it.
- Every row is checked whole first (ledger_rows.check_row); only a row without any problem is
  written, inside a savepoint, so a row is all or nothing. Rows are written in batches of
  BATCH_ROWS per transaction: 100,000 rows cost a few hundred commits, not 100,000.
- The same file imported twice adds nothing. A row with a 案件编号 that exists is skipped. A row
  without a number gets a new one; on re-import such a row is recognised by its content — same
  登记日期, 投诉人, 被投诉人 and 投诉内容 as a case already in the database — and skipped, with the
  number it got the first time named in the report (what a clerk who re-runs an import expects:
  no duplicates, and a pointer to the case that already holds the row).
- Numbers in the office's format push the yearly sequence past them before any row is written, so
  numbers handed out later (and the numbers of rows rejected now and fixed later) never collide.
- Complainants and businesses are matched to existing records by the registration's own rules.
- One audit row per batch names the cases it added (plus the party records' own audit rows).
- Cancelling stops between batches: the rows written so far are complete cases, and importing
  the same file again carries on where it stopped (the written rows are skipped).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from app.db.connection import write_transaction
from app.db.models import Business, Case, CaseSequence, Complainant, database
from app.domain import numbering
from app.domain.errors import ValidationFailed
from app.services import audit
from app.services.clock import apply_clock, clock_of
from app.services.context import Actor, require
from app.services.ledger import COLUMNS, COMPUTED_COLUMNS, HEADERS, REQUIRED_COLUMNS, UNIT_COLUMN, header_key
from app.services.ledger_rows import CheckedRow, Lookups, Problem, check_row
from app.services.parties import save_business, save_complainant
from app.services.registration import next_number
from app.services.search_index import index_cases
from app.services.settings import get_settings, work_calendar

BATCH_ROWS = 500
KNOWN_KEYS = {k for k, _ in COLUMNS} | {UNIT_COLUMN[0]}
IGNORED_KEYS = {k for k, _ in COMPUTED_COLUMNS}    # our own export's computed columns


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
    rejected_rows: dict[int, list] = field(default_factory=dict)   # Excel row → the row's cells
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def imported(self) -> int:
        return len(self.imported_numbers)

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def summary(self) -> str:
        text = f"导入 {self.imported} 行，已存在跳过 {len(self.skipped)} 行，未导入（有错误）{self.rejected} 行"
        return text + ("；导入已取消，已导入的行完整保留，再次导入同一文件会从未导入的行继续" if self.cancelled else "")


@dataclass
class ColumnMap:
    index: dict[str, int]          # column key → position in the row
    headers: dict[str, str]        # column key → header text as written in the file
    warnings: list[str]


def map_columns(header: Sequence) -> ColumnMap:
    """Find the ledger's columns by their header text. Raises ValidationFailed naming every
    required column that is missing — before anything is written."""
    index, headers, unknown, warnings = {}, {}, [], []
    for position, text in enumerate(header):
        key = header_key(text)
        label = text.strip() if isinstance(text, str) else ""
        if key in KNOWN_KEYS:
            if key in index:
                warnings.append(f"列“{label}”出现了两次，只读取第一列")
                continue
            index[key], headers[key] = position, label
        elif key not in IGNORED_KEYS and label:
            unknown.append(label)
    missing = [HEADERS[k] for k in REQUIRED_COLUMNS if k not in index]
    if missing:
        raise ValidationFailed({"columns": "缺少必需的列"},
                               f"文件缺少必需的列：{'、'.join(missing)}；未导入任何数据")
    if unknown:
        warnings.append(f"以下列不属于台账格式，已忽略：{'、'.join(unknown)}")
    return ColumnMap(index, headers, warnings)


def import_ledger(actor: Actor, header: Sequence, rows: Sequence[Sequence], first_row: int = 2,
                  source_name: str = "", progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Import ledger rows (cells as read from the file; rows[0] is Excel row `first_row`)."""
    require(actor, "import")
    columns = map_columns(header)
    result = ImportResult(warnings=list(columns.warnings))
    result.total_rows = sum(1 for row in rows if not _blank(row))
    lookups = Lookups()
    _push_sequences(rows, columns)
    writer = _Writer(actor, source_name)
    done = 0
    for start in range(0, len(rows), BATCH_ROWS):
        if cancelled and cancelled():
            result.cancelled = True
            break
        batch = [(first_row + start + offset, row) for offset, row in enumerate(rows[start:start + BATCH_ROWS])]
        with write_transaction():
            writer.write_batch(batch, columns, lookups, result)
        done += sum(1 for _, row in batch if not _blank(row))
        if progress:
            progress(done, result.total_rows)
    return result


def _blank(row: Sequence) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _push_sequences(rows: Sequence[Sequence], columns: ColumnMap) -> None:
    """Move each year's sequence past the highest imported number in the office's format."""
    settings = get_settings()
    fmt, code = settings["case.number_format"], settings["org.short_code"]
    position, highest = columns.index["number"], {}
    for row in rows:
        value = row[position] if position < len(row) else None
        parsed = numbering.parse_number(fmt, code, value.strip()) if isinstance(value, str) and value else None
        if parsed:
            highest[parsed[0]] = max(highest.get(parsed[0], 0), parsed[1])
    if not highest:
        return
    with write_transaction():
        for year, seq in highest.items():
            CaseSequence.insert(year=year, last=0).on_conflict_ignore().execute()
            CaseSequence.update(last=seq).where((CaseSequence.year == year) & (CaseSequence.last < seq)).execute()


class _Writer:
    def __init__(self, actor: Actor, source_name: str):
        self.actor, self.source_name = actor, source_name
        self.cal, self.settings = work_calendar(), get_settings()
        self.parties: dict[tuple, int] = {}
        self.pending: dict[tuple, int] = {}

    def write_batch(self, batch, columns: ColumnMap, lookups: Lookups, result: ImportResult) -> None:
        added_ids, added_numbers, checked_rows = [], [], []
        for row_number, cells in batch:
            if _blank(cells):
                continue
            raw = {key: (cells[i] if i < len(cells) else None) for key, i in columns.index.items()}
            checked, problems = check_row(row_number, raw, columns.headers, lookups)
            if problems:
                result.problems.extend(problems)
                result.rejected_rows[row_number] = list(cells)
            else:
                checked_rows.append((checked, cells))
        taken = _numbers_taken([c.number for c, _ in checked_rows if c.number])
        for checked, cells in checked_rows:
            row_number = checked.row
            existing = checked.number if checked.number in taken else None
            existing = existing or (None if checked.number else _same_content(checked))
            if existing:
                why = "案件编号已存在" if checked.number else f"与已有案件 {existing} 的登记日期、投诉人、被投诉人和投诉内容相同"
                result.skipped.append(Skipped(row_number, existing, f"{why}，未重复导入"))
                continue
            self.pending = {}
            try:
                with database.atomic():          # a savepoint: this row is written whole or not at all
                    case = self._write_row(checked)
            except Exception as exc:  # noqa: BLE001 - a database refusal of one row must not stop the rest
                result.problems.append(Problem(row_number, "", "", f"写入数据库失败：{exc}"))
                result.rejected_rows[row_number] = list(cells)
                continue
            self.parties.update(self.pending)    # only records that survived the savepoint
            result.warnings.extend(checked.warnings)
            added_ids.append(case.id)
            added_numbers.append(case.number)
            taken.add(case.number)
        if added_ids:
            index_cases(added_ids)
            first, last = batch[0][0], batch[-1][0]
            audit.record(self.actor, "import_ledger", "case", None,
                         summary=f"导入台账“{self.source_name}”第{first}–{last}行：新增 {len(added_ids)} 件",
                         changes=[{"field": "number", "old": None, "new": added_numbers}])
        result.imported_numbers.extend(added_numbers)

    def _write_row(self, checked: CheckedRow) -> Case:
        reference = checked.number or f"台账第{checked.row}行"
        person = self._party("person", checked.person, lambda: save_complainant(self.actor, checked.person, reference))
        business = self._party("business", checked.business,
                               lambda: save_business(self.actor, checked.business, reference))
        number = checked.number or next_number(checked.case["received_date"].year)[0]
        origin = f"台账导入：“{self.source_name}”第{checked.row}行" if self.source_name else f"台账导入：第{checked.row}行"
        case = Case(number=number, complainant=person, business=business, registered_by=None,
                    updated_by_name=self.actor.display_name, import_note="\n".join([origin] + checked.notes),
                    **checked.case)
        apply_clock(case, clock_of(case, self.cal, self.settings, events=[]))
        case.save()
        return case

    def _party(self, kind: str, clean, save):
        """The party record for this row. The same person or business on many rows of one file is
        matched and merged once (parties.save_*); a later row with exactly the same details reuses
        that record — another save would find it and change nothing."""
        key = (kind, repr(clean))
        record_id = self.parties.get(key) or self.pending.get(key)
        if record_id is None:
            record_id = save().id
            self.pending[key] = record_id
        return record_id


def _numbers_taken(numbers: list[str]) -> set[str]:
    return {n for (n,) in Case.select(Case.number).where(Case.number.in_(numbers)).tuples()} if numbers else set()


def _same_content(checked: CheckedRow) -> str | None:
    """The number of a case with this row's content, for a row without a number (module docstring)."""
    match = (Case.select(Case.number)
             .join(Complainant, on=(Case.complainant == Complainant.id))
             .switch(Case).join(Business, on=(Case.business == Business.id))
             .where((Case.received_date == checked.case["received_date"]) & (Complainant.name == checked.person.name)
                    & (Business.name == checked.business.name) & (Case.facts == checked.case["facts"]))
             .order_by(Case.id).first())
    return match.number if match else None
