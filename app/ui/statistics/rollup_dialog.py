"""文件 → 汇总各县报表…: a city 消协 adds up its counties' report workbooks (docs/rules.md §8).
Each file is read when it is added, off the UI thread — listed with its association, period and figures, or refused
with its one line — and 生成 writes the roll-up; nothing is written when the roll-up is refused.
The counties' databases are not needed; this office's name is only the default title."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout,
)

from app.domain.errors import ValidationFailed
from app.ui.screen_fit import fit_on_screen
from app.ui.table_model import Column, ListTableModel
from app.ui.runner import run_service
from app.ui.widgets import Banner, DataTable, file_row, muted_label, primary_button
from app.ui.file_places import remember, start_at

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
COLUMNS = [
    Column("source", "文件", 180),
    Column("association", "消协", 170),
    Column("period", "统计期间", 150, text=lambda c: f"{c.period.label}（{c.period.dates}）"),
    Column("accepted", "受理投诉（件）", 100, align="right", value=lambda c: c.figures[0].accepted),
    Column("resolved", "解决（件）", 80, align="right", value=lambda c: c.figures[0].resolved, stretch=True),
]


class RollupDialog(QDialog):
    def __init__(self, org_name: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("汇总各县报表")
        self.paths: list[Path] = []
        self.model = ListTableModel(COLUMNS, parent=self)
        self.table = DataTable(self.model)
        self.banner = Banner("error")
        self.done_label = muted_label()
        self.done_label.hide()
        self.add_button = QPushButton("添加报表…")
        self.add_button.clicked.connect(lambda: self.add_files())
        self.remove_button = QPushButton("移除所选")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        files = QHBoxLayout()
        files.addWidget(self.add_button)
        files.addWidget(self.remove_button)
        files.addStretch(1)
        self.name = QLineEdit(org_name)
        self.name.setPlaceholderText("如：某某市消费者协会")
        self.out = QLineEdit()
        self.out.setPlaceholderText("汇总报表的保存位置（.xlsx）")
        form = QFormLayout()
        form.addRow("报表标题名称", self.name)
        form.addRow("保存为", file_row(self.out, self.choose_output))
        self.make_button = primary_button("生成")
        self.make_button.clicked.connect(lambda: self.make())
        buttons = QDialogButtonBox()
        buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label("添加各县（市、区）用本程序生成的同一期间的统计报表，至少两个。汇总时各项数字相加，"
                                     "投诉解决率等比率由各县分子、分母之和重新计算；另附各县分列表。"))
        layout.addWidget(self.banner)
        layout.addLayout(files)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.done_label)
        layout.addWidget(buttons)
        self.written: Path | None = None
        fit_on_screen(self, 760, 460)

    # ---------------------------------------------------------------- files
    def add_files(self) -> None:
        """Reads the chosen files off the UI thread (a year's reports carry thousands of
        businesses), with what changes the list and 生成 disabled meanwhile; each refused file is
        one line."""
        from app.reports.excel.rollup_reader import read_county_report
        chosen, _ = QFileDialog.getOpenFileNames(self, "添加各县报表", start_at(), XLSX_FILTER)
        if not chosen:
            return
        remember(chosen[0])
        listed = [p.resolve() for p in self.paths]

        def read() -> tuple[list[tuple[Path, object]], list[str]]:
            added, problems = [], []
            for name in chosen:
                path = Path(name)
                if path.resolve() in listed:
                    problems.append(f"文件“{path.name}”已在列表中")
                    continue
                try:
                    added.append((path, read_county_report(path)))
                except ValidationFailed as exc:
                    problems.append(exc.message)
                    continue
                listed.append(path.resolve())
            return added, problems
        run_service(self, read, banner=self.banner, busy=self._list_buttons(), on_done=self._added)

    def _list_buttons(self) -> list[QPushButton]:
        """Disabled while files are read or the roll-up is written: the list stays what is read
        into it, and what is written is what the list shows."""
        return [self.add_button, self.remove_button, self.make_button]

    def _added(self, outcome: tuple[list[tuple[Path, object]], list[str]]) -> None:
        added, problems = outcome
        self.paths.extend(path for path, _ in added)
        self.model.set_rows([*self.model.rows, *(county for _, county in added)])
        self._say(problems[0] + (f"（另有 {len(problems) - 1} 个文件未添加）" if len(problems) > 1 else "")
                  if problems else "")

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows:
            self._say("请先在列表中选中要移除的报表")
            return
        kept = list(self.model.rows)
        for row in rows:
            del kept[row], self.paths[row]
        self.model.set_rows(kept)
        self._say("")

    def choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "保存汇总报表", start_at("各县（市、区）汇总报表.xlsx"), XLSX_FILTER)
        if path:
            remember(path)
            self.out.setText(path)

    # ---------------------------------------------------------------- 生成
    def make(self) -> None:
        """Adds up and writes off the UI thread (a year's reports carry thousands of businesses)."""
        from app.reports.excel.rollup_sheet import write_rollup
        text = self.out.text().strip()
        if not text:
            self.choose_output()
            text = self.out.text().strip()
            if not text:
                return
        out = Path(text if text.lower().endswith(".xlsx") else f"{text}.xlsx")
        paths, counties, name = list(self.paths), list(self.model.rows), self.name.text()

        def write():
            try:
                return write_rollup(paths, counties, out, name)
            except OSError as exc:
                raise ValidationFailed(message=f"无法保存“{out.name}”：{exc.strerror or exc}；请另选保存位置，"
                                               "或先关闭在 Excel/WPS 中打开的同名文件") from exc
        self.done_label.hide()
        run_service(self, write, banner=self.banner, busy=self._list_buttons(),
                    on_done=lambda report: self._made(report, out))

    def _made(self, report, out: Path) -> None:
        figures = report.figures[0]
        self.done_label.setText(f"已生成汇总报表 {out}：{report.period.label}，{len(report.counties)} 个县（市、区），"
                                f"受理投诉 {figures.accepted} 件，投诉解决率 {figures.resolution_rate_text}"
                                + "".join(f"\n注意：{note}" for note in report.notes))
        self.done_label.show()
        self.written = out

    def _say(self, message: str) -> None:
        self.banner.show_message(message)
        if message:
            self.done_label.hide()
