"""Precedents while mediating (issue 13, part 4): the closed cases most like an open one come first —
near-duplicates (the same business, category and nature, nearly the same facts) before cases that
only share a category or only share words — with how each ended; open cases and the case itself
never appear."""
from datetime import date

from app.db.connection import is_sqlite
from app.services import agreements, mediation, registration, workflow
from app.services.context import SYSTEM
from app.services.precedents import find_precedents
from tests.factories import agreement, complaint, session

FACTS = "购买的格力空调安装后外机噪音很大，制冷效果差，多次上门维修仍未解决。"
OTHER_SHOP = {"name": "某县惠民电器城", "credit_code": ""}


def _closed(facts: str, business_kw=None, settle: bool = True, **kw) -> int:
    case_id = registration.register(SYSTEM, complaint(business_kw=business_kw, facts=facts, **kw)).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    if settle:
        workflow.settle(SYSTEM, case_id, day=date(2026, 11, 10), recovered="500")
    else:
        mediation.schedule_session(SYSTEM, case_id, session(date(2026, 11, 10)))
        agreements.record_agreement(SYSTEM, case_id, agreement())
        workflow.close_mediated(SYSTEM, case_id, day=date(2026, 11, 21))
    return case_id


def test_near_duplicates_come_first_with_how_they_ended(db):
    unrelated = _closed("在网上订购的羽绒服掉毛严重，商家拒绝退货。", business_kw=OTHER_SHOP, category_code="G0201",
                        nature_code="N02", goods_name="羽绒服")
    same_kind_only = _closed("电视机开机后黑屏，无法使用。", business_kw=OTHER_SHOP, goods_name="电视机")
    words_only = _closed("格力空调专卖店的会员积分无法兑换礼品。", business_kw=OTHER_SHOP, category_code="G0602",
                         nature_code="N03", goods_name="积分")
    near_twin = _closed("购买的格力空调安装后外机噪音很大，制冷效果差，两次维修仍未解决。", settle=False)
    near_other_shop = _closed("格力空调安装后外机噪音很大，制冷效果差，维修未解决。", business_kw=OTHER_SHOP)
    still_open = registration.register(SYSTEM, complaint(facts=FACTS)).case_id
    target = registration.register(SYSTEM, complaint(facts=FACTS, received_date=date(2026, 11, 4))).case_id

    found = find_precedents(target)
    ids = [p.case_id for p in found]
    assert ids[:2] == [near_twin, near_other_shop], [(p.number, p.score, p.reasons) for p in found]
    assert same_kind_only in ids and unrelated not in ids          # the same kind counts; nothing in common does not
    # a few shared words: ranked by bm25 on SQLite; under pg_trgm's similarity threshold on PostgreSQL
    assert (words_only in ids) == is_sqlite()
    assert still_open not in ids and target not in ids
    twin = found[0]
    assert twin.outcome == "调解成功（达成协议）" and "同一经营者" in twin.reasons and "事实相近" in twin.reasons
    assert twin.terms == ["退款：经营者退还投诉人货款 3,999.00 元", "赔偿损失：经营者补偿投诉人交通费 120.50 元"]
    assert found[1].recovered is not None and str(found[1].recovered) == "500.00"


def test_a_case_without_closed_neighbours_has_no_precedents(db):
    target = registration.register(SYSTEM, complaint(facts=FACTS)).case_id
    assert find_precedents(target) == [] and find_precedents(999_999) == []
