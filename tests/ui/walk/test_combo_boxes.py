"""The walk clicks buttons; this varies the choices: every item of every visible, enabled combo
box of the registration and consultation forms, the case list's filters, the statistics screen and
the tabs of an open case (with an agreement), chosen once from the keyboard as a
clerk does (the box focused, Home, then Down arrow), re-collecting the boxes after each choice
(a 渠道 or 大类 changes what else is offered). It fails, naming the box and the item, on an
exception, the unexpected-error dialog, or English on the screen or in the item itself."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from app.services import registration
from app.services.context import SYSTEM
from app.ui.cases.registration_form import RegistrationDialog
from tests.factories import complaint
from tests.ui.walk import texts, walker
from tests.ui.walk.test_main_window import open_window

pytestmark = [pytest.mark.usefixtures("sqlite_db"), pytest.mark.qt_no_exception_capture]

MAX_ITEMS = 80          # a box longer than this (none today) is varied over its first items only


def _boxes(root: QWidget) -> list[QComboBox]:
    return [box for box in root.findChildren(QComboBox) if box.isVisible() and box.isEnabled()]


def vary_combo_boxes(qtbot, name: str, root: QWidget, check) -> int:
    """Chooses each item of each box of `root` once; returns how many choices were made."""
    done: set[int] = set()
    chosen = 0
    while True:
        box = next((b for b in _boxes(root) if id(b) not in done), None)
        if box is None:
            return chosen
        done.add(id(box))
        box.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(box, Qt.Key.Key_Home)
        for _ in range(min(box.count(), MAX_ITEMS)):
            where = f"{name} › {walker._label(box) or type(box).__name__} › {box.currentText()!r}"
            walker.settle(qtbot)
            check(where)
            english = texts.english(root) + texts.english_in([box.currentText()])
            assert not english, f"after {where}: English on the screen: {english}"
            chosen += 1
            before = box.currentIndex()
            qtbot.keyClick(box, Qt.Key.Key_Down)
            if box.currentIndex() == before:        # the last item
                break


def test_every_choice_of_the_registration_form(qtbot, sqlite_db, doubles):
    window = open_window(qtbot, sqlite_db.location)
    window.register_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RegistrationDialog) and w.isVisible())
    assert vary_combo_boxes(qtbot, "投诉登记", dialog, doubles.check) > 20
    walker.dismiss(dialog)


def test_every_choice_of_the_case_list_filters(qtbot, sqlite_db, doubles):
    for _ in range(3):
        registration.register(SYSTEM, complaint())
    window = open_window(qtbot, sqlite_db.location)
    assert vary_combo_boxes(qtbot, "案件列表筛选", window.case_list.filters, doubles.check) > 10
    doubles.check("案件列表筛选")


def _probe(qtbot, items: list[str], on_choice=None) -> QWidget:
    """A form with one box, as a developer might add one."""
    probe = QWidget()
    box = QComboBox(probe)
    box.addItems(items)
    if on_choice is not None:
        box.currentIndexChanged.connect(on_choice)
    qtbot.addWidget(probe)
    probe.show()
    return probe


def test_an_english_item_or_a_choice_that_raises_fails_the_variation(qtbot, doubles, unexpected_errors):
    with pytest.raises(AssertionError, match=r"探针 › .* › 'Other'"):
        vary_combo_boxes(qtbot, "探针", _probe(qtbot, ["请选择", "其他", "Other"]), doubles.check)
    with pytest.raises(AssertionError, match=r"after 探针 › .*ZeroDivisionError"):
        vary_combo_boxes(qtbot, "探针", _probe(qtbot, ["请选择", "其他"], lambda _i: 1 / 0), doubles.check)
    unexpected_errors.clear()


def test_every_choice_of_the_consultation_form_the_statistics_and_an_open_case(qtbot, sqlite_db, doubles):
    from app.ui.cases.consultation_dialog import ConsultationDialog
    from tests.ui.walk import cases
    case_id = cases.agreed()
    window = open_window(qtbot, sqlite_db.location)
    window.consult_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ConsultationDialog) and w.isVisible())
    vary_combo_boxes(qtbot, "咨询登记", dialog, doubles.check)
    walker.dismiss(dialog)
    window.statistics_action.trigger()
    vary_combo_boxes(qtbot, "统计报表", window.tabs.currentWidget(), doubles.check)
    walker._show_tab(qtbot, window.tabs, window.tabs.indexOf(window.case_list))
    table = window.case_list.table
    row = table.visualRect(window.case_list.model.index(window.case_list.model.row_of_case(case_id), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())   # the case opens
    workspace = window.tabs.currentWidget()
    assert getattr(workspace, "case_id", None) == case_id
    for index in range(workspace.tabs.count()):
        walker._show_tab(qtbot, workspace.tabs, index)
        vary_combo_boxes(qtbot, f"案件 › {workspace.tabs.tabText(index)}", workspace.tabs.currentWidget(), doubles.check)
