"""设置 → 节假日: the year's days are saved off the UI thread; a day added while the save runs is
not taken as saved — it stays in the table and 取消 asks before dropping it (before, the end of
the save marked the table as it then was as saved, and the day was lost without a word)."""
from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QThreadPool, Qt

from app.services.settings import holidays_of_year
from app.ui.admin import settings_pages
from tests.ui.admin.test_settings_and_start import _add_days

ASKED = "填写的内容尚未保存，确定要放弃吗？"


def test_a_day_added_while_the_year_is_saved_stays_unsaved_and_is_asked_about(qtbot, window, message_boxes,
                                                                               monkeypatch):
    dialog = window.open_settings()
    page = dialog.holidays
    dialog.tabs.setCurrentWidget(page)
    page.new_year.setValue(2027)
    qtbot.mouseClick(page.add_year_button, Qt.MouseButton.LeftButton)
    _add_days(qtbot, page, ((date(2027, 1, 1), "放假", "元旦"),))
    go, real = threading.Event(), settings_pages.set_year_schedule

    def held(*args, **kwargs):
        go.wait(20)
        return real(*args, **kwargs)
    monkeypatch.setattr(settings_pages, "set_year_schedule", held)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    _add_days(qtbot, page, ((date(2027, 2, 6), "放假", "春节"),))     # the save is still running
    go.set()
    QThreadPool.globalInstance().waitForDone(20000)
    qtbot.waitUntil(lambda: "2027年安排已保存" in page.year_title.text(), timeout=20000)
    assert [h.day for h in holidays_of_year(2027)] == [date(2027, 1, 1)]
    assert [d["day"] for d in page.days] == [date(2027, 1, 1), date(2027, 2, 6)]
    assert page.is_dirty()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert message_boxes == [ASKED] and dialog.isVisible()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_dirty(), timeout=20000)
    assert [h.day for h in holidays_of_year(2027)] == [date(2027, 1, 1), date(2027, 2, 6)]
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert message_boxes == [ASKED] and not dialog.isVisible()
