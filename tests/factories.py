"""Valid inputs with overridable parts, so each test states only what it is about."""
from __future__ import annotations

from datetime import date, datetime

from app.services.inputs import (
    AgreementInput, BusinessInput, ComplaintInput, FollowUpInput, PersonInput, SessionInput, TermInput,
)

GOOD_ID = "11010519491231002X"
GOOD_CREDIT = "91110000600037341L"


def person(**kw) -> PersonInput:
    values = dict(name="张三", phone="13812345678", address="某县城关镇人民路1号")
    values.update(kw)
    return PersonInput(**values)


def business(**kw) -> BusinessInput:
    values = dict(name="某县鑫源家电商行", address="某县城关镇建设路8号", credit_code=GOOD_CREDIT,
                  legal_rep="李四", phone="0571-87654321")
    values.update(kw)
    return BusinessInput(**values)


def complaint(person_kw: dict | None = None, business_kw: dict | None = None, **kw) -> ComplaintInput:
    values = dict(
        complainant=person(**(person_kw or {})), business=business(**(business_kw or {})),
        received_date=date(2026, 11, 2), channel="visit", category_code="G0101", nature_code="N01",
        goods_name="空调", purchase_date=date(2026, 10, 1), amount="3999.00",
        facts="投诉人购买的空调安装后不制冷，多次维修未果。", request_types=["return", "refund"],
        request_text="要求退货并退还货款3999元。",
    )
    values.update(kw)
    return ComplaintInput(**values)


def session(day: date = date(2026, 11, 10), **kw) -> SessionInput:
    values = dict(scheduled_at=datetime(day.year, day.month, day.day, 9, 30), place="本会调解室", mode="onsite",
                  form="joint", mediators="王建国", recorder="吴敏", present="张三、李四",
                  record_text="调解员：请双方陈述。\n投诉人：空调不制冷。\n经营者：同意检修。", result="双方同意继续协商")
    values.update(kw)
    return SessionInput(**values)


def agreement(day: date = date(2026, 11, 20), **kw) -> AgreementInput:
    values = dict(signed_date=day, place="本会调解室", performance_way="经营者当场以银行转账方式支付",
                  performance_deadline=date(2026, 11, 27),
                  terms=[TermInput("refund", "经营者退还投诉人货款", "3999.00", date(2026, 11, 27)),
                         TermInput("compensate", "经营者补偿投诉人交通费", "120.50", date(2026, 11, 27))])
    values.update(kw)
    return AgreementInput(**values)


def follow_up(**kw) -> FollowUpInput:
    values = dict(day=date(2026, 11, 28), method="phone", satisfaction="satisfied", performed=True,
                  note="消费者表示款项已收到")
    values.update(kw)
    return FollowUpInput(**values)
