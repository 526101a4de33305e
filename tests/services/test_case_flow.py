"""A case from registration to follow-up through the services, on SQLite and PostgreSQL."""
import json
from datetime import date
from decimal import Decimal

import pytest
from peewee import DatabaseError

from app.db.models import AuditLog, Case, Complainant
from app.domain.errors import Conflict, NotAllowed, ValidationFailed
from app.services import agreements, casefile, followups, mediation, registration, workflow
from app.services.context import SYSTEM, Actor
from app.services.inputs import TermInput
from tests.factories import agreement, complaint, follow_up, session

CLERK = Actor(None, "clerk1", "周文", "clerk")


def test_full_case_with_audit_trail(db):
    reg = registration.register(SYSTEM, complaint(person_kw={"name": "王堃", "id_number": "11010519491231002X"}))
    assert reg.number == "消调〔2026〕第1号"
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    first = mediation.schedule_session(SYSTEM, reg.case_id, session(date(2026, 11, 10)))
    assert first.state == "mediating"
    detail = casefile.case_detail(reg.case_id)
    mediation.record_session(SYSTEM, reg.case_id, session(date(2026, 11, 10)), session_id=detail.sessions[0]["id"])
    mediation.record_session(SYSTEM, reg.case_id, session(date(2026, 11, 17), form="consumer_only"))
    assert agreements.record_agreement(SYSTEM, reg.case_id, agreement()).state == "agreed"
    closed = workflow.close_mediated(SYSTEM, reg.case_id, day=date(2026, 11, 21))
    assert closed.state == "closed"
    followups.record_follow_up(SYSTEM, reg.case_id, follow_up())

    detail = casefile.case_detail(reg.case_id)
    assert detail.complainant["name"] == "王堃"
    assert detail.complainant["gender"] == "female"                      # derived from the ID number
    assert detail.case["outcome"] == "mediated"
    assert detail.case["recovered"] == Decimal("4119.50")                # 3999.00 + 120.50, exact
    assert [t["amount"] for t in detail.terms] == [Decimal("3999.00"), Decimal("120.50")]
    assert [s["status"] for s in detail.sessions] == ["held", "held"]
    assert detail.followups[0]["satisfaction"] == "satisfied"
    actions = [h["action"] for h in detail.history]
    assert actions == ["register", "accept", "schedule_session", "record_session", "record_session", "agree",
                       "close_mediated", "follow_up"]
    accept_row = detail.history[1]
    assert {"field": "state", "old": "registered", "new": "accepted"} in accept_row["changes"]
    assert all(h["by_name"] == "系统" for h in detail.history)


def test_bad_id_number_is_refused_with_the_message_and_nothing_saved(db):
    with pytest.raises(ValidationFailed) as caught:
        registration.register(SYSTEM, complaint(person_kw={"id_number": "110105194912310021"}))
    assert caught.value.errors == {"complainant.id_number": "身份证号校验位不符，请核对号码"}
    assert Case.select().count() == 0 and Complainant.select().count() == 0


def test_every_problem_is_reported_at_once(db):
    data = complaint(person_kw={"name": "", "phone": "12345"}, business_kw={"credit_code": "91110000600037341A"},
                     amount="-5", purchase_date=date(2026, 11, 5), received_date=date(2026, 11, 2), facts="")
    with pytest.raises(ValidationFailed) as caught:
        registration.register(SYSTEM, data)
    errors = caught.value.errors
    assert errors["complainant.name"] == "请填写投诉人姓名"
    assert "手机号" in errors["complainant.phone"]
    assert "校验位" in errors["business.credit_code"]
    assert errors["amount"] == "涉案金额不能为负数"
    assert errors["purchase_date"] == "购买/接受服务日期不能晚于登记日期"
    assert errors["facts"] == "请填写投诉事实"


def test_transferred_from_12315_needs_the_platform_number_and_is_entrusted(db):
    with pytest.raises(ValidationFailed) as caught:
        registration.register(SYSTEM, complaint(channel="platform12315"))
    assert "平台编号" in caught.value.errors["platform_no"]
    reg = registration.register(SYSTEM, complaint(channel="platform12315", platform_no="12026110200001"))
    case = Case.get_by_id(reg.case_id)
    assert (case.basis, case.rule_set) == ("entrusted", "O121")


