"""Identity documents a consumer or an agent brings (docs/rules.md §4): one check per type, the
birth date and gender where the number carries them, and recognising the type of a bare number
(a ledger without a 证件类型 column).

The formats, from their public rules:
- 居民身份证 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd = male),
  MOD 11-2 check character. The 15-digit numbers of GB 11643-1989 (6 region, YYMMDD of a 19xx
  birth, 3 sequence, no check character) still appear in old records: accepted with a note.
- 港澳台居民居住证 (2018): the same 18-character layout, region 810000 (Hong Kong), 820000 (Macao)
  or 830000 (Taiwan).
- 外国人永久居留身份证, 2023 card (国家移民管理局): 18 characters, first "9", then the 2-digit
  province of the accepting authority, a 3-digit nationality code, the birth date, a sequence and
  the MOD 11-2 check — the resident ID's layout. The 2017 card's 15 characters (3 letters of the
  nationality + 12 digits) stay valid until the card expires: accepted by their shape, with a note.
- 港澳居民来往内地通行证 (公安部 rule of 1999): "H" (Hong Kong) or "M" (Macao) + 8-digit lifetime
  number, followed on older cards by 2 digits counting renewals.
- 台湾居民来往大陆通行证: 8-digit lifetime number since 2008 ("一人一号"); older cards carry 10
  digits, possibly with the issuing office in brackets, e.g. 0561682001(D).
- 护照: no rule common to every country; the machine-readable zone (ICAO 9303) allows letters
  and digits only.
- 其他证件: free text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.codes import ID_TYPES
from app.domain.validators import check_gb11643, check_plain_text, clean, without_spaces

ID_NUMBER_LIMIT = 40          # the database column's width
# Province-level codes (GB/T 2260): the first two digits of a mainland resident ID.
PROVINCE_CODES = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                      *range(61, 66))] + ["71", "81", "82"])
PERMIT_REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
# Types whose number carries the birth date and the gender.
DERIVING_TYPES = ("resident", "residence_permit", "foreign_permanent")

_EIGHTEEN = re.compile(r"^\d{17}[\dX]$")
_FIFTEEN = re.compile(r"^\d{15}$")
_FOREIGN_2017 = re.compile(r"^[A-Z]{3}\d{12}$")
_HK_MO = re.compile(r"^[HM]\d{8}(?:\d{2})?$")
_TW = re.compile(r"^\d{8}$|^\d{10}(?:\([A-Z0-9]\))?$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_PASSPORT_LIKE = re.compile(r"^[A-Z]{1,2}\d{6,8}$")   # E12345678, EA1234567, G12345678 …
_DIGITS_LIKE = re.compile(r"^\d{13,19}X?$")

# What offices write in a 证件类型 cell besides the labels themselves.
TYPE_ALIASES = {
    "身份证": "resident", "二代身份证": "resident", "居民身份证号": "resident", "公民身份号码": "resident",
    "港澳居民居住证": "residence_permit", "台湾居民居住证": "residence_permit", "居住证": "residence_permit",
    "外国人永久居留证": "foreign_permanent", "永居证": "foreign_permanent", "外国人永久居留身份证号": "foreign_permanent",
    "港澳通行证": "hk_mo_permit", "回乡证": "hk_mo_permit", "港澳居民来往内地通行证号": "hk_mo_permit",
    "台胞证": "tw_permit", "台湾居民来往大陆通行证号": "tw_permit",
    "其他": "other", "其它": "other", "其它证件": "other",
}


@dataclass(frozen=True)
class IdCheck:
    """The number as stored, the reason it is refused (None when good) and notes for the clerk
    (a legacy number, a region code that is no province) that never refuse it."""
    number: str
    error: str | None = None
    notes: tuple[str, ...] = ()


def normalize_id_number(id_type: str, text: str | None) -> str:
    """Trimmed, full-width forms made ordinary, spaces removed and letters upper-cased for the
    types with a rule; free text (其他证件) only trimmed."""
    value = clean(text)
    if id_type == "other":
        return value
    value = without_spaces(value).upper()
    return value.replace("（", "(").replace("）", ")")


def type_of_label(text: str | None) -> str | None:
    """The code of a 证件类型 as written in a ledger: a label, a code or a common name."""
    value = without_spaces(clean(text))
    return ID_TYPES.code(value) or TYPE_ALIASES.get(value)


def recognise_id_type(text: str | None) -> str | None:
    """The type a bare number has the shape of, None when it has none. A run of digits that is
    no known length is taken for a mistyped resident ID, so that its check says what is wrong."""
    number = normalize_id_number("resident", text)
    if not number:
        return None
    if _EIGHTEEN.match(number):
        if number[:6] in PERMIT_REGIONS:
            return "residence_permit"
        return "foreign_permanent" if number[0] == "9" else "resident"
    if _FIFTEEN.match(number):
        return "resident"
    if _FOREIGN_2017.match(number):
        return "foreign_permanent"
    if _HK_MO.match(number):
        return "hk_mo_permit"
    if _TW.match(number):
        return "tw_permit"
    if _PASSPORT_LIKE.match(number):
        return "passport"
    if _DIGITS_LIKE.match(number):
        return "resident"
    return None


# ---------------------------------------------------------------- the checks per type
def check_id_number(id_type: str, text: str | None, today: date) -> IdCheck:
    """The one check every caller uses (registration, the form as the clerk types, the ledger
    import). An empty number is good: the number is optional (docs/rules.md §4)."""
    number = normalize_id_number(id_type, text)
    if not number:
        return IdCheck("")
    label = ID_TYPES.label(id_type)
    if id_type not in ID_TYPES.codes():
        return IdCheck(number, "请选择证件类型")
    if len(number) > ID_NUMBER_LIMIT:
        return IdCheck(number, f"{label}号码过长（{len(number)}位，最多{ID_NUMBER_LIMIT}位）")
    checker = _CHECKS.get(id_type)
    if checker is None:
        return IdCheck(number, check_plain_text(number, "证件号码"))
    return checker(number, today)


def _check_resident(number: str, today: date) -> IdCheck:
    if _FIFTEEN.match(number):
        return _check_legacy_resident(number, today)
    error = check_gb11643(number, today, "身份证号")
    if error:
        return IdCheck(number, error)
    notes = []
    if number[:6] in PERMIT_REGIONS:
        notes.append(f"号码以{number[:6]}开头，是{PERMIT_REGIONS[number[:6]]}居民的港澳台居民居住证号码；请核对证件类型")
    elif number[:2] not in PROVINCE_CODES:
        notes.append(f"身份证号前两位“{number[:2]}”不是省级行政区代码，请核对号码")
    return IdCheck(number, None, tuple(notes))


def _check_legacy_resident(number: str, today: date) -> IdCheck:
    born = _birth(number, legacy=True)
    if born is None:
        return IdCheck(number, "15位身份证号中的出生日期不存在")
    if born > today:
        return IdCheck(number, "15位身份证号中的出生日期晚于今天")
    notes = ["15位旧身份证号（1999年以前签发，无校验位），已按旧号码规则核对；持有18位新证的，请登记新号码"]
    if number[:2] not in PROVINCE_CODES:
        notes.append(f"身份证号前两位“{number[:2]}”不是省级行政区代码，请核对号码")
    return IdCheck(number, None, tuple(notes))


def _check_residence_permit(number: str, today: date) -> IdCheck:
    if len(number) == 18 and number[:6] not in PERMIT_REGIONS:
        return IdCheck(number, "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头")
    return IdCheck(number, check_gb11643(number, today, "居住证号码"))


def _check_foreign_permanent(number: str, today: date) -> IdCheck:
    if _FOREIGN_2017.match(number):
        return IdCheck(number, None, ("2017年版永居证号码（3位字母+12位数字），请核对证件有效期；"
                                      "2023年12月起新证为以9开头的18位号码",))
    if len(number) == 18 and number[0] != "9":
        return IdCheck(number, "外国人永久居留身份证号码应以9开头（2023年版，18位）；"
                               "2017年版为3位字母加12位数字")
    error = check_gb11643(number, today, "永居证号码")
    if error:
        return IdCheck(number, error)
    notes = () if number[1:3] in PROVINCE_CODES else (f"永居证号码第2–3位“{number[1:3]}”不是省级行政区代码，请核对号码",)
    return IdCheck(number, None, notes)


def _check_passport(number: str, _today: date) -> IdCheck:
    if not _PASSPORT.match(number):
        return IdCheck(number, "护照号码应为5–20位字母或数字（不含空格和符号）")
    return IdCheck(number)


def _check_hk_mo(number: str, _today: date) -> IdCheck:
    if not _HK_MO.match(number):
        return IdCheck(number, "港澳居民来往内地通行证号码应为H或M加8位数字（旧证为H或M加10位数字），如 H12345678")
    return IdCheck(number)


def _check_tw(number: str, _today: date) -> IdCheck:
    if not _TW.match(number):
        return IdCheck(number, "台湾居民来往大陆通行证号码应为8位数字（旧证为10位数字，可带括号内的字母），如 12345678")
    return IdCheck(number)


_CHECKS = {
    "resident": _check_resident, "residence_permit": _check_residence_permit,
    "foreign_permanent": _check_foreign_permanent, "passport": _check_passport,
    "hk_mo_permit": _check_hk_mo, "tw_permit": _check_tw,
}


def _birth(number: str, legacy: bool = False) -> date | None:
    try:
        if legacy:
            return date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


# ---------------------------------------------------------------- what the number tells
@dataclass(frozen=True)
class IdFacts:
    """What an identity document's number says about its holder (nothing, for most types)."""
    birth_date: date | None = None
    gender: str | None = None          # "male" / "female"


