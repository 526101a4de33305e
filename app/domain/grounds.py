"""The rules of a case: which order governs it (by the date the complaint was received), on
which footing the association handles it, and the grounds of each order for not accepting a
complaint and for terminating mediation (docs/rules.md §3, §6).

- **O20** 《市场监督管理投诉举报处理暂行办法》 (SAMR Order 20 of 2019, amended 2022) governs
  complaints received before 2026-04-15; its Art. 15 and Art. 21 are public and are held here
  in the law's own words.
- **O121** 《市场监督管理投诉举报处理办法》 (SAMR Order 121, published 2025-12-30) governs complaints
  received from 2026-04-15. Its text could not be verified: the wording below is the program's
  summary, marked `verified=False`; an office replaces it with the official words in 文书措辞.
- **Footing.** Both orders govern the market regulator. The association applies them when the
  regulator entrusts a complaint to it; on its own footing it rests on CPL Art. 37 para. 1
  item (五) and its own rules (the default wording is a setting, see FOOTING_WORDING).

Stored codes are stable: the O121 codes keep the names the program always used (a16_*, a23_*);
the O20 codes are o20_a15_* and o20_a21_*. Migration 7 moved the grounds of cases received
before 2026-04-15 from the O121 codes to these (O121_TO_O20).
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from app.domain.citations import Citation, chinese_number, item_mark

O20, O121 = "O20", "O121"
O121_EFFECTIVE = date(2026, 4, 15)
INSTRUMENTS = {
    O20: "《市场监督管理投诉举报处理暂行办法》",
    O121: "《市场监督管理投诉举报处理办法》",
}
REJECT, TERMINATE = "reject", "terminate"
UNRECORDED = "unrecorded"
UNRECORDED_LABEL = "未记录（导入）"
OWN, ENTRUSTED = "own", "entrusted"
CPL = "《中华人民共和国消费者权益保护法》"
# CPL Art. 37 para. 1 item (五): 受理消费者的投诉，并对投诉事项进行调查、调解.
OWN_FOOTING_CITATION = CPL + Citation(37, 1, 5).text()


def order_for(received: date) -> str:
    """The order in force on the day the complaint was received (O121 Art. 46 repealed O20)."""
    return O20 if received < O121_EFFECTIVE else O121


class Ground(NamedTuple):
    code: str
    order: str
    kind: str                 # REJECT | TERMINATE
    citation: Citation
    text: str                 # the law's words (verified) or the program's summary (not verified)
    verified: bool
    deadline: bool = False    # the "no agreement within the mediation period" ground

    @property
    def label(self) -> str:
        """（三）… — how lists and the ledger name it."""
        return item_mark(self.citation.item) + self.text

    @property
    def instrument(self) -> str:
        return INSTRUMENTS[self.order]

    def cite(self) -> str:
        """《市场监督管理投诉举报处理暂行办法》第二十一条第一款第（四）项."""
        return self.instrument + self.citation.text()

    def choice_label(self) -> str:
        """What the dialog's list shows: the article and item, then the words."""
        return f"{self.citation.text()}　{self.text}"


def _items(order: str, kind: str, article: int, paragraph: int | None, prefix: str, texts: list[str],
           verified: bool, deadline_item: int | None = None) -> tuple[Ground, ...]:
    return tuple(Ground(f"{prefix}{i}", order, kind, Citation(article, paragraph, i), text, verified,
                        deadline=(i == deadline_item))
                 for i, text in enumerate(texts, start=1))


# O20 Art. 15 (one paragraph: cited 第十五条第（X）项) — the law's words.
_O20_REJECT = _items(O20, REJECT, 15, None, "o20_a15_", [
    "投诉事项不属于市场监督管理部门职责，或者本行政机关不具有处理权限的",
    "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他调解组织"
    "已经受理或者处理过同一消费者权益争议的",
    "不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议的",
    "除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年的",
    "未提供本办法第九条第一款和第十条规定的材料的",
    "法律、法规、规章规定不予受理的其他情形",
], verified=True)

# O20 Art. 21 para. 1 (para. 2: notice within 7 working days of the decision) — the law's words.
_O20_TERMINATE = _items(O20, TERMINATE, 21, 1, "o20_a21_", [
    "投诉人撤回投诉或者双方自行和解的",
    "投诉人与被投诉人对委托承担检定、检验、检测、鉴定工作的技术机构或者费用承担无法协商一致的",
    "投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解的",
    "经组织调解，投诉人或者被投诉人明确表示无法达成调解协议的",
    "自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议的",
    "市场监督管理部门受理投诉后，发现存在本办法第十五条规定情形的",
    "法律、法规、规章规定的应当终止调解的其他情形",
], verified=True, deadline_item=5)

# O121 Art. 16 para. 1 (cited 第十六条第一款第（X）项 in the regulator's notices) — NOT the law's
# words: the official text could not be obtained; an office puts it in through 文书措辞.
_O121_REJECT = _items(O121, REJECT, 16, 1, "a16_", [
    "不属于本单位职责范围或者管辖范围",
    "同一纠纷已由人民法院、仲裁机构、行政机关或者消费者协会受理或者处理",
    "不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议",
    "消费者知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年",
    "未提供必要材料或者提供的材料不真实",
    "冒用他人身份或者拒绝配合身份核实",
    "法律、法规、规章规定不予受理的其他情形",
], verified=False)

