"""Printed documents of a case as PDF (docs/rules.md §9): 投诉登记表, the notices, 调解笔录, 调解协议书,
司法确认申请书, 回访记录, and the 卷宗 (cover, 卷内目录 and all of them in one file).

    make_document("agreement", case_id) -> GeneratedDocument (the PDF bytes)

Documents read the case and never write to the database. reportlab is imported on the first
document made, not when this package is imported.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.codes import DOCUMENT_KINDS
from app.domain.errors import NotAllowed, ValidationFailed
from app.reports.documents.availability import available_documents, document_problem

__all__ = ["DOCUMENT_KINDS", "DocumentUnavailable", "GeneratedDocument", "UnprintableCharacters",
           "available_documents", "document_problem", "make_document"]


class DocumentUnavailable(NotAllowed):
    """The case is in no state for this document (no agreement yet, not rejected …)."""


class UnprintableCharacters(ValidationFailed):
    """Characters that no font can draw, found before anything was printed.
    `problems` lists (where, character)."""

    def __init__(self, problems: list[tuple[str, str]]):
        from app.reports.pdf_fonts import describe_char
        self.problems = problems
        listed = "；".join(f"{where}中的{describe_char(ch)}" for where, ch in problems[:8])
        more = f"等{len(problems)}处" if len(problems) > 8 else ""
        super().__init__({}, f"有字符无法打印（所有字体都没有这个字）：{listed}{more}。请修改后再打印")


@dataclass
class GeneratedDocument:
    kind: str
    title: str
    case_number: str
    pdf: bytes
    pages: int

    @property
    def filename(self) -> str:
        """A file name a clerk recognises: 消调〔2026〕第1号-调解协议书.pdf"""
        return f"{self.case_number}-{self.title}.pdf"


def make_document(kind: str, case_id: int, session_id: int | None = None, actor=None,
                  court: str | None = None) -> GeneratedDocument:
    """The PDF of one document (or the whole 卷宗 for "archive", its cover for "cover").
    `session_id` picks the session of a 调解通知书 / 调解笔录 (default: the latest one); `court`
    the court a 司法确认申请书 is addressed to (default: the one recorded, else the settings' first).
    Raises DocumentUnavailable or UnprintableCharacters with a one-line Chinese message."""
    from app.reports.documents.maker import make
    return make(kind, case_id, session_id, actor, court)
