"""司法确认申请书 (民事诉讼法 Art. 205) with its cover sheet: what the parties bring to the court.

The cover sheet comes from the association (its name, the case number, the last day to apply);
the application is the parties' own: both as applicants with their details, the agreement's
number and date, the request, the facts with the agreed terms, the declaration that the
agreement was reached voluntarily and is lawful, the court, signature and date lines, and the
attachments."""
from __future__ import annotations

from reportlab.lib.units import mm

from app.domain.judicial import LAW
from app.reports.documents.agreement import term_text
from app.reports.documents.context import DocContext, date_cn
from app.reports.documents.layout import BODY_WIDTH, SECTION, SMALL, SMALL_PLAIN, TITLE, DocWriter

TEXT = SMALL.but(size=12, leading=21)
PLAIN = SMALL_PLAIN.but(size=12, leading=21)
HEADING = SECTION.but(size=12, leading=21, space_before=4)


def judicial_values(ctx: DocContext, court: str) -> dict[str, str]:
    state = ctx.detail.judicial
    return {"受理法院": court, "签订日期": date_cn(ctx.detail.agreement["signed_date"]),
            "申请截止日期": date_cn(state.due) if state else "", "法律依据": LAW}


def _numbered(w: DocWriter, text: str, where: str, style=PLAIN) -> None:
    for seq, line in enumerate([t for t in text.split("\n") if t.strip()], start=1):
        w.para(f"{seq}．{line}", f"{where}第{seq}项", style)


def _cover(w: DocWriter, ctx: DocContext, values: dict[str, str]) -> None:
    title = ctx.text("judicial_confirmation", "cover_title", **values)
    w.start(title)
    w.heading(title, ctx.number)
    w.paras(ctx.text("judicial_confirmation", "cover_intro", **values), "须知正文", TEXT)
    w.section(ctx.text("judicial_confirmation", "cover_bring", **values), "材料清单引言", HEADING)
    items = ctx.text("judicial_confirmation", "cover_items", **values)
    if ctx.detail.agents:
        items += "\n" + ctx.text("judicial_confirmation", "cover_agent_item", **values)
    _numbered(w, items, "材料清单")
    w.space(6)
    w.paras(ctx.text("judicial_confirmation", "cover_note", **values), "须知提示", TEXT)
    w.paras(ctx.text("judicial_confirmation", "cover_contact", **values), "本会联系方式", PLAIN)


def _applicants(w: DocWriter, ctx: DocContext) -> None:
    w.para(f"申请人（投诉人）：{ctx.complainant_details()}", "申请人（投诉人）", PLAIN)
    for agent in ctx.detail.agents:
        w.para(f"{ctx.agent_role(agent)}：{ctx.agent_details(agent)}", ctx.agent_role(agent), PLAIN)
    w.para(f"申请人（经营者）：{ctx.business_details()}", "申请人（经营者）", PLAIN)


def _signatures(w: DocWriter, ctx: DocContext) -> list:
    rows = [["申请人（投诉人）（签名）：", "日期："],
            ["申请人（经营者）（盖章）：", "日期："],
            ["经营者的法定代表人或委托代理人（签名）：", "日期："]]
    if ctx.detail.agents:
        rows.insert(1, ["投诉人的委托代理人（签名）：", "日期："])
    return [w.signatures(rows, widths=[100 * mm, BODY_WIDTH - 100 * mm], row_height=10 * mm)]


def _application(w: DocWriter, ctx: DocContext, values: dict[str, str]) -> None:
    part = lambda name: ctx.text("judicial_confirmation", name, **values)  # noqa: E731 - a short local alias
    title = part("title")
    w.start(title)
    # the parties' own application: the title alone, no letterhead of the association
    w.para(title, "标题", TITLE.but(size=20, leading=30, space_after=10))
    _applicants(w, ctx)
    w.section(part("heading_request"), "请求事项标题", HEADING)
    w.paras(part("request"), "请求事项", TEXT)
    w.section(part("heading_facts"), "事实与理由标题", HEADING)
    w.paras(part("facts"), "事实与理由", TEXT)
    for seq, term in enumerate(ctx.detail.terms, start=1):
        w.para(term_text(seq, term), f"第{seq}项约定", TEXT)
    w.paras(part("basis"), "法律依据", TEXT)
    w.section(part("heading_declaration"), "声明标题", HEADING)
    w.paras(part("declaration"), "声明内容", TEXT)
    since = w.mark()
    lines = part("addressee").split("\n")
    w.para(lines[0], "此致", TEXT)
    for line in lines[1:]:
        w.para(line, "受理法院", PLAIN)
    w.closing([w.table([[""]], [BODY_WIDTH], [], rowHeights=[4 * mm])] + _signatures(w, ctx), since=since)
    w.section(part("heading_attachments"), "附件标题", HEADING)
    _numbered(w, part("attachments"), "附件")


def write_judicial_confirmation(w: DocWriter, ctx: DocContext, court: str) -> None:
    values = judicial_values(ctx, court)
    _cover(w, ctx, values)
    _application(w, ctx, values)
