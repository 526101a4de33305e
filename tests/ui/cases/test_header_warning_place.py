"""The missing-holiday warning (2027's schedule not yet entered) never moves the case's action
buttons: with it and without it they stand at the same height (walk-through: it sat above them,
and its coming and going moved the whole row)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint

from app.services import registration, workflow
from app.services.context import SYSTEM
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from tests.factories import complaint


def _workspace(qtbot, accepted: date | None) -> CaseWorkspace:
    case_id = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 30))).case_id
    if accepted is not None:
        workflow.accept(SYSTEM, case_id, accepted)       # 60 days: mediation ends in 2027
    ws = CaseWorkspace(SYSTEM, case_id)
    qtbot.addWidget(ws)
    ws.resize(1366, 700)
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def _top_of_buttons(ws: CaseWorkspace) -> set[int]:
    return {button.mapTo(ws, QPoint(0, 0)).y() for button in ws.action_buttons.values()}


def test_the_action_buttons_stand_where_they_stand_without_the_warning(qtbot, sqlite_db):
    quiet = _workspace(qtbot, accepted=None)           # 受理期限 2026-12-09: no year missing
    warned = _workspace(qtbot, accepted=date(2026, 11, 30))
    assert quiet.header.clock_warning.isHidden()
    assert warned.header.clock_warning.isVisible()
    assert "2027年的节假日安排尚未录入" in warned.header.clock_warning.text()
    assert len(_top_of_buttons(quiet)) == 1
    assert _top_of_buttons(warned) == _top_of_buttons(quiet)
    warning = warned.header.clock_warning
    below = warning.mapTo(warned, QPoint(0, 0)).y()
    assert below >= max(b.mapTo(warned, QPoint(0, b.height())).y() for b in warned.action_buttons.values())
    assert warning.width() >= warned.width() - 2        # across the workspace, under the buttons
