"""What every workspace tab shares: the workspace it belongs to and a load/dirty contract."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.domain.errors import Conflict, ValidationFailed
from app.services.casefile import CaseDetail
from app.ui.forms import FieldRegistry
from app.ui.widgets import Banner


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


def show_service_error(exc: ValidationFailed, banner: Banner, fields: FieldRegistry | None = None) -> None:
    """A service refused: field messages next to the fields, the rest (or a Conflict, whose
    message names who changed the case and when) in the tab's banner. Input is never cleared."""
    if isinstance(exc, Conflict):
        banner.show_message(exc.message)
        return
    unplaced = fields.show_errors(exc.errors) if fields is not None else dict(exc.errors)
    if unplaced:
        banner.show_message("；".join(unplaced.values()))
    elif not exc.errors:
        banner.show_message(exc.message)
    else:
        banner.show_message(f"还有 {len(exc.errors)} 处需要修改，已在相应栏目旁标出。")
