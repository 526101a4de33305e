"""Demo data in bulk (issue 17, item 5): built and written a batch at a time, by COPY on
PostgreSQL and executemany on SQLite. The batch size and the database never change what a seed
gives; the search index is whole afterwards (on PostgreSQL rebuilt after a load into an empty
table); the counters, the audit row and `check` are as for any demo."""
import pytest

from app.db.bulk import _copy_text
from app.db.models import (
    Agreement, AgreementTerm, AuditLog, Case, CaseSearch, CaseSequence, ClockEvent, Consultation, FollowUp,
    MediationSession, database,
)
from app.services.context import SYSTEM
from app.services.demo import generate_demo
from app.services.integrity import check_integrity
from app.services.queries import CaseFilter, case_ids

SKIP = {"created_at", "updated_at"}      # the moment of writing, not the data
TABLES = (Case, CaseSearch, MediationSession, ClockEvent, Agreement, AgreementTerm, FollowUp, Consultation,
          CaseSequence)


def _contents() -> dict[str, list[tuple]]:
    out = {}
    for model in TABLES:
        fields = [f for name, f in model._meta.fields.items() if name not in SKIP]
        key = model._meta.primary_key
        out[model.__name__] = list(model.select(*fields).order_by(key).tuples())
    return out


def _open(tmp_path, url=None):
    from app.db.bootstrap import open_database
    return open_database(tmp_path / "data", url)


def test_the_batch_size_never_changes_the_data(tmp_path, frozen_today):
    first = _open(tmp_path / "a")
    generate_demo(SYSTEM, 300, seed=4, batch=7)
    small = _contents()
    first.db.close()
    second = _open(tmp_path / "b")
    generate_demo(SYSTEM, 300, seed=4)
    assert _contents() == small
    assert len(small["Case"]) == 300 and len(small["MediationSession"]) > 100
    second.db.close()


@pytest.mark.postgres
def test_postgresql_copy_writes_what_sqlite_writes_and_the_index_finds_it(tmp_path, frozen_today, pg_schema_url):
    lite = _open(tmp_path / "lite")
    generate_demo(SYSTEM, 250, seed=9, batch=60)
    expected = _contents()
    terms = ("张", "空调", "质量问题", "演示", "138")
    found = {t: sorted(case_ids(CaseFilter(text=t))) for t in terms}
    lite.db.close()
    server = _open(tmp_path / "pg", pg_schema_url)
    generate_demo(SYSTEM, 250, seed=9, batch=60)
    assert _contents() == expected
    assert {t: sorted(case_ids(CaseFilter(text=t))) for t in terms} == found
    assert any(found.values())
    indexes = {n for (n,) in database.execute_sql(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'case_search'")}
    assert {"case_search_text_trgm", "case_search_text_grams", "case_search_pii_trgm",
            "case_search_pii_grams"} <= indexes           # dropped for the load, built again after it
    server.db.close()


def test_one_audit_row_and_counters_that_check_accepts(tmp_path, frozen_today):
    opened = _open(tmp_path)
    generate_demo(SYSTEM, 120, seed=2, batch=50)
    generate_demo(SYSTEM, 80, seed=3, batch=50)      # demo onto demo: the counters carry on
    assert [a.summary for a in AuditLog.select().where(AuditLog.action == "demo").order_by(AuditLog.id)] == [
        "生成演示数据 120 件（种子 2）", "生成演示数据 80 件（种子 3）"]
    numbers = [n for (n,) in Case.select(Case.number).tuples()]
    assert len(set(numbers)) == 200
    report = check_integrity()
    assert report.ok, report.problems
    assert report.cases == 200
    opened.db.close()


def test_copy_text_escapes_what_the_format_gives_meaning():
    from datetime import date, datetime
    assert _copy_text(None) == "\\N"
    assert _copy_text("甲\t乙\n丙\r\\丁") == "甲\\t乙\\n丙\\r\\\\丁"
    assert _copy_text("\\N") == "\\\\N"                # a text that reads like NULL stays a text
    assert (_copy_text(True), _copy_text(False), _copy_text(0)) == ("t", "f", "0")
    assert _copy_text(date(2026, 2, 3)) == "2026-02-03"
    assert _copy_text(datetime(2026, 2, 3, 9, 5)) == "2026-02-03T09:05:00"
