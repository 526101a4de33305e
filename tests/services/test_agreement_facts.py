"""纠纷事实及请求 on the agreement (docs/rules.md §7): saved with it, audited like its other fields,
at most 2,000 characters, no control characters; empty is stored as NULL, the value every agreement
from before schema 19 has, so both print the complaint as before."""
from __future__ import annotations

import json
from datetime import date

import pytest

from app.db.models import Agreement, AuditLog
from app.domain.agreement_facts import MAX_DISPUTE_FACTS, draft_dispute_facts, excerpt
from app.domain.errors import ValidationFailed
from app.services import agreements, mediation, registration, workflow
from app.services.context import SYSTEM
from tests.factories import agreement, complaint, session

FACTS = "投诉人于2026年10月1日购买空调一台，安装后不制冷，经三次维修未修好。投诉人请求退货退款，经营者同意。"


@pytest.fixture
def case_id(db):
    reg = registration.register(SYSTEM, complaint())
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, reg.case_id, session())
    return reg.case_id


def _changes(action: str) -> dict[str, dict]:
    row = AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id.desc()).get()
    return {c["field"]: c for c in json.loads(row.changes)}


def test_saved_with_the_agreement_and_in_its_audit_row(case_id):
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts=f"  {FACTS}\n"))
    assert Agreement.get(Agreement.case == case_id).dispute_facts == FACTS      # trimmed
    assert _changes("agree")["dispute_facts"] == {"field": "dispute_facts", "old": None, "new": FACTS}


def test_an_edit_shows_the_change_and_an_unchanged_one_does_not(case_id):
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts=FACTS))
    shorter = "空调不制冷，经营者同意退货退款。"
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts=shorter))
    assert _changes("edit_agreement")["dispute_facts"] == {"field": "dispute_facts", "old": FACTS, "new": shorter}
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts=shorter, place="城关镇调解室"))
    assert set(_changes("edit_agreement")) == {"place"}


def test_empty_is_null_as_on_the_agreements_signed_before(case_id):
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts="   "))
    assert Agreement.get(Agreement.case == case_id).dispute_facts is None
    assert "dispute_facts" not in _changes("agree")
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts="", place="城关镇调解室"))
    assert "dispute_facts" not in _changes("edit_agreement")     # NULL and "" are the same to the reader


def test_longer_than_the_limit_is_refused_with_the_count_and_nothing_written(case_id):
    audited = AuditLog.select().count()
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts="字" * MAX_DISPUTE_FACTS))
    assert len(Agreement.get(Agreement.case == case_id).dispute_facts) == MAX_DISPUTE_FACTS
    with pytest.raises(ValidationFailed) as refused:
        agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts="字" * (MAX_DISPUTE_FACTS + 1)))
    assert refused.value.errors["dispute_facts"] == "纠纷事实及请求过长（2001字，最多2000字）"
    assert len(Agreement.get(Agreement.case == case_id).dispute_facts) == MAX_DISPUTE_FACTS
    assert AuditLog.select().count() == audited + 1


def test_a_control_character_is_refused_naming_the_field_but_line_breaks_are_kept(case_id):
    with pytest.raises(ValidationFailed) as refused:
        agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts="空调\x07不制冷"))
    assert refused.value.errors["dispute_facts"] == "纠纷事实及请求含有不可见的控制字符（U+0007），请删除后重新填写"
    assert not Agreement.select().where(Agreement.case == case_id).exists()
    agreements.record_agreement(SYSTEM, case_id, agreement(dispute_facts="一、空调不制冷。\n二、请求退货。"))
    assert Agreement.get(Agreement.case == case_id).dispute_facts == "一、空调不制冷。\n二、请求退货。"


def test_the_draft_is_the_request_and_the_complaint_cut_at_a_sentence_end():
    sentence = "投诉人购买的空调安装后不制冷，维修人员上门三次仍未修好。"          # 29 characters
    long_facts = "\n".join([sentence] * 40)
    draft = draft_dispute_facts(long_facts, "return,compensate", "要求退货并退还货款3999元。")
    first, second = draft.split("\n")
    assert first == sentence * 10 + "…" and len(first) <= 301          # 10 whole sentences fit in 300
    assert second == "投诉人请求：退货、赔偿损失。要求退货并退还货款3999元。"
    assert draft_dispute_facts("空调不制冷。", "", "退款") == "空调不制冷。\n投诉人请求：退款"
    assert len(draft_dispute_facts("字" * 10000, "refund", "要" * 10000)) < MAX_DISPUTE_FACTS


def test_an_excerpt_keeps_a_closing_quote_and_cuts_one_endless_sentence_at_the_limit():
    quoted = "经营者说：“不退。”" + "投诉人" * 200
    assert excerpt(quoted) == "经营者说：“不退。”…"
    assert excerpt("字" * 500) == "字" * 300 + "…"
    assert excerpt("短文。") == "短文。"
