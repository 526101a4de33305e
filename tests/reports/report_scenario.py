"""Cases with known facts for the statistics tests, built through the services, plus the same facts
as plain records from which the tests count every figure themselves (never through the code
under test). Today is frozen at 2026-11-30; the report month is 2026-11."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.domain import grounds
from app.services import consultations, followups, mediation, registration, settings, users, workflow
from app.services.context import SYSTEM
from tests.factories import complaint, follow_up, session

MONTH = (date(2026, 11, 1), date(2026, 11, 30))
LAST_YEAR_MONTH = (date(2025, 11, 1), date(2025, 11, 30))
YTD = (date(2026, 1, 1), date(2026, 11, 30))
LAST_YEAR_YTD = (date(2025, 1, 1), date(2025, 11, 30))
COLUMNS = [MONTH, LAST_YEAR_MONTH, YTD, LAST_YEAR_YTD]


@dataclass
class Fact:
    name: str
    received: date
    nature: str
    category: str
    channel: str
    business: str
    unit: str = "U00"
    accepted: date | None = None
    closed: date | None = None
    outcome: str | None = None
    mediator: str | None = None
    recovered: Decimal | None = None
    punitive: Decimal | None = None
    typical: str = ""


@dataclass
class Scenario:
    facts: list[Fact]
    consultations: list[tuple[date, int, str]]          # (day, 人次, unit)
    followups: list[tuple[date, str, str]]              # (day, satisfaction, unit of the case)
    case_ids: dict[str, int]


def pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def points(now: tuple[int, int], before: tuple[int, int]) -> Decimal | None:
    """Percentage points between two exact rates (part, whole), rounded once."""
    from fractions import Fraction
    if not now[1] or not before[1]:
        return None
    exact = Fraction(100 * now[0], now[1]) - Fraction(100 * before[0], before[1])
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def within(day, span) -> bool:
    return day is not None and span[0] <= day <= span[1]


FACTS = [
    Fact("A", date(2026, 11, 2), "N01", "G0101", "visit", "鑫源家电", accepted=date(2026, 11, 3),
         closed=date(2026, 11, 20), outcome="mediated", mediator="王建国", recovered=Decimal("3000.00"),
         typical="空调安装后不制冷，经调解经营者退货退款。"),
    Fact("B", date(2026, 11, 4), "N01", "G0101", "phone", "鑫源家电", accepted=date(2026, 11, 5),
         closed=date(2026, 11, 18), outcome="settled", mediator="王建国", recovered=Decimal("500.50"),
         punitive=Decimal("1000.00")),
    Fact("C", date(2026, 11, 5), "N02", "S0101", "web", "好味餐馆", accepted=date(2026, 11, 6),
         closed=date(2026, 11, 25), outcome="terminated", mediator="李秀英"),
    Fact("D", date(2026, 11, 6), "N04", "G0301", "phone", "好味餐馆", accepted=date(2026, 11, 9),
         mediator="李秀英"),
    Fact("E", date(2026, 11, 10), "N01", "G0101", "visit", "鑫源家电", unit="U01", accepted=date(2026, 11, 11)),
    Fact("F", date(2026, 11, 12), "N03", "S0601", "phone", "远方通讯", closed=date(2026, 11, 13), outcome="rejected"),
    Fact("G", date(2026, 11, 20), "N01", "G0102", "web", "远方通讯"),
    Fact("H", date(2026, 10, 8), "N01", "G0102", "visit", "远方通讯", accepted=date(2026, 10, 9),
         closed=date(2026, 11, 5), outcome="mediated", mediator="王建国", recovered=Decimal("1200.00"),
         punitive=Decimal("600.00")),
    Fact("I", date(2026, 1, 12), "N06", "S0101", "phone", "好味餐馆", accepted=date(2026, 1, 13),
         closed=date(2026, 2, 10), outcome="settled", recovered=Decimal("88.80")),
    Fact("J", date(2025, 11, 3), "N01", "G0101", "visit", "鑫源家电", accepted=date(2025, 11, 4),
         closed=date(2025, 11, 20), outcome="mediated", mediator="王建国", recovered=Decimal("800.00")),
    Fact("K", date(2025, 11, 10), "N02", "S0101", "phone", "好味餐馆", accepted=date(2025, 11, 11),
         closed=date(2025, 11, 28), outcome="terminated", mediator="李秀英"),
    Fact("L", date(2025, 3, 3), "N01", "G0301", "web", "好味餐馆", accepted=date(2025, 3, 4),
         closed=date(2025, 3, 20), outcome="settled", recovered=Decimal("100.00")),
    Fact("M", date(2025, 12, 1), "N01", "G0101", "visit", "鑫源家电", accepted=date(2025, 12, 2)),
]
CONSULTATIONS = [(date(2026, 11, 3), 3, "U00"), (date(2026, 11, 15), 2, "U01"), (date(2026, 10, 10), 4, "U00"),
                 (date(2025, 11, 5), 1, "U00")]
FOLLOWUPS = [("A", date(2026, 11, 25), "very_satisfied"), ("B", date(2026, 11, 26), "unsatisfied"),
             ("C", date(2026, 11, 27), "satisfied"), ("J", date(2025, 11, 25), "satisfied")]
BUSINESS_CODES = {"鑫源家电": "91110000600037341L"}


def build() -> Scenario:
    settings.add_dictionary_entry(SYSTEM, "unit", "城关分会")          # → U01
    mediators = {name: users.create_user(SYSTEM, login, name, "mediator", "Xiehui#2026")
                 for login, name in (("wangjg", "王建国"), ("lixy", "李秀英"))}
    ids = {fact.name: _register(fact, mediators) for fact in FACTS}
    for day, count, unit in CONSULTATIONS:
        consultations.log_consultation(SYSTEM, "phone", "rights", count, day=day, handling_unit=unit)
    units = {f.name: f.unit for f in FACTS}
    for name, day, level in FOLLOWUPS:
        followups.record_follow_up(SYSTEM, ids[name], follow_up(day=day, satisfaction=level, note="回访意见"))
    return Scenario(FACTS, CONSULTATIONS, [(d, lvl, units[n]) for n, d, lvl in FOLLOWUPS], ids)


def _register(fact: Fact, mediators: dict[str, int]) -> int:
    data = complaint(
        person_kw={"name": f"投诉人{fact.name}", "phone": f"1390000{ord(fact.name):04d}"},
        business_kw={"name": f"某县{fact.business}", "credit_code": BUSINESS_CODES.get(fact.business, ""),
                     "address": f"某县{fact.business}路1号"},
        received_date=fact.received, purchase_date=fact.received, channel=fact.channel,
        platform_no="", category_code=fact.category, nature_code=fact.nature, handling_unit=fact.unit,
        typical=bool(fact.typical), typical_summary=fact.typical, facts=f"投诉{fact.name}的事实经过。",
    )
    case_id = registration.register(SYSTEM, data).case_id
    if fact.outcome == "rejected":
        workflow.reject(SYSTEM, case_id, grounds.pickable(grounds.REJECT, fact.received)[0], day=fact.closed)
        return case_id
    if fact.accepted is None:
        return case_id
    workflow.accept(SYSTEM, case_id, day=fact.accepted, mediator_id=mediators.get(fact.mediator))
    if fact.outcome == "mediated" or (fact.outcome is None and fact.mediator):
        mediation.record_session(SYSTEM, case_id, session(day=fact.accepted))
    if fact.outcome == "mediated":
        workflow.close_mediated(SYSTEM, case_id, day=fact.closed, recovered=fact.recovered, punitive=fact.punitive)
    elif fact.outcome == "settled":
        workflow.settle(SYSTEM, case_id, day=fact.closed, recovered=fact.recovered, punitive=fact.punitive)
    elif fact.outcome == "terminated":
        # "a party states that no agreement is possible", in the order of the day of receipt
        no_agreement = {grounds.O20: "o20_a21_4", grounds.O121: "a23_3"}[grounds.order_for(fact.received)]
        workflow.terminate(SYSTEM, case_id, no_agreement, day=fact.closed)
    return case_id


# ---------------------------------------------------------------- figures counted from the facts
def count(facts, date_field: str, span, unit=None, **equal) -> int:
    return sum(1 for f in facts if within(getattr(f, date_field), span) and (unit is None or f.unit == unit)
               and all(getattr(f, k) == v for k, v in equal.items()))


def money(facts, field: str, span, unit=None) -> Decimal:
    return sum((getattr(f, field) or Decimal("0.00") for f in facts
                if within(f.closed, span) and (unit is None or f.unit == unit)), Decimal("0.00"))


def resolved(facts, span, unit=None) -> int:
    return sum(1 for f in facts if within(f.closed, span) and f.outcome in ("mediated", "settled")
               and (unit is None or f.unit == unit))
