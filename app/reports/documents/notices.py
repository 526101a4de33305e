"""Notices sent to the parties: 受理通知书, 不予受理通知书, 调解通知书, 终止调解告知书.

Layout of an official letter: the association and the title centred, the 文号 (case number) at
the right, the addressee, indented paragraphs, and the association's name with the date at the
bottom right where the seal goes."""
from __future__ import annotations

from datetime import date

from app.reports.documents.context import DocContext, date_cn
from app.reports.documents.layout import BODY, SALUTATION, DocWriter
from app.services.doc_templates import default_templates


def _notice(w: DocWriter, ctx: DocContext, kind: str, values: dict[str, str], parts: tuple[str, ...],
            sign_date: str) -> None:
    title = ctx.text(kind, "title", **values)
    w.start(title)
    w.heading(title, ctx.number, where="标题")
    w.para(ctx.text(kind, "addressee", **values), "称呼", SALUTATION)
    since = w.mark()
    for index, part in enumerate(parts):
        if index == len(parts) - 2:
            since = w.mark()     # the sign-off keeps the end of the text before the contact lines
        w.paras(ctx.text(kind, part, **values), _part_label(kind, part), BODY)
    w.sign_off(sign_date, since=since)


def _part_label(kind: str, part: str) -> str:
    return default_templates()[kind][part]["label"]


# ------------------------------------------------------------ 受理通知书
def acceptance_date(ctx: DocContext) -> date | None:
    return ctx.case["accepted_date"]


def write_acceptance(w: DocWriter, ctx: DocContext) -> None:
    day = date_cn(ctx.case["accepted_date"])
    _notice(w, ctx, "acceptance", {"落款日期": day}, ("body", "contact"), day)


# ------------------------------------------------------------ 不予受理通知书
def rejection_date(ctx: DocContext) -> date | None:
    return ctx.case["closed_date"]


def write_rejection(w: DocWriter, ctx: DocContext) -> None:
    values = ctx.reject_values()
    _notice(w, ctx, "rejection", values, ("body", "channels", "contact"), values["落款日期"])


# ------------------------------------------------------------ 调解通知书
def notice_date(session: dict) -> date:
    return session["notified_date"] or session["created_at"].date()


def write_mediation_notice(w: DocWriter, ctx: DocContext, session: dict) -> None:
    """One notice to each party, each on its own page."""
    day = date_cn(notice_date(session))
    for party in (ctx.complainant, ctx.business):
        values = ctx.session_values(session) | {"当事人": party, "落款日期": day}
        _notice(w, ctx, "mediation_notice", values, ("body", "contact"), day)


# ------------------------------------------------------------ 终止调解告知书
def termination_date(ctx: DocContext) -> date | None:
    return ctx.case["closed_date"]


def write_termination(w: DocWriter, ctx: DocContext) -> None:
    """Both parties are told (O121 Art. 23): one letter each."""
    values = ctx.terminate_values()
    for party in (ctx.complainant, ctx.business):
        _notice(w, ctx, "termination", values | {"当事人": party}, ("body", "channels", "contact"),
                values["落款日期"])
