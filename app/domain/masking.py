"""Masks for personal information in lists and shared exports (docs/rules.md §11)."""
from __future__ import annotations

# Types whose 18-character number is laid out like the resident ID (region, birth date, sequence,
# check): the region and the last four stay readable, the birth date is hidden.
_GB11643_TYPES = ("resident", "residence_permit", "foreign_permanent")


def mask_id_number(value: str | None, id_type: str | None = None) -> str:
    """The masked form of an identity document's number, by its type (recognised from the number
    when the type is not known, as in an operation-log entry):
    - 110105194912310021 → 110105********0021 (resident ID, residence permit, permanent residence
      card); a 15-digit resident ID keeps its last three: 110105******002;
    - any other number (passport, travel permits, other documents) keeps its first character and
      last two and hides at least half of it: E12345678 → E******78, 12345678 → 1*****78."""
    if not value:
        return ""
    if id_type is None:
        # imported here: the case list masks phones only, and the start-up then does not import
        # the document checks (their patterns and records) before the first paint
        from app.domain.identity import recognise_id_type
        id_type = recognise_id_type(value) or "other"
    if id_type in _GB11643_TYPES and len(value) == 18:
        return value[:6] + "*" * 8 + value[-4:]
    if id_type == "resident" and len(value) == 15:
        return value[:6] + "*" * 6 + value[-3:]
    return _mask_middle(value)


def _mask_middle(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    shown_tail = 2 if len(value) >= 6 else 1
    return value[0] + "*" * (len(value) - 1 - shown_tail) + value[-shown_tail:]


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
