"""Cases in the states each document needs, built through the services (with rare characters in
the names, which the main Song font lacks)."""
from __future__ import annotations

from datetime import date, datetime

from app.services import agreements, followups, mediation, registration, workflow
from app.services.context import SYSTEM
from app.services.inputs import AgentInput, TermInput
from tests.factories import agreement, complaint, follow_up, session

ORG = "清河县消费者协会"      # the association the document tests print for

BUSINESS_RARE = "某县犇鑫家电商行"          # 犇 is not in the Song font either
OTHER_BUSINESS = dict(credit_code="", name="某县鑫源家电商行")   # not the rare one above


def settle_full_case() -> int:
    """王堃 against 犇鑫: accepted, one session held, agreement signed, closed, followed up."""
    data = complaint(
        person_kw=dict(name="王堃", gender="female", id_number="11010519491231002X"),
        business_kw=dict(name=BUSINESS_RARE, contact="赵敏"),
        agents=[AgentInput(name="李喆", phone="13900001111", relation="配偶", authorization="特别授权：代为调解、签署调解协议")],
        purchase_place="犇鑫家电商行城关店", quantity=1, evidence_note="购物发票一张，维修单两张",
    )
    case_id = registration.register(SYSTEM, data).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.schedule_session(SYSTEM, case_id, session(date(2026, 11, 10), notified_date=date(2026, 11, 4)))
    planned = _only_session_id(case_id)
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 10), notified_date=date(2026, 11, 4)),
                             session_id=planned)
    agreements.record_agreement(SYSTEM, case_id, agreement(date(2026, 11, 20), performance_place="本会调解室"))
    workflow.close_mediated(SYSTEM, case_id, day=date(2026, 11, 25))
    followups.record_follow_up(SYSTEM, case_id, follow_up(by_name="周红"))
    return case_id


def _only_session_id(case_id: int) -> int:
    from app.services.casefile import case_detail
    return case_detail(case_id).sessions[-1]["id"]


def rejected_case() -> int:
    """张頔: not accepted because more than three years passed (O121 Art. 16 (四)); entrusted by the
    market regulator, so the notice cites the order."""
    data = complaint(person_kw=dict(name="张頔", phone="13700002222"), business_kw=OTHER_BUSINESS,
                     purchase_date=date(2022, 5, 1), basis="entrusted")
    case_id = registration.register(SYSTEM, data).case_id
    workflow.reject(SYSTEM, case_id, "a16_4", text="投诉人于2022年5月购买，2022年6月即发现质量问题，至今已超过三年。",
                    day=date(2026, 11, 6))
    return case_id


def terminated_case() -> int:
    """𠮷田丽: the business did not come to mediation (O121 Art. 23 (二)); entrusted."""
    data = complaint(person_kw=dict(name="𠮷田丽", phone="13600003333"), business_kw=OTHER_BUSINESS,
                     basis="entrusted")
    case_id = registration.register(SYSTEM, data).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.schedule_session(SYSTEM, case_id, session(date(2026, 11, 12), mode="phone", place=""))
    workflow.terminate(SYSTEM, case_id, "a23_2", text="经营者两次经通知无正当理由未参加调解。", day=date(2026, 11, 24))
    return case_id


def scheduled_case() -> int:
    """A case with a session planned and nothing else yet (for the 调解通知书 alone)."""
    data = complaint(person_kw=dict(name="李喆", phone="13500004444"), business_kw=OTHER_BUSINESS)
    case_id = registration.register(SYSTEM, data).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.schedule_session(SYSTEM, case_id, session(date(2026, 12, 3)))
    return case_id


LONG_FACTS = (
    "投诉人于2026年10月1日在被投诉人处购买“清凉”牌变频空调一台（型号：KFR-35GW/BP3），价款3999元，"
    "被投诉人承诺“包安装、三年保修、七天无理由退换”。安装后第二天即出现不制冷、外机异响、遥控失灵等问题；"
    "投诉人先后于10月3日、10月8日、10月15日三次报修，维修人员更换了电容、加注了冷媒，但问题依旧。"
    "投诉人认为：（一）该空调存在质量问题；（二）被投诉人的宣传与实际不符；（三）多次维修耽误了使用。"
) * 4


def long_agreement_case(term_count: int = 14) -> int:
    """Many terms and long facts, so that lines break in every possible place."""
    data = complaint(person_kw=dict(name="张頔", phone="13400005555"), business_kw=OTHER_BUSINESS, facts=LONG_FACTS,
                     request_text="要求：（1）退货；（2）退还货款3999元；（3）赔偿误工费、交通费共计1234.50元。" * 3)
    case_id = registration.register(SYSTEM, data).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 5)))
    terms = []
    for i in range(term_count):
        amount = f"{(i + 1) * 1111}.{i % 10}0" if i % 3 != 2 else None
        terms.append(TermInput("compensate" if amount else "other",
                               f"被投诉人于约定期限内向投诉人支付第{i + 1}笔款项，用于弥补“维修、误工、交通”等各项损失，"
                               f"投诉人收到款项后应当出具收据，双方就该项不再另行主张（详见附件《损失清单》）",
                               amount, date(2026, 12, 1)))
    agreements.record_agreement(SYSTEM, case_id, agreement(date(2026, 11, 20), terms=terms,
                                                          place="本会调解室（城关镇人民路1号）"))
    return case_id


def moment(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)
