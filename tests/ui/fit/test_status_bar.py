"""The status bar at 1366 px: the missing-holiday notice is whole beside the user and the database
location, with room left for the messages on its left; the whole sentence is its tooltip."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app.services.context import SYSTEM
from app.ui.main_window import MainWindow

LOCATIONS = (r"C:\Users\zhouwen\AppData\Local\XiehuiTiaojie\cases.sqlite3",
             r"D:\消费者协会\投诉调解\二〇二六年\办公室共用电脑\数据备份与恢复\cases.sqlite3",
             "postgresql://xiehui@192.168.1.20:5432/xiehui")


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_2027_notice_fits_the_status_bar_at_1366(qtbot, sqlite_db, message_boxes, location):
    win = MainWindow(SYSTEM, location)
    qtbot.addWidget(win)
    win.ask_before_closing = False
    win.resize(1366, 738)
    win.show()
    qtbot.waitExposed(win)
    label, bar = win.clock_warning, win.statusBar()
    assert label.isVisible()
    assert label.text() == "⚠ 2027年节假日未录入，期限按周一至周五计 — 设置 → 节假日"
    assert "2027年的节假日安排尚未录入" in label.toolTip() and "设置 → 节假日" in label.toolTip()
    assert win.location_label.toolTip() == f"数据库：{location}"
    assert win.width() == bar.width() == 1366                    # the bar did not widen the window
    for widget in (label, win.user_label, win.location_label):
        assert widget.width() >= widget.sizeHint().width(), widget.text()     # whole, not squeezed
        assert bar.rect().contains(widget.geometry()), widget.text()
    # what the bar shows on its left (a menu entry's tip, "已登记 …") still has its room
    message = QLabel("已登记 消调〔2026〕第1234号，部分附件未能保存")
    assert label.geometry().left() >= message.sizeHint().width()


def test_a_partly_entered_year_is_said_short_too():
    from app.domain.calendar import missing_year_notice
    assert missing_year_notice([2027], {2027: ["春节"]}) == "2027年节假日未录全，期限按周一至周五计 — 设置 → 节假日"
    assert missing_year_notice([2027, 2028], {2027: ["春节"]}).startswith("2027年、2028年节假日未录入")
