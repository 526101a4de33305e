from datetime import date
from decimal import Decimal

import pytest

from app.domain.masking import mask_id_number, mask_phone
from app.domain.money import MoneyError, chinese_capitals, parse_money, to_fen, from_fen
from app.domain.validators import (
    check_credit_code, check_phone, check_purchase_before_receipt, check_resident_id, normalize_credit_code,
    resident_id_birth_date, resident_id_gender,
)

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", " 11010519491231002X ",
                                    "１１０１０５１９４９１２３１００２Ｘ"])
def test_known_good_resident_ids(number):
    assert check_resident_id(number, TODAY) is None


@pytest.mark.parametrize("number, message", [
    ("110105194912310021", "身份证号校验位不符，请核对号码"),
    ("11010519491231002", "身份证号应为18位，现为17位"),
    ("1101051949123100AX", "身份证号前17位应为数字，最后一位为数字或X"),
    ("110105194902300027", "身份证号中的出生日期不存在"),     # 30 February
    ("110105203001010015", "身份证号中的出生日期晚于今天"),
])
def test_bad_resident_ids_say_why(number, message):
    if "出生" in message:
        # Give the bad-date vectors a correct check character so the date check is what fails.
        from app.domain.validators import resident_id_check_char
        number = number[:17] + resident_id_check_char(number[:17])
    assert check_resident_id(number, TODAY) == message


def test_birth_date_and_gender_come_from_the_id():
    assert resident_id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert resident_id_gender("11010519491231002X") == "female"     # 17th digit 2 is even


@pytest.mark.parametrize("code", ["91110000600037341L", "91110000600037341l", "９１１１００００６０００３７３４１Ｌ"])
def test_known_good_credit_codes(code):
    assert check_credit_code(code) is None
    assert normalize_credit_code(code) == "91110000600037341L"


@pytest.mark.parametrize("code, fragment", [
    ("91110000600037341A", "校验位不符"),
    ("9111000060003734", "应为18位"),
    ("9111000060003734IL", "不允许的字符：I"),
    ("91110000600O37341L", "不允许的字符：O"),
])
def test_bad_credit_codes(code, fragment):
    assert fragment in check_credit_code(code)


@pytest.mark.parametrize("phone", ["13812345678", "+86 138 1234 5678", "0086-13812345678", "0571-87654321",
                                   "057187654321", "010-1234567", "１３８１２３４５６７８"])
def test_good_phones(phone):
    assert check_phone(phone) is None


@pytest.mark.parametrize("phone, fragment", [
    ("12345678901", "手机号应为以13–19开头的11位数字"),
    ("1381234567", "手机号"),
    ("571-87654321", "电话号码格式不正确"),
    ("", "请填写联系电话"),
])
def test_bad_phones(phone, fragment):
    assert fragment in check_phone(phone)


def test_service_numbers_only_for_businesses():
    assert check_phone("400-123-4567") is not None
    assert check_phone("400-123-4567", allow_service_numbers=True) is None
    assert check_phone("95588", allow_service_numbers=True) is None


def test_money_is_exact_and_checked():
    assert parse_money("1,234.5") == Decimal("1234.50")
    assert parse_money("￥0.1") + parse_money("0.2") == Decimal("0.30")
    assert to_fen(Decimal("9999999999.99")) == 999999999999
    assert from_fen(12345) == Decimal("123.45")
    with pytest.raises(MoneyError, match="不能为负数"):
        parse_money("-1")
    with pytest.raises(MoneyError, match="两位小数"):
        parse_money("1.234")
    with pytest.raises(MoneyError, match="应为数字"):
        parse_money("一百元")
    with pytest.raises(TypeError):
        parse_money(0.1)


@pytest.mark.parametrize("amount, text", [
    ("1234.5", "人民币壹仟贰佰叁拾肆元伍角整"),
    ("0", "人民币零元整"),
    ("0.05", "人民币伍分"),
    ("1005", "人民币壹仟零伍元整"),
    ("1000.05", "人民币壹仟元零伍分"),
    ("100100", "人民币壹拾万零壹佰元整"),
    ("30000.00", "人民币叁万元整"),
    ("100000001", "人民币壹亿零壹元整"),
    ("1.01", "人民币壹元零壹分"),
])
def test_chinese_capitals(amount, text):
    assert chinese_capitals(Decimal(amount)) == text


def test_dates():
    assert check_purchase_before_receipt(date(2026, 11, 2), date(2026, 11, 1)) == "购买/接受服务日期不能晚于登记日期"


def test_masks():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"


def test_the_ascii_shortcuts_clean_as_the_full_rules_do():
    """to_halfwidth and strip_invisible skip ASCII text (a ledger import cleans it by the hundred
    thousand): over every character up to U+FFFF, alone and inside ASCII, the answer is the one
    translate and the pattern give."""
    from app.domain.validators import _FULLWIDTH, INVISIBLE, clean, strip_invisible, to_halfwidth
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        for text in (chr(code), f"a{chr(code)} 1"):
            assert to_halfwidth(text) == text.translate(_FULLWIDTH)
            assert strip_invisible(text) == INVISIBLE.sub("", text)
            assert clean(text) == INVISIBLE.sub("", text).translate(_FULLWIDTH).strip()
    assert strip_invisible(None) == strip_invisible("") == "" and to_halfwidth("１３８\u3000") == "138 "
