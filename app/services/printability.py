"""Warnings about characters no document font can print, when a case is saved or imported.
The fonts' coverage is read once from resources/fonts/coverage.txt (no font is opened)."""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from app.config import resource
from app.domain.printable import Coverage, unprintable, unprintable_message


@lru_cache(maxsize=1)
def coverage() -> Coverage:
    return Coverage.parse(resource("fonts", "coverage.txt").read_text(encoding="ascii"))


def printing_problems(fields: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    return unprintable(fields, coverage())


def printing_warning(fields: Iterable[tuple[str, str | None]]) -> str | None:
    """A one-line warning naming each field, character and code point, or None."""
    problems = printing_problems(fields)
    return unprintable_message(problems) if problems else None


def complaint_fields(clean) -> list[tuple[str, str]]:
    """The printed text of a registration (a registration.CleanComplaint), by field label."""
    person, business, case = clean.person, clean.business, clean.case
    fields = [("投诉人姓名", person.name), ("投诉人地址", person.address), ("被投诉人名称", business.name),
              ("被投诉人地址", business.address), ("法定代表人", business.legal_rep), ("联系人", business.contact),
              ("商品或服务", case.get("goods_name")), ("购买地点", case.get("purchase_place")),
              ("投诉事实", case.get("facts")), ("投诉请求", case.get("request_text")),
              ("证据材料", case.get("evidence_note"))]
    for agent in clean.agents:
        fields += [("代理人姓名", agent.get("name")), ("代理权限", agent.get("authorization"))]
    return fields
