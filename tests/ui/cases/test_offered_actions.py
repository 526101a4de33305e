"""For every role × state, the workspace offers exactly the actions the one table allows that role
in that state (a 只读 user sees none), and every button opens its action."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.codes import ROLES
from app.domain.lifecycle import CASE_ACTIONS
from app.domain.permissions import ROLE_PERMISSIONS
from app.domain.judicial import hidden_actions
from app.services import agreements, judicial, mediation, registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM, Actor
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.cases.workspace.case_workspace import NO_BUTTON, TAB_ACTIONS, CaseWorkspace
from tests.factories import agreement, complaint, session
from tests.ui.helpers import click


def _cases() -> list[int]:
    """One case in each state (and each kind of closed case that changes what may be done)."""
    def new() -> int:
        return registration.register(SYSTEM, complaint()).case_id

    def mediating() -> int:
        case_id = new()
        workflow.accept(SYSTEM, case_id, date(2026, 11, 3))
        mediation.record_session(SYSTEM, case_id, session())
        return case_id

    registered, accepted = new(), new()
    workflow.accept(SYSTEM, accepted, date(2026, 11, 3))
    in_mediation, suspended, agreed, mediated, terminated, rejected = (mediating(), mediating(), mediating(),
                                                                      mediating(), mediating(), new())
    mediation.pause_clock(SYSTEM, suspended, date(2026, 11, 12), "送检")
    for case_id in (agreed, mediated):
        agreements.record_agreement(SYSTEM, case_id, agreement())
    workflow.close_mediated(SYSTEM, mediated, date(2026, 11, 26))
    judicial.file_confirmation(SYSTEM, mediated, date(2026, 11, 27), "某某县人民法院")   # the ruling may be recorded
    workflow.terminate(SYSTEM, terminated, "a23_3", day=date(2026, 11, 20))
    workflow.reject(SYSTEM, rejected, "a16_1")
    return [registered, accepted, in_mediation, suspended, agreed, mediated, terminated, rejected]


def _expected(role: str, state: str, outcome: str | None, stage: str | None = None) -> list[str]:
    """Read straight from the table: the state is a source, the role has the permission, and a
    closed case has the outcome the action is for; of 司法确认, what the application's stage
    leaves to do."""
    return [code for code, action in CASE_ACTIONS.items()
            if code not in NO_BUTTON and code not in hidden_actions(stage) and state in action.sources
            and action.permission in ROLE_PERMISSIONS[role]
            and not (state == "closed" and action.only_outcome not in (None, outcome))]


@pytest.mark.parametrize("role", ROLES.codes())
def test_the_workspace_offers_exactly_what_the_role_may_do_in_the_state(qtbot, sqlite_db, role):
    actor = Actor(None, f"{role}1", f"{ROLES.label(role)}甲", role)
    states = set()
    for case_id in _cases():
        detail = case_detail(case_id)
        case = detail.case
        states.add(case["state"])
        ws = CaseWorkspace(actor, case_id)
        qtbot.addWidget(ws)
        expected = _expected(role, case["state"], case["outcome"], detail.judicial.stage if detail.judicial else None)
        assert list(ws.action_buttons) == expected, (case["state"], case["outcome"])
        if role == "readonly":
            assert expected == []
            assert ws.page("基本信息").save_button.isHidden() and ws.page("协议").save_button.isHidden()
            assert ws.page("附件").add_button.isHidden() and ws.page("回访").section.isHidden()
        ws.deleteLater()
    assert states == {"registered", "accepted", "mediating", "suspended", "agreed", "closed"}


def test_every_action_button_opens_its_dialog_or_its_tab(qtbot, sqlite_db):
    opened = set()
    for case_id in _cases():
        ws = CaseWorkspace(SYSTEM, case_id)
        qtbot.addWidget(ws)
        ws.show()
        for code, button in list(ws.action_buttons.items()):
            click(qtbot, button)
            if code in TAB_ACTIONS:
                assert ws.tabs.currentWidget().title == TAB_ACTIONS[code][0], code
            else:
                dialog = next(w for w in QApplication.topLevelWidgets()
                              if isinstance(w, ActionDialog) and w.isVisible())
                assert dialog.code == code and dialog.windowTitle() == CASE_ACTIONS[code].label
                dialog.done(0)
                dialog.deleteLater()
            opened.add(code)
        ws.deleteLater()
    assert opened == set(CASE_ACTIONS) - set(NO_BUTTON)