def facts_from_id(id_type: str | None, text: str | None, today: date) -> IdFacts:
    """The birth date and gender a valid number gives, for the types whose number carries them
    (resident ID of 18 or 15 digits, residence permit, 2023 permanent residence card); nothing
    otherwise — a passport or a travel permit says neither, and a number that fails its check
    says nothing. The one place this is decided: the form shows these instead of letting them be
    typed, and the services refuse a person who contradicts them."""
    id_type = id_type or "resident"
    return facts_of_check(id_type, check_id_number(id_type, text, today))


def facts_of_check(id_type: str, result: IdCheck) -> IdFacts:
    """facts_from_id for a number already checked (check_id_number's answer for `id_type`): a
    caller that has just checked the number does not check it again."""
    number = result.number
    if result.error or not number or id_type not in DERIVING_TYPES:
        return IdFacts()
    if id_type == "resident" and _FIFTEEN.match(number):
        return IdFacts(_birth(number, legacy=True), _gender(number[14]))
    if not _EIGHTEEN.match(number):          # the 2017 permanent residence card
        return IdFacts()
    return IdFacts(_birth(number), _gender(number[16]))


def check_birth_date_against_id(birth_date: date | None, facts: IdFacts) -> str | None:
    if birth_date and facts.birth_date and birth_date != facts.birth_date:
        return f"出生日期与证件号码不一致（号码中为 {facts.birth_date.isoformat()}）"
    return None


def check_gender_against_id(gender: str | None, facts: IdFacts) -> str | None:
    if gender in ("male", "female") and facts.gender and gender != facts.gender:
        return "性别与身份证号不一致"
    return None


def _gender(digit: str) -> str:
    return "male" if int(digit) % 2 else "female"


def carries_facts(id_type: str) -> bool:
    """Whether numbers of this type can tell birth date and gender at all."""
    return id_type in DERIVING_TYPES
