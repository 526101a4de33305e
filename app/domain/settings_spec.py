"""Every setting the office can change, with its default, type and Chinese label.

Things that could not be verified (the 中消协 rules, the number format, the association's own
limits) are settings with the O121 value as the default.
"""
from __future__ import annotations

from typing import NamedTuple

from app.domain.validators import check_plain_text


class SettingSpec(NamedTuple):
    key: str
    default: object
    kind: str          # "text" | "int" | "bool" | "choice"
    label: str
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 100000


DAY_UNITS = ("working", "natural")
DAY_UNIT_LABELS = {"working": "工作日", "natural": "自然日"}
# Labels of every choice a settings screen offers (key → {value: label}).
CHOICE_LABELS = {
    "print.font_source": {"bundled": "随程序提供的字体", "windows": "Windows 系统字体（宋体、黑体）"},
}


def choice_label(key: str, value: str) -> str:
    if key.endswith("_unit"):
        return DAY_UNIT_LABELS.get(value, value)
    return CHOICE_LABELS.get(key, {}).get(value, value)

# The name a new database starts with: documents printed under it name no real association, so
# the first start asks for the real one and the document preview warns while it is still this.
PLACEHOLDER_ORG_NAME = "某某县消费者协会"
MAX_ORG_NAME = 40
MAX_SHORT_CODE = 6


def org_name_is_placeholder(name: str | None) -> bool:
    return not (name or "").strip() or (name or "").strip() == PLACEHOLDER_ORG_NAME


def check_org_name(name: str) -> str | None:
    """Why this cannot be the association's name (printed at the head of every document), or None."""
    name = (name or "").strip()
    if not name:
        return "请填写本会的名称，如：青山县消费者协会"
    if name == PLACEHOLDER_ORG_NAME:
        return f"「{PLACEHOLDER_ORG_NAME}」是示例名称，请填写本会的实际名称"
    if len(name) > MAX_ORG_NAME:
        return f"单位名称不能超过 {MAX_ORG_NAME} 个字"
    return None


def check_short_code(code: str) -> str | None:
    """Why this cannot be the 代字 of case numbers (消调〔2026〕第1号), or None."""
    code = (code or "").strip()
    if not code:
        return "请填写案号代字，如：消调"
    if len(code) > MAX_SHORT_CODE:
        return f"案号代字不能超过 {MAX_SHORT_CODE} 个字"
    if any(ch.isspace() or ch.isdigit() or ch in "{}〔〕[]()（）" for ch in code):
        return "案号代字只能由汉字或字母组成，不含数字、空格和括号"
    return None


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("org.name", PLACEHOLDER_ORG_NAME, "text", "单位名称"),
    SettingSpec("org.short_code", "消调", "text", "案号代字"),
    SettingSpec("org.address", "", "text", "单位地址"),
    SettingSpec("org.phone", "", "text", "联系电话"),
    SettingSpec("org.postcode", "", "text", "邮政编码"),
    SettingSpec("case.number_format", "{代字}〔{年}〕第{序号}号", "text", "案件编号格式"),
    SettingSpec("case.sequence_width", 0, "int", "序号最少位数（0为不补零）", maximum=8),
    SettingSpec("limits.own.accept_days", 7, "int", "受理决定期限", minimum=1, maximum=365),
    SettingSpec("limits.own.accept_unit", "working", "choice", "受理决定期限单位", DAY_UNITS),
    SettingSpec("limits.own.mediate_days", 60, "int", "调解期限", minimum=1, maximum=365),
    SettingSpec("limits.own.mediate_unit", "natural", "choice", "调解期限单位", DAY_UNITS),
    SettingSpec("limits.own.notify_days", 7, "int", "终止调解告知期限", minimum=1, maximum=365),
    SettingSpec("limits.own.notify_unit", "working", "choice", "终止调解告知期限单位", DAY_UNITS),
    SettingSpec("limits.own.clue_days", 15, "int", "违法线索核查期限", minimum=1, maximum=365),
    SettingSpec("limits.own.clue_unit", "working", "choice", "违法线索核查期限单位", DAY_UNITS),
    SettingSpec("limits.roll_weekends", True, "bool", "期限届满日为周末时顺延至下一工作日"),
    SettingSpec("limits.due_soon_working_days", 2, "int", "提前提醒的工作日数", minimum=0, maximum=30),
    SettingSpec("warn.repeat_window_days", 90, "int", "重复投诉提醒的时间窗口（天）", minimum=1, maximum=3650),
    SettingSpec("warn.repeat_count", 3, "int", "同一人投诉同一经营者的提醒次数", minimum=2, maximum=100),
    SettingSpec("warn.quantity_threshold", 20, "int", "购买数量提醒阈值（件）", minimum=1, maximum=100000),
    SettingSpec("warn.duplicate_days", 30, "int", "疑似重复登记的日期相差天数", minimum=0, maximum=365),
    SettingSpec("backup.keep", 14, "int", "保留的自动备份份数", minimum=1, maximum=365),
    SettingSpec("backup.second_folder", "", "text", "第二备份位置（另一块硬盘或U盘）"),
    SettingSpec("judicial.courts", "", "text",
                "司法确认受理法院（以“；”分隔，首个为默认）"),
    SettingSpec("print.font_source", "bundled", "choice", "文书字体", ("bundled", "windows")),
    SettingSpec("security.max_failed_logins", 5, "int", "连续登录失败锁定次数", minimum=1, maximum=100),
    SettingSpec("security.lockout_minutes", 15, "int", "锁定时长（分钟）", minimum=1, maximum=1440),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}


def coerce(key: str, raw: object) -> object:
    """A stored or typed value → the type its spec says; raises ValueError with a Chinese message."""
    spec = SPEC_BY_KEY[key]
    if spec.kind == "int":
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{spec.label}应为整数") from None
        if not spec.minimum <= value <= spec.maximum:
            raise ValueError(f"{spec.label}应在{spec.minimum}到{spec.maximum}之间")
        return value
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "yes", "是")
    if spec.kind == "choice":
        value = str(raw)
        if value not in spec.choices:
            raise ValueError(f"{spec.label}只能是：{'、'.join(spec.choices)}")
        return value
    text = "" if raw is None else str(raw)
    problem = check_plain_text(text, spec.label, multiline=True)
    if problem:
        raise ValueError(problem)
    check = TEXT_CHECKS.get(key)
    return check(text.strip()) if check else text


def _postcode(value: str) -> str:
    """China's postcodes have six digits (311100); empty: not printed."""
    if value and not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise ValueError("邮政编码应为6位数字（如 311100），或留空")
    return value


TEXT_CHECKS = {"org.postcode": _postcode}
