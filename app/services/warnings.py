"""Warnings before saving a complaint (docs/rules.md §4): probable duplicates and the signals of
professional claimants (O121 Art. 17). They inform the clerk; they never reject."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from app.db.models import Case, Complainant
from app.services.parties import find_business, find_complainant, squash
from app.services.printability import complaint_fields, printing_warning
from app.services.settings import get_settings


@dataclass
class Warning:
    kind: str            # duplicate | shared_contact | repeat | quantity | id_number | unprintable
    message: str
    case_numbers: list[str] = field(default_factory=list)


def _numbers(query, limit: int = 10) -> list[str]:
    return [n for (n,) in query.select(Case.number).order_by(Case.received_date.desc()).limit(limit).tuples()]


def complaint_warnings(clean) -> list[Warning]:
    """`clean` is a registration.CleanComplaint (already validated)."""
    settings = get_settings()
    person, business, case = clean.person, clean.business, clean.case
    received = case["received_date"]
    found_person = find_complainant(person)
    found_business = find_business(business)
    out: list[Warning] = [Warning("id_number", note) for note in clean.id_notes]

    if found_person and found_business:
        window = timedelta(days=int(settings["warn.duplicate_days"]))
        same = Case.select().where(
            (Case.complainant == found_person.id) & (Case.business == found_business.id)
            & Case.received_date.between(received - window, received + window))
        numbers = _numbers(same)
        if numbers:
            out.append(Warning("duplicate", f"疑似重复登记：{person.name} 对 {business.name} 近期已有投诉", numbers))

    others = (Complainant.select(Complainant.name).distinct()
              .where((Complainant.phone == person.phone) & (Complainant.name != person.name)))
    names = [c.name for c in others.limit(5)]
    if names:
        out.append(Warning("shared_contact",
                           f"电话 {person.phone} 还被其他投诉人使用：{'、'.join(names)}（职业索赔提示）",
                           _numbers(Case.select().join(Complainant).where(Complainant.phone == person.phone))))
    address = squash(person.address)
    if len(address) >= 6:
        same_address = (Complainant.select(Complainant.name).distinct()
                        .where((Complainant.address == person.address) & (Complainant.name != person.name)))
        names = [c.name for c in same_address.limit(5)]
        if names:
            out.append(Warning("shared_contact", f"地址还被其他投诉人使用：{'、'.join(names)}（职业索赔提示）"))

    if found_person:
        since = received - timedelta(days=int(settings["warn.repeat_window_days"]))
        recent = Case.select().where((Case.complainant == found_person.id) & (Case.received_date >= since))
        threshold = int(settings["warn.repeat_count"])
        by_business = recent.where(Case.business == found_business.id) if found_business else None
        if by_business is not None and by_business.count() + 1 >= threshold:
            out.append(Warning("repeat", f"{person.name} 在{settings['warn.repeat_window_days']}天内已"
                                         f"{by_business.count()}次投诉 {business.name}（职业索赔提示）",
                               _numbers(by_business)))
        goods = case.get("goods_name")
        if goods:
            by_goods = recent.where(Case.goods_name == goods)
            if by_goods.count() + 1 >= threshold:
                out.append(Warning("repeat", f"{person.name} 在近期已{by_goods.count()}次投诉同一商品“{goods}”"
                                             "（职业索赔提示）", _numbers(by_goods)))

    quantity = case.get("quantity")
    if quantity and quantity >= int(settings["warn.quantity_threshold"]):
        out.append(Warning("quantity", f"购买数量 {quantity} 件明显超出日常生活消费需要（职业索赔提示）"))
    unprintable = printing_warning(complaint_fields(clean))
    if unprintable:
        out.append(Warning("unprintable", unprintable))
    return out
