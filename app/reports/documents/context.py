"""What a document needs from a case, already in the words a document prints: dates in
Chinese, labels for codes, parties described, the placeholders of the templates filled."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain import grounds
from app.domain.citations import period_words
from app.domain.codes import CPL39_CHANNELS, GENDERS, ID_TYPES, OUTCOMES, SESSION_MODES
from app.domain.money import chinese_capitals, format_yuan
from app.services import doc_templates
from app.services.casefile import CaseDetail

_WEEKDAYS = "一二三四五六日"
_DIGITS = "零一二三四五六七八九"


def date_cn(day: date | datetime | None, empty: str = "") -> str:
    """2026年11月2日 (Arabic figures, as GB/T 9704 writes the date of a document)."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月{day.day}日"


def time_cn(moment: datetime | None) -> str:
    """2026年11月10日（星期二）上午9时30分."""
    if moment is None:
        return ""
    half = "上午" if moment.hour < 12 else "下午"
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    minutes = f"{moment.minute}分" if moment.minute else ""
    return f"{date_cn(moment)}（星期{_WEEKDAYS[moment.weekday()]}）{half}{hour}时{minutes}"


def count_cn(number: int) -> str:
    """3 → 三, 12 → 十二 (counts of copies on an agreement)."""
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def yuan(amount: Decimal | None) -> str:
    """人民币3,999.00元（大写：人民币叁仟玖佰玖拾玖元整）."""
    if amount is None:
        return ""
    return f"人民币{format_yuan(amount)}元（大写：{chinese_capitals(amount)}）"


def channels_list() -> str:
    """The CPL Art. 39 channels, one per line (each becomes its own paragraph)."""
    return "".join("\n" + item for item in re.split(r"(?<=；)", CPL39_CHANNELS) if item)


@dataclass(frozen=True)
class GroundWording:
    """What a notice prints about its ground: the situation, the clause it falls under, and the
    footing sentence that cites it (the order and the entrustment, or the association's own)."""
    situation: str
    clause: str
    footing: str


