"""Small widgets used everywhere: code pickers, optional dates, badges, banners, tables."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget,
)

from app.domain.codes import CodeSet
from app.domain.errors import Conflict, ValidationFailed
from app.ui import theme
from app.ui.date_field import DateField, DateTimeField
from app.ui.table_model import BADGE_ROLE, ColumnTableModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit


# ---------------------------------------------------------------- pickers
class CodeCombo(QComboBox):
    """Pick a code by its label. `pairs` is a CodeSet or a list of (code, label); `empty` adds a
    first entry (e.g. "全部" or "请选择") whose code is ""."""

    LEAST_EMS = 24

    def __init__(self, pairs, empty: str | None = None, parent=None):
        super().__init__(parent)
        self._whole = False
        self.set_pairs(pairs, empty)

    def minimumSizeHint(self) -> QSize:
        """As wide as its longest label when there is room (sizeHint), but it may be narrowed to
        LEAST_EMS ideographs: a ground's full wording would otherwise make its dialog wider than a
        1280-px screen (150 % scaling) and squeeze everything beside it. A box of short labels
        told to keep them whole is never narrower than its longest."""
        if self._whole:
            return QSize(self.sizeHint().width(), super().minimumSizeHint().height())
        hint = super().minimumSizeHint()
        least = self.fontMetrics().horizontalAdvance("字" * self.LEAST_EMS)
        return QSize(min(hint.width(), least), hint.height())

    def keep_labels_whole(self) -> None:
        """Never narrower than the longest label, also after the labels change (the 类别 boxes:
        a fixed minimum width let a squeezed row cut 房屋装修及物业服务类, walk-through)."""
        self._whole = True
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.updateGeometry()

    def showPopup(self) -> None:
        # a narrowed box still lists every label whole (Qt keeps the list on the screen)
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width())
        super().showPopup()

    def set_pairs(self, pairs, empty: str | None = None) -> None:
        current = self.code() if self.count() else None
        self.blockSignals(True)
        self.clear()
        items = list(pairs.pairs if isinstance(pairs, CodeSet) else pairs)
        # The codes stay on the Python side, next to the labels they belong to.
        self.codes = ([""] if empty is not None else []) + [code for code, _ in items]
        self._prompt = empty is not None and empty.startswith("请选择")     # not an answer (暂不指定 is)
        if empty is not None:
            self.addItem(empty)
        for _code, label in items:
            self.addItem(label)
        self.blockSignals(False)
        if current is not None:
            self.set_code(current)

    def awaits_choice(self) -> bool:
        """Still at its 请选择 prompt: the clerk has something to choose here."""
        return self._prompt and self.currentIndex() == 0

    def code(self):
        index = self.currentIndex()
        return self.codes[index] if 0 <= index < len(self.codes) else None

    def set_code(self, code) -> None:
        index = self.codes.index(code) if code in self.codes else 0
        self.setCurrentIndex(index)


class OptionalDateEdit(DateField):
    """The date field where the date may stay empty; `empty_text` says what empty means."""

    def __init__(self, empty_text: str = "", parent=None):
        super().__init__(None, optional=True, placeholder=empty_text, parent=parent)


DateEdit = DateField             # a date that must be there (today unless given)
DateTimeEdit = DateTimeField


# ---------------------------------------------------------------- messages
class ErrorLabel(QLabel):
    """The red message under a field. Its one line is kept while no message shows, so a message
    appearing or going never moves the fields below (a click lands where the clerk aimed); a
    message longer than the line ends in "…" and shows whole as the tool tip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        theme.set_text_colour(self, theme.ERROR_COLOUR)
        self._message = ""
        self._wraps = False
        self.setFixedHeight(self.line_height(self))
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)    # a long message never widens a column
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    @staticmethod
    def line_height(widget: QWidget) -> int:
        return widget.fontMetrics().height() + 2

    message_changed = Signal()

    def show_message(self, message: str | None) -> None:
        self._message = message or ""
        self.setToolTip(self._message)
        self._fit()
        self.setVisible(bool(message))
        if message:
            self.raise_()
        self.message_changed.emit()

    @property
    def wraps(self) -> bool:
        return self._wraps

    def text(self) -> str:
        """The whole message (what is painted may be shortened to the line)."""
        return self._message

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def wrap_lines(self) -> None:
        """Where a message must be read whole and its window grows to show it (the login's
        refusal, which says when the account locks): more lines instead of "…"."""
        self._wraps = True
        self.setWordWrap(True)
        self.setMinimumHeight(self.line_height(self))
        self.setMaximumHeight(16777215)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._fit()

    def _fit(self) -> None:
        if self._wraps:
            super().setText(self._message)
            return
        shown = self.fontMetrics().elidedText(self._message, Qt.TextElideMode.ElideRight, max(self.width(), 1))
        super().setText(shown)


