"""The case list (SQL-backed, lazy), its queues, search and sorting; qtmodeltester on every
model of the client."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import registration, workflow
from app.services.context import SYSTEM
from app.services.queries import queue_counts
from app.ui.cases import list_model
from app.ui.cases.list_model import CaseListModel
from app.ui.cases.complaint_parts import BusinessLookup
from app.ui.table_model import BADGE_ROLE, Column, ListTableModel
from tests import factories

ROOT = Path(__file__).resolve().parents[3]


def _register_three():
    ids = []
    for name, phone, business, day in (("张三", "13812345678", "某县鑫源家电商行", date(2026, 11, 2)),
                                        ("李四", "13912345678", "某县百姓超市", date(2026, 11, 20)),
                                        ("王五", "13712345678", "某县华联电器", date(2026, 11, 25))):
        data = factories.complaint(person_kw={"name": name, "phone": phone},
                                   business_kw={"name": business, "credit_code": ""}, received_date=day)
        ids.append(registration.register(SYSTEM, data).case_id)
    workflow.accept(SYSTEM, ids[0], date(2026, 11, 3))
    return ids


def test_case_model_passes_the_model_tester_and_pages_lazily(qtmodeltester, qtbot, sqlite_db, monkeypatch):
    ids = _register_three()
    monkeypatch.setattr(list_model, "PAGE_SIZE", 2)      # three cases → two pages of ids
    monkeypatch.setattr(list_model, "ROW_PAGE", 2)       # and of rows
    model = CaseListModel(SYSTEM)
    model.requery()
    assert model.rowCount() == 3
    assert model._pages == {}                                 # nothing fetched before it is shown
    assert model.index(2, model.column_index("complainant")).data() == "张三"   # newest first
    assert list(model._pages) == [1]
    qtmodeltester.check(model)

    # the first-page start-up: one page now, the other rows inserted after the first paint
    model.requery(first_page_only=True)
    assert model.rowCount() == 2 and not model.complete
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.complete_ids()
    assert inserted.args[1:] == [2, 2]
    assert model.ids.tolist() == [ids[2], ids[1], ids[0]] and model.complete
    qtmodeltester.check(model)


def test_header_click_sorts_in_sql_and_state_and_deadline_are_coloured(qtbot, window):
    _register_three()
    view = window.case_list
    view.refresh()
    model, header = view.model, view.table.horizontalHeader()
    column = model.column_index("complainant")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, column))
    names = [model.index(r, column).data() for r in range(3)]
    assert model.sort_column == "complainant"
    assert names == sorted(names, reverse=model.descending)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, column))
    assert [model.index(r, column).data() for r in range(3)] == list(reversed(names))
    state = model.column_index("state_label")
    badges = {model.index(r, state).data(): model.index(r, state).data(BADGE_ROLE) for r in range(3)}
    assert set(badges) == {"待受理", "已受理"}
    assert badges["待受理"][1] != badges["已受理"][1]           # different colours per state
    deadline = model.column_index("next_deadline")
    texts = [model.index(r, deadline).data() for r in range(3)]
    assert any("正常" in t for t in texts)


def _section_centre(header, column):
    from PySide6.QtCore import QPoint
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_queues_and_search_narrow_the_list(qtbot, window):
    _register_three()
    window.refresh_counts()
    qtbot.waitUntil(lambda: window.navigation.count_of("all") == 3)
    assert window.navigation.count_of("to_accept") == 2
    assert window.navigation.count_of("mediating") == 1
    assert queue_counts()["to_accept"] == 2

    window.navigation.select_queue("to_accept")
    assert window.case_list.model.rowCount() == 2

    window.navigation.select_queue("all")
    search = window.case_list.filters.search
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is search
    search.setText("百姓超市")
    with qtbot.waitSignal(window.case_list.model.requeried, timeout=2000):
        pass                                                   # after the ~250 ms pause in typing
    model = window.case_list.model
    assert model.rowCount() == 1
    assert model.index(0, model.column_index("business")).data() == "某县百姓超市"
    assert window.case_list.filters.result_label.text() == "共 1 件"


def test_list_and_completer_models_pass_the_model_tester(qtmodeltester, sqlite_db, qtbot):
    from PySide6.QtWidgets import QLineEdit

    model = ListTableModel([Column("name", "名称", sort_key="name"), Column("n", "数", align="right")],
                           [{"name": "乙", "n": 2}, {"name": "甲", "n": 1}, {"name": None, "n": None}])
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r)["name"] for r in range(3)] == [None, "乙", "甲"]   # empty first, then code order

    _register_three()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    lookup = BusinessLookup(edit)
    edit.setText("华联")
    lookup.search()
    assert [b["name"] for b in lookup.results.rows] == ["某县华联电器"]
    assert lookup.results.index(0, 0).data(Qt.ItemDataRole.EditRole) == "某县华联电器"
    qtmodeltester.check(lookup.results)



def test_the_pinned_binding_keeps_its_references_to_none(tmp_path):
    """PySide6 6.12.0 on Python 3.11 loses a reference to None on every void call and the client
    aborts ("deallocating None") after some ten thousand of them. The pin is 6.9.3 (the newest
    release with manylinux_2_28 wheels, for 统信UOS V20's glibc 2.28), which keeps its references;
    this guards any future change of the pin."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\n"
        "widget = QWidget()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(3 * 40000):\n"
        "    widget.setEnabled(True)\n"
        "assert sys.getrefcount(None) >= before - 100, sys.getrefcount(None) - before\n"
        "print('alive')\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "alive"


def test_a_new_filter_or_sort_shows_the_first_page_at_once_and_the_rest_from_a_pool_thread(qtbot, sqlite_db,
                                                                                          monkeypatch):
    """The list never waits (issue 17): the first page now, the other ids arrive as inserted
    rows; a result for a query already replaced is dropped."""
    from app.services.queries import CaseFilter
    ids = _register_three()
    monkeypatch.setattr(list_model, "PAGE_SIZE", 2)
    model = CaseListModel(SYSTEM)
    with qtbot.waitSignal(model.rowsInserted, timeout=5000) as inserted:
        model.set_filter(CaseFilter())
        assert model.rowCount() == 2 and not model.complete       # before the pool thread answers
    assert inserted.args[1:] == [2, 2] and model.ids.tolist() == [ids[2], ids[1], ids[0]] and model.complete
    with qtbot.waitSignal(model.requeried, timeout=5000) as counted:
        model.set_sort("complainant", False)                        # 张三 李四 王五 by name (code order)
        model.set_sort("received_date", False)                      # replaces it before it answers
    qtbot.wait(200)                                                 # the first query's result, if any, is dropped
    assert counted.args == [3] and model.ids.tolist() == [ids[0], ids[1], ids[2]] and model.complete


def test_a_clicked_queue_paints_its_first_page_then_takes_the_other_ids(qtbot, window, monkeypatch):
    """Switching a queue: the first page is painted before the pool thread fetches the other
    ids (started by the paint, not against it); without a paint only a late timer would."""
    ids = _register_three()
    monkeypatch.setattr(list_model, "PAGE_SIZE", 2)
    window.case_list.model._unpainted.setInterval(600_000)       # only the paint can start it
    navigation, model = window.navigation, window.case_list.model
    for queue in ("to_accept", "all"):
        item = navigation.item(navigation.row_of(queue))
        qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton,
                         pos=navigation.visualItemRect(item).center())
        assert model.filter.queue == queue
        qtbot.waitUntil(lambda: model.complete, timeout=5000)
    assert model.ids.tolist() == [ids[2], ids[1], ids[0]]


def test_the_side_bar_names_the_lists_queue_when_ctrl_f_brings_the_list_back(qtbot, window):
    """待回访, then 统计报表, then Ctrl+F: the list comes back still in its queue, and the side bar
    says so (it kept 统计报表 highlighted, and a search there missed cases of other queues)."""
    navigation = window.navigation

    def click(key: str) -> None:
        item = navigation.item(navigation.row_of(key))
        qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=navigation.visualItemRect(item).center())

    click("to_accept")
    click("statistics")
    assert window.tabs.currentWidget() is window.screens["statistics"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.case_list and window.case_list.queue == "to_accept"
    assert navigation.current_queue() == "to_accept"
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(window.screens["statistics"])).center())
    assert window.tabs.currentWidget() is window.screens["statistics"]
    assert navigation.currentRow() == navigation.row_of("statistics")


def test_down_goes_from_the_search_box_into_the_list_and_esc_empties_the_box(qtbot, window):
    _register_three()
    window.case_list.refresh()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search, table = window.case_list.filters.search, window.case_list.table
    assert QApplication.focusWidget() is search
    search.insert("百姓")              # (keyClicks asserts on Chinese text)
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == "" and QApplication.focusWidget() is search and window.isVisible()
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is table and table.current_row() == 0
