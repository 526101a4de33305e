"""The wording of the printed documents, which an administrator may adapt.

Each document kind has parts (title, body, effect clause, channels text …) whose default text
ships in resources/templates/documents.json. An office's own wording is a Setting row
"template.<kind>.<part>" holding the text as JSON. Placeholders are written {名称}; saving a text
that names a placeholder the document does not know is refused then and there, so nothing goes
wrong at print time.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from app.config import resource
from app.db.connection import write_transaction
from app.db.models import Setting
from app.domain import grounds
from app.domain.codes import DOCUMENT_KINDS
from app.domain.errors import NotFound, ValidationFailed
from app.domain.validators import check_length, check_plain_text
from app.services import audit
from app.services.context import Actor, require

KEY_PREFIX = "template."
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
BLANK = "＿＿＿＿＿＿"      # printed where a required value is not known yet, to fill in by hand

COMMON_PLACEHOLDERS = {
    "机构名称": "本会名称（设置中的单位名称）", "机构地址": "本会地址", "机构电话": "本会联系电话",
    "邮政编码": "本会邮政编码", "案件编号": "案件编号", "投诉人": "投诉人姓名", "经营者": "被投诉经营者名称",
    "商品或服务": "商品或服务名称（未填时为类别）", "登记日期": "投诉登记日期", "受理日期": "受理日期",
    "落款日期": "文书落款日期", "调解员": "承办调解员",
}
KIND_PLACEHOLDERS = {
    "registration": {},
    "acceptance": {},
    "rejection": {"不予受理条款": "理由的条款，如：《市场监督管理投诉举报处理暂行办法》第十五条第（一）项"
                                    "（本会自行受理的：本会的依据）",
                  "不予受理理由": "所列情形的内容", "处理依据": "办理依据和条款（见“办理依据”的措辞）",
                  "理由说明": "登记的具体说明（可为空）",
                  "不予受理日期": "作出不予受理决定的日期", "其他途径": "消费者权益保护法第三十九条所列途径"},
    "mediation_notice": {"当事人": "收件的当事人（投诉人或经营者）", "调解时间": "调解的日期和时间",
                         "调解地点": "调解地点", "调解方式": "现场、电话、视频或网络",
                         "缺席终止依据": "当事人不参加调解时终止调解的依据，如：根据《…》第二十一条第一款第（三）项的规定"},
    "mediation_record": {"调解时间": "调解的日期和时间", "调解地点": "调解地点", "记录人": "记录人"},
    "agreement": {"协议份数": "协议份数（中文数字）", "存档份数": "本会存档份数（中文数字）",
                  "签订日期": "协议签订日期", "签订地点": "协议签订地点"},
    "judicial_confirmation": {"受理法院": "申请司法确认的人民法院", "申请截止日期": "自协议生效之日起三十日的最后一日",
                              "签订日期": "调解协议签订（生效）日期", "法律依据": "《中华人民共和国民事诉讼法》第二百零五条"},
    "termination": {"当事人": "收件的当事人（投诉人或经营者）",
                    "终止调解条款": "理由的条款，如：《市场监督管理投诉举报处理办法》第二十三条第一款第（二）项"
                                    "（本会自行受理的：本会的依据）",
                    "终止调解理由": "所列情形的内容", "处理依据": "办理依据和条款（见“办理依据”的措辞）",
                    "理由说明": "登记的具体说明（可为空）",
                    "终止调解日期": "终止调解的日期", "其他途径": "消费者权益保护法第三十九条所列途径"},
    "followup": {},
    "cover": {"办结日期": "办结日期", "处理结果": "处理结果"},
    "footing": {"条款": "理由的条款，如：《市场监督管理投诉举报处理暂行办法》第十五条第（一）项",
                "调解期限": "本会设置的调解期限，如：六十日"},
}

# Wording that is not a document of its own: the grounds of each order (the law's words, or the
# program's summary where the text could not be verified) and the footing. Their defaults come
# from app/domain/grounds.py, the one place they are kept.
WORDING_KINDS = {
    "footing": "办理依据",
    "grounds_O20": "理由：" + grounds.INSTRUMENTS[grounds.O20],
    "grounds_O121": "理由：" + grounds.INSTRUMENTS[grounds.O121],
}


def ground_kind(order: str) -> str:
    return f"grounds_{order}"


def _wording_defaults() -> dict[str, dict[str, dict[str, str]]]:
    out = {"footing": {part: {"label": label, "text": text} for part, (label, text) in grounds.FOOTING_WORDING.items()}}
    for order in (grounds.O20, grounds.O121):
        parts = {}
        for g in grounds.GROUNDS:
            if g.order == order:
                what = "不予受理" if g.kind == grounds.REJECT else "终止调解"
                note = "" if g.verified else "（未核实原文，请按正式文本核对）"
                parts[g.code] = {"label": f"{what}·{g.citation.text()}{note}", "text": g.text}
        out[ground_kind(order)] = parts
    return out


def kind_label(kind: str) -> str:
    return WORDING_KINDS.get(kind) or DOCUMENT_KINDS.label(kind)
# A template line that uses one of these while it is empty is left out (e.g. no phone set).
OPTIONAL_PLACEHOLDERS = frozenset({"理由说明", "机构地址", "机构电话", "邮政编码", "签订地点"})


@dataclass(frozen=True)
class TemplatePart:
    kind: str
    kind_label: str
    part: str
    label: str
    default: str
    text: str
    placeholders: dict[str, str]

    @property
    def customised(self) -> bool:
        return self.text != self.default


@lru_cache(maxsize=1)
def default_templates() -> dict[str, dict[str, dict[str, str]]]:
    with open(resource("templates", "documents.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    return {kind: parts for kind, parts in data.items() if not kind.startswith("_")} | _wording_defaults()


def placeholders(kind: str) -> dict[str, str]:
    """Placeholder name → what it stands for, for one document kind."""
    return COMMON_PLACEHOLDERS | KIND_PLACEHOLDERS.get(kind, {})


def used_placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))


def check_template(kind: str, text: str) -> str | None:
    """The Chinese message that refuses a text, or None when it may be saved."""
    if not (text or "").strip():
        return "文书内容不能为空"
    too_long = check_length(text, 4000, "文书内容")
    if too_long:
        return too_long
    known = placeholders(kind)
    unknown = [name for name in used_placeholders(text) if name not in known]
    if unknown:
        names = "、".join("{" + n + "}" for n in unknown)
        return f"{kind_label(kind)}中没有占位符 {names}；可用的有：" + "、".join("{" + n + "}" for n in known)
    stray = _PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        return "花括号只能用来写占位符，如 {投诉人}；请检查是否少写了“{”或“}”"
    return None


def _key(kind: str, part: str) -> str:
    return f"{KEY_PREFIX}{kind}.{part}"


def template_key_label(key: str) -> str | None:
    """"template.acceptance.body" → "文书措辞：受理通知书·正文" (None for another key)."""
    if not key.startswith(KEY_PREFIX):
        return None
    kind, _, part = key[len(KEY_PREFIX):].partition(".")
    spec = default_templates().get(kind, {}).get(part)
    label = kind_label(kind) if kind in DOCUMENT_KINDS or kind in WORDING_KINDS else kind
    return f"文书措辞：{label}·{spec['label'] if spec else part}"


def _part_default(kind: str, part: str) -> dict[str, str]:
    parts = default_templates().get(kind)
    if parts is None or part not in parts:
        raise NotFound(f"没有这一文书内容：{kind}.{part}")
    return parts[part]


def _overrides() -> dict[str, str]:
    out = {}
    for row in Setting.select().where(Setting.key.startswith(KEY_PREFIX)):
        try:
            out[row.key] = str(json.loads(row.value))
        except ValueError:
            continue      # a damaged row: the default wording is used
    return out


def template_texts(kind: str) -> dict[str, str]:
    """part → text for one kind: the office's wording where saved, else the default."""
    saved = _overrides()
    return {part: saved.get(_key(kind, part), spec["text"]) for part, spec in default_templates()[kind].items()}


