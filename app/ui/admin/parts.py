"""Pieces the administration dialogs (users, backups, audit log) share: a row of buttons
under a list, and the 关闭 button box."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton


def button_row(entries) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """(key, text, slot) → a left-aligned row of buttons, and the buttons by key."""
    row, buttons = QHBoxLayout(), {}
    for key, text, slot in entries:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        buttons[key] = button
    row.addStretch(1)
    return row, buttons


def close_box(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
    box.rejected.connect(dialog.reject)
    return box
