"""Stopping a mediator's account when cases are still theirs: how many open cases they hold, who
can take them over, and the hand-over with the stop in one transaction (each moved case with its
own audit row, so the case's 操作日志 says who has it now and why)."""
from __future__ import annotations

from app.db.connection import write_transaction
from app.db.models import Case, User
from app.domain.errors import ValidationFailed
from app.domain.lifecycle import ACTIVE_STATES
from app.domain.permissions import MEDIATOR_ROLES
from app.services import users
from app.services.case_actions import load_for_update, save_case
from app.services.context import Actor, require
from app.services.lookups import MEDIATOR_GONE, is_active_mediator


def open_case_count(user_id: int) -> int:
    """Cases not yet closed whose mediator is this user."""
    return Case.select().where((Case.mediator == user_id) & Case.state.in_(ACTIVE_STATES)).count()


def successors(user_id: int) -> list[tuple[int, str]]:
    """Active users other than this one who may mediate, by name: (id, display name)."""
    query = (User.select(User.id, User.display_name)
             .where((User.active == True) & User.role.in_(MEDIATOR_ROLES) & (User.id != user_id))  # noqa: E712 - peewee
             .order_by(User.display_name))
    return list(query.tuples())


def deactivate(actor: Actor, user_id: int, hand_to: int | None = None, expected_version: int | None = None) -> int:
    """Stop the account; with `hand_to`, its open cases go to that mediator first. One
    transaction: if anything is refused, no case has moved and the account is unchanged.
    Returns how many cases were handed over."""
    require(actor, "users")
    if hand_to is not None and (hand_to == user_id or not is_active_mediator(hand_to)):
        raise ValidationFailed.single("mediator", MEDIATOR_GONE)
    with write_transaction():
        moved = _hand_over(actor, user_id, hand_to) if hand_to is not None else 0
        users.set_active(actor, user_id, False, expected_version)
    return moved


def _hand_over(actor: Actor, user_id: int, hand_to: int) -> int:
    names = dict(User.select(User.id, User.display_name).where(User.id.in_([user_id, hand_to])).tuples())
    old, new = names.get(user_id, ""), names[hand_to]
    ids = [i for (i,) in Case.select(Case.id).where((Case.mediator == user_id) & Case.state.in_(ACTIVE_STATES))
           .order_by(Case.id).tuples()]
    for case_id in ids:
        case = load_for_update(case_id)
        case.mediator = hand_to
        save_case(actor, case, "hand_over", f"调解员由{old}移交给{new}（停用{old}的账户）",
                  [{"field": "mediator_id", "old": user_id, "new": hand_to}])
    return len(ids)
