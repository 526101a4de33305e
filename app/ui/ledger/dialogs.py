"""台账 export and import dialogs. Both run off the UI thread with a progress dialog; an import can
be cancelled between batches (the rows already imported are whole cases, and importing the same
file again carries on). After an import the rows that were not imported are listed with row,
column and reason, and can be saved to a workbook to correct and import again."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout,
)

from app.services.context import Actor, today
from app.ui import worker
from app.ui.date_field import commit_typed_dates
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, DataTable, DateEdit, confirm, file_row, muted_label, primary_button, show_failure
from app.ui.screen_fit import fit_on_screen
from app.ui.file_places import remember, start_at

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


# ---------------------------------------------------------------- export
def export_ledger_file(actor: Actor, start: date, end: date, unmasked: bool, path: str, progress=None) -> tuple:
    """In a worker thread: the export's audit row, then the rows streamed into the file."""
    from app.reports.excel.ledger.print_setup import for_period
    from app.reports.excel.ledger.xlsx_writer import write_ledger
    from app.services.ledger.export import export_ledger

    export = export_ledger(actor, start, end, unmasked)
    step = (lambda done, total: progress(done, total, f"正在导出：{done}/{total} 件")) if progress else None
    written = write_ledger(export, path, step, printing=for_period(start, end))
    return written, path


class LedgerExportDialog(QDialog):
    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("导出台账")
        self.date_from = DateEdit(date(today().year, 1, 1))
        self.date_to = DateEdit(today())
        self.unmasked = QCheckBox("包含完整身份证号和联系电话（本次导出将记入操作日志）")
        allowed = actor.may("export_unmasked")
        self.unmasked.setEnabled(allowed)
        if not allowed:
            self.unmasked.setToolTip("您的角色没有导出完整个人信息的权限")
        self.path = QLineEdit()
        self.path.setPlaceholderText("保存位置")
        self.banner = Banner("error")
        form = QFormLayout()
        dates = QHBoxLayout()
        for widget in (self.date_from, QLabel("至"), self.date_to):
            dates.addWidget(widget)
        dates.addStretch(1)
        form.addRow("登记日期", dates)
        form.addRow("个人信息", self.unmasked)
        form.addRow("保存为", file_row(self.path, self._choose))
        self.export_button = primary_button("导出")
        self.export_button.clicked.connect(lambda: self.export())
        buttons = QDialogButtonBox()
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label("按登记日期导出案件台账（台账标准列，另附受理期限、调解期限、是否超期）。"
                                     "默认遮蔽身份证号和电话，适合对外报送。"
                                     "打印归档请打印文件中的“打印版”工作表（常用 12 列，A4 横向）。"))
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.result = None
        fit_on_screen(self, 560, 240)

    def _choose(self) -> None:
        suggested = f"投诉台账{self.date_from.value().isoformat()}至{self.date_to.value().isoformat()}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "导出台账", start_at(suggested), XLSX_FILTER)
        if path:
            remember(path)
            self.path.setText(path)

    def export(self):
        if not commit_typed_dates(self):        # a wrong date stays typed: no export for the last good one
            return None
        start, end, path = self.date_from.value(), self.date_to.value(), self.path.text().strip()
        if end < start:
            self.banner.show_message("结束日期不能早于开始日期")
            return None
        if not path:
            self._choose()
            path = self.path.text().strip()
            if not path:
                return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.banner.show_message("")
        self.export_button.setEnabled(False)
        return worker.run_with_progress(self, "正在导出台账…", export_ledger_file, self.actor, start, end,
                                        self.unmasked.isChecked(), path, on_done=self._done, on_error=self._failed)

    def _done(self, result) -> None:
        self.result = result
        written, path = result
        self.export_button.setEnabled(True)
        parent = self.parent()
        if parent is not None and hasattr(parent, "status"):
            parent.status.setText(f"已导出台账 {written} 件：{path}（打印请用其中的“打印版”工作表）")
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        self.banner.show_message(getattr(exc, "message", None) or f"台账未导出：{exc}")


# ---------------------------------------------------------------- import
def import_ledger_file(actor: Actor, path: str, progress=None):
    """In a worker thread: read with calamine, then import batch by batch. A cancel stops the
    import between batches and still returns what was done."""
    from app.reports.excel.ledger.xlsx_reader import read_ledger
    from app.services.ledger.importer import import_ledger

    if progress:
        progress(0, 0, "正在读取文件…")
    sheet = read_ledger(path)
    stop = {"now": False}

    def step(done: int, total: int) -> None:
        if progress is None:
            return
        try:
            progress(done, total, f"正在导入：{done}/{total} 行")
        except worker.Cancelled:
            stop["now"] = True
    result = import_ledger(actor, sheet.header, sheet.rows, sheet.first_row, Path(path).name, progress=step,
                           cancelled=lambda: stop["now"], formulas=sheet.formulas)
    return sheet, result


PARTY_COLUMNS = [
    Column("row", "行号", 60, align="right"),
    Column("what", "与系统中不同的当事人信息", 560),
    Column("state", "处理", 200),
]
PROBLEM_COLUMNS = [
    Column("row", "行号", 60, align="right"),
    Column("column", "列", 130),
    Column("value", "内容", 200),
    Column("reason", "原因", 360, stretch=True),
]


