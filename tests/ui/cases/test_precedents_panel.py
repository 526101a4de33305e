"""The 类案参考 tab of the case workspace (issue 13, part 4): the near-duplicate closed case is the
first row, with its outcome and terms; clicking it opens that case read-only in a window of its
own (no action buttons, no greyed buttons of actions it can never take, masked numbers, no
precedents tab inside it)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.services import agreements, mediation, registration, workflow
from app.services.context import Actor
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from app.ui.cases.workspace.precedents_tab import PrecedentsTab, PrecedentViewer
from tests.factories import agreement, complaint, session

MEDIATOR = Actor(None, "li", "李调解", "admin")
FACTS = "购买的格力空调安装后外机噪音很大，制冷效果差，多次上门维修仍未解决。"


def _closed_with_agreement(facts: str, **kw) -> int:
    from app.services.context import SYSTEM
    case_id = registration.register(SYSTEM, complaint(facts=facts, **kw)).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.schedule_session(SYSTEM, case_id, session(date(2026, 11, 10)))
    agreements.record_agreement(SYSTEM, case_id, agreement())
    workflow.close_mediated(SYSTEM, case_id, day=date(2026, 11, 21))
    return case_id


def _click_tab(qtbot, workspace, title: str) -> None:
    bar = workspace.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_the_near_duplicate_is_first_and_opens_read_only(qtbot, sqlite_db):
    from app.services.context import SYSTEM
    other = _closed_with_agreement("电视机开机黑屏。", goods_name="电视机",
                                   business_kw={"name": "某县惠民电器城", "credit_code": ""})
    twin = _closed_with_agreement("购买的格力空调安装后外机噪音很大，制冷效果差，两次维修仍未解决。")
    target = registration.register(SYSTEM, complaint(facts=FACTS)).case_id
    workspace = CaseWorkspace(MEDIATOR, target)
    qtbot.addWidget(workspace)
    workspace.resize(1200, 700)
    workspace.show()
    tab = next(p for p in workspace.pages if isinstance(p, PrecedentsTab))
    assert tab.model.rowCount() == 0                      # nothing asked before the tab is shown
    _click_tab(qtbot, workspace, "类案参考")
    assert workspace.tabs.currentWidget() is tab
    assert [tab.precedent_at(r).case_id for r in range(tab.model.rowCount())] == [twin, other]
    first = tab.model.index(0, tab.model.column_index("terms"))
    assert "经营者退还投诉人货款 3,999.00 元" in tab.model.data(first)
    assert tab.model.data(tab.model.index(0, tab.model.column_index("outcome"))) == "调解成功（达成协议）"

    table = tab.table
    cell = table.visualRect(tab.model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert len(tab.viewers) == 1
    viewer = tab.viewers[0]
    assert isinstance(viewer, PrecedentViewer) and viewer.isVisible()
    assert viewer.windowTitle() == f"类案参考：{tab.precedent_at(0).number}（只读）"
    assert viewer.workspace.case_id == twin and viewer.workspace.action_buttons == {}
    assert viewer.workspace.detail.complainant["phone"] != "13812345678"        # masked
    assert "类案参考" not in [viewer.workspace.tabs.tabText(i) for i in range(viewer.workspace.tabs.count())]
    _no_dead_buttons(qtbot, viewer)
    viewer.close()


def _no_dead_buttons(qtbot, viewer) -> None:
    """Each tab of the viewer, clicked: a precedent can never be acted on, so no button of it is
    shown greyed (中止计时, 添加附件…, 登记履行情况, 添加委托代理人 were); what is shown works."""
    workspace = viewer.workspace
    for index in range(workspace.tabs.count()):
        _click_tab(qtbot, workspace, workspace.tabs.tabText(index))
        page = workspace.tabs.currentWidget()
        dead = [b.text() for b in page.findChildren(QPushButton) if b.isVisible() and not b.isEnabled()]
        assert dead == [], (workspace.tabs.tabText(index), dead)
    assert "只读" in workspace.page("基本信息").read_only_note.text()
