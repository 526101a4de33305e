"""The case list: the ids of the current query (filter + sort, both in SQL) and display rows
fetched page by page when the view first asks for them, with a small page cache.
No proxy model and no Python-side sort: 100,000 cases cost one id query (~35 ms)."""
from __future__ import annotations

import time
from array import array
from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from app.domain.codes import DEADLINE_KINDS, DEADLINE_SHORT, DEADLINE_STATUS
from app.services.context import Actor
from app.services.queries import CaseFilter, CaseRow, case_ids, case_rows
from app.ui import theme
from app.ui.table_model import CACHED_ROLES, Column, ColumnTableModel, plain_text
from app.ui.worker import Task, start

PAGE_SIZE = 100          # ids asked at once by a first-page start (more than any screen shows)
# Display rows are fetched and kept ROW_PAGE at a time: a first screen shows some 20–40 rows, and
# each row fetched is converted (dates, labels, its deadline's state) whether painted or not —
# 100 at once were ~2 ms of the first paint for the ~20 it showed.
ROW_PAGE = 25
CACHED_PAGES = 160       # 4,000 rows kept, as before with 40 pages of 100
# The other ids start after the view's next paint (CaseListView); this long after a new query
# when no paint comes (a hidden list, a model without a view).
COMPLETE_UNPAINTED_MS = 300


def _deadline_text(row: CaseRow) -> str:
    """Which deadline, its day and how it stands: 终止告知 2026-12-04 已超期."""
    if row.deadline_status == "paused":
        return DEADLINE_STATUS.label("paused")
    if row.next_deadline is None:
        return ""
    kind = DEADLINE_SHORT.label(row.deadline_kind) if row.deadline_kind else ""
    return f"{kind} {row.next_deadline.isoformat()} {DEADLINE_STATUS.label(row.deadline_status)}".strip()


def _deadline_tooltip(row: CaseRow) -> str:
    if row.next_deadline is None:
        return ""
    kind = DEADLINE_KINDS.label(row.deadline_kind, "期限")
    return f"{kind}：{row.next_deadline.isoformat()}（{DEADLINE_STATUS.label(row.deadline_status)}）"


def _state_badge(row: CaseRow):
    fg, bg = theme.state_colours(row.state)
    return row.state_short, fg, bg


CASE_COLUMNS = [
    Column("number", "案件编号", 170, sort_key="number"),
    Column("received_date", "登记日期", 96, sort_key="received_date", align="center"),
    Column("complainant", "投诉人", 88, sort_key="complainant"),
    Column("business", "被投诉经营者", 200, sort_key="business", stretch=True),
    Column("category", "类别", 120, sort_key="category"),
    Column("state_label", "状态", 210, sort_key="state", badge=_state_badge,
           tooltip=lambda r: r.state_label),
    Column("next_deadline", "下一期限", 190, sort_key="next_deadline", text=_deadline_text,
           foreground=lambda r: theme.deadline_colours(r.deadline_status)[0],
           background=lambda r: theme.deadline_colours(r.deadline_status)[1]
           if r.deadline_status in ("due_soon", "overdue") else None,
           tooltip=_deadline_tooltip),
    Column("mediator", "调解员", 72, sort_key="mediator"),
    Column("amount", "涉案金额（元）", 110, sort_key="amount", align="right",
           text=lambda r: plain_text(r.amount)),
]


_SLOT = {role: slot for slot, role in enumerate(CACHED_ROLES)}


class _Page:
    """One page of display rows and, filled as the view asks for them, their cells."""
    __slots__ = ("rows", "cells")

    def __init__(self, rows: list[CaseRow | None]):
        self.rows = rows
        self.cells: list[tuple | None] = [None] * len(rows)


