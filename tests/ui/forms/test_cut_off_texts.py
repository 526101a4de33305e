"""Texts the walk-through found cut off at 1366×768 (the window maximised), each read whole now:
the business suggestions, the category boxes, the mediation record's columns (the form's
messages: tests/ui/forms/test_registration_keyboard.py)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

from app.services import mediation, registration, workflow
from app.services.context import SYSTEM
from tests import factories
from tests.ui.helpers import key_text

LONG = "某县城关镇鑫源家用电器销售有限责任公司人民路旗舰店"


def _register(name: str, **kw) -> int:
    return registration.register(SYSTEM, factories.complaint(business_kw={"name": name, "credit_code": ""},
                                                             received_date=date(2026, 11, 20), **kw)).case_id


def _registration_dialog(qtbot, window):
    dialog = window.register_complaint()
    qtbot.waitExposed(dialog)
    dialog.resize(1080, 700)                 # the registration dialog on a maximised 1366×768 window
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_each_business_suggestion_is_shown_whole(qtbot, window):
    for name in (LONG, "某县鑫源家电商行"):
        _register(name)
    form = _registration_dialog(qtbot, window).form
    edit = form.business_name
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    key_text(edit, "鑫源")
    popup = form.business_lookup.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    model = popup.model()
    texts = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert any(LONG in t and "已有投诉 1 件" in t for t in texts)
    metrics = popup.fontMetrics()
    for text in texts:                       # the list's visible width holds each entry (an item's own
        assert popup.viewport().width() >= metrics.horizontalAdvance(text) + 8, text     # rect may run past it)
    screen = popup.screen().availableGeometry()
    assert popup.geometry().right() <= screen.right() and popup.width() >= edit.width()


def _text_room(combo) -> int:
    """The width the box paints its current text in (its frame and arrow left out)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def _longest(combo) -> int:
    return max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))


def test_the_category_boxes_hold_their_longest_label(qtbot, window):
    window.resize(1366, 728)                 # maximised on a 1366×768 screen under its taskbar
    window.splitter.setSizes([600, 766])     # a wide queue panel squeezes the filter row
    bar = window.case_list.filters
    qtbot.waitUntil(lambda: bar.category.isVisible())
    QApplication.processEvents()
    assert _text_room(bar.category) >= _longest(bar.category)
    picker = _registration_dialog(qtbot, window).form.category
    for major in range(1, picker.major.count()):
        picker.major.setCurrentIndex(major)  # each 大类 offers its own 细类
        QApplication.processEvents()
        for combo in (picker.major, picker.minor):
            assert _text_room(combo) >= _longest(combo), combo.currentText()


def test_the_mediation_records_columns_show_each_entry_whole(qtbot, window):
    """地点, 调解员 and 结果 ended in "…" in the list's half of the tab: a column is as wide as its
    longest entry where there is room, and where there is none the entry wraps in its row."""
    case_id = _register("某县鑫源家电商行")
    workflow.accept(SYSTEM, case_id, date(2026, 11, 20))
    mediation.record_session(SYSTEM, case_id, factories.session(
        date(2026, 11, 25), place="城关镇人民调解委员会第二调解室（三楼东侧）", mediators="王建国、李明华、张晓燕",
        result="双方意见接近，约定下次继续协商，经营者同意先行检测"))
    window.resize(1366, 728)
    workspace = window.open_case(case_id)
    bar = workspace.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == "调解记录")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    table = workspace.page("调解记录").sessions_table
    qtbot.waitUntil(table.isVisible)
    QApplication.processEvents()
    assert table.horizontalScrollBar().maximum() == 0          # still no scrolling sideways
    model, metrics = table.model(), table.fontMetrics()
    for column in range(model.columnCount()):
        text = model.index(0, column).data()
        room = table.columnWidth(column) - 8                   # the cell's margins
        lines = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text)
        assert lines.width() <= room and lines.height() <= table.rowHeight(0), (text, room)
