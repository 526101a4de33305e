"""Forms in labelled groups: required fields marked, the message for a field in red under it,
checked when the clerk leaves the field and again while typing once a message is shown.

Field keys are the services' error keys ("complainant.id_number", "terms.0.amount", …), so a
ValidationFailed from a service lands next to the field it is about.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QGridLayout, QGroupBox, QLabel, QLayout, QLineEdit,
    QPlainTextEdit, QScrollArea, QTextEdit, QVBoxLayout, QWidget,
)

from app.ui import theme
from app.ui.date_field import DateField, DateTimeField, commit_date_fields
from app.ui.theme import ERROR_COLOUR
from app.ui.widgets import ErrorLabel

Check = Callable[[], str | None]


@dataclass
class FieldSlot:
    key: str
    widget: QWidget
    error: ErrorLabel
    label: QLabel | None
    check: Check | None = None
    touched: bool = False


def label_text(text: str, required: bool = False) -> str:
    mark = f"<span style='color:{ERROR_COLOUR}'>*</span>" if required else ""
    return f"{text}{mark}"


class FormSection(QGroupBox):
    """A titled group laid out as `pairs` label/field pairs per row."""

    def __init__(self, title: str, pairs: int = 2, parent=None):
        super().__init__(title, parent)
        self.setStyleSheet(theme.GROUP_BOX_CSS)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(8)
        self.grid.setContentsMargins(12, 16, 12, 10)
        self.pairs = pairs
        self._row, self._col = 0, 0
        for pair in range(pairs):
            self.grid.setColumnStretch(pair * 2 + 1, 1)

    def new_row(self) -> None:
        if self._col:
            self._row, self._col = self._row + 1, 0

    def place(self, label: QLabel | None, cell: QWidget, span: int = 1) -> None:
        span = min(span, self.pairs)
        if self._col + span > self.pairs:
            self.new_row()
        column = self._col * 2
        if label is not None:
            self.grid.addWidget(label, self._row, column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(cell, self._row, column + 1, 1, span * 2 - 1)
        else:
            self.grid.addWidget(cell, self._row, column, 1, span * 2)
        self._col += span
        if self._col >= self.pairs:
            self.new_row()

    def add_widget(self, widget: QWidget, span: int | None = None) -> None:
        """A widget across the whole row (a list, a row of buttons)."""
        self.new_row()
        self.place(None, widget, span or self.pairs)


class _Watcher(QObject):
    """Runs a field's check when the field loses focus."""

    def __init__(self, form: "FieldRegistry", key: str):
        super().__init__()
        self.form, self.key = form, key

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.form.run_check(self.key, touch=True)
        return False


class _MessagePlace(QObject):
    """Keeps a field's message on the line under the field, reaching on to the right over the
    empty space under the next field's caption: a message twice the field's width still reads
    whole, and the form's layout never changes for it."""

    def __init__(self, section: QWidget, cell: QWidget, line: QWidget, error: ErrorLabel):
        super().__init__(cell)
        self.section, self.cell, self.line, self.error = section, cell, line, error
        self._pending = False
        cell.installEventFilter(self)
        error.message_changed.connect(self._later)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self._later()
        return False

    def _later(self) -> None:
        if not self._pending:
            self._pending = True          # after the cell has laid out its own field and line
            QTimer.singleShot(0, self.error, self.follow)     # not after the form is gone

    def follow(self) -> None:
        self._pending = False
        top_left = self.line.mapTo(self.section, QPoint(0, 0))
        right_edge = self.section.contentsRect().right() - 4
        width = max(1, min(self.cell.width() + self._reach(), right_edge - top_left.x()))
        if self.error.wraps:              # a message read whole: its line grows, the form makes room
            one = ErrorLabel.line_height(self.cell)
            height = max(one, self.error.heightForWidth(width)) if self.error.text() else one
            if height != self.line.height():
                self.line.setFixedHeight(height)
        self.error.setGeometry(top_left.x(), top_left.y(), width, self.line.height())

    def _reach(self) -> int:
        """The width of the caption column right of this field (empty on the message's line)."""
        grid = self.section.layout()
        index = grid.indexOf(self.cell) if isinstance(grid, QGridLayout) else -1
        if index < 0:
            return 0
        row, column, _rows, columns = grid.getItemPosition(index)
        next_column = column + columns
        if next_column >= grid.columnCount():
            return 0
        return max(0, grid.cellRect(row, next_column).right() - self.cell.geometry().right())