def test_illegal_transitions_are_refused_with_reason(db):
    reg = registration.register(SYSTEM, complaint())
    with pytest.raises(NotAllowed, match="待受理"):
        workflow.terminate(SYSTEM, reg.case_id, "a23_2")
    with pytest.raises(NotAllowed, match="只有“调解中”的案件可以中止计时"):
        mediation.pause_clock(SYSTEM, reg.case_id, reason="送检")
    workflow.accept(SYSTEM, reg.case_id)
    with pytest.raises(NotAllowed, match="已受理"):
        workflow.accept(SYSTEM, reg.case_id)
    with pytest.raises(NotAllowed):
        followups.record_follow_up(SYSTEM, reg.case_id, follow_up())


def test_rejection_needs_an_art16_ground_and_reopen_needs_a_supervisor(db):
    reg = registration.register(SYSTEM, complaint())
    with pytest.raises(ValidationFailed, match="请选择不予受理的理由"):
        workflow.reject(SYSTEM, reg.case_id, "")
    change = workflow.reject(SYSTEM, reg.case_id, "a16_4", "超过三年")
    case = Case.get_by_id(reg.case_id)
    assert (change.state, case.outcome, case.reject_ground) == ("closed", "rejected", "a16_4")
    # named by article and item (was the label's first four characters: 不予受理（（四）消）)
    assert change.summary.startswith("不予受理（第十六条第一款第（四）项）")
    with pytest.raises(NotAllowed, match="无权重新打开"):
        workflow.reopen(CLERK, reg.case_id, "消费者补充了证据")
    with pytest.raises(ValidationFailed, match="理由"):
        workflow.reopen(SYSTEM, reg.case_id, " ")
    assert workflow.reopen(SYSTEM, reg.case_id, "消费者补充了证据").state == "registered"
    assert Case.get_by_id(reg.case_id).outcome is None


def test_termination_sets_the_notice_deadline_until_the_notice_is_served(db):
    reg = registration.register(SYSTEM, complaint())
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    change = workflow.terminate(SYSTEM, reg.case_id, "a23_3", day=date(2026, 11, 20))
    assert change.warnings and "7个工作日" in change.warnings[0]
    case = Case.get_by_id(reg.case_id)
    assert (case.next_deadline_kind, case.next_deadline) == ("notify", date(2026, 12, 1))
    workflow.record_notice(SYSTEM, reg.case_id, day=date(2026, 11, 25))
    assert Case.get_by_id(reg.case_id).next_deadline is None


def test_pause_and_resume_move_the_mediation_deadline(db):
    reg = registration.register(SYSTEM, complaint())
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, reg.case_id, session(date(2026, 11, 5)))
    assert Case.get_by_id(reg.case_id).next_deadline == date(2027, 1, 4)     # 2 Jan 2027 is a Saturday
    assert mediation.pause_clock(SYSTEM, reg.case_id, day=date(2026, 11, 6), reason="空调送检",
                                 agency="县质检所", payer="business").state == "suspended"
    paused = Case.get_by_id(reg.case_id)
    assert paused.next_deadline is None and paused.clock_paused
    mediation.resume_clock(SYSTEM, reg.case_id, day=date(2026, 11, 16))
    resumed = Case.get_by_id(reg.case_id)
    assert resumed.state == "mediating" and resumed.next_deadline == date(2027, 1, 12)   # +10 paused days


