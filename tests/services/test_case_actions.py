"""Every write to a case goes through the one executor (app/services/case_actions.py): each action
of the table leaves its audit row, and each action that changes the case bumps its version by one.
The SQL the database sees proves that nothing updates the case row outside the executor."""
from __future__ import annotations

from datetime import date

import pytest

from app.db.models import AuditLog, Case, database
from app.domain.errors import NotAllowed, ValidationFailed
from app.domain.lifecycle import CASE_ACTIONS
from app.services import (
    agreements, attachments, case_actions, followups, judicial, mediation, registration, workflow,
)
from app.services.context import SYSTEM, Actor
from app.services.lookups import complaint_input_of
from app.services.casefile import case_detail
from tests.factories import agreement, complaint, follow_up, session


def _new_case() -> int:
    return registration.register(SYSTEM, complaint()).case_id


def _scenarios(scan) -> list[tuple[str, int, callable]]:
    """(action, case id, call) for every action of the table, in an order that is allowed."""
    a, b, c, d, e, f = (_new_case() for _ in range(6))
    edited = complaint_input_of(case_detail(a))
    edited.note = "补充说明"
    planned = {}

    def schedule():
        planned["id"] = mediation.schedule_session(SYSTEM, a, session()).record_id

    return [
        ("edit", a, lambda: registration.update_complaint(SYSTEM, a, edited, expected_version=1)),
        ("attach", a, lambda: attachments.add_attachment(SYSTEM, a, scan)),
        ("accept", a, lambda: workflow.accept(SYSTEM, a, date(2026, 11, 3))),
        ("schedule_session", a, schedule),
        ("cancel_session", a, lambda: mediation.cancel_session(SYSTEM, a, planned["id"], "改期")),
        ("record_session", a, lambda: mediation.record_session(SYSTEM, a, session())),
        ("recusal", a, lambda: mediation.record_recusal(SYSTEM, a, "王建国", "张三", "亲属关系", "refused", "主任")),
        ("pause", a, lambda: mediation.pause_clock(SYSTEM, a, date(2026, 11, 12), "送检")),
        ("resume", a, lambda: mediation.resume_clock(SYSTEM, a, date(2026, 11, 16))),
        ("agree", a, lambda: agreements.record_agreement(SYSTEM, a, agreement())),
        ("edit_agreement", a, lambda: agreements.record_agreement(SYSTEM, a, agreement(place="电话"))),
        ("record_performance", a, lambda: agreements.record_performance(SYSTEM, a, "performed", date(2026, 11, 25))),
        ("file_confirmation", a, lambda: judicial.file_confirmation(SYSTEM, a, date(2026, 11, 26), "某某县人民法院")),
        ("record_confirmation", a, lambda: judicial.record_confirmation(SYSTEM, a, "confirmed", date(2026, 11, 28))),
        ("close_mediated", a, lambda: workflow.close_mediated(SYSTEM, a, date(2026, 11, 26))),
        ("follow_up", a, lambda: followups.record_follow_up(SYSTEM, a, follow_up())),
        ("reopen", a, lambda: workflow.reopen(SYSTEM, a, "消费者称未履行")),
        ("reject", b, lambda: workflow.reject(SYSTEM, b, "a16_1")),
        ("transfer", c, lambda: workflow.transfer(SYSTEM, c, "县市场监管局", "涉嫌违法")),
        ("withdraw", d, lambda: workflow.withdraw(SYSTEM, d, "已和解")),
        ("settle", e, lambda: (workflow.accept(SYSTEM, e), workflow.settle(SYSTEM, e, recovered="100"))),
        ("supervise", e, lambda: followups.resolve_supervisor_task(SYSTEM, followups.record_follow_up(
            SYSTEM, e, follow_up(day=date(2026, 11, 30), satisfaction="unsatisfied", note="款项未到账")).followup_id, "已督促经营者付款")),
        ("terminate", f, lambda: (workflow.accept(SYSTEM, f), workflow.terminate(SYSTEM, f, "a23_2"))),
        ("record_notice", f, lambda: workflow.record_notice(SYSTEM, f)),
    ]


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "发票.pdf"
    path.write_bytes(b"%PDF-1.4 invoice")
    return path


@pytest.fixture
def case_sql():
    """Every UPDATE of the case table, with the action the executor was running at the time."""
    seen: list[tuple[str, str | None]] = []

    def trace(sql: str) -> None:
        if sql.lstrip().upper().startswith("UPDATE") and '"complaint_case"' in sql:
            seen.append((sql, case_actions.current_action()))
    database.connection().set_trace_callback(trace)
    yield seen
    database.connection().set_trace_callback(None)


def _audit_rows(case_id: int, action: str) -> int:
    return AuditLog.select().where((AuditLog.case == case_id) & (AuditLog.action == action)).count()


def test_every_action_of_the_table_is_run_by_the_executor(sqlite_db, scan, case_sql):
    scenarios = _scenarios(scan)
    assert sorted(code for code, _, _ in scenarios) == sorted(CASE_ACTIONS)
    for code, case_id, call in scenarios:
        version, audited = Case.get_by_id(case_id).version, _audit_rows(case_id, code)
        call()
        bumps = Case.get_by_id(case_id).version - version
        assert _audit_rows(case_id, code) == audited + 1, code
        # the two actions run inside the last scenarios' lambdas (accept) bump once more
        extra = 1 if code in ("settle", "terminate") else 0
        assert bumps == (1 + extra if CASE_ACTIONS[code].changes_case else 0), code
    assert case_sql, "the trace saw no update of a case"
    assert [sql for sql, action in case_sql if action is None] == []


def test_the_trace_sees_a_write_that_bypasses_the_executor(sqlite_db, case_sql):
    """The check above can fail: an update of the case row outside the executor is seen."""
    case_id = _new_case()
    Case.update(note="绕过").where(Case.id == case_id).execute()
    assert [action for _, action in case_sql] == [None]


def test_permission_first_then_every_field_message_at_once(sqlite_db):
    case_id = _new_case()
    with pytest.raises(NotAllowed, match="无权"):
        workflow.transfer(Actor(9, "guest", "访客", "readonly"), case_id, "", "")
    with pytest.raises(ValidationFailed) as refused:
        workflow.transfer(SYSTEM, case_id, "", "", date(2099, 1, 1))
    assert refused.value.errors == {"transfer_to": "请填写移送/转办的单位", "transfer_reason": "请填写移送理由",
                                    "day": "移送日期不能晚于今天"}
    assert Case.get_by_id(case_id).version == 1 and _audit_rows(case_id, "transfer") == 0


def test_a_day_before_the_case_own_dates_is_refused_next_to_the_field(sqlite_db):
    case_id = _new_case()
    with pytest.raises(ValidationFailed) as refused:
        workflow.accept(SYSTEM, case_id, date(2026, 11, 1))
    assert refused.value.errors == {"day": "受理日期不能早于登记日期 2026-11-02"}


def test_performance_is_saved_against_the_version_the_clerk_loaded(sqlite_db):
    from app.domain.errors import Conflict
    case_id = _new_case()
    workflow.accept(SYSTEM, case_id, date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session())
    loaded = agreements.record_agreement(SYSTEM, case_id, agreement()).version
    agreements.record_performance(Actor(None, "lisi", "李四", "admin"), case_id, "partly", date(2026, 11, 22),
                                  expected_version=loaded)
    with pytest.raises(Conflict, match="已被 李四 于"):
        agreements.record_performance(SYSTEM, case_id, "performed", date(2026, 11, 25), expected_version=loaded)
    assert case_detail(case_id).agreement["performance_status"] == "partly"