class Banner(QFrame):
    """A one-line notice above a form or list (warnings amber, errors red), with optional buttons."""

    def __init__(self, kind: str = "warning", parent=None):
        super().__init__(parent)
        self.setStyleSheet(theme.BANNER_CSS["error" if kind == "error" else "warning"])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.buttons_layout = QHBoxLayout()
        layout.addLayout(self.buttons_layout)
        self.hide()

    def add_button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.buttons_layout.addWidget(button)
        return button

    def show_message(self, message: str) -> None:
        self.label.setText(message)
        self.setVisible(bool(message))

    def text(self) -> str:
        """The message shown (also while its tab is in the background)."""
        return "" if self.isHidden() else self.label.text()


_ACCESS_KEY = re.compile(r"\(&[^&]\)")


def without_mnemonic(text: str) -> str:
    """"投诉登记(&N)…" as words alone, "投诉登记…": the Windows convention puts a Chinese title's
    access letter in brackets, which Qt leaves behind as "(N)" where it strips the "&"."""
    return _ACCESS_KEY.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


class _DefaultOnShow(QObject):
    """Makes a primary button its dialog's main action, pressed by Enter in its fields.
    setDefault(True) on a button not yet in its dialog only sets a flag (Qt registers the dialog's
    default button once, when the flag changes, and only if a dialog is above it then), so at show
    the dialog made the first auto-default button in the focus chain the default: 选择… beside a
    path, and Enter in the path opened the file chooser instead of exporting (walk-through).
    Registered again on show, when the button is inside its dialog; a button set back to not
    default stays so. An event filter, not a subclass: the button stays a plain QPushButton."""

    def eventFilter(self, button, event) -> bool:
        if event.type() == QEvent.Type.Show and button.isDefault():
            from PySide6.QtWidgets import QDialog      # see show_failure
            if isinstance(button.window(), QDialog):
                button.setDefault(False)
                button.setDefault(True)
        return False


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setStyleSheet(theme.PRIMARY_BUTTON_CSS)
    button.setDefault(True)
    button.installEventFilter(_DefaultOnShow(button))
    return button


def title_label(text: str = "") -> QLabel:
    label = QLabel(text)
    theme.mark_title(label)
    return label


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    theme.mark_muted(label)
    label.setWordWrap(True)
    return label


def show_failure(parent: QWidget | None, exc: Exception, title: str = "未能完成") -> None:
    """A refused action or a failure, in one Chinese sentence (never a traceback)."""
    # imported here: QMessageBox (and QDialog), first touched, have PySide6 build their enums,
    # which the start-up does not need before the list is painted
    from PySide6.QtWidgets import QMessageBox
    if isinstance(exc, Conflict):
        QMessageBox.warning(parent, "他人已修改", exc.message)
    elif isinstance(exc, ValidationFailed):
        QMessageBox.warning(parent, title, exc.message)
    else:
        QMessageBox.critical(parent, title, f"操作未完成：{exc}")


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消",
            default_no: bool = False) -> bool:
    """`default_no` for what cannot be undone (a restore): Enter then answers `no`."""
    from PySide6.QtWidgets import QMessageBox      # see show_failure
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel if default_no else ok)
    box.exec()
    return box.clickedButton() is ok


def discard_changes(parent: QWidget | None) -> bool:
    """The unsaved-changes prompt: True when the clerk agrees to drop what was typed."""
    # Enter keeps editing: a clerk presses Esc to close a suggestion list, then Enter — which
    # dropped a whole typed complaint when 放弃修改 was the default (walk-through, stop 25)
    return confirm(parent, "尚未保存", "填写的内容尚未保存，确定要放弃吗？", "放弃修改", "继续编辑", default_no=True)