def test_money_stays_exact_to_the_fen(db):
    reg = registration.register(SYSTEM, complaint(amount="0.10"))
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, reg.case_id, session(date(2026, 11, 5)))
    terms = [TermInput("refund", "退款一", "0.10"), TermInput("compensate", "补偿二", "0.20"),
             TermInput("punitive", "赔偿三", "9999999999.99")]
    agreements.record_agreement(SYSTEM, reg.case_id, agreement(terms=terms))
    workflow.close_mediated(SYSTEM, reg.case_id, day=date(2026, 11, 21))
    case = Case.get_by_id(reg.case_id)
    assert case.recovered == Decimal("10000000000.29")
    assert case.punitive == Decimal("9999999999.99")
    assert Case.get_by_id(reg.case_id).amount == Decimal("0.10")
    with pytest.raises(ValidationFailed, match="两位小数"):
        workflow.settle(SYSTEM, registration.register(SYSTEM, complaint()).case_id, recovered="1.005")


def test_a_stale_save_is_refused_with_who_and_when(db):
    reg = registration.register(SYSTEM, complaint())
    loaded_version = Case.get_by_id(reg.case_id).version
    workflow.accept(Actor(None, "li", "李调解", "mediator"), reg.case_id, expected_version=loaded_version)
    with pytest.raises(Conflict) as caught:
        registration.update_complaint(SYSTEM, reg.case_id, complaint(facts="改过的事实"), loaded_version)
    assert "李调解" in caught.value.message and caught.value.changed_by == "李调解"
    assert Case.get_by_id(reg.case_id).facts != "改过的事实"


def test_edit_records_field_changes(db):
    reg = registration.register(SYSTEM, complaint())
    version = Case.get_by_id(reg.case_id).version
    registration.update_complaint(SYSTEM, reg.case_id, complaint(amount="4100.00"), version)
    row = AuditLog.select().where(AuditLog.action == "edit").get()
    assert {"field": "amount", "old": "3999.00", "new": "4100.00"} in json.loads(row.changes)


def test_audit_rows_cannot_be_changed(db):
    registration.register(SYSTEM, complaint())
    with pytest.raises(DatabaseError):
        with db.db.atomic():
            AuditLog.update(summary="篡改").execute()
    with pytest.raises(DatabaseError):
        with db.db.atomic():
            AuditLog.delete().execute()
    assert AuditLog.select().where(AuditLog.summary == "篡改").count() == 0


def test_a_case_imported_already_closed_raises_no_notice_or_follow_up_task(db):
    from app.services.queries import CaseFilter, count_cases
    reg = registration.register(SYSTEM, complaint(received_date=date(2026, 9, 1), purchase_date=date(2026, 8, 1)))
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 9, 2))
    workflow.terminate(SYSTEM, reg.case_id, "a23_2", day=date(2026, 9, 30))
    assert count_cases(CaseFilter(queue="overdue")) == 1 and count_cases(CaseFilter(queue="to_follow_up")) == 1
    # The same facts as an old ledger row: closed before the import day.
    Case.update(source="import").where(Case.id == reg.case_id).execute()
    from app.db.models import follow_up_refresh
    from app.services.clock import refresh_open_cases
    refresh_open_cases()
    follow_up_refresh(Case.id == reg.case_id).execute()     # what the import stores for such a row
    assert Case.get_by_id(reg.case_id).next_deadline is None
    assert count_cases(CaseFilter(queue="overdue")) == 0 and count_cases(CaseFilter(queue="to_follow_up")) == 0


def test_an_unsatisfied_follow_up_is_a_supervisor_task_resolved_once(db):
    reg = registration.register(SYSTEM, complaint())
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    workflow.settle(SYSTEM, reg.case_id, day=date(2026, 11, 20), recovered="300")
    result = followups.record_follow_up(SYSTEM, reg.case_id, follow_up(satisfaction="unsatisfied",
                                                                       note="经营者未按约退款"))
    assert result.needs_supervisor and "负责人" in result.warnings[-1]
    from app.services.queries import CaseFilter, count_cases
    assert count_cases(CaseFilter(queue="to_follow_up")) == 1          # the supervisor's task
    followups.resolve_supervisor_task(SYSTEM, result.followup_id, "已督促经营者退款")
    assert count_cases(CaseFilter(queue="to_follow_up")) == 0
    with pytest.raises(NotAllowed, match="已由其他负责人处理"):
        followups.resolve_supervisor_task(SYSTEM, result.followup_id, "再处理一次")
