"""The one date field, used as a clerk uses it: typed in every usual way, a calendar from the
button or F4 / Alt+↓, empty where optional, left with one Tab, and wrong text refused with a
reason beside it."""
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from app.ui.forms import FieldRegistry, FormSection
from app.ui.widgets import DateEdit, DateTimeEdit, OptionalDateEdit
from tests.ui.helpers import key_text
from tests.clock import frozen_on

TODAY = date(2026, 12, 2)


frozen_today = frozen_on(TODAY, autouse=True)


class Form(QDialog):
    """A name, a date and a note, as in any form of the program."""

    def __init__(self, field):
        super().__init__()
        layout = QVBoxLayout(self)
        self.before, self.field, self.after = QLineEdit(), field, QLineEdit()
        self.fields = FieldRegistry()
        section = FormSection("测试", pairs=1)
        self.fields.add(section, "before", "前", self.before)
        self.fields.add(section, "day", "日期", self.field)
        self.fields.add(section, "after", "后", self.after)
        layout.addWidget(section)


def shown(qtbot, field) -> Form:
    form = Form(field)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitExposed(form)
    qtbot.waitUntil(form.isActiveWindow)
    form.before.setFocus()
    qtbot.waitUntil(form.before.hasFocus)
    return form


def tab_in_and_type(qtbot, form, text: str) -> None:
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    assert form.field.edit.hasFocus()
    key_text(form.field.edit, text)


@pytest.mark.parametrize("typed, day", [
    ("20261205", date(2026, 12, 5)), ("2026-12-05", date(2026, 12, 5)), ("2026/12/5", date(2026, 12, 5)),
    ("2026.12.5", date(2026, 12, 5)), ("2026年12月5日", date(2026, 12, 5)), ("12-05", date(2026, 12, 5)),
    ("12月5日", date(2026, 12, 5)),
])
def test_typed_the_usual_ways_and_left_with_one_tab(qtbot, typed, day):
    form = shown(qtbot, OptionalDateEdit())
    tab_in_and_type(qtbot, form, typed)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.after.hasFocus(), "one Tab leaves the date field"
    assert form.field.value() == day
    assert form.field.text() == day.isoformat()
    assert form.fields.error_of("day") == ""


