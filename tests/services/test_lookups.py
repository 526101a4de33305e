"""The filter bar's and forms' look-ups read their rows as tuples (start-up: no model instance per
row); their answers are the ones the model instances gave — checked against that reading, with
deactivated entries and users, on both databases."""
import pytest

from app.db.models import DictEntry, User
from app.domain.permissions import MEDIATOR_ROLES
from app.services.lookups import category_tree, choices, mediators


def _tree_by_instances(active_only: bool, keep: str) -> list[tuple]:
    """What category_tree answered when it walked model instances (before the start-up pass)."""
    entries = list(DictEntry.select().where(DictEntry.kind == "category")
                   .order_by(DictEntry.sort_order, DictEntry.code))

    def wanted(e) -> bool:
        return e.active or not active_only or e.code in (keep, keep[:3])

    majors = {e.code: (e.code, e.label, e.active, []) for e in entries if e.level == "major" and wanted(e)}
    for e in entries:
        if e.level == "minor" and e.parent in majors and wanted(e):
            majors[e.parent][3].append((e.code, e.label, e.active))
    return list(majors.values())


def _flat(tree) -> list[tuple]:
    return [(n.code, n.label, n.active, [(m.code, m.label, m.active) for m in n.minors]) for n in tree]


@pytest.fixture
def some_inactive(db):
    majors = list(DictEntry.select().where(DictEntry.kind == "category", DictEntry.level == "major")
                  .order_by(DictEntry.sort_order))
    minor = DictEntry.select().where(DictEntry.kind == "category", DictEntry.level == "minor",
                                     DictEntry.parent == majors[1].code).first()
    DictEntry.update(active=False).where(DictEntry.id.in_([majors[0].id, minor.id])).execute()
    nature = DictEntry.select().where(DictEntry.kind == "nature").order_by(DictEntry.sort_order).first()
    DictEntry.update(active=False).where(DictEntry.id == nature.id).execute()
    User.create(username="li", display_name="李调解", role="mediator")
    User.create(username="wang", display_name="王停用", role="mediator", active=False)
    User.create(username="zhao", display_name="赵文员", role="clerk")
    return majors[0].code, minor.code, nature.code


@pytest.mark.parametrize("active_only", [True, False])
def test_category_tree_answers_as_the_model_instances_did(some_inactive, active_only):
    inactive_major, inactive_minor, _nature = some_inactive
    for keep in ("", inactive_major, inactive_minor):
        assert _flat(category_tree(active_only, keep)) == _tree_by_instances(active_only, keep)
    shown = {n.code for n in category_tree()}
    assert inactive_major not in shown and shown                     # the filter does filter
    assert inactive_major in {n.code for n in category_tree(active_only=False)}
    assert all(m.code != inactive_minor for n in category_tree() for m in n.minors)


def test_choices_and_mediators_leave_out_the_inactive_unless_kept(some_inactive):
    _major, _minor, nature = some_inactive
    every = [(e.code, e.label) for e in DictEntry.select().where(DictEntry.kind == "nature")
             .order_by(DictEntry.sort_order, DictEntry.code)]
    assert choices("nature", active_only=False) == every
    assert choices("nature") == [pair for pair in every if pair[0] != nature]
    assert choices("nature", keep=nature) == every

    names = [name for _id, name in mediators()]
    assert "李调解" in names and "王停用" not in names and "赵文员" not in names
    gone = User.get(User.username == "wang").id
    assert (gone, "王停用") in mediators(include_id=gone)
    expected = [(u.id, u.display_name) for u in User.select().order_by(User.display_name)
                if (u.active and u.role in MEDIATOR_ROLES) or u.id == gone]
    assert mediators(include_id=gone) == expected
