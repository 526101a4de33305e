"""The list's 状态 badge holds its whole text in the column's width (it was 「已办结·调解成功（达成协…」
at 1366 px): the outcome's short label, the whole one in the tooltip."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from app.db.models import Case
from app.domain.codes import OUTCOMES, STATES, case_state_label
from app.services.context import SYSTEM
from app.services.queries import CaseFilter
from app.ui import theme
from app.ui.cases.list_model import CASE_COLUMNS, CaseListModel
from app.ui.table_model import BADGE_ROLE

BADGE_PADDING = 16 + 8        # BadgeDelegate: the pill's padding, and the room it keeps in the cell


@pytest.fixture
def demo_cases(sqlite_db):
    from app.services.demo import generate_demo
    generate_demo(SYSTEM, 300, seed=11)


def test_a_closed_case_shows_its_outcome_short_in_the_badge_and_whole_in_the_tooltip(qtbot, demo_cases):
    model = CaseListModel(SYSTEM)
    model.set_filter(CaseFilter(queue="closed"))
    model.complete_ids()
    column = model.column_index("state_label")
    seen = set()
    for row in range(model.rowCount()):
        case = Case.get_by_id(model.case_id_at(row))
        index = model.index(row, column)
        text, _, _ = model.data(index, BADGE_ROLE)
        assert text == f"{STATES.label('closed')}·{OUTCOMES.label(case.outcome).split('（')[0]}"
        assert model.data(index, Qt.ItemDataRole.ToolTipRole) == f"已办结·{OUTCOMES.label(case.outcome)}"
        seen.add(case.outcome)
    assert {"mediated", "settled"} <= seen


def test_every_state_and_outcome_fits_the_column_whole(qapp):
    metrics = QFontMetrics(theme.ui_font())
    width = next(c.width for c in CASE_COLUMNS if c.key == "state_label")
    texts = [case_state_label(s, None, short=True) for s in STATES.codes()]
    texts += [case_state_label("closed", o, short=True) for o in OUTCOMES.codes()]
    too_wide = [t for t in texts if metrics.horizontalAdvance(t) + BADGE_PADDING > width * 0.8]
    assert not too_wide        # with a fifth to spare for the column fitted narrower at 1366 px
    whole = case_state_label("closed", "mediated")
    assert metrics.horizontalAdvance(whole) + BADGE_PADDING > width * 0.8     # what the badge had to cut
