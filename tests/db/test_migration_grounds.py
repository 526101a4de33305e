"""Migration 7 keeps every stored ground: a case received before 2026-04-15 that held an O121
code holds the O20 ground that says the same, with the old wording kept where O20 has no ground
of that content; cases received from 2026-04-15 keep theirs; one audit row per changed case."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from playhouse.migrate import SchemaMigrator

from app.db.audit_chain import verify_chain
from app.db.bootstrap import open_database
from app.db.migrations.m0007_grounds_by_order import upgrade
from app.db.models import AuditLog, Case
from app.domain import grounds
from app.services import registration
from app.services.context import SYSTEM
from app.services.integrity import check_integrity
from tests.factories import complaint

V1 = Path(__file__).parent / "fixtures" / "schema_v1.sqlite3"
BEFORE, FROM = date(2026, 4, 14), date(2026, 4, 15)


def _case_with(received: date, field: str, code: str) -> int:
    data = complaint(received_date=received, purchase_date=date(2026, 3, 1))
    case_id = registration.register(SYSTEM, data).case_id
    text_field = field.replace("ground", "text")
    Case.update({field: code, text_field: f"登记的说明{code}"}).where(Case.id == case_id).execute()
    return case_id


def test_every_order_121_code_on_an_earlier_case_becomes_its_order_20_ground(db):
    stored = {}
    for code in grounds.O121_TO_O20:
        field = "reject_ground" if code.startswith("a16") else "terminate_ground"
        stored[code] = (field, _case_with(BEFORE, field, code), _case_with(FROM, field, code))
    upgrade(SchemaMigrator.from_database(db.db))
    upgrade(SchemaMigrator.from_database(db.db))              # a second run finds nothing to do
    for code, (field, earlier, later) in stored.items():
        text_field = field.replace("ground", "text")
        new, exact = grounds.O121_TO_O20[code]
        moved = Case.get_by_id(earlier)
        assert getattr(moved, field) == new and grounds.ground(new).kind == grounds.ground(code).kind, code
        assert new in grounds.pickable(grounds.ground(new).kind, BEFORE)
        kept = f"原登记理由：{grounds.ground(code).label}；" if not exact else ""
        assert getattr(moved, text_field) == f"{kept}登记的说明{code}", code
        untouched = Case.get_by_id(later)
        assert (getattr(untouched, field), getattr(untouched, text_field)) == (code, f"登记的说明{code}"), code
    rows = list(AuditLog.select().where(AuditLog.action == "migrate_grounds"))
    assert sorted(r.case_id for r in rows) == sorted(e for _, e, _ in stored.values())
    change = json.loads(next(r for r in rows if r.case_id == stored["a23_3"][1]).changes)
    assert change == [{"field": "terminate_ground", "old": "a23_3", "new": "o20_a21_4"}]
    assert verify_chain(db.db).problem is None                 # the audit chain holds the new rows


def test_a_version_1_database_keeps_its_grounds(tmp_path, frozen_today):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(V1, data / "cases.sqlite3")
    opened = open_database(data)
    try:
        found = {(c.received_date, c.reject_ground, c.terminate_ground, c.reject_text)
                 for c in Case.select().where(Case.reject_ground.is_null(False) | Case.terminate_ground.is_null(False))}
        earlier = {f[:3] for f in found}
        assert earlier == {(date(2025, 2, 26), "o20_a15_5", None), (date(2025, 8, 26), None, "o20_a21_5"),
                           (date(2026, 2, 15), None, "o20_a21_4"), (date(2026, 6, 13), "a16_5", None)}
        # O20 Art. 15 (五) does not speak of false materials: the old wording stays with the case
        text = next(t for d, r, _, t in found if d == date(2025, 2, 26))
        assert text.startswith("原登记理由：（五）未提供必要材料或者提供的材料不真实")
        assert check_integrity().ok
    finally:
        opened.db.close()
