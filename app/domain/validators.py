"""Field checks of docs/rules.md §4. Each check returns a Chinese message, or None when the value is good.

Normalisers come first so that what a clerk pastes from a web page or a Word file
(full-width digits, spaces, lower-case x) is accepted when it is really the same value.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date
from operator import mul

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (１２３ＡＢＣ) to their ordinary forms; other characters untouched.
    ASCII text has none of them: returned as it is (translate looks up every character, and a
    ledger import cleans hundreds of thousands of phone numbers and codes)."""
    return text if text.isascii() else text.translate(_FULLWIDTH)


_SPACES = re.compile(r"\s+")


def without_spaces(text: str) -> str:
    return _SPACES.sub("", text)


# Invisible format characters that change how text *looks* without being seen: bidirectional
# overrides and isolates (a name that reads backwards, "Trojan source"), zero-width spaces and
# joiners, the byte-order mark. Nothing a clerk types needs them: they are removed.
_INVISIBLE_CHARS = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Control characters (Excel's _x0007_ and friends): refused with the field named. Tab, line feed
# and carriage return are allowed in multi-line text only.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
NOT_ORDINARY = f"\x00-\x1f\x7f-\x9f{_INVISIBLE_CHARS}"   # what ordinary_text refuses, as a character class's inside
_CONTROL_OR_INVISIBLE = re.compile(f"[{NOT_ORDINARY}]")


def ordinary_text(text: str) -> bool:
    """True when `text` holds no control character, break or invisible character, so that neither
    check_plain_text nor strip_invisible has anything to do (one scan: a ledger import reads
    millions of cells)."""
    return _CONTROL_OR_INVISIBLE.search(text) is None


def strip_invisible(text: str | None) -> str:
    if not text or text.isascii():     # every invisible character is beyond ASCII
        return text or ""
    return INVISIBLE.sub("", text)


def check_plain_text(text: str | None, label: str, multiline: bool = False) -> str | None:
    """A message when the text holds a control character (which no form can show and Excel
    refuses to save), else None."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE).search(text or "")
    if found:
        return f"{label}含有不可见的控制字符（U+{ord(found.group()):04X}），请删除后重新填写"
    return None


def control_character_problems(values, label_of: Callable[[str], str], path: str = "") -> dict[str, str]:
    """Every text inside `values` — a dict, list or dataclass, walked to any depth — that holds a
    control character, by its key path ("terms.0.description"), with the message beside it. The
    one check every entry point runs over what it is given, whatever the form (issue 14)."""
    if isinstance(values, str):
        problem = check_plain_text(values, label_of(path.rsplit(".", 1)[-1]), multiline=True)
        return {path: problem} if problem else {}
    if is_dataclass(values) and not isinstance(values, type):
        values = {f.name: getattr(values, f.name) for f in fields(values)}
    if isinstance(values, dict):
        items = ((str(k), v) for k, v in values.items())
    elif isinstance(values, (list, tuple)):
        items = ((str(i), v) for i, v in enumerate(values))
    else:
        return {}
    found: dict[str, str] = {}
    for key, value in items:
        found.update(control_character_problems(value, label_of, f"{path}.{key}" if path else key))
    return found


def clean(text: str | None) -> str:
    """For codes and numbers: trimmed, full-width forms made ordinary (１２３ → 123), invisible
    format characters removed."""
    return to_halfwidth(strip_invisible(text)).strip()


def tidy(text: str | None) -> str:
    """For names, addresses and other Chinese text: trimmed and invisible format characters
    removed — full-width punctuation such as （）：， is correct Chinese typography and stays."""
    return strip_invisible(text).strip()


# ---------------------------------------------------------------- resident ID (GB 11643)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def normalize_resident_id(text: str | None) -> str:
    return without_spaces(clean(text)).upper()


def resident_id_check_char(first17: str) -> str:
    total = sum(map(mul, map(int, first17), ID_WEIGHTS))     # in C: an import checks every row's number
    return ID_CHECK_CHARS[total % 11]


def resident_id_birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def resident_id_gender(number: str) -> str:
    """"male" or "female" from the 17th digit (odd = male)."""
    return "male" if int(number[16]) % 2 else "female"


def check_resident_id(text: str | None, today: date) -> str | None:
    """An 18-character resident ID; other identity documents: app/domain/identity.py."""
    return check_gb11643(normalize_resident_id(text), today, "身份证号")


def check_gb11643(number: str, today: date, what: str) -> str | None:
    """GB 11643's layout, shared by the resident ID, the residence permit of Hong Kong, Macao and
    Taiwan residents and the 2023 permanent residence card: 17 digits and a check character, a
    real birth date not in the future. `what` names the number in the message."""
    if len(number) != 18:
        return f"{what}应为18位，现为{len(number)}位"
    if not _ID_RE.match(number):
        return f"{what}前17位应为数字，最后一位为数字或X"
    born = resident_id_birth_date(number)
    if born is None:
        return f"{what}中的出生日期不存在"
    if born > today:
        return f"{what}中的出生日期晚于今天"
    if born.year < 1900:
        return f"{what}中的出生年份早于1900年"
    if number[17] != resident_id_check_char(number[:17]):
        return f"{what}校验位不符，请核对号码"
    return None


# ---------------------------------------------------------------- credit code (GB 32100-2015)
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_credit_code(text: str | None) -> str:
    return without_spaces(clean(text)).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(text: str | None) -> str | None:
    code = normalize_credit_code(text)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，现为{len(code)}位"
    bad = sorted({ch for ch in code if ch not in CREDIT_ALPHABET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用I、O、Z、S、V）"
    if not code[2:8].isdigit():
        # GB 32100-2015: positions 3–8 are the registering authority's administrative division code.
        return f"统一社会信用代码第3–8位应为6位数字的行政区划代码，现为“{code[2:8]}”"
    if code[17] != credit_code_check_char(code[:17]):
        return "统一社会信用代码校验位不符，请核对"
    return None


# ---------------------------------------------------------------- phones
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# Businesses often publish national service numbers; a careful clerk accepts those for a business.
_SERVICE_RE = re.compile(r"^(?:[48]00-?\d{3}-?\d{4}|95\d{3,6}|96\d{3,6}|12\d{3})$")


_PHONE_SEPARATORS = re.compile(r"[\s()（）]")


def normalize_phone(text: str | None) -> str:
    value = _PHONE_SEPARATORS.sub("", clean(text))
    value = value.replace("—", "-").replace("－", "-")
    if value.startswith("+86"):
        value = value[3:].lstrip("-")
    elif value.startswith("0086"):
        value = value[4:].lstrip("-")
    return value


def check_phone(text: str | None, allow_service_numbers: bool = False) -> str | None:
    value = normalize_phone(text)
    if not value:
        return "请填写联系电话"
    if _MOBILE_RE.match(value) or _LANDLINE_RE.match(value):
        return None
    if allow_service_numbers and _SERVICE_RE.match(value):
        return None
    if value.startswith("1") and value.isdigit():
        return "手机号应为以13–19开头的11位数字"
    return "电话号码格式不正确：手机号11位，座机如 0571-87654321"


# ---------------------------------------------------------------- dates
def check_not_future(value: date | None, today: date, what: str = "日期") -> str | None:
    if value is not None and value > today:
        return f"{what}不能晚于今天"
    return None


def check_purchase_before_receipt(purchase: date | None, received: date | None) -> str | None:
    if purchase and received and purchase > received:
        return "购买/接受服务日期不能晚于登记日期"
    return None


# ---------------------------------------------------------------- text
def check_required(text: str | None, label: str) -> str | None:
    return None if (text or "").strip() else f"请填写{label}"


def check_length(text: str | None, limit: int, label: str) -> str | None:
    if text and len(text) > limit:
        return f"{label}过长（{len(text)}字，最多{limit}字）"
    return None


def check_chosen(code: str | None, what: str) -> str | None:
    """A pick from a list (a category, a nature) is required."""
    return None if code else f"请选择{what}"


def check_quantity(value) -> str | None:
    """数量: empty, or a whole number not below zero."""
    text = str(value).strip() if value is not None else ""
    return None if not text or text.isdigit() else "数量应为非负整数"


def check_platform_no(channel: str | None, platform_no: str | None) -> str | None:
    """A complaint transferred from the national 12315 platform carries its number there."""
    if channel == "platform12315" and not clean(platform_no):
        return "全国12315平台转办的投诉须填写平台编号"
    return None


def check_typical_summary(typical: bool, summary: str | None) -> str | None:
    """A typical case (典型案例, for training and publicity) needs its short summary."""
    return "典型案例须填写简要案情" if typical and not (summary or "").strip() else None
