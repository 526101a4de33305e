"""Every service leaves its audit row (who, which case, field old → new); the log reads back with
filters and paging; nobody — not even SQL outside the program — can change or delete a row."""
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from peewee import fn

from app.db.models import AuditLog, DictEntry, FollowUp, MediationSession, User
from app.domain.audit_actions import AUDIT_ACTIONS
from app.domain.lifecycle import CASE_ACTIONS
from app.domain.errors import NotAllowed
from app.services import (
    agreements, attachments, audit_log, consultations, followups, mediation, registration, settings, users, workflow,
)
from app.services.audit_log import AuditFilter
from app.services.context import SYSTEM, Actor
from tests.factories import GOOD_ID, agreement, complaint, follow_up, session

ROOT = Path(__file__).resolve().parents[2]


class Trail:
    """Runs one service call and checks the one audit row with the given action it wrote."""

    def __init__(self, actor: Actor):
        self.actor = actor

    def row(self, action: str, call, case_id=None, **change):
        last = AuditLog.select(fn.MAX(AuditLog.id)).scalar() or 0
        result = call()
        rows = list(AuditLog.select().where((AuditLog.id > last) & (AuditLog.action == action)))
        assert len(rows) == 1, f"{action}: {len(rows)} audit rows"
        row = rows[0]
        assert (row.user_id, row.by_name) == (self.actor.user_id, self.actor.display_name), action
        assert row.case_id == (case_id(result) if callable(case_id) else case_id), action
        changes = {c["field"]: (c["old"], c["new"]) for c in json.loads(row.changes)}
        for field, expected in change.items():
            assert changes.get(field) == expected, (action, field, changes.get(field))
        return result


def _new_case(actor, name: str, **kw) -> int:
    return registration.register(actor, complaint(person_kw={"name": name, "phone": "13900002222"}, **kw)).case_id


