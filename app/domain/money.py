"""Money: Decimal in code, integer 分 in storage, Chinese capitals on documents. Never float."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.validators import clean

MAX_AMOUNT = Decimal("9999999999.99")  # ten billion yuan: beyond any county complaint
CENT = Decimal("0.01")
_SEPARATORS = re.compile(r"[,，\s]")     # thousands separators and spaces in an amount typed as text


class MoneyError(ValueError):
    """Carries the Chinese message shown next to the field."""


def parse_money(value, label: str = "金额") -> Decimal | None:
    """Text, int or Decimal → Decimal with two places; None for empty. Floats are refused because
    they are already inexact (0.1 + 0.2); callers pass text or Decimal."""
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError("money must not be passed as float")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = _SEPARATORS.sub("", clean(str(value)))
        text = text.removeprefix("¥").removeprefix("￥").removesuffix("元")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"{label}应为数字，如 1234.50") from None
    if not amount.is_finite():
        raise MoneyError(f"{label}应为数字，如 1234.50")
    if amount < 0:
        raise MoneyError(f"{label}不能为负数")
    if amount > MAX_AMOUNT:     # before quantize: 1e28 has no room left for the cents
        raise MoneyError(f"{label}超出可登记的范围（最多 {MAX_AMOUNT:,} 元）")
    if amount != amount.quantize(CENT):
        raise MoneyError(f"{label}最多保留两位小数（到分）")
    return amount.quantize(CENT)


def check_money(value, label: str = "金额") -> str | None:
    try:
        parse_money(value, label)
    except MoneyError as exc:
        return str(exc)
    return None


def agreement_total(terms, only: str | None = None) -> Decimal:
    """The sum of an agreement's term amounts (a term without an amount counts as nothing);
    `only`: of one term type (e.g. "punitive", the 加倍赔偿 part). Terms are mappings with
    "term_type" and "amount"."""
    return sum((t["amount"] or Decimal("0.00") for t in terms if only is None or t["term_type"] == only),
               Decimal("0.00"))


def to_fen(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise MoneyError("金额最多保留两位小数（到分）")
    return int(fen)


def from_fen(fen: int | None) -> Decimal | None:
    if fen is None:
        return None
    return Decimal(int(fen)).scaleb(-2)


def format_yuan(amount: Decimal | None, empty: str = "") -> str:
    """1234.5 → '1,234.50'."""
    if amount is None:
        return empty
    return f"{amount:,.2f}"


def to_wan(amount: Decimal) -> Decimal:
    """元 → 万元 with four places, the way the monthly reports print it (四舍五入: 4,700.50 元 →
    0.4701 万元; Decimal's default would round half to even and print 0.4700)."""
    return (amount / Decimal(10000)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


# ---------------------------------------------------------------- Chinese capitals
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUP_UNITS = ("", "万", "亿", "万亿")


def _four_digits(group: int) -> str:
    text, zero_pending = "", False
    for pos, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = group // pos % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _DIGITS[digit] + unit
    return text


def _integer_capitals(number: int) -> str:
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    out, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _four_digits(group) + _GROUP_UNITS[index]
        gap = False
    return out


def chinese_capitals(amount: Decimal, prefix: str = "人民币") -> str:
    """Decimal('1234.5') → '人民币壹仟贰佰叁拾肆元伍角整' (rules of 《支付结算办法》)."""
    amount = parse_money(amount) or Decimal("0.00")
    fen_total = to_fen(amount)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return prefix + "零元整"
    text = _integer_capitals(yuan) + "元" if yuan else ""
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif fen and yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return prefix + text
