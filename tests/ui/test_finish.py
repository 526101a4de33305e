"""Item 10's finish, checked in the window: read-only panels look read-only, the sessions table
fits its half of the tab at 1366×768, the title names the program once, an empty list says how to
register the first complaint, sort arrows never sit on a title, the first start's password
fields keep their height when messages appear."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette

from app import APP_NAME
from app.services import mediation, registration, workflow
from app.services.context import SYSTEM
from app.ui.admin.login_dialog import FirstAdminDialog
from app.ui.cases.empty_hint import FIRST_COMPLAINT, NOTHING_MATCHES
from tests import factories
from tests.ui.helpers import click, type_into


def _held_sessions_then_closed() -> int:
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    workflow.accept(SYSTEM, case_id, date(2026, 11, 3))
    for day in (date(2026, 11, 5), date(2026, 11, 12), date(2026, 11, 19)):
        mediation.record_session(SYSTEM, case_id, factories.session(day, place="本会第二调解室（三楼东侧）",
                                                                    result="双方意见接近，约定下次继续协商"))
    workflow.withdraw(SYSTEM, case_id, "双方自行和解", date(2026, 11, 25))
    return case_id


def test_a_closed_cases_sessions_fit_and_read_as_read_only(qtbot, window):
    window.resize(1366, 768)
    workspace = window.open_case(_held_sessions_then_closed())
    tab = workspace.page("调解记录")
    workspace.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.sessions_table.isVisible())
    table = tab.sessions_table
    assert table.model().rowCount() == 3
    assert table.horizontalScrollBar().maximum() == 0          # every column in view
    assert "（只读）" in tab.section.title()
    grey = tab.record_text.viewport().palette().color(QPalette.ColorRole.Base).name()
    assert tab.record_text.isReadOnly() and grey == "#f3f4f6"   # the text area itself is grey
    assert tab.place.placeholderText() == "" and tab.record_text.placeholderText() == ""


def test_the_title_names_the_program_once(window):
    assert window.windowTitle() == "某某县消费者协会" and APP_NAME not in window.windowTitle()


def test_an_empty_list_says_how_to_register_the_first_complaint(qtbot, window):
    hint = window.case_list.empty_hint.label
    assert hint.isVisible() and hint.text() == FIRST_COMPLAINT and "Ctrl+N" in hint.text()
    registration.register(SYSTEM, factories.complaint())
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: not hint.isVisible())
    type_into(qtbot, window.case_list.filters.search, "没有这个人")
    qtbot.waitUntil(lambda: hint.isVisible(), timeout=5000)
    assert hint.text() == NOTHING_MATCHES


def test_a_sort_arrow_never_covers_its_title(qtbot, window):
    registration.register(SYSTEM, factories.complaint())
    table = window.case_list.table
    header = table.horizontalHeader()
    amount = next(i for i, c in enumerate(table.model().columns) if c.key == "amount")
    middle = QPoint(header.sectionViewportPosition(amount) + header.sectionSize(amount) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == amount)
    assert header.sectionSize(amount) >= table.title_room(amount)
    header.resizeSection(amount, 30)                            # dragged narrow: held at the title's room
    assert header.sectionSize(amount) == table.title_room(amount)


def test_first_start_password_fields_keep_their_height_when_messages_appear(qtbot, sqlite_db, message_boxes):
    dialog = FirstAdminDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    height, dialog_height = dialog.password.height(), dialog.height()
    type_into(qtbot, dialog.display_name, "王主任")
    type_into(qtbot, dialog.password, "abc")
    type_into(qtbot, dialog.again, "abd", leave=False)
    click(qtbot, dialog.save_button)
    error = dialog.fields.slots["password"].error
    assert error.isVisible() and dialog.fields.slots["again"].error.isVisible()
    qtbot.waitUntil(lambda: dialog.password.height() == height and dialog.again.height() == height, timeout=2000)
    assert dialog.height() >= dialog_height
    below = error.mapTo(dialog, error.rect().topLeft()).y()
    assert below >= dialog.password.mapTo(dialog, dialog.password.rect().bottomLeft()).y()   # under, not over
