"""The 不予受理 and 终止调解 dialogs offer the grounds of the order in force when the complaint was
received — each with its article, 款 and 项 — and say which order and footing apply (issue 12)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.domain import grounds
from app.services import registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from tests.factories import complaint
from tests.ui.helpers import click, pick


def _case(received: date, basis: str, accepted: bool) -> int:
    data = complaint(received_date=received, purchase_date=received - timedelta(days=10), basis=basis)
    case_id = registration.register(SYSTEM, data).case_id
    if accepted:
        workflow.accept(SYSTEM, case_id, day=received)
    return case_id


def _open(qtbot, case_id: int, code: str) -> tuple[CaseWorkspace, ActionDialog]:
    ws = CaseWorkspace(SYSTEM, case_id)
    qtbot.addWidget(ws)
    ws.show()
    click(qtbot, ws.action_buttons[code])
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ActionDialog) and w.isVisible())
    return ws, dialog


@pytest.mark.parametrize("received, basis, code, kind, expected_ground", [
    (date(2025, 6, 1), "entrusted", "reject", grounds.REJECT, "o20_a15_3"),
    (date(2026, 5, 1), "own", "reject", grounds.REJECT, "a16_6"),
    (date(2025, 6, 1), "own", "terminate", grounds.TERMINATE, "o20_a21_4"),
    (date(2026, 5, 1), "entrusted", "terminate", grounds.TERMINATE, "a23_3"),
])
def test_the_dialog_offers_the_grounds_of_the_cases_order(qtbot, sqlite_db, monkeypatch, received, basis, code,
                                                          kind, expected_ground):
    told = []       # the reminder after a termination (notify within 7 working days) is a message box
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text, *a, **k: told.append(text))
    case_id = _case(received, basis, accepted=(code == "terminate"))
    ws, dialog = _open(qtbot, case_id, code)
    combo = dialog.fields.widget("ground")
    order = grounds.order_for(received)
    offered = [combo.itemText(i) for i in range(1, combo.count())]
    assert offered == [g.choice_label() for g in grounds.grounds_of(kind, order)]
    other = grounds.O121 if order == grounds.O20 else grounds.O20
    assert not set(offered) & {g.choice_label() for g in grounds.grounds_of(kind, other)}
    notes = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"本案适用{grounds.INSTRUMENTS[order]}" in notes
    assert ("受市场监督管理部门委托办理" in notes) == (basis == "entrusted")
    pick(combo, grounds.ground(expected_ground).choice_label())
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    stored = case_detail(case_id).case
    assert stored[f"{kind}_ground"] == expected_ground and stored["state"] == "closed"
