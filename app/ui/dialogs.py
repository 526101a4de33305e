"""Dialog behaviour shared by every form: Ctrl+S saves, Esc asks before dropping what was
typed, Enter moves to the next field (it never saves a half-filled form by accident)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QTextEdit, QVBoxLayout, QWidget,
)

from app.ui.widgets import discard_changes, primary_button


class FormDialog(QDialog):
    """Subclasses implement `save()` (return True when saved) and `is_dirty()`."""

    def __init__(self, title: str, parent=None, save_text: str = "保存"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.save_button = primary_button(f"{save_text}(&S)")
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.try_save)
        self.saved = False

    def save(self) -> bool:
        """Each dialog saves through its service; True when saved."""
        return False

    def is_dirty(self) -> bool:
        return False

    def try_save(self) -> None:
        if self.save():
            self.saved = True
            self.accept()

    def reject(self) -> None:
        if self.is_dirty() and not discard_changes(self):
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(focus, (QPlainTextEdit, QTextEdit, QPushButton)) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.focusNextChild()
            return
        super().keyPressEvent(event)


class WarningsDialog(QDialog):
    """Duplicate and professional-claimant signals before saving: they inform, never reject."""

    def __init__(self, warnings, parent=None, proceed_text: str = "仍然登记"):
        super().__init__(parent)
        self.setWindowTitle("登记前请核对")
        layout = QVBoxLayout(self)
        intro = QLabel("系统发现以下情况，请核对后决定是否继续登记：")
        layout.addWidget(intro)
        for warning in warnings:
            layout.addWidget(_warning_box(warning))
        buttons = QDialogButtonBox()
        self.proceed = buttons.addButton(proceed_text, QDialogButtonBox.ButtonRole.AcceptRole)
        back = buttons.addButton("返回修改", QDialogButtonBox.ButtonRole.RejectRole)
        back.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


def _warning_box(warning) -> QWidget:
    box = QLabel()
    box.setWordWrap(True)
    numbers = "、".join(warning.case_numbers)
    text = f"• {warning.message}"
    if numbers:
        text += f"\n  相关案件：{numbers}"
    box.setText(text)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStyleSheet("QLabel { background: #fff6e0; border: 1px solid #f0c36d; border-radius: 4px; padding: 6px; }")
    return box
