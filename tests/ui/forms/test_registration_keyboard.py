"""投诉登记 from the keyboard, as a WPS/金蝶 user types it: the cursor starts in 姓名, Tab follows
what the eye sees, the birth date comes from the ID number (shown, never typed over), messages
never move the fields, the banner's count stays current, Esc and Ctrl+S do what they say."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from app.db.models import Case, Complainant
from app.ui.forms import visual_focus_chain
from tests.ui.helpers import click, fill_complaint, key_text, pick, type_into, wait_for_services
from tests.clock import frozen_on

TODAY = date(2026, 12, 2)


frozen_today = frozen_on(TODAY, autouse=True)


@pytest.fixture
def answers(monkeypatch):
    """Message boxes answered by the button the test names (the prompt itself is kept)."""
    asked: list[str] = []
    reply = {"text": "继续编辑"}

    def exec_box(box):
        asked.append(box.text())
        if reply["text"] == "Enter":          # the clerk just presses Enter: the default button
            box.show()
            QTest.keyClick(box, Qt.Key.Key_Return)
            box.hide()
            return 0
        for button in box.buttons():
            if button.text() == reply["text"]:
                button.click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return asked, reply


def opened(qtbot, window):
    dialog = window.register_complaint()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    return QApplication.focusWidget()


def tab(qtbot, times: int = 1) -> QWidget:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    return focused()


def test_the_form_opens_in_its_first_field(qtbot, window):
    dialog = opened(qtbot, window)
    qtbot.waitUntil(lambda: dialog.form.person_name.hasFocus())


def test_birth_date_and_gender_come_from_the_id_and_tab_passes_the_birth_date_by(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    qtbot.waitUntil(form.person_name.hasFocus)
    key_text(form.person_name, "张三")
    assert tab(qtbot) is form.person_phone
    key_text(form.person_phone, "13812345678")
    assert tab(qtbot) is form.gender
    assert tab(qtbot) is form.id_type
    assert tab(qtbot) is form.id_number
    key_text(form.id_number, "11010519491231002X")
    assert form.birth_date.value() == date(1949, 12, 31) and form.birth_date.text() == "1949-12-31"
    assert form.birth_date.is_derived() and form.birth_date.edit.isReadOnly()
    assert form.gender.currentText() == "女"
    # the next Tab goes to the address: the birth date cannot take the address's digits
    assert tab(qtbot) is form.person_address
    key_text(form.person_address, "城关镇人民路10号")
    assert form.birth_date.value() == date(1949, 12, 31)
    # a different number: the birth date follows it; a wrong number gives the field back, empty
    type_into(qtbot, form.id_number, "110105198002290013")
    assert form.birth_date.value() == date(1980, 2, 29)
    type_into(qtbot, form.id_number, "1101051980")
    assert form.birth_date.value() is None and not form.birth_date.is_derived()


def test_a_gender_contradicting_the_id_is_refused_beside_it(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    fill_complaint(qtbot, form)               # a woman's ID number: gender 女 filled in
    assert form.gender.currentText() == "女"
    pick(form.gender, "男")
    assert form.fields.error_of("complainant.gender") == "性别与身份证号不一致"
    click(qtbot, dialog.save_button)
    assert Case.select().count() == 0 and dialog.isVisible()
    pick(form.gender, "女")
    assert form.fields.error_of("complainant.gender") == ""


def field_widgets(form) -> list[QWidget]:
    return [slot.widget for slot in form.fields.slots.values()]


def geometry_of(form) -> list:
    return [(w.mapTo(form, QPoint(0, 0)), w.size()) for w in field_widgets(form)]


def test_messages_appearing_and_going_never_move_the_fields(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    QApplication.processEvents()
    before = geometry_of(form)
    hint_line = dialog.scroll.mapTo(dialog, QPoint(0, 0))
    type_into(qtbot, form.person_phone, "1381234")              # a message under the phone
    type_into(qtbot, form.amount, "三千")                        # and under the amount
    assert form.fields.error_of("complainant.phone") and form.fields.error_of("amount")
    click(qtbot, dialog.save_button)                            # the banner, and every required field's message
    assert dialog.banner.text().startswith("还有")
    QApplication.processEvents()
    assert geometry_of(form) == before
    assert dialog.scroll.mapTo(dialog, QPoint(0, 0)) == hint_line
    # the message sits on the line under its field, reaching on under the next caption, whole
    phone, message = form.person_phone, form.fields.slots["complainant.phone"].error
    field_box = phone.rect().translated(phone.mapTo(form, QPoint(0, 0)))
    message_box = message.rect().translated(message.mapTo(form, QPoint(0, 0)))
    assert message_box.left() == field_box.left() and message_box.top() > field_box.bottom()
    assert message_box.width() > field_box.width()
    gender_box = form.gender.rect().translated(form.gender.mapTo(form, QPoint(0, 0)))
    assert message_box.right() < gender_box.left()
    assert message.text() == "手机号应为以13–19开头的11位数字"
    assert QLabel.text(message) == message.text()              # painted whole, not cut with "…"
    fill_complaint(qtbot, form)                                 # all put right: the messages go
    type_into(qtbot, form.person_phone, "13812345678")
    QApplication.processEvents()
    assert form.fields.visible_errors() == {}
    assert geometry_of(form) == before


def test_a_message_longer_than_its_line_wraps_and_is_read_whole(qtbot, window):
    """The walk-through at 1366×768: the business phone's message, in the last column, was cut
    to "电话号码格式不正确：手机…". A message that does not fit its line takes more lines (the
    rows below make room for them, nothing is painted over); one that fits keeps its one line."""
    dialog = opened(qtbot, window)
    dialog.resize(1080, 700)                 # the registration dialog on a maximised 1366×768 window
    form = dialog.form
    qtbot.waitUntil(lambda: form.business_address.width() > 700)
    below = form.business_address
    type_into(qtbot, form.business_phone, "0571-123")
    slot = form.fields.slots["business.phone"]
    message = slot.error
    whole = "电话号码格式不正确：手机号11位，座机如 0571-87654321"
    assert message.text() == whole and QLabel.text(message) == whole          # nothing cut off with "…"
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()))
    assert message.fontMetrics().horizontalAdvance(whole) > message.width()   # so it takes two lines
    assert message.height() >= 2 * message.fontMetrics().lineSpacing()
    # the rows below make room (a layout pass after the message's own): over no field then
    qtbot.waitUntil(lambda: message.mapTo(form, QPoint(0, message.height())).y()
                    <= below.mapTo(form, QPoint(0, 0)).y())
    type_into(qtbot, form.business_phone, "0571-87654321")
    qtbot.waitUntil(lambda: message.isHidden())


def test_the_banner_count_stays_current(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    fill_complaint(qtbot, form)
    type_into(qtbot, form.person_phone, "1381234")
    type_into(qtbot, form.amount, "三千")
    click(qtbot, dialog.save_button)
    assert dialog.banner.text().startswith("还有 2 处需要修改")
    type_into(qtbot, form.amount, "3000")
    assert dialog.banner.text().startswith("还有 1 处需要修改")
    type_into(qtbot, form.person_address, "")
    assert dialog.banner.text().startswith("还有 2 处需要修改")
    type_into(qtbot, form.person_address, "某县城关镇人民路1号")
    type_into(qtbot, form.person_phone, "13812345678")
    assert dialog.banner.text() == "" and dialog.top_line.currentWidget() is dialog.hint


def test_purchase_date_is_rechecked_when_either_date_changes(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    form.purchase_date.edit.setFocus()
    key_text(form.purchase_date.edit, "11-30")
    qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_Tab)
    assert form.fields.error_of("purchase_date") == ""
    form.received_date.edit.setFocus()
    qtbot.keyClick(form.received_date.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(form.received_date.edit, "11-29")
    assert form.fields.error_of("purchase_date") == "购买/接受服务日期不能晚于登记日期"
    key_text(form.received_date.edit, "")
    qtbot.keyClick(form.received_date.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(form.received_date.edit, "2026-12-01")
    assert form.fields.error_of("purchase_date") == ""
    form.purchase_date.edit.setFocus()
    qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(form.purchase_date.edit, "20261202")
    qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_Tab)
    assert form.fields.error_of("purchase_date") == "购买/接受服务日期不能晚于登记日期"


def reading_order(widgets: list[QWidget], within: QWidget) -> list[QWidget]:
    """Top to bottom, then left to right, as the eye reads the screen: widgets whose tops are
    within a few pixels of each other are on one line."""
    placed = sorted(widgets, key=lambda w: (w.mapTo(within, QPoint(0, 0)).y(), w.mapTo(within, QPoint(0, 0)).x()))
    lines: list[list[QWidget]] = []
    for widget in placed:
        top = widget.mapTo(within, QPoint(0, 0)).y()
        if lines and abs(lines[-1][0].mapTo(within, QPoint(0, 0)).y() - top) <= 8:
            lines[-1].append(widget)
        else:
            lines.append([widget])
    return [w for line in lines for w in sorted(line, key=lambda w: w.mapTo(within, QPoint(0, 0)).x())]


def tab_sequence(qtbot, start: QWidget, inside: QWidget) -> list[QWidget]:
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    seen = [start]
    while True:
        widget = tab(qtbot)
        if not inside.isAncestorOf(widget) or widget in seen:
            return seen
        seen.append(widget)


def test_tab_follows_what_the_eye_sees(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    click(qtbot, form.agents.add_agent)           # a row added later sits where it is seen, so does its Tab
    QApplication.processEvents()
    pick(form.channel, "全国12315平台转办")           # the platform number can be typed now
    reachable = [w for w in visual_focus_chain(form) if w.isVisible() and w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert len(reachable) > 30
    sequence = tab_sequence(qtbot, form.person_name, form)
    assert [w.objectName() or type(w).__name__ for w in sequence] == \
        [w.objectName() or type(w).__name__ for w in reading_order(reachable, form)]
    assert sequence == reading_order(reachable, form)


def test_esc_closes_an_untouched_form_silently(qtbot, window, answers):
    asked, _reply = answers
    dialog = opened(qtbot, window)
    qtbot.waitUntil(dialog.form.person_name.hasFocus)
    qtbot.keyClick(dialog.form.person_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == []


def test_esc_asks_before_dropping_what_was_typed(qtbot, window, answers):
    asked, reply = answers
    dialog = opened(qtbot, window)
    qtbot.waitUntil(dialog.form.person_name.hasFocus)
    key_text(dialog.form.person_name, "张三")
    qtbot.keyClick(dialog.form.person_name, Qt.Key.Key_Escape)
    assert asked == ["填写的内容尚未保存，确定要放弃吗？"]
    assert dialog.isVisible() and dialog.form.person_name.text() == "张三"       # 继续编辑
    reply["text"] = "放弃修改"
    qtbot.keyClick(dialog.form.person_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(asked) == 2


def test_esc_then_enter_keeps_what_was_typed(qtbot, window, answers):
    """Esc (to close a suggestion list, say), then Enter in the question: the typed complaint stays
    (放弃修改 was the default button: Enter dropped it all)."""
    asked, reply = answers
    reply["text"] = "Enter"
    dialog = opened(qtbot, window)
    qtbot.waitUntil(dialog.form.person_name.hasFocus)
    key_text(dialog.form.person_name, "张三")
    qtbot.keyClick(dialog.form.person_name, Qt.Key.Key_Escape)
    assert asked == ["填写的内容尚未保存，确定要放弃吗？"]
    assert dialog.isVisible() and dialog.form.person_name.text() == "张三"


def test_ctrl_s_saves_with_the_date_still_being_typed(qtbot, window):
    dialog = opened(qtbot, window)
    form = dialog.form
    fill_complaint(qtbot, form)
    form.purchase_date.edit.setFocus()
    key_text(form.purchase_date.edit, "11月28日")
    with qtbot.waitSignal(dialog.registered):
        qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_for_services(qtbot)
    assert not dialog.isVisible()
    case = Case.get()
    assert case.purchase_date == date(2026, 11, 28)
    # the keyboard is on the list, the new case selected: Enter opens it
    table = window.case_list.table
    qtbot.waitUntil(lambda: window.focusWidget() is table)       # (the window is active again on a desktop)
    assert window.case_list.selected_case() == case.id
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: case.id in window.workspaces)
    person = Complainant.get()
    assert person.birth_date == date(1949, 12, 31) and person.gender == "female"


def test_enter_moves_on_and_in_the_last_field_presses_the_default_button(qtbot, sqlite_db):
    from app.services import users
    from app.ui.admin.login_dialog import FirstAdminDialog

    dialog = FirstAdminDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(dialog.display_name.hasFocus)        # 用户名 is filled in already: the cursor is in 姓名
    key_text(dialog.display_name, "王主任")
    qtbot.keyClick(dialog.display_name, Qt.Key.Key_Return)
    assert dialog.password.hasFocus() and users.needs_first_admin()
    key_text(dialog.password, "Xiehui#2026")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.again.hasFocus() and users.needs_first_admin()
    key_text(dialog.again, "Xiehui#2026")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)       # the last field: 创建管理员并登录
    assert not users.needs_first_admin() and not dialog.isVisible()
    assert dialog.actor.display_name == "王主任"


def test_a_wrong_date_stays_typed_and_no_save_goes_ahead_until_it_is_corrected(qtbot, window):
    """The walk-through: 2026-02-30 in 购买日期 was cleared when the cursor left, and the next
    save went ahead without it. Now the text stays with its message, Ctrl+S and a click on 保存
    are both refused, and the form saves once the date is corrected."""
    dialog = opened(qtbot, window)
    form = dialog.form
    fill_complaint(qtbot, form)
    form.purchase_date.edit.setFocus()
    qtbot.keyClicks(form.purchase_date.edit, "2026-02-30")
    qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_Tab)
    message = "2026年2月没有30日，请按 2026-12-02 的格式填写"
    assert form.purchase_date.text() == "2026-02-30" and form.fields.error_of("purchase_date") == message
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and Case.select().count() == 0       # refused: the clerk sees why
    assert form.purchase_date.text() == "2026-02-30" and form.fields.error_of("purchase_date") == message
    assert form.purchase_date.edit.hasFocus()                      # the cursor is where to correct it
    qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.purchase_date.edit, "28")                 # 2026-02-28
    with qtbot.waitSignal(dialog.registered):
        qtbot.keyClick(form.purchase_date.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_for_services(qtbot)
    assert Case.get().purchase_date == date(2026, 2, 28)


def test_the_form_outside_the_dialog_tabs_in_reading_order_with_loaded_agents(qtbot, sqlite_db):
    """The case workspace shows the same form, loaded with a case that has an agent."""
    from dataclasses import replace

    from app.services.inputs import AgentInput
    from app.ui.cases.complaint_form import ComplaintForm
    from tests.factories import complaint

    form = ComplaintForm()
    qtbot.addWidget(form)
    form.set_value(replace(complaint(), agents=[AgentInput("李四", "agent", authorization="代为调解")]))
    form.resize(1000, 1600)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    reachable = [w for w in visual_focus_chain(form) if w.isVisible() and w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    expected = reading_order(reachable, form)
    form.person_name.setFocus()
    qtbot.waitUntil(form.person_name.hasFocus)
    seen = [form.person_name]
    while len(seen) < len(expected):
        seen.append(tab(qtbot))
    assert seen == expected
    assert form.agents.rows[0].name in seen
