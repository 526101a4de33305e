"""Who is acting and what day it is — passed to every service call."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from app.domain.codes import ROLES
from app.domain.errors import NotAllowed
from app.domain.permissions import PERMISSIONS, may


class Actor(NamedTuple):
    """Who acts: a NamedTuple (a frozen dataclass compiled its methods at every start)."""
    user_id: int | None
    username: str
    display_name: str
    role: str

    def may(self, permission: str) -> bool:
        return may(self.role, permission)


# The command line and first start act as this administrator (no interactive login there).
SYSTEM = Actor(None, "system", "系统", "admin")

_frozen_today: date | None = None


def today() -> date:
    return _frozen_today or date.today()


def freeze_today(day: date | None) -> None:
    """Tests and demo data pin 'today'; None returns to the real date."""
    global _frozen_today
    _frozen_today = day


def require(actor: Actor, permission: str) -> None:
    if not actor.may(permission):
        raise NotAllowed(f"“{ROLES.label(actor.role)}”角色无权{PERMISSIONS[permission]}")