# ---------------------------------------------------------------- tables
class BadgeDelegate(QStyledItemDelegate):
    """Paints a cell's BADGE_ROLE (text, fg, bg) as a rounded coloured label."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.text = ""          # the base paint draws background and selection; the badge is ours

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        model = index.model()
        # asked of the Python model directly (see CodeCombo: no None through Qt)
        badge = model.data(index, BADGE_ROLE) if isinstance(model, ColumnTableModel) else None
        if not badge:
            return
        text, fg, bg = badge
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 16, option.rect.width() - 8)
        height = min(metrics.height() + 6, option.rect.height() - 4)
        rect = QRectF(option.rect.x() + 5, option.rect.center().y() - height / 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(fg)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()) - 12)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 16, size.height())


class Badge(QLabel):
    """A coloured state label for headers."""

    def set_badge(self, text: str, fg: QColor, bg: QColor) -> None:
        self.setText(text)
        self.setStyleSheet(f"QLabel {{ color: {fg.name()}; background: {bg.name()}; border-radius: 10px;"
                           " padding: 2px 10px; font-weight: bold; }")


SORT_ARROW_ROOM = 34      # the header's padding (2 × 6 px) and the sort indicator beside the title


def own_viewport(view) -> None:
    """The view's viewport made here, as Qt makes its own (name, background, filling it): Qt's
    is first seen by Python at the first `viewport()` call, and shiboken then resolves the widget's
    type through every QWidget subclass, creating each one's Python enums — 65 million
    instructions, 4% of the start-up to the painted list (issue 17, item 3). A widget Python made
    is known already. Checked alike in every attribute by tests/ui/test_widgets_viewport.py."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    view.setViewport(viewport)


class DataTable(QTableView):
    """A read-only table over a ColumnTableModel: widths from the columns, rows selected whole."""

    activated_row = Signal(int)

    def __init__(self, model: ColumnTableModel, parent=None, sortable: bool = False,
                 descending_column: int | None = None):
        super().__init__(parent)
        own_viewport(self)
        self.setHorizontalHeader(theme.SortHeader(self))    # ▲ ascending, as on Windows
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        theme.table_colours(self)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, column in enumerate(model.columns):
            self.setColumnWidth(i, max(column.width, self.title_room(i)))
            if column.badge:
                self.setItemDelegateForColumn(i, BadgeDelegate(self))
        stretch = [i for i, c in enumerate(model.columns) if c.stretch]
        if stretch:
            header.setSectionResizeMode(stretch[0], QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)
        if sortable:
            if descending_column is not None:      # e.g. newest first
                header.setSortIndicator(descending_column, Qt.SortOrder.DescendingOrder)
            self.setSortingEnabled(True)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))
        header.sectionResized.connect(self._keep_title_room)

    def title_room(self, section: int) -> int:
        """The width a column's title needs beside the sort arrow (which otherwise covers it)."""
        title = self.model().headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        return self.horizontalHeader().fontMetrics().horizontalAdvance(str(title or "")) + SORT_ARROW_ROOM

    def keep_title_room(self) -> None:
        """After a saved header layout was restored (that emits no resize per section)."""
        for section in range(self.horizontalHeader().count()):
            self._keep_title_room(section, 0, self.horizontalHeader().sectionSize(section))

    def _keep_title_room(self, section: int, _old: int, new: int) -> None:
        header = self.horizontalHeader()
        if 0 < new < self.title_room(section) and header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(section, self.title_room(section))

    def read_whole(self) -> None:
        """A cell's text that its column cannot hold wraps onto more lines of its row, each row as
        tall as its cells need (for short lists: the rows are measured whenever a column changes)."""
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def content_widths(self) -> dict[int, int]:
        """Each non-stretching column's width for its longest entry on one line (at least the
        width it was designed with and its title's room)."""
        columns = self.model().columns
        return {i: max(c.width, self.title_room(i), self.sizeHintForColumn(i))
                for i, c in enumerate(columns) if not c.stretch}

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row() >= 0:
            self.activated_row.emit(self.current_row())
            return
        super().keyPressEvent(event)


def text_box(lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line text field `lines` high; Tab moves on instead of typing a tab."""
    from PySide6.QtWidgets import QPlainTextEdit      # forms only: not before the first paint
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def left_aligned(*widgets: QWidget) -> QWidget:
    """Widgets in a row, pushed to the left."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


def file_row(line: QLineEdit, choose) -> QHBoxLayout:
    """A file name field with its 选择… button beside it (`choose` takes no argument). The button
    is never the dialog's default: Enter in the field does the dialog's main action with the path
    typed (Space on the focused button still opens the chooser)."""
    row = QHBoxLayout()
    row.addWidget(line, 1)
    button = QPushButton("选择…")
    button.setAutoDefault(False)
    button.clicked.connect(lambda: choose())
    row.addWidget(button)
    return row


def discard_widgets(widgets: list[QWidget]) -> None:
    """Take editable rows (agents, agreement terms) off the screen before the list is rebuilt."""
    for widget in widgets:
        widget.setParent(None)
        widget.deleteLater()
    widgets.clear()
