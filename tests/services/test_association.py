"""The association's own details: name, 代字 and units, saved together with their audit rows."""
from __future__ import annotations

import pytest

from app.db.models import AuditLog
from app.domain.errors import NotAllowed, ValidationFailed
from app.services import association
from app.services.context import SYSTEM, Actor
from app.services.settings import dictionary, get_settings

pytestmark = pytest.mark.usefixtures("db")


def test_a_new_database_needs_the_association_set_up_and_saving_it_does():
    assert association.needs_setup() and get_settings()["org.name"] == "某某县消费者协会"
    added = association.set_up_association(SYSTEM, " 青山县消费者协会 ", "青消调", ["城关分会", "白沙镇联络站"])
    assert added == ["城关分会", "白沙镇联络站"] and not association.needs_setup()
    assert (get_settings()["org.name"], get_settings()["org.short_code"]) == ("青山县消费者协会", "青消调")
    assert [e.label for e in dictionary("unit")] == ["本会", "城关分会", "白沙镇联络站"]
    actions = [a for (a,) in AuditLog.select(AuditLog.action).order_by(AuditLog.id).tuples()]
    assert actions == ["update_settings", "add_dictionary", "add_dictionary"]
    # a second save adds only the units not yet known
    assert association.set_up_association(SYSTEM, "青山县消费者协会", "青消调", ["城关分会", "新区"]) == ["新区"]
    assert association.current_association().units == ("城关分会", "白沙镇联络站", "新区")


@pytest.mark.parametrize("name, code, field", [
    ("某某县消费者协会", "消调", "org.name"), ("", "消调", "org.name"), ("青山县消费者协会", "", "org.short_code"),
    ("青山县消费者协会", "消调 1", "org.short_code"), ("青山县消费者协会", "消〔调〕", "org.short_code"),
])
def test_the_placeholder_or_an_unusable_code_is_refused_and_nothing_is_saved(name, code, field):
    with pytest.raises(ValidationFailed) as refused:
        association.set_up_association(SYSTEM, name, code, ["城关分会"])
    assert field in refused.value.errors
    assert association.needs_setup() and [e.label for e in dictionary("unit")] == ["本会"]
    assert AuditLog.select().count() == 0


def test_only_who_may_change_settings_sets_up_the_association():
    with pytest.raises(NotAllowed):
        association.set_up_association(Actor(None, "clerk", "登记员", "clerk"), "青山县消费者协会", "消调")


def test_units_typed_one_a_line_or_in_a_row():
    assert association.unit_names("城关分会\n\n 白沙镇联络站 、城关分会，新区;") == ["城关分会", "白沙镇联络站", "新区"]