class CaseListModel(ColumnTableModel):
    """Rows of the case list for one CaseFilter; `query_ms` is the last id query's time."""

    requeried = Signal(int)        # number of matching cases

    def __init__(self, actor: Actor, parent=None):
        super().__init__(CASE_COLUMNS, parent)
        self.actor = actor
        self.filter = CaseFilter()
        self.sort_column, self.descending = "received_date", True
        # the ids as machine integers: a million of them as a list of Python ints cost the UI
        # thread ~20 ms to free at the next query (every re-sort, queue switch or search at a
        # million cases); an array is one block, freed at once, and a fifth of the memory
        self.ids: array = array("q")
        self.complete = True        # False while a first-page start still lacks the other ids
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self.query_ms = 0.0
        self.generation = 0         # which query a background result belongs to
        self.background: Task | None = None
        self._in_flight = -1
        self._unpainted = QTimer(self)
        self._unpainted.setSingleShot(True)
        self._unpainted.setInterval(COMPLETE_UNPAINTED_MS)
        self._unpainted.timeout.connect(self.complete_in_background)

    # ---- querying
    def set_filter(self, flt: CaseFilter) -> None:
        self.filter = flt
        self.requery_quickly()

    def requery_quickly(self) -> None:
        """The list never waits (issue 17): the first page of ids now — a LIMIT query the
        indexes answer in a few milliseconds at 100,000 cases — and the others from a pool
        thread once the first screen is painted, arriving as inserted rows. Started at once,
        the pool thread's 100,000 ids held Python's GIL against the painting: the first screen
        took 50–60 ms instead of 17–35."""
        self.requery(first_page_only=True)
        if not self.complete:
            self._unpainted.start()

    def complete_in_background(self) -> None:
        """The remaining ids of the current query from a pool thread (once per query)."""
        self._unpainted.stop()
        if self.complete or self._in_flight == self.generation:
            return
        self._in_flight = self.generation
        generation, flt, sort, descending = self.generation, self.filter, self.sort_column, self.descending
        # made an array in the pool thread, which frees the list of Python ints there
        task = Task(lambda: (generation, array("q", case_ids(flt, sort or "received_date", descending,
                                                               actor=self.actor))))
        # a bound slot: Qt drops the result if this model is gone before it arrives
        task.signals.finished.connect(self._background_ids, Qt.ConnectionType.QueuedConnection)
        self.background = start(task)

    def _background_ids(self, result) -> None:
        generation, ids = result
        if generation == self.generation and not self.complete:
            self._take_complete_ids(ids)

    def requery(self, first_page_only: bool = False) -> None:
        """Run the id query again (after a filter change, a sort, or a saved action).

        `first_page_only` (start-up): only the first page of ids now; the rest arrive as
        inserted rows (`complete_ids`) once the list is painted — the window appears sooner."""
        started = time.perf_counter()
        sort = self.sort_column or "received_date"
        limit = PAGE_SIZE if first_page_only else None
        ids = case_ids(self.filter, sort, self.descending, 0, limit, actor=self.actor)
        self.query_ms = (time.perf_counter() - started) * 1000
        self.generation += 1
        self.beginResetModel()
        self.ids = array("q", ids)
        self.complete = len(ids) < PAGE_SIZE or not first_page_only
        self._pages.clear()
        self.endResetModel()
        if self.complete:
            self.requeried.emit(len(ids))

    def complete_ids(self) -> None:
        """The remaining ids after a first-page start, appended as new rows; a change meanwhile
        (another PC) resets the list instead."""
        if self.complete:
            return
        self._take_complete_ids(array("q", case_ids(self.filter, self.sort_column or "received_date",
                                                    self.descending, actor=self.actor)))

    def _take_complete_ids(self, ids: array) -> None:
        self.complete = True
        known = len(self.ids)
        if ids[:known] == self.ids:
            if len(ids) > known:
                self.beginInsertRows(QModelIndex(), known, len(ids) - 1)
                self.ids = ids
                self.endInsertRows()
        else:
            self.beginResetModel()
            self.ids = ids
            self._pages.clear()
            self.endResetModel()
        self.requeried.emit(len(ids))

    def sort_rows(self, key: str, descending: bool) -> None:
        self.requery_quickly()

    def set_sort(self, key: str, descending: bool) -> None:
        self.sort_column, self.descending = key, descending
        self.requery_quickly()

    # ---- rows
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """From the row cache: painting asks every cell for some ten roles, so each row is
        formatted once (ColumnTableModel.row_cells) and the asks are tuple reads."""
        slot = _SLOT.get(role)
        if slot is None:
            return super().data(index, role)        # the row itself, a sort value, or nothing
        row = index.row()
        if not 0 <= row < len(self.ids):
            return None
        page_number, offset = divmod(row, ROW_PAGE)
        page = self._page(page_number)
        if offset >= len(page.rows) or page.rows[offset] is None:
            return None
        cells = page.cells[offset]
        if cells is None:
            cells = page.cells[offset] = self.row_cells(page.rows[offset])
        column = index.column()
        return cells[slot][column] if 0 <= column < len(self.columns) else None

    def row_at(self, row: int) -> CaseRow | None:
        if not 0 <= row < len(self.ids):
            return None
        page_number, offset = divmod(row, ROW_PAGE)
        page = self._page(page_number)
        return page.rows[offset] if offset < len(page.rows) else None

    def _page(self, page_number: int) -> _Page:
        page = self._pages.get(page_number)
        if page is None:
            page = self._fetch_page(page_number)
        elif page_number != next(reversed(self._pages)):
            self._pages.move_to_end(page_number)
        return page

    def _fetch_page(self, page_number: int) -> _Page:
        wanted = self.ids[page_number * ROW_PAGE:(page_number + 1) * ROW_PAGE].tolist()
        fetched = {r.id: r for r in case_rows(wanted, self.actor)}
        # A case deleted or changed by another PC since the id query keeps its place (as None).
        page = _Page([fetched.get(i) for i in wanted])
        self._pages[page_number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def case_id_at(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of_case(self, case_id: int) -> int:
        try:
            return self.ids.index(case_id)
        except ValueError:
            return -1

    def refresh_rows(self) -> None:
        """Re-read the visible rows (e.g. deadlines after midnight) without a new id query."""
        self._pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.columns) - 1))
