"""The case list's row cache and page fetch (issue 17, item 4) show what the list showed before,
on a shared fixture of demo cases: the same rows in the same order for every sort, queue and
search, and in every cell the same text, colours, tooltip and badge as the uncached path
(ColumnTableModel.data reading the row) — the labels checked against the database itself."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.db.models import Case
from app.domain.codes import OUTCOMES, STATES
from app.domain.money import format_yuan
from app.services.context import SYSTEM
from app.services.queries import CaseFilter, case_ids
from app.services.settings import labels
from app.ui.cases import list_model
from app.ui.cases.list_model import CASE_COLUMNS, CaseListModel
from app.ui.table_model import BADGE_ROLE, ROW_ROLE, ColumnTableModel

PAGE = 40
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.TextAlignmentRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole,
         BADGE_ROLE, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole)
QUEUES = ("to_accept", "mediating", "due_soon", "overdue", "to_follow_up", "closed", "all")


@pytest.fixture
def demo_cases(sqlite_db):
    from app.services.demo import generate_demo
    generate_demo(SYSTEM, 300, seed=11)


def _comparable(value):
    """A brush by its colour; everything else as it is."""
    if hasattr(value, "color"):
        return ("brush", value.color().name(), value.style().name)
    if isinstance(value, tuple) and len(value) == 3 and hasattr(value[1], "name"):
        return (value[0], value[1].name(), value[2].name())
    return value


def _expected_texts(case_id: int, categories: dict) -> dict[str, str]:
    """What the simple columns must read, from the case's own row (not through the list code)."""
    case = Case.get_by_id(case_id)
    state = (f"{STATES.label('closed')}·{OUTCOMES.label(case.outcome)}" if case.state == "closed" and case.outcome
             else STATES.label(case.state))
    return {"number": case.number, "received_date": case.received_date.isoformat(),
            "complainant": case.complainant.name, "business": case.business.name,
            "category": categories.get(case.category_code, case.category_code), "state_label": state,
            "mediator": case.mediator.display_name if case.mediator else "", "amount": format_yuan(case.amount)}


def _check_first_page(model: CaseListModel, flt: CaseFilter, sort: str, descending: bool, categories: dict) -> int:
    model.sort_column, model.descending = sort, descending
    model.set_filter(flt)
    whole = case_ids(flt, sort, descending, actor=model.actor)
    assert model.ids.tolist() == whole[:list_model.PAGE_SIZE], (flt, sort, descending)      # the first page at once
    model.complete_ids()                                                          # then the others
    shown = min(PAGE, len(whole))
    assert model.ids.tolist() == whole, (flt, sort, descending)
    for row in range(shown):
        texts = _expected_texts(whole[row], categories)
        for column, spec in enumerate(model.columns):
            index = model.index(row, column)
            for role in ROLES:
                cached = _comparable(model.data(index, role))
                assert cached == _comparable(ColumnTableModel.data(model, index, role)), (row, spec.key, role)
            if spec.key in texts:
                assert model.data(index, Qt.ItemDataRole.DisplayRole) == texts[spec.key], (row, spec.key)
        assert model.data(model.index(row, 0), ROW_ROLE).id == whole[row]
    return shown


def test_every_sort_queue_and_search_shows_the_same_rows_and_cells_as_before(qtbot, demo_cases, monkeypatch):
    monkeypatch.setattr(list_model, "PAGE_SIZE", 25)          # the first screen spans two pages
    model = CaseListModel(SYSTEM)
    categories = labels("category")
    shown = 0
    for spec in CASE_COLUMNS:
        if spec.sort_key:
            for descending in (False, True):
                shown += _check_first_page(model, CaseFilter(), spec.sort_key, descending, categories)
    for queue in QUEUES:
        shown += _check_first_page(model, CaseFilter(queue=queue), "received_date", True, categories)
    for term in ("张", "空调", "质量", "138"):
        shown += _check_first_page(model, CaseFilter(text=term), "complainant", False, categories)
    assert shown > 20 * PAGE          # 29 first screens, most of them full
    model.deleteLater()
