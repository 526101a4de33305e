"""Which screen a service call belongs to (runner._within): a call started in a dialog opened from a
case's tab belongs to the tab, so closing the tab waits for it too (isAncestorOf stops at the
dialog's window)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from app.ui import runner


def test_a_dialog_of_a_tab_is_within_the_tab(qtbot):
    tab, other = QWidget(), QWidget()
    qtbot.addWidget(tab)
    qtbot.addWidget(other)
    dialog = QDialog(tab)
    field = QLineEdit(dialog)
    assert not tab.isAncestorOf(field)                  # what the runner used to ask
    assert runner._within(tab, field) and runner._within(tab, dialog) and runner._within(tab, tab)
    assert not runner._within(other, field) and not runner._within(dialog, tab)
