"""The 卷宗: a cover, the 卷内目录 (table of contents with 卷内页号), then every document of the case
in filing order, as one PDF. The page numbers in the table of contents come from a first build."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from reportlab.lib.units import mm

from app.domain.codes import DOCUMENT_KINDS
from app.reports.documents import agreement, forms, notices
from app.reports.documents.availability import available_documents, notice_sessions, record_sessions
from app.reports.documents.context import DocContext, date_cn
from app.reports.documents.layout import (
    CELL, CELL_LABEL, GRID_COLOUR, ORG, TITLE, DocWriter, PageInfo, TextStyle,
)

COVER_TITLE = TITLE.but(size=28, leading=44, tracking=0.25)
COVER_LABEL = TextStyle(face="hei", size=14, leading=24, align="right")
COVER_VALUE = TextStyle(face="song", size=14, leading=24, align="left")


@dataclass
class Entry:
    """One item of the case file: which document, its title in the 目录, its date, how to write it."""
    kind: str
    title: str
    day: date | None
    write: Callable[[DocWriter], None]


def _entry(kind: str, day: date | None, write: Callable[[DocWriter], None], title: str = "") -> Entry:
    return Entry(kind, title or DOCUMENT_KINDS.label(kind), day, write)


def archive_entries(ctx: DocContext) -> list[Entry]:
    """Every document the case has, in the order the 卷宗 files them."""
    entries = [_entry("registration", forms.registration_date(ctx), lambda w: forms.write_registration(w, ctx))]
    available = available_documents(ctx.detail)
    if not available["acceptance"]:
        entries.append(_entry("acceptance", notices.acceptance_date(ctx), lambda w: notices.write_acceptance(w, ctx)))
    if not available["rejection"]:
        entries.append(_entry("rejection", notices.rejection_date(ctx), lambda w: notices.write_rejection(w, ctx)))
    notice_label = DOCUMENT_KINDS.label("mediation_notice")
    for session in notice_sessions(ctx.detail):
        entries.append(_entry("mediation_notice", notices.notice_date(session),
                              lambda w, s=session: notices.write_mediation_notice(w, ctx, s),
                              f"{notice_label}（{date_cn(session['scheduled_at'])}调解）"))
    record_label = DOCUMENT_KINDS.label("mediation_record")
    for number, session in enumerate(record_sessions(ctx.detail), start=1):
        entries.append(_entry("mediation_record", session["scheduled_at"].date(),
                              lambda w, s=session: forms.write_mediation_record(w, ctx, s),
                              f"{record_label}（第{number}次）"))
    if not available["agreement"]:
        entries.append(_entry("agreement", agreement.agreement_date(ctx), lambda w: agreement.write_agreement(w, ctx)))
    if not available["termination"]:
        entries.append(_entry("termination", notices.termination_date(ctx),
                              lambda w: notices.write_termination(w, ctx)))
    if not available["followup"]:
        entries.append(_entry("followup", forms.followup_date(ctx), lambda w: forms.write_followup(w, ctx)))
    return entries


def _page_ranges(info: PageInfo, count: int) -> tuple[list[str], int]:
    """('3–4' per entry, numbered pages in all) from the page starts recorded while drawing."""
    first_numbered = info.numbered_from or 1
    numbered_pages = info.total_pages - first_numbered + 1
    starts: dict[int, int] = {}
    for page, _, entry, _ in sorted(info.starts):
        if entry is not None and entry not in starts:
            starts[entry] = page - first_numbered + 1
    ranges = []
    for index in range(count):
        start = starts.get(index)
        following = [starts[i] for i in range(index + 1, count) if i in starts]
        end = (following[0] - 1) if following else numbered_pages
        ranges.append("" if start is None else (str(start) if end == start else f"{start}-{end}"))
    return ranges, numbered_pages


def _cover(w: DocWriter, ctx: DocContext, total_pages: str) -> None:
    title = ctx.text("cover", "title", **_cover_values(ctx))
    w.start(title, numbered=False)
    w.space(18 * mm)
    w.para(ctx.org, "单位名称", ORG)
    w.space(14 * mm)
    w.para(title, "卷宗标题", COVER_TITLE)
    w.space(22 * mm)
    case = ctx.case
    rows = [("案件编号", ctx.number), ("投诉人", ctx.complainant), ("被投诉人", ctx.business),
            ("案由", f"{ctx.subject}消费纠纷（{ctx.detail.nature_label}）"), ("处理结果", ctx.outcome_label()),
            ("登记日期", date_cn(case["received_date"])), ("受理日期", date_cn(case["accepted_date"])),
            ("办结日期", date_cn(case["closed_date"])), ("承办调解员", ctx.detail.mediator_name),
            ("本卷页数", total_pages), ("立卷人", ""), ("归档日期", ""), ("保管期限", "")]
    data = [[w.text(label + "：", COVER_LABEL, label), w.text(value, COVER_VALUE, label)] for label, value in rows]
    table = w.table(data, [34 * mm, 92 * mm], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                               ("LINEBELOW", (1, 0), (1, -1), 0.6, GRID_COLOUR),
                                               ("LEFTPADDING", (1, 0), (1, -1), 6)],
                    rowHeights=[11 * mm] * len(data))
    w.story.append(table)


def _cover_values(ctx: DocContext) -> dict[str, str]:
    return {"办结日期": date_cn(ctx.case["closed_date"]), "处理结果": ctx.outcome_label(),
            "落款日期": date_cn(ctx.case["closed_date"])}


def _contents(w: DocWriter, ctx: DocContext, entries: list[Entry], ranges: list[str]) -> None:
    title = ctx.text("cover", "toc_title", **_cover_values(ctx))
    w.start(title, numbered=False)          # its own page count, and a running head if it runs on
    w.heading(title, ctx.number, where="目录标题")
    head = [w.text(t, CELL_LABEL, "卷内目录") for t in ("序号", "文件材料名称", "日期", "页号", "备注")]
    data = [head]
    for index, (entry, pages) in enumerate(zip(entries, ranges), start=1):
        data.append([w.text(str(index), CELL.but(align="center"), "序号"), w.text(entry.title, CELL, "文件材料名称"),
                     w.text(date_cn(entry.day), CELL.but(align="center"), "日期"),
                     w.text(pages, CELL.but(align="center"), "页号"), ""])
    for attachment in ctx.detail.attachments:
        data.append([w.text(str(len(data)), CELL.but(align="center"), "序号"),
                     w.text(f"证据材料：{attachment['description'] or attachment['filename']}", CELL, "证据材料"),
                     w.text(date_cn(attachment["added_at"]), CELL.but(align="center"), "日期"),
                     "", w.text("电子文件", CELL.but(align="center"), "备注")])
    table = w.table(data, [14 * mm, 72 * mm, 32 * mm, 20 * mm, 18 * mm],
                    [("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOUR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)], repeatRows=1)
    w.story.append(table)


def _write_all(w: DocWriter, ctx: DocContext, entries: list[Entry], ranges: list[str], total: str,
               with_documents: bool) -> None:
    _cover(w, ctx, total)
    _contents(w, ctx, entries, ranges)
    if with_documents:
        for index, entry in enumerate(entries):
            w.entry = index
            entry.write(w)
        w.entry = None


def build_archive(ctx: DocContext, new_writer: Callable[[bool], DocWriter],
                  with_documents: bool = True) -> tuple[bytes, int]:
    """Cover, 目录 and (unless only the cover is wanted) every document, and the page count.
    Built twice: the first build finds on which page each document starts."""
    entries = archive_entries(ctx)
    placeholder = ["00-00"] * len(entries)
    first = new_writer(True)
    _write_all(first, ctx, entries, placeholder, "卷内文件00页（另有封面和卷内目录0页，全卷共00页）", True)
    first.build("卷宗")
    ranges, numbered_pages = _page_ranges(first.info, len(entries))
    covers = first.info.total_pages - numbered_pages
    total = f"卷内文件{numbered_pages}页（另有封面和卷内目录{covers}页，全卷共{first.info.total_pages}页）"
    second = new_writer(with_documents)
    _write_all(second, ctx, entries, ranges, total, with_documents)
    return second.build(f"卷宗 {ctx.number}"), second.info.total_pages

