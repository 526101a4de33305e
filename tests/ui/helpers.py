"""Driving the client the way a clerk does: typing, picking, clicking."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QScrollArea


def key_text(widget, text: str) -> None:
    """Type characters as an input method delivers them (QTest only knows ASCII keys)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot, widget, text: str, leave: bool = True) -> None:
    """Replace the content by typing; `leave` ends the entry as Enter does (the field is checked).
    The clerk puts the cursor in the field first, so Enter goes where the typing went."""
    widget.setFocus()
    if isinstance(widget, QPlainTextEdit):
        widget.clear()
        key_text(widget, text)
        return
    assert isinstance(widget, QLineEdit)
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    key_text(widget, text)
    if leave:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def pick(combo: QComboBox, label: str) -> None:
    """Choose an entry by the text the clerk sees."""
    index = combo.findText(label)
    assert index >= 0, f"{label!r} not offered; offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def fill_complaint(qtbot, form, id_number: str = "11010519491231002X") -> None:
    """A complete, valid complaint as a clerk types it."""
    type_into(qtbot, form.person_name, "张三")
    type_into(qtbot, form.person_phone, "13812345678")
    type_into(qtbot, form.id_number, id_number)
    type_into(qtbot, form.person_address, "某县城关镇人民路1号")
    type_into(qtbot, form.business_name, "某县鑫源家电商行")
    type_into(qtbot, form.credit_code, "91110000600037341L")
    type_into(qtbot, form.business_address, "某县城关镇建设路8号")
    type_into(qtbot, form.goods_name, "空调")
    pick(form.category.major, "家用电子电器类")
    pick(form.category.minor, "家用电器")
    pick(form.nature, "质量")
    type_into(qtbot, form.amount, "3999.00")
    type_into(qtbot, form.facts, "投诉人购买的空调安装后不制冷，多次维修未果。")
    form.request_types.boxes["refund"].setChecked(True)
    type_into(qtbot, form.request_text, "要求退货并退还货款3999元。")


def click(qtbot, button) -> None:
    """Click as the clerk does: scroll the button into view first (a click goes to whatever is
    at that place in the window)."""
    assert button.isVisible() and button.isEnabled(), f"button {button.text()!r} cannot be clicked"
    QApplication.processEvents()          # pending layouts put the button where it will be seen
    parent = button.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(button)
        parent = parent.parentWidget()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for_services(qtbot)


def wait_for_services(qtbot) -> None:
    """A click that saves runs the service off the UI thread (app/ui/runner.py): wait until its
    outcome is on the screen, as the clerk does."""
    from app.ui import runner

    qtbot.waitUntil(runner.idle, timeout=20000)
