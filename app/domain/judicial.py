"""司法确认 of a mediated agreement (docs/rules.md §7; 民事诉讼法, 2023 amendment, Art. 205–206).

Both parties apply jointly within 30 days from the day the agreement takes effect — the day it
is signed (the agreement says so) — to the basic people's court where a party lives, where the
subject matter is, or where the mediation organisation is. The window is counted as the Code
counts its periods (Art. 85): the start day is not counted, natural days, and a window whose
last day is a 法定休假日 ends on the first day after it; the Supreme People's Court counts
Saturdays and Sundays among those days, so the window rolls over weekends too (not a setting:
the court's rule, not the association's).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.domain.calendar import WorkCalendar
from app.domain.clock import Period, deadline_status, period_end

CONFIRMATION_PERIOD = Period(30, "natural")
LAW = "《中华人民共和国民事诉讼法》第二百零五条"
_ORG_SUFFIXES = ("消费者权益保护委员会", "消费者权益保护协会", "消费者协会", "消协")
_SEPARATORS = re.compile(r"[；;\n\r]+")


def confirmation_due(cal: WorkCalendar, effective: date) -> tuple[date, list[int]]:
    """The last day to apply, and the years the holiday table lacks on the way."""
    end = period_end(cal, effective, CONFIRMATION_PERIOD, (), roll_weekends=True)
    return end.due, end.missing_years


def local_basic_court(org_name: str) -> str:
    """The association's local basic court: 清河县消费者协会 → 清河县人民法院 ("" when the name
    does not say where the association is)."""
    name = (org_name or "").strip()
    for suffix in _ORG_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + "人民法院"
    return ""


def court_choices(configured: str, org_name: str) -> list[str]:
    """The courts offered, default first: the setting's list (separated by ；or line breaks),
    or — when it is empty — the association's local basic court."""
    names = [n.strip() for n in _SEPARATORS.split(configured or "") if n.strip()]
    if not names:
        local = local_basic_court(org_name)
        names = [local] if local else []
    return list(dict.fromkeys(names))


def application_court(chosen: str | None, recorded: str, choices: list[str]) -> str:
    """The court an application is addressed to: the one the clerk picks now, else the one the
    case recorded the filing with, else the default of the settings' list ("" if none)."""
    for name in (chosen, recorded, *choices[:1]):
        if name and name.strip():
            return name.strip()
    return ""


def court_problem(name: str) -> str | None:
    """A court's name as the application is addressed to it."""
    text = (name or "").strip()
    if not text:
        return "请选择或填写受理申请的人民法院"
    if len(text) > 60:
        return "人民法院名称不能超过60个字"
    if not text.endswith("法院"):
        return "请填写人民法院的全称，如：清河县人民法院"
    return None


def courts_problem(configured: str) -> str | None:
    """The settings' list of courts, checked name by name (empty: the local basic court)."""
    for name in _SEPARATORS.split(configured or ""):
        if name.strip() and court_problem(name):
            return f"“{name.strip()}”：{court_problem(name)}"
    return None


def hidden_actions(stage: str | None) -> set[str]:
    """Actions of the table the case's application stage makes pointless to offer: a ruling
    before anyone applied, a new application after the court ruled."""
    if stage is None:
        return {"file_confirmation", "record_confirmation"}
    if stage == "open":
        return {"record_confirmation"}
    if stage in ("confirmed", "dismissed"):
        return {"file_confirmation"}
    return set()


@dataclass
class JudicialState:
    """Where the application for 司法确认 of a case's agreement stands."""
    effective: date
    due: date
    stage: str                      # "open" | "filed" | "confirmed" | "dismissed"
    deadline: str                   # deadline_status of the window while it is "open", else "none"
    filed_date: date | None = None
    court: str = ""
    decided_date: date | None = None
    missing_years: list[int] = field(default_factory=list)

    @property
    def late(self) -> bool:
        """Filed after the window closed (the court may refuse to accept it)."""
        return self.filed_date is not None and self.filed_date > self.due


def judicial_state(signed: date, filed: date | None, court: str, decision: str | None, decided: date | None,
                   cal: WorkCalendar, today: date, soon_days: int) -> JudicialState:
    due, missing = confirmation_due(cal, signed)
    if decision:
        stage = decision
    else:
        stage = "filed" if filed else "open"
    deadline = deadline_status(due, today, cal, soon_days) if stage == "open" else "none"
    return JudicialState(signed, due, stage, deadline, filed, court or "", decided, missing)


def late_filing_warning(filed: date, due: date) -> str:
    return (f"申请日期{filed.isoformat()}已超过自调解协议生效之日起三十日的申请期限（截至{due.isoformat()}，"
            f"{LAW}），人民法院可能不予受理")
