"""Read-only look-ups that forms need: the people who can mediate, the category tree, and a
registered case turned back into the input a form edits. Plain data, no Qt."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from app.db.models import DictEntry, User
from app.domain.permissions import MEDIATOR_ROLES
from app.services.context import today
from app.services.settings import work_calendar

if TYPE_CHECKING:   # not imported at start-up: the main window needs only the look-ups
    from app.services.casefile import CaseDetail
    from app.services.inputs import ComplaintInput


def mediators(include_id: int | None = None) -> list[tuple[int, str]]:
    """(user id, display name) of active users who may mediate; `include_id` keeps a case's
    current mediator in the list even when that account was deactivated since."""
    # as tuples: a model instance per row cost ~10 µs (the filter bar asks at start-up)
    query = User.select(User.id, User.display_name, User.active, User.role).order_by(User.display_name).tuples()
    return [(uid, name) for uid, name, active, role in query
            if (active and role in MEDIATOR_ROLES) or uid == include_id]


MEDIATOR_GONE = "所选调解员不存在或已停用"


def is_active_mediator(user_id: int) -> bool:
    """The user exists, is not locked out, and has a role that may mediate."""
    user = User.get_or_none(id=user_id)
    return user is not None and user.active and user.role in MEDIATOR_ROLES


def user_names() -> dict[int, str]:
    """Every user's display name by id (an audit row may name a deactivated account)."""
    return {uid: name for uid, name in User.select(User.id, User.display_name).tuples()}


class CategoryNode(NamedTuple):
    code: str
    label: str
    active: bool
    minors: list["CategoryNode"]       # its 细类 (none for a 细类)


def category_tree(active_only: bool = True, keep: str = "") -> list[CategoryNode]:
    """大类 with their 细类, in the dictionary's order. `keep` is a code shown even if inactive
    (the category a case already has)."""
    # The five columns as tuples, not model instances (~10 µs a row; the filter bar's 类别 box
    # reads the ~70 entries before the first paint).
    entries = list(DictEntry.select(DictEntry.code, DictEntry.label, DictEntry.active, DictEntry.level,
                                    DictEntry.parent)
                   .where(DictEntry.kind == "category").order_by(DictEntry.sort_order, DictEntry.code).tuples())

    def wanted(code: str, active: bool) -> bool:
        return active or not active_only or code in (keep, keep[:3])

    majors = {code: CategoryNode(code, label, active, []) for code, label, active, level, _parent in entries
              if level == "major" and wanted(code, active)}
    for code, label, active, level, parent in entries:
        if level == "minor" and parent in majors and wanted(code, active):
            majors[parent].minors.append(CategoryNode(code, label, active, []))
    return list(majors.values())


def choices(kind: str, active_only: bool = True, keep: str = "") -> list[tuple[str, str]]:
    """(code, label) of a flat dictionary (nature, unit)."""
    query = (DictEntry.select(DictEntry.code, DictEntry.label, DictEntry.active)
             .where(DictEntry.kind == kind).order_by(DictEntry.sort_order, DictEntry.code).tuples())
    return [(code, label) for code, label, active in query if active or not active_only or code == keep]


def calendar_warning(days_ahead: int = 90) -> tuple[str, str]:
    """The warning shown in the status bar when the holiday table lacks a year the running
    deadlines will reach (e.g. 2027 in November 2026, before the State Council publishes it):
    (the short notice, the whole sentence), both empty when every year is known."""
    start = today()
    calendar = work_calendar()
    missing = calendar.missing_years(start, start + timedelta(days=days_ahead))
    return (calendar.missing_notice(missing), calendar.missing_warning(missing)) if missing else ("", "")


def complaint_input_of(detail: CaseDetail) -> ComplaintInput:
    """What the registration form shows when a registered case is edited."""
    from app.services.inputs import AgentInput, BusinessInput, ComplaintInput, PersonInput

    case, person, business = detail.case, detail.complainant, detail.business
    return ComplaintInput(
        complainant=PersonInput(
            name=person["name"], phone=person["phone"], address=person["address"],
            gender=person["gender"] or "unknown", id_type=person["id_type"] or "resident",
            id_number=person["id_number"] or "", birth_date=person["birth_date"], version=person["version"]),
        business=BusinessInput(
            name=business["name"], address=business["address"], credit_code=business["credit_code"] or "",
            legal_rep=business["legal_rep"], phone=business["phone"], contact=business["contact"],
            existing_id=business["id"], version=business["version"]),
        agents=[AgentInput(name=a["name"], kind=a["kind"], phone=a["phone"], id_type=a["id_type"] or "resident",
                           id_number=a["id_number"],
                           relation=a["relation"], authorization=a["authorization"]) for a in detail.agents],
        received_date=case["received_date"], channel=case["channel"], platform_no=case["platform_no"],
        basis=case["basis"], handling_unit=case["handling_unit"], goods_name=case["goods_name"],
        purchase_date=case["purchase_date"], purchase_place=case["purchase_place"],
        quantity=case["quantity"], category_code=case["category_code"], nature_code=case["nature_code"],
        amount=case["amount"], facts=case["facts"],
        request_types=[t for t in (case["request_types"] or "").split(",") if t],
        request_text=case["request_text"], evidence_note=case["evidence_note"],
        consent_publish=bool(case["consent_publish"]), consent_entrusted=bool(case["consent_entrusted"]),
        typical=bool(case["typical"]), typical_summary=case["typical_summary"], note=case["note"],
        mediator_id=case["mediator"],
    )