def test_every_service_writes_its_audit_row(db, tmp_path):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    t = Trail(admin)
    reg = t.row("register", lambda: registration.register(admin, complaint(person_kw={"id_number": GOOD_ID})),
                lambda result: result.case_id, number=(None, "消调〔2026〕第1号"), amount=(None, "3999.00"))
    case_id = reg.case_id
    t.row("edit", lambda: registration.update_complaint(admin, case_id, complaint(amount="4100.00"), 1), case_id,
          amount=("3999.00", "4100.00"))
    t.row("update", lambda: registration.register(admin, complaint(person_kw={"id_number": GOOD_ID,
                                                                              "address": "某县新街2号"})),
          None, address=("某县城关镇人民路1号", "某县新街2号"))
    t.row("accept", lambda: workflow.accept(admin, case_id, day=date(2026, 11, 3)), case_id,
          state=("registered", "accepted"), accepted_date=(None, "2026-11-03"))
    t.row("schedule_session", lambda: mediation.schedule_session(admin, case_id, session(date(2026, 11, 10))),
          case_id, state=("accepted", "mediating"))
    planned = MediationSession.select().where(MediationSession.case == case_id).get().id
    t.row("record_session", lambda: mediation.record_session(admin, case_id, session(date(2026, 11, 10)),
                                                             session_id=planned), case_id, status=("scheduled", "held"))
    t.row("recusal", lambda: mediation.record_recusal(admin, case_id, "王建国", "张三", "调解员系经营者亲属",
                                                      "granted", "王主任"), case_id, mediator_name=(None, "王建国"))
    mediation.schedule_session(admin, case_id, session(date(2026, 11, 24)))
    second = MediationSession.select().order_by(MediationSession.id.desc()).get().id
    t.row("cancel_session", lambda: mediation.cancel_session(admin, case_id, second, "消费者改期"), case_id,
          status=("scheduled", "cancelled"))
    t.row("pause", lambda: mediation.pause_clock(admin, case_id, date(2026, 11, 11), "空调送检", "县质检所"),
          case_id, state=("mediating", "suspended"))
    t.row("resume", lambda: mediation.resume_clock(admin, case_id, date(2026, 11, 16)), case_id,
          state=("suspended", "mediating"))
    t.row("agree", lambda: agreements.record_agreement(admin, case_id, agreement()), case_id,
          state=("mediating", "agreed"))
    t.row("edit_agreement", lambda: agreements.record_agreement(admin, case_id, agreement(place="某县市场监管所")),
          case_id, place=("本会调解室", "某县市场监管所"))
    t.row("close_mediated", lambda: workflow.close_mediated(admin, case_id, day=date(2026, 11, 21)), case_id,
          state=("agreed", "closed"), outcome=(None, "mediated"))
    t.row("record_performance", lambda: agreements.record_performance(admin, case_id, "performed", date(2026, 11, 25)),
          case_id, performance_status=("pending", "performed"))
    t.row("follow_up", lambda: followups.record_follow_up(admin, case_id, follow_up(
        satisfaction="unsatisfied", note="款项未到账")), case_id, satisfaction=(None, "unsatisfied"))
    t.row("supervise", lambda: followups.resolve_supervisor_task(admin, FollowUp.get().id, "已督促经营者付款"),
          case_id, supervisor_done=(False, True))
    t.row("reopen", lambda: workflow.reopen(admin, case_id, "消费者反映款项未到账"), case_id,
          state=("closed", "agreed"))
    scan = tmp_path / "发票.pdf"
    scan.write_bytes(b"%PDF-1.4 invoice")
    t.row("attach", lambda: attachments.add_attachment(admin, case_id, scan), case_id, filename=(None, "发票.pdf"))

    other = _new_case(admin, "李四")
    t.row("reject", lambda: workflow.reject(admin, other, "a16_4", "已超过三年"), other,
          outcome=(None, "rejected"), reject_ground=(None, "a16_4"))
    other = _new_case(admin, "王五")
    t.row("transfer", lambda: workflow.transfer(admin, other, "县市场监管局", "涉嫌违法经营"), other,
          transfer_to=("", "县市场监管局"))
    other = _new_case(admin, "赵六")
    t.row("withdraw", lambda: workflow.withdraw(admin, other, "已与商家和解"), other, outcome=(None, "withdrawn"))
    other = _new_case(admin, "钱七")
    workflow.accept(admin, other)
    t.row("terminate", lambda: workflow.terminate(admin, other, "a23_2", "经营者拒绝调解"), other,
          terminate_ground=(None, "a23_2"))
    t.row("record_notice", lambda: workflow.record_notice(admin, other), other,
          notice_sent_date=(None, "2026-11-30"))
    other = _new_case(admin, "孙八")
    workflow.accept(admin, other)
    t.row("settle", lambda: workflow.settle(admin, other, recovered="300.00"), other, recovered=(None, "300.00"))

    t.row("consult", lambda: consultations.log_consultation(admin, "phone", "law", 2, "咨询退货规定"), None,
          count=(None, 2))
    t.row("update_settings", lambda: settings.update_settings(admin, {"backup.keep": 30}), None,
          **{"backup.keep": (14, 30)})
    t.row("update_dictionary", lambda: settings.set_dictionary_label(admin, "nature", "N01", "质量问题（含安全）"),
          None, label=(DictEntry.get(kind="nature", code="N01").label, "质量问题（含安全）"))
    t.row("add_dictionary", lambda: settings.add_dictionary_entry(admin, "unit", "城关分会"), None,
          label=(None, "城关分会"))
    t.row("set_holidays", lambda: settings.set_year_schedule(admin, 2027, [(date(2027, 1, 1), "元旦")], []), None,
          days=(0, 1))
    clerk_id = None

    def create():
        nonlocal clerk_id
        clerk_id = users.create_user(admin, "zhouwen", "周文", "clerk", "Start-2026")
    t.row("create_user", create, None, username=(None, "zhouwen"), role=(None, "clerk"))
    t.row("change_role", lambda: users.change_role(admin, clerk_id, "mediator"), None, role=("clerk", "mediator"))
    t.row("rename_user", lambda: users.rename_user(admin, clerk_id, "周文静"), None, display_name=("周文", "周文静"))
    t.row("reset_password", lambda: users.reset_password(admin, clerk_id, "Temp-2026-x"), None)
    t.row("deactivate_user", lambda: users.set_active(admin, clerk_id, False), None, active=(True, False))
    t.row("activate_user", lambda: users.set_active(admin, clerk_id, True), None, active=(False, True))
    User.update(locked_until=date(2030, 1, 1)).where(User.id == clerk_id).execute()
    t.row("unlock_user", lambda: users.unlock(admin, clerk_id), None, locked_until=("2030-01-01T00:00:00", None))

    # the viewer reads them back: filtered by case number, action, user and text, newest first
    number = reg.number
    rows = audit_log.audit_page(admin, AuditFilter(case_number=number.split("第")[1]))
    assert rows[-1].action == "register" and rows[-1].action_label == "登记投诉"
    assert all(r.case_number == number for r in rows)
    assert [r.action for r in audit_log.audit_page(admin, AuditFilter(action="reopen"))] == ["reopen"]
    assert audit_log.count_audit(admin, AuditFilter(user="王主任")) == AuditLog.select().count()
    assert audit_log.count_audit(admin, AuditFilter(text="县质检所")) == 1
    page1 = audit_log.audit_page(admin, AuditFilter(), 0, 10)
    page2 = audit_log.audit_page(admin, AuditFilter(), 10, 10)
    assert page1[0].id > page1[-1].id > page2[0].id