class FieldRegistry:
    """The fields of one form by key; shows and clears their messages."""

    def __init__(self) -> None:
        self.slots: dict[str, FieldSlot] = {}
        self._watchers: list[_Watcher] = []
        self.on_messages_changed: list[Callable[[], None]] = []     # e.g. a banner's "还有 N 处"
        self._places: list[_MessagePlace] = []

    def add(self, section: FormSection, key: str, label: str, widget: QWidget, required: bool = False,
            span: int = 1, check: Check | None = None, hint: str = "") -> QWidget:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        line = QWidget()        # the message's line, kept empty or not, so nothing moves
        line.setFixedHeight(ErrorLabel.line_height(cell))
        box.addWidget(line)
        box.addStretch(1)       # a taller row keeps the field at the label's height
        error = ErrorLabel(section)
        # read whole: a message longer than its line (the business phone's, in the last column at
        # 1366 px, was cut to "电话号码格式不正确：手机…") takes more lines, and only then does the
        # form make room; one that fits keeps the one line kept for it, so nothing moves
        error.wrap_lines()
        self._places.append(_MessagePlace(section, cell, line, error))
        caption = QLabel(label_text(label, required))
        caption.setTextFormat(Qt.TextFormat.RichText)
        caption.setBuddy(widget)
        if not isinstance(widget, (QPlainTextEdit, QTextEdit)):
            caption.setMinimumHeight(widget.sizeHint().height())
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        else:
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            caption.setContentsMargins(0, 4, 0, 0)
        if hint:
            widget.setToolTip(hint)
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(hint)
        section.place(caption, cell, span)
        self.register(key, widget, error, caption, check)
        return widget

    def register(self, key: str, widget: QWidget, error: ErrorLabel, label: QLabel | None = None,
                 check: Check | None = None) -> None:
        if isinstance(widget, (DateField, DateTimeField)):
            check = _date_check(widget, check)
        self.slots[key] = FieldSlot(key, widget, error, label, check)
        if check is not None:
            self._connect_check(key, widget)

    def remove_prefix(self, prefix: str) -> None:
        for key in [k for k in self.slots if k.startswith(prefix)]:
            del self.slots[key]

    def _connect_check(self, key: str, widget: QWidget) -> None:
        if isinstance(widget, DateField):
            widget.editingFinished.connect(lambda: self.run_check(key, touch=True))
            widget.dateChanged.connect(lambda _day: self.run_check(key))
            widget.problem_changed.connect(lambda: self.run_check(key, touch=True))
        elif isinstance(widget, DateTimeField):
            widget.dateTimeChanged.connect(lambda _moment: self.run_check(key))
            widget.problem_changed.connect(lambda: self.run_check(key, touch=True))
        elif isinstance(widget, QLineEdit):
            widget.editingFinished.connect(lambda: self.run_check(key, touch=True))
            widget.textEdited.connect(lambda _text: self.run_check(key))
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            watcher = _Watcher(self, key)
            widget.installEventFilter(watcher)
            self._watchers.append(watcher)
            widget.textChanged.connect(lambda: self.run_check(key))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self.run_check(key, touch=True))
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(lambda: self.run_check(key, touch=True))
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(lambda _on: self.run_check(key, touch=True))

    def run_check(self, key: str, touch: bool = False) -> str | None:
        """Check one field. While typing, only a field already left once (or showing a message)
        is checked, so the clerk is not told off before finishing the first entry."""
        slot = self.slots.get(key)
        if slot is None or slot.check is None:
            return None
        if touch:
            slot.touched = True
        if not slot.touched and slot.error.isHidden():
            return None
        message = slot.check()
        self._show(slot, message)
        return message

    def _show(self, slot: FieldSlot, message: str | None) -> None:
        before = slot.error.text() if not slot.error.isHidden() else ""
        slot.error.show_message(message)
        if (message or "") != before:
            for listener in self.on_messages_changed:
                listener()

    def check_all(self) -> dict[str, str]:
        found = {}
        for key, slot in self.slots.items():
            if slot.check is not None:
                slot.touched = True
                message = self.run_check(key)
                if message:
                    found[key] = message
        return found

    def set_error(self, key: str, message: str | None) -> bool:
        slot = self.slots.get(key)
        if slot is None:
            return False
        self._show(slot, message)
        return True

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Put each message next to its field; returns those with no field on this form."""
        self.clear_errors()
        unplaced = {}
        for key, message in errors.items():
            if not self.set_error(key, message):
                unplaced[key] = message
        return unplaced

    def clear_errors(self) -> None:
        for slot in self.slots.values():
            self._show(slot, None)
            slot.touched = False

    def commit_dates(self) -> bool:
        """Each date and time of this form counts as if its field were left; False while one
        holds a text that is not a date (its message is beside it, the cursor goes there)."""
        return commit_date_fields(slot.widget for slot in self.slots.values())

    def error_of(self, key: str) -> str:
        slot = self.slots.get(key)
        return slot.error.text() if slot and not slot.error.isHidden() else ""

    def visible_errors(self) -> dict[str, str]:
        return {k: s.error.text() for k, s in self.slots.items() if not s.error.isHidden()}

    def focus_first_error(self, scroll: QScrollArea | None = None) -> None:
        for slot in self.slots.values():
            if not slot.error.isHidden():
                if scroll is not None:
                    scroll.ensureWidgetVisible(slot.widget, 50, 80)
                slot.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def widget(self, key: str) -> QWidget:
        return self.slots[key].widget

    def set_enabled(self, enabled: bool) -> None:
        for slot in self.slots.values():
            widget = slot.widget
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
                widget.setReadOnly(not enabled)
                theme.set_read_only_look(widget, not enabled)
            else:
                widget.setEnabled(enabled)


def _date_check(widget: DateField | DateTimeField, check: Check | None) -> Check:
    """A date field says first what was wrong with the text left in it, then the form's own check."""
    widget.in_form = True            # the message goes under the field, not in a balloon

    def checked() -> str | None:
        return widget.problem() or (check() if check is not None else None)
    return checked