@dataclass
class DocContext:
    detail: CaseDetail
    settings: dict
    templates: dict[str, dict[str, str]]

    @property
    def case(self) -> dict:
        return self.detail.case

    @property
    def org(self) -> str:
        return self.settings["org.name"]

    @property
    def number(self) -> str:
        return self.case["number"]

    @property
    def complainant(self) -> str:
        return self.detail.complainant["name"]

    @property
    def business(self) -> str:
        return self.detail.business["name"]

    @property
    def subject(self) -> str:
        return self.case["goods_name"] or self.detail.category_label

    def common_values(self) -> dict[str, str]:
        s = self.settings
        return {
            "机构名称": self.org, "机构地址": s.get("org.address", ""), "机构电话": s.get("org.phone", ""),
            "邮政编码": s.get("org.postcode", ""), "案件编号": self.number, "投诉人": self.complainant,
            "经营者": self.business, "商品或服务": self.subject,
            "登记日期": date_cn(self.case["received_date"]), "受理日期": date_cn(self.case["accepted_date"]),
            "调解员": self.detail.mediator_name,
        }

    def text(self, kind: str, part: str, **values: str) -> str:
        """A template part of `kind`, filled with the case's values and `values`."""
        return doc_templates.fill(self.templates[kind][part], self.common_values() | values)

    # ------------------------------------------------------------ grounds and outcomes
    @property
    def entrusted(self) -> bool:
        return self.case["basis"] == grounds.ENTRUSTED

    def _footing_text(self, part: str, **values: str) -> str:
        return doc_templates.fill(self.templates["footing"][part], values)

    def _own_clause(self) -> str:
        """The association's own footing as a clause ("…第三十七条第一款第（五）项和本会…规定")."""
        own = self._footing_text(grounds.OWN)
        return own[2:] if own.startswith("根据") else own

    def ground_wording(self, code: str) -> GroundWording:
        """The ground in the words of 文书措辞 (default: the law's, where known). An entrusted case
        cites the order of its date of receipt and the entrustment; the association's own case
        cites its own footing, and its mediation period is its own."""
        ground = grounds.ground(code)
        situation = self.templates[doc_templates.ground_kind(ground.order)].get(code, ground.text)
        if self.entrusted:
            clause = ground.cite()
            return GroundWording(situation, clause, self._footing_text(grounds.ENTRUSTED, 条款=clause))
        if ground.deadline:
            period = period_words(int(self.settings["limits.own.mediate_days"]),
                                  str(self.settings["limits.own.mediate_unit"]))
            situation = self._footing_text("own_deadline", 调解期限=period)
        return GroundWording(situation, self._own_clause(), self._footing_text(grounds.OWN))

    def absence_footing(self) -> str:
        """How a 调解通知书 says that mediation may end when a party does not come."""
        if not self.entrusted:
            return self._footing_text(grounds.OWN)
        order = grounds.order_for(self.case["received_date"])
        return f"根据{grounds.ground(grounds.ABSENCE_GROUND[order]).cite()}的规定"

    def reject_values(self) -> dict[str, str]:
        wording = self.ground_wording(self.case["reject_ground"])
        return {"不予受理条款": wording.clause, "不予受理理由": wording.situation, "处理依据": wording.footing,
                "理由说明": self.case["reject_text"], "不予受理日期": date_cn(self.case["closed_date"]),
                "其他途径": channels_list(), "落款日期": date_cn(self.case["closed_date"])}

    def terminate_values(self) -> dict[str, str]:
        wording = self.ground_wording(self.case["terminate_ground"])
        return {"终止调解条款": wording.clause, "终止调解理由": wording.situation, "处理依据": wording.footing,
                "理由说明": self.case["terminate_text"], "终止调解日期": date_cn(self.case["closed_date"]),
                "其他途径": channels_list(), "落款日期": date_cn(self.case["closed_date"])}

    def outcome_label(self) -> str:
        return OUTCOMES.label(self.case["outcome"]) if self.case["outcome"] else ""

    # ------------------------------------------------------------ parties
    def complainant_details(self) -> str:
        """王堃，男，居民身份证号码…，住址…，联系电话…"""
        p = self.detail.complainant
        bits = [p["name"]]
        if p["gender"] in ("male", "female"):
            bits.append(GENDERS.label(p["gender"]))
        if p["id_number"]:
            bits.append(f"{ID_TYPES.label(p['id_type'])}号码：{p['id_number']}")
        elif p["birth_date"]:
            bits.append(f"出生日期：{date_cn(p['birth_date'])}")
        bits.append(f"住址：{p['address']}")
        bits.append(f"联系电话：{p['phone']}")
        return "，".join(bits)

    def business_details(self) -> str:
        b = self.detail.business
        bits = [b["name"]]
        if b["credit_code"]:
            bits.append(f"统一社会信用代码：{b['credit_code']}")
        if b["legal_rep"]:
            bits.append(f"法定代表人（负责人）：{b['legal_rep']}")
        bits.append(f"住所：{b['address']}")
        if b["phone"]:
            bits.append(f"联系电话：{b['phone']}")
        return "，".join(bits)

    def agent_details(self, agent: dict) -> str:
        bits = [agent["name"]]
        if agent["relation"]:
            bits.append(f"与投诉人关系：{agent['relation']}")
        if agent["id_number"]:
            bits.append(f"身份证件号码：{agent['id_number']}")
        if agent["phone"]:
            bits.append(f"联系电话：{agent['phone']}")
        if agent["authorization"]:
            bits.append(f"代理权限：{agent['authorization']}")
        return "，".join(bits)

    def agent_role(self, agent: dict) -> str:
        return "代表人" if agent["kind"] == "representative" else "委托代理人"

    # ------------------------------------------------------------ sessions
    def session_values(self, session: dict) -> dict[str, str]:
        return {"调解时间": time_cn(session["scheduled_at"]), "调解地点": session["place"] or "本会",
                "调解方式": SESSION_MODES.label(session["mode"]), "调解员": session["mediators"],
                "记录人": session["recorder"], "缺席终止依据": self.absence_footing()}
