"""One generic table model driven by column descriptors (the moneyGuru/dupeGuru way): a
table is a list of `Column`s saying what to show, how to align and colour it and which key
sorts it; the model asks its subclass only for the row object at a position.

`ListTableModel` holds a small list of rows (sessions, terms, history …) and sorts in Python;
`app.ui.cases.list_model.CaseListModel` fetches rows lazily and sorts in SQL.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.money import format_yuan

BADGE_ROLE = Qt.ItemDataRole.UserRole + 1      # (text, foreground QColor, background QColor)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2        # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 3       # the raw value (for sorting small lists)
_SERVED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole,
    BADGE_ROLE, ROW_ROLE, SORT_ROLE})

# A row's cells can be selected, nothing more. Made once: Qt asks every painted cell for its
# flags, and the enum's `|` in Python cost ~3 µs a cell each time (0.4 ms of the first paint).
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
}


def plain_text(value: Any) -> str:
    """How a value reads in a cell: dates ISO, money with thousands separators, 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_yuan(value)
    return str(value)


def attribute(row: Any, key: str) -> Any:
    if isinstance(row, dict):
        return row.get(key)
    return getattr(row, key, None)


def _rule(column: "Column", role: int) -> Callable[[Any], Any] | None:
    """How `column` shows `role`, as a function of the row (None: nothing) — the one rule for
    every table of the client, looked up once per column and role (ColumnTableModel.rules)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return column.display
    if role == Qt.ItemDataRole.EditRole:
        return column.edit_text or column.display
    if role == Qt.ItemDataRole.TextAlignmentRole:
        alignment = int(_ALIGN[column.align])
        return lambda _row: alignment
    if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
        return lambda row: _brush(column.foreground(row))
    if role == Qt.ItemDataRole.BackgroundRole and column.background:
        return lambda row: _brush(column.background(row))
    if role == Qt.ItemDataRole.ToolTipRole:
        return column.tooltip
    if role == BADGE_ROLE:
        return column.badge
    if role == ROW_ROLE:
        return lambda row: row
    if role == SORT_ROLE:
        return column.raw
    return None


# The roles a row cache keeps (ColumnTableModel.row_cells); ROW_ROLE and SORT_ROLE are read from the row.
CACHED_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.TextAlignmentRole,
                Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole,
                BADGE_ROLE)
_brushes: dict[str, QBrush] = {}


def _brush(colour: QColor | None) -> QBrush | None:
    if colour is None:
        return None
    key = colour.name()
    found = _brushes.get(key)
    if found is None:
        # = QBrush(colour), without its overloads: choosing among them makes Python types (and
        # enums) of QGradient and QImage first, ~18 million instructions before the first paint
        found = _brushes[key] = QBrush()
        found.setColor(colour)
        found.setStyle(Qt.BrushStyle.SolidPattern)
    return found


class Column(NamedTuple):
    key: str                                   # attribute or dict key of the row
    title: str
    width: int = 100                           # default width in pixels (the user's is remembered)
    sort_key: str | None = None                # what the model sorts by; None: not sortable
    align: str = "left"
    value: Callable[[Any], Any] | None = None  # raw value; default: attribute(row, key)
    text: Callable[[Any], str] | None = None   # display text; default: plain_text(value)
    foreground: Callable[[Any], QColor | None] | None = None
    background: Callable[[Any], QColor | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    badge: Callable[[Any], tuple[str, QColor, QColor] | None] | None = None
    edit_text: Callable[[Any], str] | None = None   # EditRole (what a completer puts in the field)
    stretch: bool = False                      # takes the remaining width

    def raw(self, row: Any) -> Any:
        return self.value(row) if self.value else attribute(row, self.key)

    def display(self, row: Any) -> str:
        if self.text:
            return self.text(row)
        return plain_text(self.raw(row))


class ColumnTableModel(QAbstractTableModel):
    """Subclasses implement `rowCount` and `row_at`, and `sort_rows` when columns are sortable."""

    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.sort_column: str | None = None
        self.descending = False

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @columns.setter
    def columns(self, columns: list[Column]) -> None:
        self._columns = list(columns)
        # role → each column's rule (None: the cell has nothing for that role)
        self.rules = {role: tuple(_rule(c, role) for c in self._columns) for role in _SERVED_ROLES}

    # ---- what subclasses provide
    def row_at(self, row: int) -> Any:
        raise LookupError(row)

    def sort_rows(self, key: str, descending: bool) -> None:
        """Reorder the rows by a column's sort key."""

    # ---- Qt
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(_ALIGN[column.align])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _CELL_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _SERVED_ROLES:     # font, decoration, check state …: asked for every cell
            return None
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        if not 0 <= index.row() < self.rowCount():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        rule = self.rules[role][index.column()]
        return rule(row) if rule else None

    def row_cells(self, row: Any) -> tuple[tuple, ...]:
        """Every cell of a row for each of CACHED_ROLES (in that order), computed once: what a
        row cache keeps, so that painting a screen — some ten roles asked of every cell — reads
        tuples instead of formatting the row again for each (Anki's browser does the same)."""
        return tuple(tuple(rule(row) if rule else None for rule in self.rules[role]) for role in CACHED_ROLES)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        key = self.columns[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_column, self.descending):
            return
        self.sort_column, self.descending = key, descending
        self.sort_rows(key, descending)


def _sortable(value: Any) -> tuple:
    """None sorts first; mixed types do not raise."""
    if value is None:
        return (0, "")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return (1, value)
    if isinstance(value, datetime):
        return (2, value.isoformat())
    if isinstance(value, date):
        return (2, value.isoformat())
    return (3, str(value))


class ListTableModel(ColumnTableModel):
    """A small list of rows held in memory; sorting by any column with a sort key."""

    def __init__(self, columns: list[Column], rows: list | None = None, parent=None):
        super().__init__(columns, parent)
        self.rows: list = list(rows or [])

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self.sort_column is not None:
            self._sort_in_place()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def sort_rows(self, key: str, descending: bool) -> None:
        self.layoutAboutToBeChanged.emit()
        before = list(self.rows)
        self._sort_in_place()
        mapping = {id(r): i for i, r in enumerate(self.rows)}
        old = self.persistentIndexList()
        new = [self.index(mapping[id(before[i.row()])], i.column()) if 0 <= i.row() < len(before)
               else QModelIndex() for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _sort_in_place(self) -> None:
        column = next((c for c in self.columns if c.sort_key == self.sort_column), None)
        if column is None:
            return
        self.rows.sort(key=lambda r: _sortable(column.raw(r)), reverse=self.descending)
