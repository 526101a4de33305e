"""调解协议书 (docs/rules.md §7, O121 Art. 24): the parties with their details, facts, request,
numbered terms with amounts in figures and Chinese capitals, how, where and by when they are
performed, the effect clause, the copies, signature lines and the seal area."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm

from app.domain.codes import REQUEST_TYPES
from app.reports.documents.context import DocContext, count_cn, date_cn, yuan
from app.reports.documents.layout import BODY_WIDTH, SECTION, SIGN_DATE_WIDTH, SMALL, SMALL_PLAIN, DocWriter


def agreement_date(ctx: DocContext) -> date | None:
    return ctx.detail.agreement["signed_date"] if ctx.detail.agreement else None


def term_text(seq: int, term: dict) -> str:
    """1．经营者退还投诉人货款，金额人民币3,999.00元（大写：人民币叁仟玖佰玖拾玖元整），于2026年11月27日前履行完毕。"""
    text = f"{seq}．{term['description'].rstrip('。；;，,. ')}"
    if term["amount"] is not None:
        text += f"，金额{yuan(term['amount'])}"
    if term["deadline"]:
        text += f"，于{date_cn(term['deadline'])}前履行完毕"
    return text + "。"


def agreement_values(ctx: DocContext) -> dict[str, str]:
    agreement = ctx.detail.agreement
    copies = int(agreement["copies"])
    return {"协议份数": count_cn(copies), "存档份数": count_cn(max(copies - 2, 0)),
            "签订日期": date_cn(agreement["signed_date"]), "签订地点": agreement["place"],
            "落款日期": date_cn(agreement["signed_date"])}


# An agreement of three terms and short facts keeps to one page: text in 五号 (10.5 pt) as on a
# printed form, headings at the text size, the association's sign-off beside the mediators.
TEXT = SMALL.but(size=10.5, leading=16.5)
PLAIN = SMALL_PLAIN.but(size=10.5, leading=16.5)
HEADING = SECTION.but(size=10.5, leading=17, space_before=2)


def _parties(w: DocWriter, ctx: DocContext) -> None:
    w.para(f"投诉人（甲方）：{ctx.complainant_details()}", "投诉人", PLAIN)
    for agent in ctx.detail.agents:
        w.para(f"{ctx.agent_role(agent)}：{ctx.agent_details(agent)}", ctx.agent_role(agent), PLAIN)
    business = ctx.business_details()
    contact = ctx.detail.business["contact"]
    if contact and contact != ctx.detail.business["legal_rep"]:
        business += f"，联系人：{contact}"
    w.para(f"被投诉人（乙方）：{business}", "被投诉人", PLAIN)


def _terms(w: DocWriter, ctx: DocContext, values: dict[str, str]) -> None:
    w.paras(ctx.text("agreement", "intro", **values), "协议内容引言", TEXT)
    terms = ctx.detail.terms
    for seq, term in enumerate(terms, start=1):
        w.para(term_text(seq, term), f"第{seq}项约定", TEXT)
    amounts = [t["amount"] for t in terms if t["amount"] is not None]
    if len(amounts) > 1:
        total = sum(amounts, Decimal("0.00"))
        w.para(f"以上款项合计{yuan(total)}。", "合计", TEXT)


def performance_deadline_text(agreement: dict, terms: list[dict]) -> str:
    """The 履行期限 line: the agreement's own deadline, else "as each term says" when a term has
    one; no line at all when nothing has a deadline."""
    if agreement["performance_deadline"]:
        return f"履行期限：{date_cn(agreement['performance_deadline'])}前全部履行完毕。"
    if any(t["deadline"] for t in terms):
        return "履行期限：按上述各项约定的期限履行。"
    return ""


def _performance(w: DocWriter, ctx: DocContext) -> None:
    agreement = ctx.detail.agreement
    w.para(f"履行方式：{agreement['performance_way']}", "履行方式", TEXT)
    if agreement["performance_place"]:
        w.para(f"履行地点：{agreement['performance_place']}", "履行地点", TEXT)
    deadline = performance_deadline_text(agreement, ctx.detail.terms)
    if deadline:
        w.para(deadline, "履行期限", TEXT)


def mediator_names(ctx: DocContext) -> list[str]:
    """Who mediated: the mediators of the latest session held, else the case's mediator."""
    held = [s for s in ctx.detail.sessions if s["status"] == "held" and (s["mediators"] or "").strip()]
    if held:
        names = re.split(r"[、，,；;/\s]+", held[-1]["mediators"].strip())
        return [n for n in dict.fromkeys(names) if n]
    return [ctx.detail.mediator_name] if ctx.detail.mediator_name else []


