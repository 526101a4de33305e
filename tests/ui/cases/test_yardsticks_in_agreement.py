"""The mediator inserts a legal yardstick as an agreement term (issue 12 item 4): CPL Art. 55
para. 1 on the case's price gives a 加倍赔偿 term of 3× with its citation; closing proposes it as
the punitive amount, and the month's statistics count it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain import periods
from app.domain.yardsticks import yardstick
from app.services import mediation, registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.services.statistics import period_figures
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from tests.factories import complaint, session
from tests.ui.helpers import click, pick, type_into


def test_a_yardstick_becomes_a_typed_term_that_feeds_the_statistics(qtbot, sqlite_db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    case_id = registration.register(SYSTEM, complaint(amount="166.50")).case_id
    workflow.accept(SYSTEM, case_id, date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session())
    ws = CaseWorkspace(SYSTEM, case_id)
    qtbot.addWidget(ws)
    ws.resize(1280, 900)
    ws.show()
    click(qtbot, ws.action_buttons["agree"])
    tab = ws.page("协议")
    panel = tab.yardsticks
    pick(panel.choice, yardstick("cpl55_2").choice_label())
    assert not panel.insert_button.isEnabled() and "请填写投诉人所受损失" in panel.result.text()
    pick(panel.choice, yardstick("cpl55_1").choice_label())
    assert "三倍；增加赔偿的金额不足五百元的，为五百元" in panel.rule.text()
    assert "被投诉人向投诉人增加赔偿500.00元" in panel.result.text()       # 3 × 166.50 = 499.50 < 500
    click(qtbot, panel.insert_button)
    row = tab.rows[-1]
    assert len(tab.rows) == 1                           # the empty first row gave way to it
    assert row.term_type.code() == "punitive" and row.amount.text() == "500.00"
    assert "依据《中华人民共和国消费者权益保护法》第五十五条第一款" in row.description.text()
    type_into(qtbot, tab.way, "经营者当场以银行转账方式支付")
    click(qtbot, tab.save_button)
    assert ws.detail.case["state"] == "agreed"
    # as a clerk waits for the screen: the actions of the new state appear once the workspace has redrawn
    qtbot.waitUntil(lambda: ws.action_buttons["close_mediated"].isVisible()
                    and ws.action_buttons["close_mediated"].isEnabled(), timeout=10000)
    click(qtbot, ws.action_buttons["close_mediated"])
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ActionDialog) and w.isVisible())
    assert dialog.fields.widget("punitive").text() == "500.00"
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    case = case_detail(case_id).case
    assert case["punitive"] == Decimal("500.00")
    figures = period_figures(periods.month(2026, 11))
    assert (figures.punitive_count, figures.punitive_sum) == (1, Decimal("500.00"))
