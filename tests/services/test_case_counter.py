"""A hostile ledger row cannot poison the case counter (issue 14, item 1): a number beyond the sane
range is refused with its reason and moves nothing; the counter moves only for rows written, never
as a float, never in a loop; `check` reports a poisoned counter and `check --repair` mends it,
audited — on SQLite and PostgreSQL."""
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.db.models import AuditLog, Case, CaseSequence, database
from app.domain.errors import ValidationFailed
from app.services import registration
from app.services.context import SYSTEM
from app.services.integrity import check_integrity, repair_sequences
from app.services.ledger.importer import import_ledger
from tests.reports.ledger.test_ledger_import import HEADER, row

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ("消调〔2026〕第9223372036854775807号", "消调〔2026〕第999999999号", "消调〔2026〕第0号",
           "消调〔2999〕第5号")


def _cells(values: dict) -> list:
    return [values.get(h) for h in HEADER]


def _import(*rows: dict):
    return import_ledger(SYSTEM, HEADER, [_cells(r) for r in rows], 2, "恶意台账.xlsx")


def _sequence(year: int):
    found = database.execute_sql('SELECT "last" FROM "case_sequence" WHERE "year" = %s' % year).fetchone()
    return found[0] if found else None


@pytest.mark.parametrize("number", HOSTILE)
def test_a_number_beyond_the_sane_range_is_refused_and_moves_nothing(db, number):
    first = registration.register(SYSTEM, registration_input()).number
    result = _import(row(案件编号=number, 登记日期=date(2026, 3, 10), 购买日期="2026-02-01",
                         受理日期="2026-03-11", 办结日期=date(2026, 4, 2)))
    assert result.imported == 0 and result.rejected == 1
    problem = result.problems[0]
    assert problem.column == "案件编号" and ("超出范围" in problem.reason or "年份" in problem.reason)
    assert _sequence(2026) == 1 and _sequence(2999) is None
    assert registration.register(SYSTEM, registration_input()).number == first.replace("第1号", "第2号")


def test_a_rejected_row_does_not_move_the_counter_a_written_one_does(db):
    bad = row(案件编号="消调〔2026〕第500号", 登记日期=date(2026, 3, 10), 购买日期="2026-02-01",
              受理日期="2026-03-11", 办结日期=date(2026, 4, 2), 联系电话="12345")
    good = row(案件编号="消调〔2026〕第40号", 登记日期=date(2026, 3, 10), 购买日期="2026-02-01",
               受理日期="2026-03-11", 办结日期=date(2026, 4, 2), 投诉内容="另一件")
    result = _import(bad, good)
    assert (result.imported, result.rejected) == (1, 1)
    assert _sequence(2026) == 40 and isinstance(_sequence(2026), int)
    assert not AuditLog.select().where(AuditLog.summary.contains("第500号")).exists()
    assert registration.register(SYSTEM, registration_input()).number == "消调〔2026〕第41号"
    assert check_integrity().ok


def registration_input():
    from tests.factories import complaint
    return complaint(received_date=date(2026, 11, 2))


def _poison(value) -> None:
    CaseSequence.insert(year=2026, last=0).on_conflict_ignore().execute()
    database.execute_sql('UPDATE "case_sequence" SET "last" = %s WHERE "year" = 2026' % value)


@pytest.mark.parametrize("value", ["999999999", "2147483647", "9223372036854775807"])
def test_a_poisoned_counter_stops_registration_with_a_reason_then_check_reports_and_repair_mends_it(db, value):
    if db.is_server and int(value) > 2**31 - 1:
        value = "2147483647"     # the server's integer column holds no more; SQLite's turned REAL past it
    registration.register(SYSTEM, registration_input())
    _poison(value)
    with pytest.raises(ValidationFailed, match="check --repair"):       # no loop, no float, no new number
        registration.register(SYSTEM, registration_input())
    assert Case.select().count() == 1
    problems = check_integrity().problems
    assert any("2026年编号序列" in p and "check --repair" in p for p in problems), problems
    assert repair_sequences(SYSTEM) == [f"2026年编号序列 {value} → 1"]
    logged = AuditLog.select().where(AuditLog.action == "repair_sequence").get()
    assert value in logged.summary and "→ 1" in logged.summary
    assert registration.register(SYSTEM, registration_input()).number == "消调〔2026〕第2号"
    assert check_integrity().ok


def test_a_counter_that_jumped_ahead_of_the_numbers_in_use_is_reported(db):
    registration.register(SYSTEM, registration_input())
    _poison("5000")
    assert any("超过已用的最大编号 1" in p for p in check_integrity().problems)


def test_check_repair_on_the_command_line(sqlite_db):
    registration.register(SYSTEM, registration_input())
    _poison("999999999")
    sqlite_db.db.close()
    main = [sys.executable, "main.py", "--data-dir", str(sqlite_db.data_dir), "check"]
    before = subprocess.run(main, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert before.returncode == 1 and "check --repair" in before.stderr
    fixed = subprocess.run(main + ["--repair"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert fixed.returncode == 0, fixed.stderr
    assert "已修复：2026年编号序列 999999999 → 1" in fixed.stdout and "检查通过" in fixed.stdout
