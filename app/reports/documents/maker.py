"""Puts a document together: the case's data, the office's wording and fonts, the layout."""
from __future__ import annotations

from app.domain.codes import DOCUMENT_KINDS
from app.reports.documents import (
    DocumentUnavailable, GeneratedDocument, UnprintableCharacters, agreement, forms, judicial, notices,
)
from app.reports.documents.archive import build_archive
from app.reports.documents.availability import document_problem, notice_sessions, record_sessions
from app.reports.documents.context import DocContext
from app.reports.documents.layout import DocWriter, PageInfo, UnprintableText
from app.reports.pdf_fonts import font_kit
from app.services.casefile import case_detail
from app.services.doc_templates import all_template_texts
from app.services.judicial import application_court
from app.services.settings import get_settings

_SINGLE = {
    "registration": forms.write_registration,
    "acceptance": notices.write_acceptance,
    "rejection": notices.write_rejection,
    "agreement": agreement.write_agreement,
    "termination": notices.write_termination,
    "followup": forms.write_followup,
}


def _pick_session(sessions: list[dict], session_id: int | None, what: str) -> dict:
    if session_id is None:
        scheduled = [s for s in sessions if s["status"] == "scheduled"]
        return (scheduled or sessions)[-1]
    for session in sessions:
        if session["id"] == session_id:
            return session
    raise DocumentUnavailable(f"所选的调解不能出具{what}")


def context_for(case_id: int, actor=None) -> DocContext:
    return DocContext(case_detail(case_id, actor), get_settings(), all_template_texts())


def make(kind: str, case_id: int, session_id: int | None = None, actor=None,
         court: str | None = None) -> GeneratedDocument:
    if kind not in DOCUMENT_KINDS:
        raise DocumentUnavailable(f"没有这种文书：{kind}（可用：{'、'.join(DOCUMENT_KINDS.codes())}）")
    ctx = context_for(case_id, actor)
    problem = document_problem(kind, ctx.detail)
    if problem:
        raise DocumentUnavailable(problem)
    kit = font_kit(ctx.settings["print.font_source"])
    title = DOCUMENT_KINDS.label(kind)

    def new_writer(archive: bool = False) -> DocWriter:
        return DocWriter(kit, PageInfo(ctx.org, ctx.number, archive=archive))

    try:
        if kind in ("archive", "cover"):
            pdf, pages = build_archive(ctx, new_writer, with_documents=kind == "archive")
        else:
            writer = new_writer()
            if kind == "mediation_notice":
                session = _pick_session(notice_sessions(ctx.detail), session_id, title)
                notices.write_mediation_notice(writer, ctx, session)
            elif kind == "judicial_confirmation":
                judicial.write_judicial_confirmation(writer, ctx, application_court(ctx.detail, court, ctx.settings))
            elif kind == "mediation_record":
                session = _pick_session(record_sessions(ctx.detail), session_id, title)
                forms.write_mediation_record(writer, ctx, session)
            else:
                _SINGLE[kind](writer, ctx)
            pdf = writer.build(f"{title} {ctx.number}")
            pages = writer.info.total_pages
    except UnprintableText as exc:
        raise UnprintableCharacters(exc.problems) from None
    return GeneratedDocument(kind, title, ctx.number, pdf, pages)
