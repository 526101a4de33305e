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
from app.reports.documents.formtable import Cell, Grid, Row
from app.reports.documents.layout import CELL_LABEL, SMALL, SMALL_PLAIN, DocWriter

SECTION_WIDTH = 9 * mm
# label | value | label | value | label | value: wide enough for a credit code or an ID number in
# the first value column, a phone number or a date in the last, five-character labels first.
REGISTRATION_COLUMNS = [21 * mm, 38 * mm, 17 * mm, 24 * mm, 17 * mm, 30 * mm]
# label | value | label | value (the record's header, the follow-up record)
FOUR_COLUMNS = [25 * mm, 48 * mm, 25 * mm, 49 * mm]


class FormRows:
    """Rows of a paper form on a grid of label/value columns, optionally with a narrow section
    column on the left. Cells are filled left to right: `label(text)` or `value(text, span)`."""

    def __init__(self, w: DocWriter, columns: list[float], sections: bool = True):
        self.w = w
        self.grid = Grid(list(columns), SECTION_WIDTH if sections else 0.0, CELL_LABEL, padding=2.5,
                         min_row=7 * mm)
        self.rows: list[Row] = []
        self._section: str | None = None
        self._section_id = 0

    def section(self, title: str) -> None:
        self._section, self._section_id = title, self._section_id + 1

    def row(self, *items: tuple, keep_with_previous: bool = False, min_height: float = 0.0) -> None:
        cells, col = [], 0
        for item in items:
            kind, text = item[0], item[1] or ""
            span = item[2] if len(item) > 2 else 1
            if kind == "label":
                width = self.grid.width(col, span) - 2 * self.grid.padding
                cells.append(Cell(col, span, self.w.cell(balanced(text, width, self.w.kit), text, label=True),
                                  label=True))
            else:
                cells.append(Cell(col, span, self.w.cell(text, self._where(items, col))))
            col += span
        self.rows.append(Row(cells, self._section, self._section_id, keep_with_previous, min_height=min_height))

    @staticmethod
    def _where(items, col) -> str:
        """The label before a value names it in a message about an unprintable character."""
        labels = [i[1] for i in items if i[0] == "label"]
        return labels[0] if labels else "表格"

    def pair(self, label1: str, value1: str, label2: str, value2: str) -> None:
        self.row(label(label1), value(value1), label(label2), value(value2))

    def wide(self, text: str, content: str) -> None:
        self.row(label(text), value(content, len(self.grid.widths) - 1))

    def write(self) -> None:
        if self.grid.section_width:
            for row in self.rows:
                row.section = row.section or ""
        self.w.form(self.rows, self.grid)


def label(text: str, span: int = 1) -> tuple:
    return ("label", text, span)


def value(text: str | None, span: int = 1) -> tuple:
    return ("value", text or "", span)


