"""The one date field of the program: a line to type the date as a clerk writes it (read by
app/domain/date_input.py), a calendar button (also F4 or Alt+↓), empty where the date is
optional, left with one Tab.

What is typed counts when the clerk leaves the field (Tab, Enter, a click elsewhere). A text
that is not a date, or an empty required date, stays as typed and the field says why (under it
in a form, in a balloon elsewhere): nothing typed is thrown away (the walk-through lost
2026-02-30 to the last good date put back). Until it is corrected `commit()` refuses, and every
save asks it first (FormDialog, the runner, Ctrl+S), so a save never takes a date nobody saw.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget,
)

from app.domain.date_input import form_hint, format_date, format_time, read_date, read_time
from app.services.context import today
from app.ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import QDate


def date_hint(optional: bool) -> str:
    """The field's grey example: today's date, as the messages give it (date_input.examples)."""
    day = today()
    return f"可不填，如 {day:%Y%m%d}" if optional else f"如 {day:%Y%m%d} 或 {day:%m-%d}"


def past_example(years_ago: int) -> str:
    """A date to show as the example of a date in the past (a birth date): `years_ago` years
    before today, so it never reads as a future date (20261205 did, as a birth date's example)."""
    return date(today().year - years_ago, 3, 15).strftime("%Y%m%d")


def _typing_help(day: date) -> str:
    return (f"可输入 {day:%Y%m%d}、{day.isoformat()}、{day.year}/{day.month}/{day.day}、"
            f"{day.year}年{day.month}月{day.day}日，或本年的 {day:%m-%d}；F4 打开日历")


class _Keys(QObject):
    """F4 and Alt+↓ open the calendar, as in a drop-down list."""

    def __init__(self, field: "DateField"):
        super().__init__(field)
        self.field = field

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if event.key() == Qt.Key.Key_F4 or alt_down:
                self.field.open_calendar()
                return True
        return False


class CalendarPopup(QFrame):
    """A month calendar under the field; a click or Enter takes the date, Esc closes it."""

    picked = Signal(object)

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        # imported with the first popup: the field itself needs neither, and the filter bar's date
        # fields are built before the first paint (each Qt class first seen builds its enums)
        from PySide6.QtWidgets import QCalendarWidget
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._take)
        self.calendar.activated.connect(self._take)

    def show_at(self, anchor: QWidget, day: date) -> None:
        from PySide6.QtCore import QDate
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = (anchor.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        x = max(screen.left(), min(below.x(), screen.right() - self.width()))
        y = below.y() if below.y() + self.height() <= screen.bottom() else \
            anchor.mapToGlobal(QPoint(0, 0)).y() - self.height()      # no room below: above the field
        self.move(x, max(screen.top(), y))
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _take(self, qdate: QDate) -> None:
        self.hide()
        self.picked.emit(qdate.toPython())


class Balloon(QLabel):
    """A field's message floating just under it, over the window: a field outside a form (a
    filter, a period) says what went wrong without moving anything."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWordWrap(True)
        self.setStyleSheet(f"QLabel {{ color: {theme.ERROR_COLOUR}; background: #fff4f3;"
                           f" border: 1px solid {theme.ERROR_COLOUR}; border-radius: 3px; padding: 3px 6px; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def show_under(self, anchor: QWidget, message: str) -> None:
        self.setText(message)
        self.setFixedWidth(max(anchor.width(), 260))
        self.adjustSize()
        self.move(anchor.mapTo(self.parentWidget(), QPoint(0, anchor.height() + 2)))
        self.raise_()
        self.show()


class DateField(QWidget):
    """`value()` → date (None only when optional and empty); `set_value(date | None)`.
    `problem()` is the message about the last text left in the field, or None."""

    dateChanged = Signal(object)
    editingFinished = Signal()
    problem_changed = Signal()

    def __init__(self, day: date | None = None, optional: bool = False, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.optional = optional
        self.in_form = False          # a form shows the message in its own place; else a balloon
        self._accepted: date | None = None if optional else (day or today())
        self._live = self._accepted
        self._problem: str | None = None
        self._balloon: Balloon | None = None
        self._popup: CalendarPopup | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder or date_hint(optional))
        self._tooltip = _typing_help(today())
        self.edit.setToolTip(self._tooltip)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("选择日期（F4）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)    # one Tab leaves the field
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(self.edit.focusPolicy())
        self._keys = _Keys(self)
        self.edit.installEventFilter(self._keys)
        self.button.clicked.connect(lambda: self.open_calendar())
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._left)
        self.edit.setText(format_date(self._accepted))
        if day is not None and optional:
            self.set_value(day)

    # ---------------------------------------------------------------- value
    def value(self) -> date | None:
        return self._live

    def set_value(self, day: date | None) -> None:
        if day is None and not self.optional:
            day = self._accepted or today()
        self.edit.setText(format_date(day))
        self._accept(day)
        self._set_problem(None)

    def text(self) -> str:
        return self.edit.text()

    def problem(self) -> str | None:
        return self._problem

    def commit(self) -> bool:
        """Take what is typed now (as leaving the field does); False while the text is not a
        date (the message stays beside it until the clerk corrects it)."""
        if self.edit.text() == format_date(self._accepted):
            self._set_problem(None)
            return True
        return self._left()

    # ---------------------------------------------------------------- derived (read-only) dates
    def set_derived(self, day: date | None, why: str = "") -> None:
        """Show a date that comes from elsewhere (the birth date in an ID number): it cannot be
        typed over, and Tab passes it by. None makes the field editable again."""
        derived = day is not None
        if derived:
            self.set_value(day)
        self.set_read_only(derived)
        self.edit.setFocusPolicy(Qt.FocusPolicy.NoFocus if derived else Qt.FocusPolicy.StrongFocus)
        self.setFocusPolicy(self.edit.focusPolicy())
        self.edit.setToolTip(why if derived else self._tooltip)

    def is_derived(self) -> bool:
        return self.edit.isReadOnly() and self.edit.focusPolicy() == Qt.FocusPolicy.NoFocus

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        theme.set_read_only_look(self.edit, read_only)
        self.button.setEnabled(not read_only)

    # ---------------------------------------------------------------- calendar
    def open_calendar(self) -> None:
        if self.edit.isReadOnly() or not self.isEnabled():
            return
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        self._popup.show_at(self.edit, self._live or today())

    def calendar(self) -> CalendarPopup | None:
        return self._popup

    def _picked(self, day: date) -> None:
        self.set_value(day)
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.editingFinished.emit()

    # ---------------------------------------------------------------- typing
    def _typed(self, text: str) -> None:
        """While typing, a complete date counts at once (a cross-field check sees it)."""
        self._set_problem(None)           # working in the field again: the old message goes
        reading = read_date(text, today())
        if reading.day is not None:
            self._set_live(reading.day)
        elif reading.empty and self.optional:
            self._set_live(None)
        else:
            self._set_live(self._accepted)

    def _left(self) -> bool:
        reading = read_date(self.edit.text(), today())
        taken = reading.day is not None or (reading.empty and self.optional)
        if taken:
            self.edit.setText(format_date(reading.day))
            self._accept(reading.day)
            self._set_problem(None)
        else:
            # the text stays for the clerk to correct; value() keeps the last good date, which
            # no save takes while this message stands (commit() refuses)
            self._set_live(self._accepted)
            self._set_problem(reading.problem or f"此日期必须填写，{form_hint(today())}")
        self.editingFinished.emit()
        return taken

    def _accept(self, day: date | None) -> None:
        self._accepted = day
        self._set_live(day)

    def _set_live(self, day: date | None) -> None:
        if day != self._live:
            self._live = day
            self.dateChanged.emit(day)

    def _set_problem(self, message: str | None) -> None:
        if message == self._problem:
            return
        self._problem = message
        if not self.in_form:
            self._show_balloon(message)
        self.problem_changed.emit()

    def _show_balloon(self, message: str | None) -> None:
        if message:
            if self._balloon is None or self._balloon.parentWidget() is not self.window():
                self._balloon = Balloon(self.window())
            self._balloon.show_under(self, message)
        elif self._balloon is not None:
            self._balloon.hide()

    def hideEvent(self, event) -> None:
        if self._balloon is not None:
            self._balloon.hide()
        super().hideEvent(event)


class TimeField(QLineEdit):
    """A time of day to the minute (14:30, 1430, 14点30); a wrong text stays, refused with a reason."""

    problem_changed = Signal()

    def __init__(self, moment: time = time(9, 0), parent=None):
        super().__init__(parent)
        self._accepted = moment
        self._problem: str | None = None
        self.setPlaceholderText("如 14:30")
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("00:00") + 28)
        self.setText(format_time(moment))
        self.editingFinished.connect(self.commit)
        self.textEdited.connect(lambda _text: self._set_problem(None))

    def value(self) -> time:
        reading = read_time(self.text())
        return reading.moment or self._accepted

    def set_value(self, moment: time) -> None:
        self._accepted = moment
        self.setText(format_time(moment))
        self._set_problem(None)

    def problem(self) -> str | None:
        return self._problem

    def commit(self) -> bool:
        if self.text() == format_time(self._accepted):
            self._set_problem(None)
            return True
        reading = read_time(self.text())
        if reading.moment is not None:
            self.set_value(reading.moment)
            return True
        # kept as typed, as a date is: the clerk corrects it, no save goes ahead meanwhile
        self._set_problem(reading.problem or "请填写时间，如 14:30")
        return False

    def _set_problem(self, message: str | None) -> None:
        if message != self._problem:
            self._problem = message
            self.problem_changed.emit()


class DateTimeField(QWidget):
    """A date field and a time field side by side (a mediation session's time)."""

    dateTimeChanged = Signal(object)
    problem_changed = Signal()

    def __init__(self, moment: datetime | None = None, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        moment = moment or datetime.combine(today(), time(9, 0))
        self.date_field = DateField(moment.date())
        self.time_field = TimeField(moment.time().replace(second=0, microsecond=0))
        row.addWidget(self.date_field, 1)
        row.addWidget(self.time_field)
        self.setFocusProxy(self.date_field)
        self.date_field.dateChanged.connect(lambda _d: self.dateTimeChanged.emit(self.value()))
        self.time_field.editingFinished.connect(lambda: self.dateTimeChanged.emit(self.value()))
        self.date_field.problem_changed.connect(self.problem_changed.emit)
        self.time_field.problem_changed.connect(self.problem_changed.emit)

    def value(self) -> datetime:
        return datetime.combine(self.date_field.value(), self.time_field.value())

    def set_value(self, moment: datetime) -> None:
        self.date_field.set_value(moment.date())
        self.time_field.set_value(moment.time().replace(second=0, microsecond=0))

    def problem(self) -> str | None:
        return self.date_field.problem() or self.time_field.problem()

    @property
    def in_form(self) -> bool:
        return self.date_field.in_form

    @in_form.setter
    def in_form(self, value: bool) -> None:
        self.date_field.in_form = value

    def commit(self) -> bool:
        return self.date_field.commit() & self.time_field.commit()

    def set_read_only(self, read_only: bool) -> None:
        self.date_field.set_read_only(read_only)
        self.time_field.setReadOnly(read_only)
        theme.set_read_only_look(self.time_field, read_only)


def commit_typed_dates(root: QWidget) -> bool:
    """Before a save from the keyboard (Ctrl+S from inside a field): each date and time still
    being typed under `root` counts as if its field were left; False when one was refused (its
    message is then on the screen, the cursor is put in it, and the save does not go ahead)."""
    fields = [f for f in root.findChildren(DateField) if not isinstance(f.parentWidget(), DateTimeField)]
    return commit_date_fields(fields + root.findChildren(DateTimeField))


def commit_date_fields(fields) -> bool:
    """Each shown date or time of `fields` (others are passed over) counts as if it were left;
    False when one was refused, with the cursor put in the first of those."""
    refused = [f for f in fields if isinstance(f, (DateField, DateTimeField))
               and f.isVisible() and f.isEnabled() and not f.commit()]
    if refused:
        refused[0].setFocus(Qt.FocusReason.OtherFocusReason)
    return not refused
