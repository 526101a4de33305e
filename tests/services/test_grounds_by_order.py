"""Every ground of each order can be recorded for a case of that order and is refused, with a
message naming both orders, for a case of the other (issue 12)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain import grounds
from app.domain.errors import ValidationFailed
from app.db.models import Case
from app.services import registration, workflow
from app.services.context import SYSTEM
from tests.factories import complaint

RECEIVED = {grounds.O20: date(2025, 6, 1), grounds.O121: date(2026, 5, 1)}
OTHER = {grounds.O20: grounds.O121, grounds.O121: grounds.O20}


def _registered(order: str) -> int:
    received = RECEIVED[order]
    return registration.register(SYSTEM, complaint(received_date=received,
                                                   purchase_date=received - timedelta(days=10))).case_id


def _accepted(order: str) -> int:
    case_id = _registered(order)
    workflow.accept(SYSTEM, case_id, day=RECEIVED[order])
    return case_id


def test_the_orders_hold_the_grounds_the_law_lists():
    assert [g.citation.text() for g in grounds.grounds_of(grounds.REJECT, grounds.O20)] == [
        f"第十五条第（{n}）项" for n in "一二三四五六"]
    assert [g.citation.text() for g in grounds.grounds_of(grounds.TERMINATE, grounds.O20)] == [
        f"第二十一条第一款第（{n}）项" for n in "一二三四五六七"]
    assert len(grounds.grounds_of(grounds.REJECT, grounds.O121)) == 7
    assert len(grounds.grounds_of(grounds.TERMINATE, grounds.O121)) == 8
    assert grounds.ground("o20_a21_4").text == "经组织调解，投诉人或者被投诉人明确表示无法达成调解协议的"
    assert "四十五个工作日" in grounds.ground("o20_a21_5").text and grounds.ground("o20_a21_5").deadline
    assert grounds.ground("o20_a15_2").text.endswith("消费者协会或者依法成立的其他调解组织已经受理或者处理过同一消费者权益争议的")
    assert grounds.ground("o20_a15_4").text.startswith("除法律另有规定外")
    assert all(g.verified for g in grounds.GROUNDS if g.order == grounds.O20)
    assert not any(g.verified for g in grounds.GROUNDS if g.order == grounds.O121)
    assert grounds.order_for(date(2026, 4, 14)) == grounds.O20 and grounds.order_for(date(2026, 4, 15)) == grounds.O121


@pytest.mark.parametrize("order", [grounds.O20, grounds.O121])
def test_every_reject_ground_of_the_order_is_taken_and_the_others_refused(sqlite_db, order):
    for g in grounds.grounds_of(grounds.REJECT, order):
        case_id = _registered(order)
        workflow.reject(SYSTEM, case_id, g.code, day=RECEIVED[order])
        assert Case.get_by_id(case_id).reject_ground == g.code
    case_id = _registered(order)
    for g in grounds.grounds_of(grounds.REJECT, OTHER[order]):
        with pytest.raises(ValidationFailed) as refused:
            workflow.reject(SYSTEM, case_id, g.code, day=RECEIVED[order])
        message = refused.value.errors["ground"]
        assert grounds.INSTRUMENTS[OTHER[order]] in message and grounds.INSTRUMENTS[order] in message, message
    assert Case.get_by_id(case_id).state == "registered"          # nothing written


@pytest.mark.parametrize("order", [grounds.O20, grounds.O121])
def test_every_termination_ground_of_the_order_is_taken_and_the_others_refused(sqlite_db, order):
    for g in grounds.grounds_of(grounds.TERMINATE, order):
        case_id = _accepted(order)
        workflow.terminate(SYSTEM, case_id, g.code, day=RECEIVED[order])
        assert Case.get_by_id(case_id).terminate_ground == g.code
    case_id = _accepted(order)
    for g in grounds.grounds_of(grounds.TERMINATE, OTHER[order]):
        with pytest.raises(ValidationFailed) as refused:
            workflow.terminate(SYSTEM, case_id, g.code, day=RECEIVED[order])
        assert "请从其所列情形中选择" in refused.value.errors["ground"]
    assert Case.get_by_id(case_id).state == "accepted"