def scrolling(widget: QWidget) -> QScrollArea:
    """`widget` in a scroll area, kept at its natural height (extra room stays below it)."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(widget)
    column.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(holder)
    return area


# ---------------------------------------------------------------- Tab order
def visual_focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab can reach under `root`, in the order the eye reads them: the layouts
    walked top to bottom and left to right (a grid row by row), not the order the code made them."""
    found: list[QWidget] = []
    _walk_widget(root, root, found)
    return found


def apply_tab_order(root: QWidget) -> None:
    chain = visual_focus_chain(root)
    for first, second in zip(chain, chain[1:]):
        QWidget.setTabOrder(first, second)


def _takes_tab(widget: QWidget) -> bool:
    return widget.focusProxy() is None and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _walk_widget(widget: QWidget, root: QWidget, found: list[QWidget]) -> None:
    if isinstance(widget, QScrollArea):
        if widget.widget() is not None:
            _walk_widget(widget.widget(), root, found)
        return
    if widget is not root and _takes_tab(widget):
        found.append(widget)
        return
    if widget.layout() is not None:
        _walk_layout(widget.layout(), root, found)


def _walk_layout(layout: QLayout, root: QWidget, found: list[QWidget]) -> None:
    indices = range(layout.count())
    if isinstance(layout, QGridLayout):
        indices = sorted(indices, key=lambda i: layout.getItemPosition(i)[:2])
    for index in indices:
        item = layout.itemAt(index)
        if item.widget() is not None:
            _walk_widget(item.widget(), root, found)
        elif item.layout() is not None:
            _walk_layout(item.layout(), root, found)