def balanced(text: str, width: float, kit) -> str:
    """A label too long for one line, broken into lines of equal length (统一社会 / 信用代码)."""
    natural = kit.width(text, CELL_LABEL.face, CELL_LABEL.size)
    if natural <= width or len(text) < 2:
        return text
    lines = -(-int(natural) // max(int(width), 1))
    per_line = -(-len(text) // lines)
    return "\n".join(text[i:i + per_line] for i in range(0, len(text), per_line))


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
    form = FormRows(w, REGISTRATION_COLUMNS)
    form.section("投诉人")
    form.row(label("姓名"), value(person["name"]), label("性别"), value(GENDERS.label(person["gender"])),
             label("出生日期"), value(date_cn(person["birth_date"])))
    form.row(label("证件类型"), value(ID_TYPES.label(person["id_type"]) if person["id_number"] else ""),
             label("证件号码"), value(person["id_number"], 3))
    form.row(label("联系电话"), value(person["phone"]), label("联系地址"), value(person["address"], 3))
    for agent in ctx.detail.agents:
        form.wide(ctx.agent_role(agent), ctx.agent_details(agent))
    form.section("被投诉人")
    form.wide("名称", biz["name"])
    form.row(label("统一社会信用代码"), value(biz["credit_code"]), label("法定代表人"), value(biz["legal_rep"]),
             label("联系电话"), value(biz["phone"]))
    form.row(label("联系人"), value(biz["contact"]), label("地址"), value(biz["address"], 3))
    form.section("投诉内容")
    category = "／".join(x for x in (ctx.detail.category_major_label, ctx.detail.category_label) if x)
    form.row(label("商品或服务"), value(case["goods_name"]), label("类别"), value(category, 3))
    form.row(label("购买日期"), value(date_cn(case["purchase_date"])), label("购买地点"), value(case["purchase_place"], 3))
    amount = f"{format_yuan(case['amount'])}元" if case["amount"] is not None else ""
    form.row(label("涉案金额"), value(amount), label("数量"), value(str(case["quantity"] or "")),
             label("投诉性质"), value(ctx.detail.nature_label))
    channel = CHANNELS.label(case["channel"]) + (f"（{case['platform_no']}）" if case["platform_no"] else "")
    form.row(label("来源渠道"), value(channel), label("同意公开"), value(_yes_no(case["consent_publish"])),
             label("同意调解"), value(_yes_no(case["consent_entrusted"])))
    form.wide("事实与理由", case["facts"])
    types = "、".join(REQUEST_TYPES.label(t) for t in case["request_types"].split(",") if t)
    form.wide("投诉请求", f"{types}。{case['request_text']}" if types else case["request_text"])
    files = "；".join(a["description"] or a["filename"] for a in ctx.detail.attachments)
    form.wide("证据材料", "；".join(x for x in (case["evidence_note"], files) if x))
    form.section("登记")
    form.row(label("登记日期"), value(date_cn(case["received_date"])), label("登记人"),
             value(ctx.detail.registered_by_name), label("处理依据"), value(HANDLING_BASIS.label(case["basis"])))
    form.wide("承办单位", ctx.detail.unit_label or ctx.org)
    since = w.mark()
    form.write()
    w.space(4)
    w.paras(ctx.text("registration", "pledge"), "投诉人声明", SMALL)
    w.closing([w.signatures([["投诉人（签名）：", "日期：", "登记人（签名）：", "日期："]], row_height=12 * mm)],
              since)


# ------------------------------------------------------------ 调解笔录
def write_mediation_record(w: DocWriter, ctx: DocContext, session: dict) -> None:
    values = ctx.session_values(session)
    title = ctx.text("mediation_record", "title", **values)
    w.start(title, sealing=title)
    w.heading(title, ctx.number)
    held = [s["id"] for s in record_sessions(ctx.detail)]
    form = FormRows(w, FOUR_COLUMNS, sections=False)
    form.wide("案由", f"{ctx.complainant}投诉{ctx.business}（{ctx.subject}消费纠纷）")
    form.wide("调解时间", time_cn(session["scheduled_at"]))
    form.pair("调解次数", f"第{held.index(session['id']) + 1}次" if session["id"] in held else "",
              "调解方式", f"{SESSION_MODES.label(session['mode'])}，{SESSION_FORMS.label(session['form'])}")
    form.wide("调解地点", session["place"])
    form.pair("调解员", session["mediators"], "记录人", session["recorder"])
    form.wide("参加人员", session["present"])
    form.write()
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
    w.closing([w.signatures([["投诉人（签名）：", "日期：", "被投诉人（签名）：", "日期："],
                             ["调解员（签名）：", "日期：", "记录人（签名）：", "日期："]])])


# ------------------------------------------------------------ 回访记录
def followup_date(ctx: DocContext) -> date | None:
    return ctx.detail.followups[-1]["day"] if ctx.detail.followups else None


def write_followup(w: DocWriter, ctx: DocContext) -> None:
    title = ctx.text("followup", "title")
    w.start(title)
    w.heading(title, ctx.number)
    case = ctx.case
    form = FormRows(w, FOUR_COLUMNS[:1] + [FOUR_COLUMNS[1] - 9 * mm] + FOUR_COLUMNS[2:])
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
    form.section("备注")
    form.row(label("备注"), value("", 3), min_height=20 * mm, keep_with_previous=True)   # empty: never alone
    since = w.mark()
    form.write()
    w.closing([w.signatures([["回访人（签名）：", "日期：", "", ""]])], since)
