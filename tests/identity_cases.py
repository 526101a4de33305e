"""Identity numbers per document type, valid and invalid (issue 12, item 5) — one table that the
domain, registration, form and ledger tests all walk through.

The check characters are computed here with ISO 7064 MOD 11-2 written the textbook way (weights
2^(n-1) mod 11, check = (12 − sum mod 11) mod 11), not with the program's lookup table, so the
two implementations check each other. GB 11643's own example, 11010519491231002X, comes out of it.
"""
from __future__ import annotations

from datetime import date


def mod11_2(body17: str) -> str:
    total = sum(int(digit) * pow(2, 17 - i, 11) for i, digit in enumerate(body17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def with_check(body17: str) -> str:
    return body17 + mod11_2(body17)


def wrong_check(body17: str) -> str:
    good = mod11_2(body17)
    return body17 + ("0" if good != "0" else "1")


assert with_check("11010519491231002") == "11010519491231002X"

HK_PERMIT_RESIDENT = with_check("81000019900101123")      # born 1990-01-01, 17th digit 3: male
TW_PERMIT_RESIDENT = with_check("83000019851120002")      # born 1985-11-20, female
FOREIGN_2023 = with_check("91184019850615001")            # 9, Beijing 11, nationality 840, 1985-06-15, male

# (type, number as typed, birth date, gender) — accepted, with what the number tells (None: nothing)
VALID = [
    ("resident", "11010519491231002X", date(1949, 12, 31), "female"),
    ("resident", "11010519491231002x", date(1949, 12, 31), "female"),
    ("resident", "110105491231003", date(1949, 12, 31), "male"),            # 15-digit legacy
    ("residence_permit", HK_PERMIT_RESIDENT, date(1990, 1, 1), "male"),
    ("residence_permit", TW_PERMIT_RESIDENT, date(1985, 11, 20), "female"),
    ("foreign_permanent", FOREIGN_2023, date(1985, 6, 15), "male"),
    ("foreign_permanent", "USA110085061510", None, None),                   # the 2017 card
    ("passport", "E12345678", None, None),
    ("passport", "EA1234567", None, None),
    ("passport", "p 5512 3456", None, None),                                # spaces, lower case
    ("hk_mo_permit", "H12345678", None, None),
    ("hk_mo_permit", "M1234567801", None, None),                            # older card, renewal count
    ("tw_permit", "12345678", None, None),
    ("tw_permit", "0561682001（D）", None, None),                            # older card, issuing office
    ("other", "军官证 第0012345号", None, None),
]

# (type, number, words of the reason)
INVALID = [
    ("resident", "110105194912310021", "身份证号校验位不符"),
    ("resident", "11010519491231002", "身份证号应为18位，现为17位"),
    ("resident", with_check("11010519490230002"), "出生日期不存在"),
    ("resident", "110105490230003", "15位身份证号中的出生日期不存在"),
    ("residence_permit", "11010519491231002X", "应以810000（香港）、820000（澳门）或830000（台湾）开头"),
    ("residence_permit", wrong_check("81000019900101123"), "居住证号码校验位不符"),
    ("foreign_permanent", "11010519491231002X", "应以9开头"),
    ("foreign_permanent", wrong_check("91184019850615001"), "永居证号码校验位不符"),
    ("passport", "E1234-5678", "护照号码应为5–20位字母或数字"),
    ("passport", "护照E123", "护照号码应为5–20位字母或数字"),
    ("passport", "E123", "护照号码应为5–20位字母或数字"),
    ("hk_mo_permit", "H1234567", "港澳居民来往内地通行证号码应为H或M加8位数字"),
    ("hk_mo_permit", "A12345678", "港澳居民来往内地通行证号码应为H或M加8位数字"),
    ("tw_permit", "1234567", "台湾居民来往大陆通行证号码应为8位数字"),
    ("tw_permit", "T12345678", "台湾居民来往大陆通行证号码应为8位数字"),
    ("other", "编号\x07123", "控制字符"),
]

# Resident IDs that are checked and accepted but draw a note (never refused).
NOTED = [
    (with_check("00000019491231002"), "前两位“00”不是省级行政区代码"),
    (with_check("99042619491231002"), "前两位“99”不是省级行政区代码"),
    ("110105491231003", "15位旧身份证号"),
    (HK_PERMIT_RESIDENT, "是香港居民的港澳台居民居住证号码"),
]
