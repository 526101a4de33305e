"""调解协议书 (DOMAIN.md §7, O121 Art. 24): the parties with their details, facts, request,
numbered terms with amounts in figures and Chinese capitals, how, where and by when they are
performed, the effect clause, the copies, signature lines and the seal area."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm

from app.domain.codes import REQUEST_TYPES
from app.reports.documents.context import DocContext, count_cn, date_cn, yuan
from app.reports.documents.layout import SMALL, SMALL_PLAIN, DocWriter


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


def _parties(w: DocWriter, ctx: DocContext) -> None:
    w.para(f"投诉人（甲方）：{ctx.complainant_details()}", "投诉人", SMALL_PLAIN)
    for agent in ctx.detail.agents:
        w.para(f"{ctx.agent_role(agent)}：{ctx.agent_details(agent)}", ctx.agent_role(agent), SMALL_PLAIN)
    w.para(f"被投诉人（乙方）：{ctx.business_details()}", "被投诉人", SMALL_PLAIN)
    contact = ctx.detail.business["contact"]
    if contact and contact != ctx.detail.business["legal_rep"]:
        w.para(f"被投诉人联系人：{contact}", "被投诉人联系人", SMALL_PLAIN)
    w.space(6)


def _terms(w: DocWriter, ctx: DocContext, values: dict[str, str]) -> None:
    w.paras(ctx.text("agreement", "intro", **values), "协议内容引言", SMALL)
    terms = ctx.detail.terms
    for seq, term in enumerate(terms, start=1):
        w.para(term_text(seq, term), f"第{seq}项约定", SMALL)
    amounts = [t["amount"] for t in terms if t["amount"] is not None]
    if len(amounts) > 1:
        total = sum(amounts, Decimal("0.00"))
        w.para(f"以上款项合计{yuan(total)}。", "合计", SMALL)


def _performance(w: DocWriter, ctx: DocContext) -> None:
    agreement = ctx.detail.agreement
    w.para(f"履行方式：{agreement['performance_way']}", "履行方式", SMALL)
    if agreement["performance_place"]:
        w.para(f"履行地点：{agreement['performance_place']}", "履行地点", SMALL)
    deadline = agreement["performance_deadline"]
    w.para(f"履行期限：{date_cn(deadline)}前全部履行完毕。" if deadline else "履行期限：按上述各项约定的期限履行。",
           "履行期限", SMALL)


def write_agreement(w: DocWriter, ctx: DocContext) -> None:
    values = agreement_values(ctx)
    title = ctx.text("agreement", "title", **values)
    w.start(title)
    w.heading(title, ctx.number)
    _parties(w, ctx)
    case = ctx.case
    w.section(ctx.text("agreement", "heading_facts", **values), "第一部分标题")
    w.paras(case["facts"], "纠纷事实", SMALL)
    w.section(ctx.text("agreement", "heading_request", **values), "第二部分标题")
    types = "、".join(REQUEST_TYPES.label(t) for t in case["request_types"].split(",") if t)
    w.paras(f"投诉人请求：{types}。{case['request_text']}" if types else case["request_text"], "投诉请求", SMALL)
    w.section(ctx.text("agreement", "heading_terms", **values), "第三部分标题")
    _terms(w, ctx, values)
    w.section(ctx.text("agreement", "heading_performance", **values), "第四部分标题")
    _performance(w, ctx)
    w.section(ctx.text("agreement", "heading_effect", **values), "第五部分标题")
    w.paras(ctx.text("agreement", "effect", **values), "生效条款", SMALL)
    w.paras(ctx.text("agreement", "copies", **values), "份数条款", SMALL)
    w.paras(ctx.text("agreement", "signed", **values), "签订时间地点", SMALL)
    w.space(10)
    w.keep_space(95 * mm)
    w.signature_rows([("投诉人（签名）：", "被投诉人（盖章）："), ("委托代理人（签名）：", "经营者代表（签名）："),
                      ("调解员（签名）：", "")], row_height=13 * mm)
    w.sign_off(values["落款日期"], seal_note="（盖章）")