class LedgerImportDialog(QDialog):
    imported = Signal(int)

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.sheet = self.result = None
        self.setWindowTitle("导入台账")
        self.path = QLineEdit()
        self.path.setPlaceholderText("选择要导入的台账（.xlsx）")
        self.banner = Banner("error")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.warnings = muted_label("")
        self.problems = ListTableModel(PROBLEM_COLUMNS)
        self.table = DataTable(self.problems)
        self.start_button = primary_button("开始导入")
        self.start_button.clicked.connect(lambda: self.start())
        self.save_errors_button = QPushButton("保存未导入的行和原因…")
        self.save_errors_button.clicked.connect(lambda: self.save_errors())
        self.save_errors_button.setEnabled(False)
        # differences between the ledger and parties already known: changed only when confirmed
        self.parties_note = muted_label("")
        self.party_rows = ListTableModel(PARTY_COLUMNS)
        self.party_table = DataTable(self.party_rows)
        self.party_table.setVisible(False)
        self.update_parties_button = QPushButton("按台账修改当事人信息…")
        self.update_parties_button.clicked.connect(lambda: self.update_parties())
        self.update_parties_button.setVisible(False)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        choose = QFormLayout()
        choose.addRow("台账文件", file_row(self.path, self._choose))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_errors_button)
        buttons.addWidget(self.update_parties_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label("按列名识别各列（列的顺序不限）；逐行检查，有错误的行不导入并列出原因；"
                                     "同一文件重复导入不会重复登记。"))
        layout.addLayout(choose)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.parties_note)
        layout.addWidget(self.party_table, 1)
        layout.addLayout(buttons)
        fit_on_screen(self, 860, 560)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择台账", start_at(), XLSX_FILTER)
        if path:
            remember(path)
            self.path.setText(path)

    def start(self):
        path = self.path.text().strip()
        if not path:
            self._choose()
            path = self.path.text().strip()
        if not path:
            return None
        if not Path(path).is_file():
            self.banner.show_message(f"找不到文件：{path}")
            return None
        self.banner.show_message("")
        self.start_button.setEnabled(False)
        return worker.run_with_progress(self, "正在导入台账…", import_ledger_file, self.actor, path,
                                        on_done=self.show_result, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.start_button.setEnabled(True)
        self.banner.show_message(getattr(exc, "message", None) or f"导入未完成：{exc}")

    def show_result(self, outcome) -> None:
        self.sheet, self.result = outcome
        result = self.result
        self.start_button.setEnabled(True)
        self.summary.setText(f"共 {result.total_rows} 行：{result.summary()}。")
        self.summary.setStyleSheet("QLabel { font-weight: bold; }")
        shown = result.warnings[:8]
        more = f"（另有 {len(result.warnings) - 8} 条提示）" if len(result.warnings) > 8 else ""
        self.warnings.setText("\n".join(f"提示：{w}" for w in shown) + more)
        rows = [{"row": p.row, "column": p.column, "value": p.value, "reason": p.reason}
                for p in sorted(result.problems, key=lambda p: p.row)]
        rows += [{"row": s.row, "column": "案件编号", "value": s.number, "reason": s.reason} for s in result.skipped]
        self.problems.set_rows(rows)
        self.save_errors_button.setEnabled(bool(rows))
        self._show_party_changes(result.party_changes)
        if result.imported:
            self.imported.emit(result.imported)

    def _show_party_changes(self, changes) -> None:
        self.party_rows.set_rows([{"row": c.row, "what": c.describe().split("：", 1)[1],
                                   "state": c.blocked or "待确认"} for c in changes])
        applicable = [c for c in changes if not c.blocked]
        self.party_table.setVisible(bool(changes))
        self.parties_note.setText(
            f"以下 {len(changes)} 处当事人信息与系统中已有的不同，导入的案件已关联到系统中的当事人，信息未修改"
            + (f"；其中 {len(applicable)} 处可以按台账修改" if applicable else "") if changes else "")
        self.update_parties_button.setVisible(bool(applicable))
        self.update_parties_button.setEnabled(bool(applicable))

    def update_parties(self):
        """The clerk confirms the differences listed: each record changed once, audited."""
        from app.services.ledger.party_changes import apply_party_changes

        applicable = [c for c in (self.result.party_changes if self.result else []) if not c.blocked]
        if not applicable or not confirm(self, "修改当事人信息",
                                         f"将按台账修改 {len(applicable)} 处当事人信息（已办结或已签协议案件的当事人不改）。"
                                         "修改会记入审计日志。确定修改吗？", "修改", "不修改"):
            return None
        try:
            done, refused = apply_party_changes(self.actor, applicable)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk in one line, nothing was changed
            show_failure(self, exc, "当事人信息未修改")
            return None
        for change in applicable:
            change.blocked = "已修改" if change.describe() in done else "未修改"
        self._show_party_changes(self.result.party_changes)
        self.parties_note.setText(f"已按台账修改 {len(done)} 处当事人信息" + (f"，{len(refused)} 处未修改" if refused else ""))
        return done

    def save_errors(self, path: str | None = None):
        if self.result is None:
            return None
        if path is None:
            suggested = str(Path(self.path.text()).with_name(Path(self.path.text()).stem + "-未导入.xlsx"))
            path, _ = QFileDialog.getSaveFileName(self, "保存未导入的行", start_at(suggested), XLSX_FILTER)
            if not path:
                return None
            remember(path)
        from app.reports.excel.ledger.xlsx_import_files import write_import_errors
        try:
            write_import_errors(self.result, self.sheet.header, path)
        except OSError as exc:
            show_failure(self, exc, "文件未保存")
            return None
        self.summary.setText(self.summary.text() + f"\n未导入的行和原因已保存到：{path}")
        return path
