"""Forms of the case file: 投诉登记表, 调解笔录, 回访记录 — bordered tables as paper forms have."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm

from app.domain.codes import (
    CHANNELS, FOLLOWUP_METHODS, GENDERS, HANDLING_BASIS, ID_TYPES, REQUEST_TYPES, SATISFACTION, SESSION_FORMS,
    SESSION_MODES,
)
from app.domain.money import format_yuan
from app.reports.documents.availability import record_sessions
from app.reports.documents.context import DocContext, date_cn, time_cn
from app.reports.documents.layout import SMALL, SMALL_PLAIN, DocWriter

# section (written top to bottom) | label | value | label | value
COLUMNS = [9 * mm, 29 * mm, 45 * mm, 29 * mm, 44 * mm]


class FormRows:
    """Rows of a paper form: a narrow section column on the left, then label/value pairs."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self.commands: list[tuple] = []
        self._section_start: int | None = None

    def section(self, text: str) -> None:
        """Rows added from now on belong to this section (its title spans them, top to bottom)."""
        self._close_section()
        self._section_start = len(self.rows)
        self._section_title = text

    def _close_section(self) -> None:
        start = self._section_start
        if start is not None and len(self.rows) > start:
            self.rows[start][0] = ("section", self._section_title)
            self.commands.append(("SPAN", (0, start), (0, len(self.rows) - 1)))
        self._section_start = None

    def pair(self, label1: str, value1: str, label2: str, value2: str) -> None:
        self.rows.append(["", ("label", label1), value1 or "", ("label", label2), value2 or ""])

    def wide(self, label: str, value: str) -> None:
        row = len(self.rows)
        self.rows.append(["", ("label", label), value or "", "", ""])
        self.commands.append(("SPAN", (2, row), (4, row)))

    def write(self, w: DocWriter) -> None:
        self._close_section()
        if all(row[0] == "" for row in self.rows):     # a form without sections: no left column
            rows = [row[1:] for row in self.rows]
            commands = [(op, (a[0] - 1, a[1]), (b[0] - 1, b[1])) for op, a, b in self.commands]
            widths = [COLUMNS[0] + COLUMNS[1]] + COLUMNS[2:]
            w.grid(rows, widths, commands)
        else:
            w.grid(self.rows, COLUMNS, self.commands)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _boxes(options: list[tuple[str, str]], chosen: str | None) -> str:
    """■满意　□一般 — the way a paper form is ticked."""
    return "　".join(("■" if code == chosen else "□") + label for code, label in options)


# ------------------------------------------------------------ 投诉登记表
def registration_date(ctx: DocContext) -> date | None:
    return ctx.case["received_date"]


def write_registration(w: DocWriter, ctx: DocContext) -> None:
    case, person, biz = ctx.case, ctx.detail.complainant, ctx.detail.business
    title = ctx.text("registration", "title")
    w.start(title)
    w.heading(title, f"案件编号：{ctx.number}", compact=True)
    form = FormRows()
    form.section("投诉人")
    form.pair("姓名", person["name"], "性别", GENDERS.label(person["gender"]))
    form.pair("证件类型", ID_TYPES.label(person["id_type"]) if person["id_number"] else "", "证件号码", person["id_number"])
    form.pair("出生日期", date_cn(person["birth_date"]), "联系电话", person["phone"])
    form.wide("联系地址", person["address"])
    for agent in ctx.detail.agents:
        form.wide(ctx.agent_role(agent), ctx.agent_details(agent))
    form.section("被投诉人")
    form.wide("名称", biz["name"])
    form.pair("统一社会信用代码", biz["credit_code"] or "", "法定代表人", biz["legal_rep"])
    form.pair("联系人", biz["contact"], "联系电话", biz["phone"])
    form.wide("地址", biz["address"])
    form.section("投诉内容")
    category = "／".join(x for x in (ctx.detail.category_major_label, ctx.detail.category_label) if x)
    form.pair("商品或服务", case["goods_name"], "类别", category)
    form.pair("购买日期", date_cn(case["purchase_date"]), "购买地点", case["purchase_place"])
    amount = f"{format_yuan(case['amount'])}元" if case["amount"] is not None else ""
    form.pair("数量", str(case["quantity"] or ""), "涉案金额", amount)
    channel = CHANNELS.label(case["channel"]) + (f"（{case['platform_no']}）" if case["platform_no"] else "")
    form.pair("投诉性质", ctx.detail.nature_label, "来源渠道", channel)
    form.wide("事实与理由", case["facts"])
    types = "、".join(REQUEST_TYPES.label(t) for t in case["request_types"].split(",") if t)
    form.wide("投诉请求", f"{types}。{case['request_text']}" if types else case["request_text"])
    files = "；".join(a["description"] or a["filename"] for a in ctx.detail.attachments)
    form.wide("证据材料", "；".join(x for x in (case["evidence_note"], files) if x))
    form.pair("同意公开投诉", _yes_no(case["consent_publish"]), "同意调解", _yes_no(case["consent_entrusted"]))
    form.section("登记")
    form.pair("登记日期", date_cn(case["received_date"]), "登记人", ctx.detail.registered_by_name)
    form.pair("承办单位", ctx.detail.unit_label or ctx.org, "处理依据", HANDLING_BASIS.label(case["basis"]))
    form.write(w)
    w.space(6)
    w.paras(ctx.text("registration", "pledge"), "投诉人声明", SMALL)
    w.keep_space(24 * mm)
    w.signature_rows([("投诉人（签名）：", "登记人（签名）："), ("日期：", "日期：")], row_height=10 * mm)


