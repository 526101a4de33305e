"""设置 → 节假日 → 从国务院通知导入: paste or open the notice, check the year on a calendar, save;
a notice it cannot read is refused with the line and nothing is saved."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.db.models import Case, HolidayYear
from app.services import registration
from app.services.context import SYSTEM, Actor, freeze_today
from app.services.settings import work_calendar
from tests.factories import complaint
from tests.ui.helpers import click

FIXTURES = Path(__file__).resolve().parents[1] / "domain" / "fixtures" / "holiday_notices"
CLERK = Actor(None, "clerk", "登记员甲", "clerk")


def notice(name) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def open_notice_dialog(qtbot, window):
    settings = window.open_settings()
    page = settings.holidays
    settings.tabs.setCurrentWidget(page)
    click(qtbot, page.notice_button)
    qtbot.waitUntil(lambda: page.notice_dialog is not None and page.notice_dialog.isVisible())
    return settings, page, page.notice_dialog


def paste(qtbot, editor, text: str) -> None:
    """As the administrator does: copy from the web page, Ctrl+V into the box."""
    QApplication.clipboard().setText(text)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_paste_read_check_and_save_recounts_deadlines(qtbot, window):
    freeze_today(date(2026, 12, 28))
    try:
        case_id = registration.register(SYSTEM, complaint(received_date=date(2026, 12, 28),
                                                          purchase_date=date(2026, 12, 1))).case_id
        settings, page, dialog = open_notice_dialog(qtbot, window)
        assert not dialog.save_button.isEnabled()
        paste(qtbot, dialog.text, notice("2027-example"))
        assert "国务院办公厅关于2027年" in dialog.text.toPlainText()
        click(qtbot, dialog.read_button)
        assert dialog.summary.text() == "2027年：放假 28 天，调休上班 5 天"
        assert dialog.calendar.year == 2027
        assert dialog.calendar.kind_of(date(2027, 2, 8)) == "holiday"
        assert dialog.calendar.kind_of(date(2027, 2, 20)) == "workday"
        assert dialog.calendar.kind_of(date(2027, 2, 27)) == "weekend"
        assert dialog.items.item(1).text() == "春节：2月5日至2月12日放假（共8天）；2月20日上班"
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: "已保存" in dialog.result_label.text(), timeout=10000)
        assert dialog.result_label.text() == "已保存2027年节假日安排，1 件办理中案件的期限已重新计算"
        assert HolidayYear.get_by_id(2027).source == "notice"
        assert Case.get_by_id(case_id).next_deadline == date(2027, 1, 7)
        assert work_calendar().is_workday(date(2027, 2, 20))
        assert page.year == 2027 and page.year_title.text().startswith("2027年：放假 28 天")
        click(qtbot, dialog.close_button)
        settings.reject()
        qtbot.waitUntil(lambda: "2027" not in window.clock_warning.text())
    finally:
        freeze_today(date(2026, 11, 30))


def test_an_unreadable_line_is_shown_and_nothing_saved(qtbot, window):
    settings, page, dialog = open_notice_dialog(qtbot, window)
    bad = notice("2027-example").replace("2月20日（周六）上班", "2月22日（周一）上班")
    paste(qtbot, dialog.text, bad)
    click(qtbot, dialog.read_button)
    assert dialog.banner.text().startswith("第9行无法识别：春节：2月22日是星期一，本来就上班")
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text() == "未能识别，没有保存任何内容"
    # fixing the line and reading again enables saving; editing afterwards disables it again
    dialog.text.setPlainText(notice("2027-example"))
    click(qtbot, dialog.read_button)
    assert dialog.save_button.isEnabled() and dialog.banner.text() == ""
    qtbot.keyClick(dialog.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.text, " ")
    assert not dialog.save_button.isEnabled() and dialog.summary.text() == "内容已改动，请重新识别"
    assert HolidayYear.get_or_none(HolidayYear.year == 2027) is None
    click(qtbot, dialog.close_button)
    settings.reject()


def test_open_a_saved_file_and_choose_the_year(qtbot, window, tmp_path, monkeypatch):
    body = "\n".join(line for line in notice("2027-example").splitlines() if "2027年" not in line)
    path = tmp_path / "放假通知.txt"
    path.write_text(body, encoding="gb18030")
    monkeypatch.setattr("app.ui.holiday_notice_dialog.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(path), ""))
    settings, page, dialog = open_notice_dialog(qtbot, window)
    click(qtbot, dialog.open_button)
    assert dialog.result_label.text() == "已打开 放假通知.txt" and "没有写明是哪一年" in dialog.banner.text()
    dialog.year.setFocus()
    qtbot.keyClick(dialog.year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.year, "2027")
    qtbot.keyClick(dialog.year, Qt.Key.Key_Tab)
    click(qtbot, dialog.read_button)
    assert dialog.year.value() == 2027
    assert dialog.summary.text() == "2027年：放假 28 天，调休上班 5 天"
    wrong = tmp_path / "通知.doc"
    wrong.write_bytes(b"\xd0\xcf\x11\xe0")
    monkeypatch.setattr("app.ui.holiday_notice_dialog.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(wrong), ""))
    click(qtbot, dialog.open_button)
    assert "另存为 .docx 或 .txt" in dialog.banner.text()
    click(qtbot, dialog.close_button)
    settings.reject()


def test_a_clerk_is_refused_on_saving(qtbot, window):
    from app.ui.holiday_notice_dialog import HolidayNoticeDialog
    dialog = HolidayNoticeDialog(CLERK, window)
    qtbot.addWidget(dialog)
    dialog.show()
    paste(qtbot, dialog.text, notice("2027-example"))
    click(qtbot, dialog.read_button)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.banner.text() != "", timeout=10000)
    assert "无权修改设置、节假日和分类" in dialog.banner.text()
    assert HolidayYear.get_or_none(HolidayYear.year == 2027) is None
