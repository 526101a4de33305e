"""Importing a ledger (台账, docs/rules.md §10): good rows in, bad rows reported, nothing half-written.

- Columns are found by header text; unknown columns are ignored with a warning; a missing required
  column stops the import before anything is written, naming it.
- Every row is checked whole first (row_checks.check_row); only a row without any problem is
  written, inside a savepoint, so a row is all or nothing. Rows are written in batches of
  BATCH_ROWS per transaction: 100,000 rows cost 25 commits, not 100,000. Why 4,000: each commit
  is an fsync of the WAL (synchronous=FULL: a committed batch survives a power cut) and often a
  checkpoint's — 500-row batches spent ~12 s of a 100,000-row import's ~70 s there; at 100,000
  rows 2,000-row batches took 18.9 / 18.9 s, 3,000 17.7 s, 4,000 16.4 / 17.4 s, 5,000 17.5 / 17.3 s
  (stop 27) — while a batch of 4,000 holds SQLite's write lock ~0.7 s here (a clerk saving
  meanwhile waits that; the busy timeout is 15 s) and is what a cancel or the progress bar waits
  for at most.
- The same file imported twice adds nothing. A row with a 案件编号 that exists is skipped. A row
  without a number gets a new one; on re-import such a row is recognised by its content — same
  登记日期, 投诉人, 被投诉人 and 投诉内容 as a case already in the database — and skipped, with the
  number it got the first time named in the report (what a clerk who re-runs an import expects:
  no duplicates, and a pointer to the case that already holds the row).
- The yearly counter moves only for rows actually written, inside the row's savepoint: a numbered
  row moves it to its number, an unnumbered row gets the next number after the file's own numbers
  (so it never takes the number of a row of the same file, even a rejected one the clerk will fix
  and import again). A number beyond the sane range (numbering.sequence_problem) rejects its row
  and moves nothing.
- Complainants and businesses are matched to existing records by the registration's own keys
  (db_insert.PartyIndex) and linked as they are: other details in the row never change a known
  record silently — they are listed (result.party_changes) for the clerk to confirm
  (party_changes.apply_party_changes), never applied to a party of a closed case or an agreement.
- One audit row per batch names the cases and the new party records it added; each case keeps
  its origin (file and row) in import_note and source = "import".
- Cancelling stops between batches: the rows written so far are complete cases, and importing
  the same file again carries on where it stopped (the written rows are skipped).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Sequence

from app.db.connection import write_transaction
from app.domain.errors import ValidationFailed
from app.services.context import Actor, require
from app.services.ledger.columns import (COLUMNS, COMPUTED_COLUMNS, HEADERS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS,
                                         header_key)
from app.services.ledger.row_checks import Lookups, Problem, check_row
from app.services.ledger.db_writer import BatchWriter, ImportResult

BATCH_ROWS = 4000
KNOWN_KEYS = {k for k, _ in COLUMNS + OPTIONAL_COLUMNS}
IGNORED_KEYS = {k for k, _ in COMPUTED_COLUMNS}    # our own export's computed columns


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
                  cancelled: Callable[[], bool] | None = None,
                  formulas: dict[int, set[int]] | None = None) -> ImportResult:
    """Import ledger rows (cells as read from the file; rows[0] is Excel row `first_row`).
    `formulas`: Excel row → 0-based columns whose cells hold a formula (xlsx_scan), refused."""
    require(actor, "import")
    columns = map_columns(header)
    result = ImportResult(warnings=list(columns.warnings))
    result.total_rows = sum(1 for row in rows if not _blank(row))
    lookups = Lookups()
    writer = BatchWriter(actor, source_name, _file_floors(rows, columns, lookups))
    done = 0
    with _collector_passes_over_what_stays():
        for start in range(0, len(rows), BATCH_ROWS):
            if cancelled and cancelled():
                result.cancelled = True
                break
            batch = [(first_row + start + offset, row) for offset, row in enumerate(rows[start:start + BATCH_ROWS])]
            checked, filled = _check_batch(batch, columns, lookups, result, formulas or {})
            with write_transaction():
                writer.write_batch(batch[0][0], batch[-1][0], checked, result)
            done += filled
            if progress:
                progress(done, result.total_rows)
            gc.freeze()
    result.party_changes = writer.changes.finish()
    return result


@contextmanager
def _collector_passes_over_what_stays():
    """Python's cyclic collector, during the import, looks only at what the current batch made.
    Every full collection walked all the objects there are — the file's rows read (100,000 lists
    of cells), the party index and the remembered answers that grow with each batch —, 14 times
    in a 100,000-row import: 1.8 s of its ~20 s CPU. What is alive when the import starts and
    after each batch is set aside (gc.freeze) and given back to the collector at the end
    (gc.unfreeze); reference counting frees everything else as before, and a cycle set aside
    that dies meanwhile waits for the import's end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _check_batch(batch, columns: ColumnMap, lookups: Lookups, result: ImportResult,
                 formulas: dict[int, set[int]]) -> tuple[list, int]:
    """((checked row, cells) of the rows without any problem, how many rows were not blank); the
    others go to the result."""
    good, filled = [], 0
    keys, positions = tuple(columns.index), tuple(columns.index.values())
    cells_of = itemgetter(*positions) if len(positions) > 1 else None     # one C call for a row's cells
    reach = max(positions) + 1
    for row_number, cells in batch:
        if _blank(cells):
            continue
        filled += 1
        if cells_of is not None and len(cells) >= reach:
            raw = dict(zip(keys, cells_of(cells)))
        else:
            raw = {key: (cells[i] if i < len(cells) else None) for key, i in columns.index.items()}
        checked, problems = check_row(row_number, raw, columns.headers, lookups)
        in_formula = formulas.get(row_number)
        if in_formula:
            problems += [Problem(row_number, columns.headers[key], "", "单元格是公式（台账应为数值或文字）；"
                                 "请复制该列后“选择性粘贴→数值”，再导入")
                         for key, i in columns.index.items() if i in in_formula]
        if problems:
            result.reject(row_number, cells, problems)
        else:
            good.append((checked, cells))
    return good, filled


def _blank(row: Sequence) -> bool:
    for value in row:        # a loop, not all(…): a filled row ends at its first cell, no generator made
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return False
    return True


def _file_floors(rows: Sequence[Sequence], columns: ColumnMap, lookups: Lookups) -> dict[int, int]:
    """Per year, the highest usable number in the office's format that the file holds (nothing is
    written: unnumbered rows are numbered after it)."""
    position, highest = columns.index["number"], {}
    for row in rows:
        value = row[position] if position < len(row) else None
        parsed = lookups.sequence_of(value.strip()) if isinstance(value, str) and value else None
        if parsed and not lookups.sequence_problem(*parsed):
            highest[parsed[0]] = max(highest.get(parsed[0], 0), parsed[1])
    return highest
