"""Custom peewee fields."""
from __future__ import annotations

from decimal import Decimal

from peewee import BigIntegerField

from app.domain.money import from_fen, parse_money, to_fen


class MoneyField(BigIntegerField):
    """Decimal yuan in Python, integer 分 in the database: exact on SQLite (whose NUMERIC is a
    float underneath) and PostgreSQL alike, and SUM() in SQL stays exact."""

    def db_value(self, value):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = parse_money(value)
        return to_fen(value)

    def python_value(self, value):
        return from_fen(value) if value is not None else None