def _signatures(w: DocWriter, ctx: DocContext, day: str) -> list:
    """Each party on a line of its own with a date line — the agent only when there is one — then
    each mediator by name beside the association's seal and date (the day the mediators sign). A
    signer's line runs to the date column (at least 50 mm), a date's is 40 mm: side by side in four
    columns they were 9–17 mm, too short to sign on or to write 2026年12月8日 by hand (walk-through)."""
    rows = [["投诉人（签名）：", "日期："]]
    if ctx.detail.agents:
        rows.append(["委托代理人（签名）：", "日期："])
    rows += [["被投诉人（盖章）：", "日期："], ["经营者代表（签名）：", "日期："]]
    signer_width = BODY_WIDTH - SIGN_DATE_WIDTH
    parties = w.signatures(rows, widths=[signer_width, SIGN_DATE_WIDTH], row_height=7 * mm)
    mediators = w.signatures([[f"调解员：{name}（签名）：" if name else "调解员（签名）："]
                              for name in mediator_names(ctx) or [""]], widths=[signer_width], row_height=7 * mm)
    seal = w.sign_off_block(day, seal_note="（盖章）", room=0, size=12)[-1]
    side_by_side = w.table([[mediators, seal]], [signer_width, SIGN_DATE_WIDTH],
                           [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (0, 0), 0),
                            ("TOPPADDING", (1, 0), (1, 0), 2 * mm)], hAlign="LEFT")
    return [parties, side_by_side]


_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def _one_part_earlier(heading: str) -> str:
    """三、协议内容 → 二、协议内容: the sections after a single 纠纷事实及请求 move up by one. A
    heading an office wrote without a leading 一、二、… numeral is printed as it is."""
    match = _ORDINAL.match(heading)
    numeral = match.group()[:-1] if match else ""
    if len(numeral) != 1 or numeral == "一":      # none, 一 (nothing before it), 十一 and beyond: as written
        return heading
    return count_cn("一二三四五六七八九十".index(numeral)) + "、" + heading[match.end():]


def _dispute(w: DocWriter, ctx: DocContext, values: dict[str, str]):
    """纠纷事实及请求, and how the later headings are numbered. The mediator's own statement (the
    agreement's dispute_facts) is one section, and the sections after it move up by one. Without it
    — every agreement signed before schema 19, or one left empty — the complaint's facts and its
    request are printed whole under their two headings, exactly as before, so that an old agreement
    reprints as the paper the parties signed."""
    stated = (ctx.detail.agreement.get("dispute_facts") or "").strip()
    if stated:
        w.section(ctx.text("agreement", "heading_dispute", **values), "纠纷事实及请求标题", HEADING)
        w.paras(stated, "纠纷事实及请求", TEXT)
        return _one_part_earlier
    case = ctx.case
    w.section(ctx.text("agreement", "heading_facts", **values), "第一部分标题", HEADING)
    w.paras(case["facts"], "纠纷事实", TEXT)
    w.section(ctx.text("agreement", "heading_request", **values), "第二部分标题", HEADING)
    types = "、".join(REQUEST_TYPES.label(t) for t in case["request_types"].split(",") if t)
    w.paras(f"投诉人请求：{types}。{case['request_text']}" if types else case["request_text"], "投诉请求", TEXT)
    return lambda heading: heading


def write_agreement(w: DocWriter, ctx: DocContext) -> None:
    values = agreement_values(ctx)
    title = ctx.text("agreement", "title", **values)
    w.start(title, sealing=title)
    w.heading(title, ctx.number, compact=True)
    _parties(w, ctx)
    later = _dispute(w, ctx, values)
    w.section(later(ctx.text("agreement", "heading_terms", **values)), "第三部分标题", HEADING)
    _terms(w, ctx, values)
    w.section(later(ctx.text("agreement", "heading_performance", **values)), "第四部分标题", HEADING)
    _performance(w, ctx)
    w.section(later(ctx.text("agreement", "heading_effect", **values)), "第五部分标题", HEADING)
    w.paras(ctx.text("agreement", "effect", **values), "生效条款", TEXT)
    # copies and the signing in one paragraph: one line less, and both are about this paper
    w.paras(ctx.text("agreement", "copies", **values) + ctx.text("agreement", "signed", **values),
            "份数条款", TEXT)
    w.closing(_signatures(w, ctx, values["落款日期"]))
