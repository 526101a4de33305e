"""What every workspace tab shares: the workspace it belongs to and a load/dirty contract."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.services.casefile import CaseDetail


class WorkspaceTab(QWidget):
    title = ""

    def __init__(self, workspace, parent=None):
        super().__init__(parent)
        self.ws = workspace

    def load(self, detail: CaseDetail) -> None:
        """Show the case as it is now; an editor with unsaved input keeps it."""

    def is_dirty(self) -> bool:
        return False

    def save(self) -> bool:
        """Ctrl+S in this tab; False when there is nothing to save here."""
        return False


def button_row(*buttons: QPushButton, stretch_first: bool = True) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    if stretch_first:
        row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    if not stretch_first:
        row.addStretch(1)
    return holder
