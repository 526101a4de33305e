"""Which documents a case can have now, and why not (no reportlab here: the workspace asks this to
enable its buttons)."""
from __future__ import annotations

from app.services.casefile import CaseDetail


def notice_sessions(detail: CaseDetail) -> list[dict]:
    """Sessions a 调解通知书 can be made for: scheduled or already held, not cancelled."""
    return [s for s in detail.sessions if s["status"] in ("scheduled", "held")]


def record_sessions(detail: CaseDetail) -> list[dict]:
    return [s for s in detail.sessions if s["status"] == "held"]


def _acceptance(detail: CaseDetail) -> str | None:
    if not detail.case["accepted_date"]:
        return "案件尚未受理，不能出具受理通知书"
    return None


def _rejection(detail: CaseDetail) -> str | None:
    if detail.case["outcome"] != "rejected":
        return "案件没有作出不予受理决定，不能出具不予受理通知书"
    if detail.case["reject_ground"] == "unrecorded":
        return "该案件的不予受理理由在导入时未记录，不能出具写明法定理由的不予受理通知书"
    return None


def _mediation_notice(detail: CaseDetail) -> str | None:
    return None if notice_sessions(detail) else "案件没有已安排的调解，不能出具调解通知书"


def _mediation_record(detail: CaseDetail) -> str | None:
    return None if record_sessions(detail) else "案件还没有已进行的调解，不能出具调解笔录"


def _agreement(detail: CaseDetail) -> str | None:
    return None if detail.agreement is not None else "案件还没有登记调解协议，不能出具调解协议书"


def _judicial_confirmation(detail: CaseDetail) -> str | None:
    if detail.agreement is None:
        return "案件还没有登记调解协议，不能出具司法确认申请书"
    if detail.case["outcome"] not in (None, "mediated"):
        return "案件不是调解成功办结的，不能申请司法确认"
    return None


def _termination(detail: CaseDetail) -> str | None:
    if detail.case["outcome"] != "terminated":
        return "案件没有终止调解，不能出具终止调解告知书"
    if detail.case["terminate_ground"] == "unrecorded":
        return "该案件的终止调解理由在导入时未记录，不能出具写明法定理由的终止调解告知书"
    return None


def _followup(detail: CaseDetail) -> str | None:
    return None if detail.followups else "案件还没有回访记录，不能出具回访记录"


_CHECKS = {
    "cover": lambda detail: None, "registration": lambda detail: None, "acceptance": _acceptance,
    "rejection": _rejection, "mediation_notice": _mediation_notice, "mediation_record": _mediation_record,
    "agreement": _agreement, "judicial_confirmation": _judicial_confirmation, "termination": _termination, "followup": _followup,
    "archive": lambda detail: None,
}


def document_problem(kind: str, detail: CaseDetail) -> str | None:
    """Why the case has no such document now (a one-line Chinese reason), or None."""
    check = _CHECKS.get(kind)
    if check is None:
        return f"没有这种文书：{kind}"
    return check(detail)


def available_documents(detail: CaseDetail) -> dict[str, str | None]:
    """kind → None when it can be printed, else the reason it cannot (for greyed-out buttons)."""
    return {kind: check(detail) for kind, check in _CHECKS.items()}


def suggested_document(detail: CaseDetail) -> str:
    """The document a clerk most likely wants to print at this stage of the case."""
    outcome = detail.case["outcome"]
    for kind, wanted in (("rejection", outcome == "rejected"), ("termination", outcome == "terminated"),
                         ("agreement", detail.agreement is not None),
                         ("mediation_notice", any(s["status"] == "scheduled" for s in detail.sessions)),
                         ("acceptance", detail.case["state"] == "accepted")):
        if wanted and document_problem(kind, detail) is None:
            return kind
    return "registration"
