"""The case list screen: filter bar over the table; header clicks re-sort in SQL; column
widths and the sort order are remembered."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.context import Actor
from app.services.queries import CaseFilter
from app.ui.cases.empty_hint import EmptyListHint
from app.ui.cases.list_model import CaseListModel
from app.ui.column_fit import ColumnFit
from app.ui.cases.filter_bar import FilterBar
from app.ui.widgets import DataTable

SETTINGS_HEADER = "caseList/header"
SETTINGS_SORT = "caseList/sort"
BUSINESS_EMS = 10        # 被投诉经营者 keeps room for this many ideographs when the list is narrow


class _SearchKeys(QObject):
    """The search box's keys, as in a mail program's: ↓ goes into the results (the first row
    selected when none is), Esc empties a box that holds text (both did nothing: walk-through)."""

    def __init__(self, view: "CaseListView"):
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        key, view = event.key(), self.view
        if key == Qt.Key.Key_Escape and obj.text():
            if kind == QEvent.Type.KeyPress:
                obj.clear()
            event.accept()            # Esc is the box's while it holds text, not a window's shortcut
            return kind == QEvent.Type.KeyPress
        if key == Qt.Key.Key_Down and kind == QEvent.Type.KeyPress and view.model.rowCount() > 0:
            view.table.setFocus(Qt.FocusReason.TabFocusReason)
            if view.table.current_row() < 0:
                view.table.selectRow(0)
            return True
        return False


class _AfterPaint(QObject):
    """Calls back once after the viewport's next paint has finished, or after `fallback_ms`
    (None: only after a paint)."""

    def __init__(self, viewport: QWidget, callback, fallback_ms: int | None = 1000):
        super().__init__(viewport)
        self.viewport, self.callback = viewport, callback
        viewport.installEventFilter(self)
        if fallback_ms is not None:
            QTimer.singleShot(fallback_ms, self, self._call)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)        # after this paint, not inside it
        return False

    def _call(self) -> None:
        if self.callback is not None:
            callback, self.callback = self.callback, None
            self.viewport.removeEventFilter(self)
            callback()
            self.deleteLater()


class CaseListView(QWidget):
    open_case = Signal(int)

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.model = CaseListModel(actor, self)
        self.queue = "all"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.filters = FilterBar()
        layout.addWidget(self.filters)
        self._restore_sort()
        self.table = DataTable(self.model, self, sortable=False)
        self.table.setObjectName("caseTable")
        header = self.table.horizontalHeader()
        saved = QSettings().value(SETTINGS_HEADER)
        if saved is not None:
            header.restoreState(saved)
            self.table.keep_title_room()        # a title never under its sort arrow
        column = next((i for i, c in enumerate(self.model.columns) if c.sort_key == self.model.sort_column), 1)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if self.model.descending
                                else Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)     # same key as the model's: no query yet
        layout.addWidget(self.table, 1)
        self.table.activated_row.connect(self._activated)
        self.filters.changed.connect(self._filter_changed)
        self.model.requeried.connect(self.filters.show_count)
        self.empty_hint = EmptyListHint(self.table)     # "按 Ctrl+N … 登记第一件投诉" on an empty list
        self.model.requeried.connect(self.empty_hint.update)
        self._completing = False           # a wait for the next paint is set (_complete_after_paint)
        self.model.modelReset.connect(self._complete_after_paint)
        self.column_fit = ColumnFit(self.table, BUSINESS_EMS)     # no sideways scrolling at 1366 px / 150 %
        self.search_keys = _SearchKeys(self)
        self.filters.search.installEventFilter(self.search_keys)

    def _restore_sort(self) -> None:
        saved = QSettings().value(SETTINGS_SORT)
        keys = {c.sort_key for c in self.model.columns}
        if isinstance(saved, str) and ":" in saved:
            key, order = saved.split(":", 1)
            if key in keys:
                self.model.sort_column, self.model.descending = key, order == "desc"

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())
        settings.setValue(SETTINGS_SORT, f"{self.model.sort_column}:{'desc' if self.model.descending else 'asc'}")

    def load(self) -> None:
        """The first query (after the window is built): first page now, other ids after paint."""
        self.model.filter = self.filters.current(self.queue)
        self.model.requery(first_page_only=True)
        QTimer.singleShot(1000, self._complete_ids)      # in case the list is not painted at all

    def after_first_paint(self, callback) -> None:
        """`callback` once, just after the table's next paint (or within a second if it is not
        painted at all, e.g. a window started minimised): work the clerk does not see first."""
        _AfterPaint(self.table.viewport(), callback)

    def _complete_after_paint(self) -> None:
        """A new first page: the other ids are fetched once it is painted (not against the
        painting, see CaseListModel.requery_quickly); one wait however many resets come first."""
        if not self.model.complete and not self._completing:
            self._completing = True
            _AfterPaint(self.table.viewport(), self._complete_once_painted, fallback_ms=None)

    def _complete_once_painted(self) -> None:
        self._completing = False
        self._complete_ids()

    def _complete_ids(self) -> None:
        self.model.complete_in_background()

    def set_queue(self, queue: str) -> None:
        self.queue = queue
        self.model.set_filter(self.filters.current(queue))

    def _filter_changed(self, flt: CaseFilter) -> None:
        self.model.set_filter(self.filters.current(self.queue))

    def refresh(self, keep_case: int | None = None) -> None:
        """Re-run the query (after an action), keeping the selected case selected."""
        current = keep_case or self.selected_case()
        self.model.requery()
        if current is not None:
            self.select_case(current)

    def selected_case(self) -> int | None:
        row = self.table.current_row()
        return self.model.case_id_at(row) if row >= 0 else None

    def select_case(self, case_id: int) -> None:
        row = self.model.row_of_case(case_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _activated(self, row: int) -> None:
        case_id = self.model.case_id_at(row)
        if case_id is not None:
            self.open_case.emit(case_id)

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def current_filter(self) -> CaseFilter:
        return self.model.filter
