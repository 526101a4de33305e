"""Masks for personal information in lists and shared exports (docs/rules.md §11)."""
from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """110105194912310021 → 110105********0021: region kept, birth date hidden."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678; landlines keep area code and last four digits."""
    if not value:
        return ""
    digits = value
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    head = digits.split("-")[0] + "-" if "-" in digits else digits[:3]
    return head + "*" * max(0, len(digits) - len(head) - 4) + digits[-4:]