# O121 Art. 23 para. 1 (para. 2: notice within 7 working days) — not the law's words either.
_O121_TERMINATE = _items(O121, TERMINATE, 23, 1, "a23_", [
    "投诉人撤回投诉或者双方自行和解",
    "投诉人或者被投诉人无正当理由拒绝参加或者不按时参加调解",
    "投诉人或者被投诉人明确表示无法达成调解协议",
    "双方对鉴定、检测费用承担无法达成一致",
    "自受理之日起六十日内未能达成调解协议",
    "发现存在不予受理情形或者存在欺诈等违法行为",
    "一方当事人死亡或者终止",
    "法律、法规、规章规定的其他情形",
], verified=False, deadline_item=5)

GROUNDS: tuple[Ground, ...] = _O20_REJECT + _O20_TERMINATE + _O121_REJECT + _O121_TERMINATE
_BY_CODE = {g.code: g for g in GROUNDS}

# The ground a 调解通知书 warns of: a party who does not come to mediation.
ABSENCE_GROUND = {O20: "o20_a21_3", O121: "a23_2"}


def ground(code: str | None) -> Ground | None:
    return _BY_CODE.get(code or "")


def cited(code: str | None, default: str = "") -> str:
    """A ground named briefly by its article and item (第十五条第（五）项), for a status line and
    the audit summary; the label of a code without a Ground (the importer's marker)."""
    found = ground(code)
    return found.citation.text() if found else default


def grounds_of(kind: str, order: str) -> tuple[Ground, ...]:
    return tuple(g for g in GROUNDS if g.kind == kind and g.order == order)


def pickable(kind: str, received: date) -> tuple[str, ...]:
    """The codes a clerk may pick for a case received on `received`."""
    return tuple(g.code for g in grounds_of(kind, order_for(received)))


def all_pickable(kind: str) -> tuple[str, ...]:
    return tuple(g.code for g in GROUNDS if g.kind == kind)


def label_pairs(kind: str) -> tuple[tuple[str, str], ...]:
    """(code, label) of every ground of `kind`, both orders, and the importer's marker."""
    return tuple((g.code, g.label) for g in GROUNDS if g.kind == kind) + ((UNRECORDED, UNRECORDED_LABEL),)


def refusal(kind: str, code: str, received: date) -> str | None:
    """Why `code` cannot be the ground of a case received on `received`, or None."""
    if code in pickable(kind, received):
        return None
    chosen = ground(code)
    order = order_for(received)
    article = grounds_of(kind, order)[0].citation.article
    applies = f"本案于{received.year}年{received.month}月{received.day}日收到投诉，适用{INSTRUMENTS[order]}" \
              f"第{chinese_number(article)}条"
    if chosen is None or chosen.kind != kind:
        return f"理由不正确；{applies}，请从其所列情形中选择"
    return f"所选理由是{chosen.cite()}的情形；{applies}，请从其所列情形中选择"


def applicable_note(kind: str, received: date, basis: str) -> str:
    """One line above the dialog's list: which order's grounds these are, and on what footing."""
    order = order_for(received)
    article = chinese_number(grounds_of(kind, order)[0].citation.article)
    what = "不予受理" if kind == REJECT else "终止调解"
    footing = "受市场监督管理部门委托办理" if basis == ENTRUSTED else f"本会自行受理（告知书援引{OWN_FOOTING_CITATION}）"
    return f"本案适用{INSTRUMENTS[order]}第{article}条所列{what}情形；{footing}。"


# ------------------------------------------------------------ wording an office may adapt
# Printed wording of the footing (文书措辞 → 办理依据). {条款} is the ground's citation,
# {调解期限} the association's own mediation period in words.
FOOTING_WORDING = {
    ENTRUSTED: ("受委托办理的依据", "受市场监督管理部门委托，根据{条款}的规定"),
    OWN: ("本会自行受理的依据", f"根据{OWN_FOOTING_CITATION}和本会受理消费者投诉的有关规定"),
    "own_deadline": ("本会自行受理：调解期限届满的理由",
                     "自投诉受理之日起{调解期限}内投诉人和被投诉人未能达成调解协议的"),
}


# ------------------------------------------------------------ migration 7
# A case received before 2026-04-15 whose ground was stored with an O121 code gets the O20 ground
# that says the same; where O20 has no ground of that content the nearest one is taken and the
# old wording is kept in the case's text (`exact` False), so nothing is lost.
O121_TO_O20: dict[str, tuple[str, bool]] = {
    "a16_1": ("o20_a15_1", True), "a16_2": ("o20_a15_2", True), "a16_3": ("o20_a15_3", True),
    "a16_4": ("o20_a15_4", True), "a16_5": ("o20_a15_5", False), "a16_6": ("o20_a15_6", False),
    "a16_7": ("o20_a15_6", True),
    "a23_1": ("o20_a21_1", True), "a23_2": ("o20_a21_3", True), "a23_3": ("o20_a21_4", True),
    "a23_4": ("o20_a21_2", True), "a23_5": ("o20_a21_5", True), "a23_6": ("o20_a21_6", False),
    "a23_7": ("o20_a21_7", False), "a23_8": ("o20_a21_7", True),
}


def migrated_ground(code: str | None, received: date, text: str) -> tuple[str | None, str]:
    """(code, text) of a stored ground after migration 7: unchanged unless an O121 code sits on a
    case received before 2026-04-15."""
    if order_for(received) != O20 or code not in O121_TO_O20:
        return code, text
    new, exact = O121_TO_O20[code]
    if exact:
        return new, text
    kept = f"原登记理由：{ground(code).label}"
    return new, f"{kept}；{text}" if text else kept