def test_an_empty_optional_date_is_empty_with_a_placeholder(qtbot):
    form = shown(qtbot, OptionalDateEdit())
    assert form.field.text() == "" and form.field.value() is None
    assert form.field.edit.placeholderText() == "可不填，如 20261202"     # today, never a later day
    tab_in_and_type(qtbot, form, "20261205")
    assert form.field.text() == "20261205"             # nothing in front of what was typed
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.field.value() == date(2026, 12, 5)
    qtbot.keyClick(form.after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert form.field.edit.hasFocus()
    qtbot.keyClick(form.field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert form.field.edit.selectedText() == "2026-12-05"
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.field.value() is None and form.fields.error_of("day") == ""


def test_ctrl_a_then_typing_replaces_a_required_date(qtbot):
    form = shown(qtbot, DateEdit())
    assert form.field.value() == TODAY
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(form.field.edit, "11-30")
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Return)
    assert form.field.value() == date(2026, 11, 30) and form.field.text() == "2026-11-30"


@pytest.mark.parametrize("typed, message", [
    ("2026-02-30", "2026年2月没有30日，请按 2026-12-02 的格式填写"),
    ("2026-13-01", "月份应为1–12，现为13，请按 2026-12-02 的格式填写"),
    ("13-01", "月份应为1–12，现为13，请按 2026-12-02 的格式填写"),
    ("abc", "“abc”不是日期，请输入如 20261202、2026-12-02 或 12-02"),
    ("下周一", "“下周一”不是日期，请输入如 20261202、2026-12-02 或 12-02"),
    ("2026\x0712-05", "日期中含有不可见的控制字符，请删除后重新输入"),
])
def test_wrong_text_stays_as_typed_refused_beside_the_field_until_corrected(qtbot, typed, message):
    """The walk-through: 2026-02-30 typed and Tab pressed, the field showed the old date again and
    what the clerk typed was gone. Now it stays, the message says what is wrong and how to write
    it, and the field refuses to be taken (no save) until it is corrected."""
    form = shown(qtbot, DateEdit(date(2026, 11, 20)))
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QApplication.clipboard().setText(typed)          # pasted, as from a web page or a spreadsheet
    qtbot.keyClick(form.field.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.field.text() == typed
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.after.hasFocus()
    assert form.field.text() == typed, "what was typed is kept"
    assert form.fields.error_of("day") == message
    assert not form.field.commit() and form.fields.error_of("day") == message   # a save asks first: refused
    assert form.field.text() == typed
    # correcting it clears the message
    qtbot.keyClick(form.after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(form.field.edit, "2026-11-21")
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.fields.error_of("day") == "" and form.field.value() == date(2026, 11, 21)
    assert form.field.commit()


def test_a_required_date_left_empty_stays_empty_and_is_asked_for(qtbot):
    form = shown(qtbot, DateEdit(date(2026, 11, 20)))
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.fields.error_of("day") == "此日期必须填写，请按 2026-12-02 的格式填写"
    assert form.field.text() == "" and not form.field.commit()


@pytest.mark.parametrize("how", ["F4", "Alt+Down", "button"])
def test_the_calendar_opens_and_picks(qtbot, how):
    form = shown(qtbot, OptionalDateEdit())
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    if how == "F4":
        qtbot.keyClick(form.field.edit, Qt.Key.Key_F4)
    elif how == "Alt+Down":
        qtbot.keyClick(form.field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    else:
        qtbot.mouseClick(form.field.button, Qt.MouseButton.LeftButton)
    popup = form.field.calendar()
    qtbot.waitUntil(popup.isVisible)
    assert popup.calendar.selectedDate().toPython() == TODAY       # an empty field opens on today
    view = popup.calendar.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert form.field.value() == date(2026, 12, 3) and form.field.text() == "2026-12-03"
    assert form.field.edit.hasFocus()


def test_esc_in_the_calendar_closes_only_the_calendar(qtbot):
    form = shown(qtbot, DateEdit(date(2026, 11, 20)))
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    qtbot.keyClick(form.field.edit, Qt.Key.Key_F4)
    popup = form.field.calendar()
    qtbot.waitUntil(popup.isVisible)
    assert popup.calendar.selectedDate().toPython() == date(2026, 11, 20)
    qtbot.keyClick(popup.calendar.focusWidget(), Qt.Key.Key_Escape)
    assert not popup.isVisible() and form.isVisible()
    assert form.field.value() == date(2026, 11, 20)


def test_outside_a_form_the_message_floats_under_the_field_without_moving_anything(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    first, field, below = QLineEdit(), OptionalDateEdit("不限"), QLineEdit()
    for widget in (first, field, below):
        layout.addWidget(widget)
    dialog.show()
    qtbot.waitExposed(dialog)
    where = below.geometry()
    field.edit.setFocus()
    key_text(field.edit, "2026-13-01")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    balloon = field._balloon
    assert balloon is not None and balloon.isVisible()
    assert balloon.text() == "月份应为1–12，现为13，请按 2026-12-02 的格式填写"
    assert balloon.geometry().top() >= field.geometry().bottom()
    assert below.geometry() == where
    assert field.text() == "2026-13-01" and field.value() is None and not field.commit()


def test_a_session_time_is_a_date_field_and_a_time(qtbot):
    form = shown(qtbot, DateTimeEdit(datetime(2026, 12, 3, 9, 0)))
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    field = form.field
    qtbot.keyClick(field.date_field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(field.date_field.edit, "12-04")
    qtbot.keyClick(field.date_field.edit, Qt.Key.Key_Tab)
    assert field.time_field.hasFocus()
    qtbot.keyClick(field.time_field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(field.time_field, "1430")
    qtbot.keyClick(field.time_field, Qt.Key.Key_Tab)
    assert form.after.hasFocus()
    assert field.value() == datetime(2026, 12, 4, 14, 30) and field.time_field.text() == "14:30"
    qtbot.keyClick(form.after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field.time_field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(field.time_field, "25:00")
    qtbot.keyClick(field.time_field, Qt.Key.Key_Tab)
    assert form.fields.error_of("day") == "“25:00”不是有效时间（时0–23，分0–59）"
    assert field.time_field.text() == "25:00" and not field.commit()        # kept, refused until corrected


def test_the_examples_are_the_day_the_clerk_types_on(qtbot):
    """The grey example, the tooltip and the message give today's date: a fixed 20261205 read as
    a near-future date on the days before it (the walk-through, on 2026-12-04)."""
    from app.services.context import freeze_today
    freeze_today(date(2027, 3, 9))
    form = shown(qtbot, DateEdit())
    assert form.field.edit.placeholderText() == "如 20270309 或 03-09"
    assert "2027/3/9、2027年3月9日，或本年的 03-09" in form.field.edit.toolTip()
    tab_in_and_type(qtbot, form, "2027-02-30")
    qtbot.keyClick(form.field.edit, Qt.Key.Key_Tab)
    assert form.fields.error_of("day") == "2027年2月没有30日，请按 2027-03-09 的格式填写"
