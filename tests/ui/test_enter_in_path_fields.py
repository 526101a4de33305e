"""A path typed into a dialog's file field and Enter: the dialog's main action with that path
(导出, 开始导入, 生成), never the file chooser of the 选择… button beside the field (it was the
dialog's default button, walk-through). The chooser is a double that fails the test if opened."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.db.models import Case
from app.services import users
from app.services.context import SYSTEM
from app.ui.ledger import dialogs as ledger_dialogs
from app.ui.ledger.dialogs import LedgerExportDialog, LedgerImportDialog
from app.ui.statistics import rollup_dialog
from app.ui.statistics.rollup_dialog import RollupDialog
from tests.reports.ledger.test_ledger_import import mixed_rows, write_file
from tests.ui.helpers import type_into


class NoFileChooser:
    """Stands where the dialogs get QFileDialog from: opening it is the defect."""

    @staticmethod
    def _opened(*_args, **_kwargs):
        pytest.fail("Enter in the path field opened the file chooser")

    getSaveFileName = getOpenFileName = getOpenFileNames = _opened


@pytest.fixture(autouse=True)
def no_file_chooser(monkeypatch):
    for module in (ledger_dialogs, rollup_dialog):
        monkeypatch.setattr(module, "QFileDialog", NoFileChooser)


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _choose_button(dialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "选择…")


def test_enter_in_the_export_path_exports_to_it(qtbot, sqlite_db, tmp_path):
    dialog = _shown(qtbot, LedgerExportDialog(SYSTEM))
    dialog.date_from.set_value(date(2026, 1, 1))
    type_into(qtbot, dialog.path, str(tmp_path / "十一月台账"))           # …and Enter
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.result[1] == str(tmp_path / "十一月台账.xlsx") and (tmp_path / "十一月台账.xlsx").is_file()
    assert dialog.export_button.isDefault() and not _choose_button(dialog).autoDefault()


def test_enter_in_the_import_path_imports_it(qtbot, sqlite_db, tmp_path):
    users.create_user(SYSTEM, "wangjg", "王建国", "mediator", "Xiehui#2026")
    ledger = write_file(tmp_path / "台账.xlsx", mixed_rows())
    dialog = _shown(qtbot, LedgerImportDialog(SYSTEM))
    type_into(qtbot, dialog.path, str(ledger))
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert dialog.result.imported == 4 and Case.select().count() == 4
    dialog.accept()


def test_enter_in_the_rollup_output_makes_the_report(qtbot, sqlite_db, tmp_path):
    dialog = _shown(qtbot, RollupDialog("某某市消费者协会"))
    type_into(qtbot, dialog.out, str(tmp_path / "汇总"))
    # no county reports added: 生成 itself says what is missing, and no chooser opened
    qtbot.waitUntil(lambda: dialog.banner.text() != "", timeout=10000)
    assert dialog.make_button.isDefault() and dialog.written is None


def test_enter_on_the_focused_choose_button_still_does_the_main_action_not_a_surprise(qtbot, sqlite_db, tmp_path):
    """Tab from the field to 选择… and Enter: the default 导出 (marked as the default), as the
    frame shows; Space on 选择… is what opens the chooser."""
    dialog = _shown(qtbot, LedgerExportDialog(SYSTEM))
    type_into(qtbot, dialog.path, str(tmp_path / "台账"), leave=False)
    qtbot.keyClick(dialog.path, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is _choose_button(dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert (tmp_path / "台账.xlsx").is_file()
