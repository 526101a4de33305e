"""咨询登记簿: consultations listed by period, a mistyped 人次 corrected, a mistaken one removed —
each audited, and the statistics follow."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.db.models import AuditLog, Consultation
from app.services import consultations
from app.services.context import SYSTEM
from app.domain.periods import Period
from app.services.statistics import period_figures
from app.ui.cases.consultation_dialog import ConsultationsDialog
from tests.ui.helpers import click

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


def consultation_count(period: Period) -> int:
    """人次 of consultations in the monthly statistics."""
    return period_figures(period, with_lists=False).consultations


def _click_row(qtbot, dialog, row: int) -> None:
    rect = dialog.table.visualRect(dialog.model.index(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_mistyped_consultation_is_corrected_and_a_mistaken_one_removed(qtbot, window, monkeypatch):
    consultations.log_consultation(SYSTEM, "phone", "law", 12, "询问七日无理由退货", day=date(2026, 11, 20))
    consultations.log_consultation(SYSTEM, "visit", "rights", 1, "重复登记", day=date(2026, 11, 25))
    consultations.log_consultation(SYSTEM, "visit", "rights", 3, "上月的咨询", day=date(2026, 10, 25))
    assert consultation_count(NOVEMBER) == 13
    window.consultations_action.trigger()
    dialog = window.findChild(ConsultationsDialog)
    assert dialog.isVisible() and dialog.total.text() == "共 2 条，13 人次"      # this month, newest first
    assert not dialog.buttons["correct"].isEnabled()

    _click_row(qtbot, dialog, 1)                                                  # the 12 人次 of 20 Nov
    click(qtbot, dialog.buttons["correct"])
    editor = dialog.editor
    assert editor.windowTitle() == "修改咨询登记" and editor.count.value() == 12
    editor.count.selectAll()
    qtbot.keyClicks(editor.count, "2")
    click(qtbot, editor.save_button)
    assert not editor.isVisible() and dialog.total.text() == "共 2 条，3 人次"
    assert consultation_count(NOVEMBER) == 3
    corrected = AuditLog.get(AuditLog.action == "correct_consultation")
    assert '"old": 12, "new": 2' in corrected.changes

    asked = []

    def answer(box):
        asked.append(box.defaultButton().text())
        next(b for b in box.buttons() if b.text() == "删除").click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)
    _click_row(qtbot, dialog, 0)                                                  # the duplicate of 25 Nov
    click(qtbot, dialog.buttons["remove"])
    assert asked == ["取消"] and dialog.total.text() == "共 1 条，2 人次"
    assert Consultation.select().count() == 2 and consultation_count(NOVEMBER) == 2
    removed = AuditLog.get(AuditLog.action == "remove_consultation")
    assert "重复登记" in removed.changes and removed.summary == "删除咨询登记（2026-11-25，权益咨询，1人次）"


def test_a_period_with_its_start_after_its_end_is_refused_in_words(qtbot, window):
    dialog = ConsultationsDialog(SYSTEM, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first.set_value(date(2026, 11, 30))
    dialog.last.set_value(date(2026, 11, 1))
    click(qtbot, dialog.search_button)
    assert dialog.banner.text() == "开始日期不能晚于结束日期" and dialog.model.rowCount() == 0