def all_template_texts() -> dict[str, dict[str, str]]:
    """kind → part → text, with one query (what a document build reads)."""
    saved = _overrides()
    return {kind: {part: saved.get(_key(kind, part), spec["text"]) for part, spec in parts.items()}
            for kind, parts in default_templates().items()}


def all_templates() -> list[TemplatePart]:
    saved = _overrides()
    out = []
    for kind, parts in default_templates().items():
        for part, spec in parts.items():
            out.append(TemplatePart(kind, kind_label(kind), part, spec["label"], spec["text"],
                                    saved.get(_key(kind, part), spec["text"]), placeholders(kind)))
    return out


def save_template(actor: Actor, kind: str, part: str, text: str) -> None:
    """Save the office's wording for one part; refuses unknown placeholders with a message."""
    require(actor, "settings")
    spec = _part_default(kind, part)
    text = (text or "").replace("\r\n", "\n").strip()
    problem = check_plain_text(text, "文书措辞", multiline=True) or check_template(kind, text)
    if problem:
        raise ValidationFailed.single("text", problem)
    before = template_texts(kind)[part]
    if text == before:
        return
    value = json.dumps(text, ensure_ascii=False)
    with write_transaction():
        Setting.insert(key=_key(kind, part), value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}).execute()
        audit.record(actor, "update_template", "setting", None,
                     summary=f"修改文书措辞：{kind_label(kind)}·{spec['label']}",
                     changes=[{"field": _key(kind, part), "old": before, "new": text}])


def reset_template(actor: Actor, kind: str, part: str) -> None:
    """Back to the default wording."""
    require(actor, "settings")
    spec = _part_default(kind, part)
    before = template_texts(kind)[part]
    with write_transaction():
        deleted = Setting.delete().where(Setting.key == _key(kind, part)).execute()
        if deleted:
            audit.record(actor, "reset_template", "setting", None,
                         summary=f"恢复默认文书措辞：{kind_label(kind)}·{spec['label']}",
                         changes=[{"field": _key(kind, part), "old": before, "new": spec["text"]}])


def fill(text: str, values: dict[str, str]) -> str:
    """Put the case's values in. A line whose optional placeholder is empty is dropped; a
    required value that is not known yet prints as a blank to fill in by hand."""
    lines = []
    for line in text.split("\n"):
        names = _PLACEHOLDER.findall(line)
        if any(n in OPTIONAL_PLACEHOLDERS and not values.get(n) for n in names):
            continue
        lines.append(_PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or BLANK, line))
    return "\n".join(lines)


def record_print(actor: Actor, case_id: int, case_number: str, kinds: list[str], how: str = "print",
                 pages: str = "") -> None:
    """A clerk printed (or saved as PDF) documents of a case: one audit row in its history;
    `pages` names a part printed (第2-3页), empty for the whole document."""
    names = "、".join(DOCUMENT_KINDS.label(k) for k in kinds) + (f"（{pages}）" if pages else "")
    verb = "打印" if how == "print" else "导出PDF"
    with write_transaction():
        audit.record(actor, "print_document", "case", case_id, case_id=case_id,
                     summary=f"{verb}文书：{names} {case_number}",
                     changes=[{"field": "documents", "old": None, "new": ",".join(kinds)}])