# ------------------------------------------------------------ 调解笔录
def write_mediation_record(w: DocWriter, ctx: DocContext, session: dict) -> None:
    values = ctx.session_values(session)
    title = ctx.text("mediation_record", "title", **values)
    w.start(title)
    w.heading(title, ctx.number)
    held = [s["id"] for s in record_sessions(ctx.detail)]
    form = FormRows()
    form.wide("案由", f"{ctx.complainant}投诉{ctx.business}（{ctx.subject}消费纠纷）")
    form.wide("调解时间", time_cn(session["scheduled_at"]))
    form.pair("调解次数", f"第{held.index(session['id']) + 1}次" if session["id"] in held else "",
              "调解方式", f"{SESSION_MODES.label(session['mode'])}，{SESSION_FORMS.label(session['form'])}")
    form.wide("调解地点", session["place"])
    form.pair("调解员", session["mediators"], "记录人", session["recorder"])
    form.wide("参加人员", session["present"])
    form.write(w)
    w.space(8)
    w.section("调解记录：", "调解记录")
    w.paras(session["record_text"], "调解记录", SMALL_PLAIN)
    if session["result"]:
        w.section("调解结果：", "调解结果")
        w.paras(session["result"], "调解结果", SMALL)
    if session["next_step"]:
        w.section("下一步安排：", "下一步安排")
        w.paras(session["next_step"], "下一步安排", SMALL)
    w.space(8)
    w.paras(ctx.text("mediation_record", "confirm", **values), "当事人确认语", SMALL)
    w.keep_space(52 * mm)
    w.signature_rows([("投诉人（签名）：", "日期："), ("被投诉人（签名）：", "日期："),
                      ("调解员（签名）：", "日期："), ("记录人（签名）：", "日期：")])


# ------------------------------------------------------------ 回访记录
def followup_date(ctx: DocContext) -> date | None:
    return ctx.detail.followups[-1]["day"] if ctx.detail.followups else None


def write_followup(w: DocWriter, ctx: DocContext) -> None:
    title = ctx.text("followup", "title")
    w.start(title)
    w.heading(title, ctx.number)
    case = ctx.case
    form = FormRows()
    form.section("案件")
    form.pair("投诉人", ctx.complainant, "联系电话", ctx.detail.complainant["phone"])
    form.wide("被投诉人", ctx.business)
    form.pair("处理结果", ctx.outcome_label(), "办结日期", date_cn(case["closed_date"]))
    recovered = f"{format_yuan(case['recovered'])}元" if case["recovered"] is not None else ""
    form.pair("承办调解员", ctx.detail.mediator_name, "挽回经济损失", recovered)
    for number, item in enumerate(ctx.detail.followups, start=1):
        form.section(f"第{number}次回访")
        form.pair("回访日期", date_cn(item["day"]), "回访方式", FOLLOWUP_METHODS.label(item["method"]))
        form.pair("回访人", item["by_name"], "协议是否履行", _yes_no(item["performed"]))
        form.wide("满意程度", _boxes(list(SATISFACTION), item["satisfaction"]))
        form.wide("回访情况", item["note"])
    form.write(w)
    w.space(8)
    w.section("备注：", "备注")
    w.space(24 * mm)            # room to write by hand
    w.keep_space(14 * mm)
    w.signature_rows([("回访人（签名）：", "日期：")])
