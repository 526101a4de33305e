"""The case workspace walked in every state of the lifecycle: the action buttons the state offers
(each opening its dialog or tab, which is walked too), the 文书 buttons, every tab's buttons and
the precedents panel. A click that moves the case on (受理 with its defaults) ends that round: the
walk opens a new case in the state walked and goes on with the next button."""
from __future__ import annotations

import pytest

from app.services import users
from tests.ui.walk import cases, walker
from tests.ui.walk.test_main_window import open_window

pytestmark = [pytest.mark.usefixtures("sqlite_db"), pytest.mark.qt_no_exception_capture]

# A read-only date (a session already held, or none allowed in this state) shows its calendar
# button greyed: there is nothing to pick.
READ_ONLY_DATES = {r"按钮:调解记录/(已安排的调解（只读）|已进行的调解（只读）|案件当前状态下不能安排或记录调解)/▾(#\d)?":
                   "a read-only date's calendar button"}


def _state(workspace) -> tuple:
    return workspace.detail.case["state"], workspace.detail.case.get("outcome")


@pytest.mark.parametrize("state", list(cases.STATES))
def test_every_button_of_the_case_workspace_in_each_state(qtbot, sqlite_db, doubles, state):
    doubles.yes = True          # 取消该安排 and the like go ahead (否 would only close the question)
    admin = users.create_first_admin("guanli", "王管理", "Guanli#2026")
    users.create_user(admin, "li", "李调解", "mediator", "Tiaojie#2026")
    window = open_window(qtbot, sqlite_db.location, admin)
    label, build = cases.STATES[state]
    started = []

    def fresh():
        for workspace in list(window.workspaces.values()):
            walker.close_part(workspace)
        workspace = window.open_case(build())
        started.append(_state(workspace))
        return workspace
    name = f"CaseWorkspace（{label}）"
    walker.walk(qtbot, name, fresh, check=doubles.check, stays=lambda ws: _state(ws) == started[0])
    assert len(set(started)) == 1
    walker.assert_complete(name)
