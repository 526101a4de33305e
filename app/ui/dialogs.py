"""Dialog behaviour shared by every form, as WPS and 金蝶 users expect: the cursor starts in the
first field; Tab follows what the eye sees; Enter moves to the next field and, in the last
field, presses the default button (so it never saves a half-filled form by accident); Ctrl+S
saves; Esc closes at once when nothing was typed and asks before dropping what was.

"The last field" is the last one left to fill in: choices after it that already hold an answer
(the 承办调解员 the case proposes, a check box) do not count, so in the 受理 dialog one Enter
after the date accepts (the walk-through needed two: the first only moved to the mediator).
A choice still at its 请选择 prompt does count, and Enter goes there instead."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton, QComboBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QTextEdit,
    QToolButton, QVBoxLayout, QWidget,
)

from app.ui.date_field import commit_typed_dates
from app.ui.forms import apply_tab_order, visual_focus_chain
from app.ui.widgets import CodeCombo, discard_changes, primary_button


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
        self._opened = False

    def save(self) -> bool:
        """Each dialog saves through its service; True when saved."""
        return False

    def is_dirty(self) -> bool:
        return False

    def try_save(self) -> None:
        if not self.take_typed_dates():
            return
        if self.save():
            self.saved = True
            self.accept()

    def take_typed_dates(self) -> bool:
        """A date still being typed counts as if the field were left (Ctrl+S from inside it);
        False when one was refused (its message is on the screen)."""
        return commit_typed_dates(self)

    # ---------------------------------------------------------------- keyboard
    def input_fields(self) -> list[QWidget]:
        """The dialog's input fields in Tab order (buttons left out)."""
        return [w for w in visual_focus_chain(self) if not isinstance(w, (QPushButton, QToolButton))]

    def first_field(self) -> QWidget | None:
        return next((w for w in self.input_fields() if w.isEnabled() and w.isVisibleTo(self)), None)

    def refresh_tab_order(self) -> None:
        apply_tab_order(self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._opened:          # once: a dialog shown again keeps where the clerk was
            self._opened = True
            self.refresh_tab_order()
            chosen = self.focusWidget()           # a dialog may start elsewhere (the login: the password)
            first = self.first_field()
            if first is not None and (chosen is None or not chosen.isVisibleTo(self)):
                first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _is_last_field(self, widget: QWidget | None) -> bool:
        """Nothing after `widget` is left to fill in (see the module's note)."""
        reachable = [w for w in self.input_fields() if w.isEnabled() and w.isVisibleTo(self)]
        if widget not in reachable:
            return False
        return not any(_to_fill(w) for w in reachable[reachable.index(widget) + 1:])

    def reject(self) -> None:
        if self.is_dirty() and not discard_changes(self):
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        focus = self.focusWidget()
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not isinstance(focus, (QPlainTextEdit, QTextEdit, QPushButton)) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self._is_last_field(focus):
                self.save_button.click()          # the default button, as a click would
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)


def _to_fill(widget: QWidget) -> bool:
    """Whether a field still asks the clerk for something: any typed field does; a fixed list or
    a check box holds an answer already, unless the list is still at its 请选择 prompt."""
    if isinstance(widget, QComboBox) and not widget.isEditable():
        return isinstance(widget, CodeCombo) and widget.awaits_choice()
    return not isinstance(widget, QAbstractButton)


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
