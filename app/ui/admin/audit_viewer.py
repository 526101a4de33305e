"""审计日志: every recorded change, newest first, filtered by date, user, action, case number
and text; pages are read from the database as the list is scrolled. Read-only by design: there
is no way here (or anywhere in the program) to change or delete an audit row."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter,
    QVBoxLayout, QWidget,
)

from app.domain.audit_actions import action_label
from app.services import audit_log
from app.services.audit_log import AuditFilter, AuditRow
from app.services.context import Actor, today
from app.services.settings import get_settings, labels
from app.ui.admin.parts import close_box
from app.ui.table_model import Column, ColumnTableModel, ListTableModel
from app.ui.widgets import DataTable, OptionalDateEdit, muted_label, show_failure
from app.ui.screen_fit import fit_on_screen

PAGE = 200

AUDIT_COLUMNS = [
    Column("at", "时间", 140, text=lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}"),
    Column("user", "用户", 90),
    Column("action_label", "操作", 120),
    Column("case_number", "案件编号", 170),
    Column("summary", "内容", 360, stretch=True, tooltip=lambda r: r.summary),
]
CHANGE_COLUMNS = [
    Column("field", "字段", 150, value=lambda c: c[0]),
    Column("old", "原值", 260, value=lambda c: c[1], tooltip=lambda c: c[1]),
    Column("new", "新值", 260, value=lambda c: c[2], tooltip=lambda c: c[2], stretch=True),
]


class AuditLogModel(ColumnTableModel):
    """Rows of one filter, fetched a page at a time when the view scrolls near the end."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(AUDIT_COLUMNS, parent)
        self.actor = actor
        self.filter = AuditFilter()
        self.rows: list[AuditRow] = []
        self.total = 0

    def set_filter(self, flt: AuditFilter) -> None:
        self.beginResetModel()
        self.filter = flt
        self.total = audit_log.count_audit(self.actor, flt)
        self.rows = audit_log.audit_page(self.actor, flt, 0, PAGE)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        more = audit_log.audit_page(self.actor, self.filter, len(self.rows), PAGE)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()


class AuditViewer(QDialog):
    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.setWindowTitle("审计日志")
        self.actor = actor
        self.dictionaries = {kind: labels(kind) for kind in ("category", "nature", "unit")}
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.model = AuditLogModel(actor)
        self.table = DataTable(self.model)
        self.changes = ListTableModel(CHANGE_COLUMNS)
        self.change_table = DataTable(self.changes)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 4, 0, 0)
        details_layout.addWidget(self.summary)
        details_layout.addWidget(self.change_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self.count_label = muted_label()
        bottom.addWidget(self.count_label, 1)
        self.export_button = QPushButton("导出到 Excel…")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close_box(self))
        layout.addLayout(bottom)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.search()
        fit_on_screen(self, 1080, 680)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.date_from, self.date_to = OptionalDateEdit("不限"), OptionalDateEdit("不限")
        self.user = QComboBox()
        self.user.addItem("全部用户", "")
        for name in audit_log.audit_users():
            self.user.addItem(name, name)
        self.action = QComboBox()
        self.action.addItem("全部操作", "")
        for code in audit_log.audit_actions():
            self.action.addItem(action_label(code), code)
        self.case_number, self.text = QLineEdit(), QLineEdit()
        self.case_number.setPlaceholderText("案件编号（部分即可）")
        self.text.setPlaceholderText("内容中的文字")
        self.search_button = QPushButton("查询")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        for label, widget in (("日期", self.date_from), ("至", self.date_to), ("用户", self.user),
                              ("操作", self.action), ("", self.case_number), ("", self.text)):
            if label:
                row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.search_button)
        return row

    def keyPressEvent(self, event) -> None:
        # Enter searches (a dialog would otherwise take it as "close")
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search()
            return
        super().keyPressEvent(event)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(self.date_from.value(), self.date_to.value(), self.user.currentData() or "",
                           self.action.currentData() or "", self.case_number.text(), self.text.text())

    def search(self) -> None:
        self.model.set_filter(self.current_filter())
        self.count_label.setText(f"共 {self.model.total} 条记录（只能查看，不能修改或删除）")
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._show(-1)

    def _current_changed(self, current, _previous) -> None:
        self._show(current.row())

    def _show(self, row: int) -> None:
        entry = self.model.row_at(row)
        if entry is None:
            self.summary.setText("")
            self.changes.set_rows([])
            return
        who = f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.user}  {entry.action_label}（{entry.entity_label}）"
        self.summary.setText(f"{who}\n{entry.summary}")
        self.changes.set_rows([audit_log.describe(c, self.dictionaries) for c in entry.changes])

    # ---------------------------------------------------------------- export
    def export(self) -> None:
        """The rows of the current filter to an .xlsx (the export itself is audited)."""
        start = str(Path.home() / f"审计日志-{today():%Y%m%d}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出审计日志", start, "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        flt, org = self.current_filter(), get_settings()["org.name"]
        from app.reports.excel.audit_workbook import write_audit_workbook
        # On the UI thread with a wait cursor: an office's log is exported in seconds, and the
        # pool-thread version crashed the program on X11 when its result came back (see the note).
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = audit_log.export_rows(self.actor, flt, self.dictionaries)
            written = write_audit_workbook(rows, target, org, audit_log.filter_text(flt))
        except Exception as exc:  # noqa: BLE001 - shown to the administrator in one line
            QApplication.restoreOverrideCursor()
            show_failure(self, exc, "未能导出")
            return
        QApplication.restoreOverrideCursor()
        self._exported(written)

    def _exported(self, path: Path) -> None:
        self.search()           # the export's own audit row is in the list now
        QMessageBox.information(self, "导出完成", f"已导出到：{path}")