def test_audit_viewer_needs_the_permission_and_masks_numbers(db):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    registration.register(admin, complaint(person_kw={"id_number": GOOD_ID}))
    with pytest.raises(NotAllowed, match="查看审计日志"):
        audit_log.audit_page(Actor(None, "m", "调解员", "mediator"), AuditFilter())
    created = audit_log.audit_page(admin, AuditFilter(action="create"))[-1]
    assert {c["field"]: c["new"] for c in created.changes}["id_number"] == GOOD_ID     # the admin sees it
    masked = audit_log.mask_pii_changes([{"field": "id_number", "old": None, "new": GOOD_ID},
                                         {"field": "phone", "old": "13812345678", "new": "13900001111"}])
    assert masked == [{"field": "id_number", "old": None, "new": "110105********002X"},
                      {"field": "phone", "old": "138****5678", "new": "139****1111"}]
    label, old, new = audit_log.describe({"field": "role", "old": "clerk", "new": "admin"})
    assert (label, old, new) == ("角色", "登记员", "管理员")
    assert audit_log.describe({"field": "state", "old": "registered", "new": "accepted"})[1:] == ("待受理", "已受理")


def test_every_recorded_action_has_a_chinese_name():
    """The viewer shows no raw codes: each action a service records is named in AUDIT_ACTIONS."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app" / "services").glob("*.py"))
    recorded = set(re.findall(r'audit\.record\(\s*[\w.]+,\s*"(\w+)"', source))
    recorded |= set(CASE_ACTIONS)         # the executor records each case action under its code
    missing = sorted(a for a in recorded if a not in AUDIT_ACTIONS)
    assert len(recorded) > 30 and missing == []


def test_the_database_refuses_to_change_or_delete_audit_rows(db):
    registration.register(SYSTEM, complaint())
    original = [(r.id, r.summary) for r in AuditLog.select().order_by(AuditLog.id)]
    if db.is_server:
        import psycopg2
        from urllib.parse import parse_qs, urlparse
        schema = parse_qs(urlparse(db.url).query)["schema"][0]
        con = psycopg2.connect(db.url.split("?")[0], options=f"-c search_path={schema}")
        errors = psycopg2.Error
    else:
        con = sqlite3.connect(db.db.database)
        errors = sqlite3.Error
    try:
        for sql in ("UPDATE audit_log SET summary = '篡改'", "DELETE FROM audit_log"):
            with pytest.raises(errors, match="append-only"):
                con.cursor().execute(sql)
            con.rollback()
    finally:
        con.close()
    assert [(r.id, r.summary) for r in AuditLog.select().order_by(AuditLog.id)] == original
