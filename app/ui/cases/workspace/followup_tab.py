"""回访 (follow-up calls after closing) and 操作日志 (the case's audit history, field old → new)."""
from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSplitter, QVBoxLayout

from app.domain.codes import FOLLOWUP_METHODS, FOLLOWUP_PERFORMED, SATISFACTION, followup_performed_default
from app.domain.field_labels import describe_change
from app.services.casefile import CaseDetail
from app.services.context import today
from app.services.case_actions import perform
from app.services.inputs import FollowUpInput
from app.services.lookups import user_names
from app.services.settings import labels
from app.ui.forms import FieldRegistry, FormSection
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, CodeCombo, DataTable, DateEdit, primary_button, text_box
from app.ui.cases.workspace.base import WorkspaceTab, button_row

FOLLOWUP_COLUMNS = [
    Column("day", "回访日期", 96, sort_key="day"),
    Column("method", "方式", 60, text=lambda f: FOLLOWUP_METHODS.label(f["method"])),
    Column("satisfaction", "满意度", 80, text=lambda f: SATISFACTION.label(f["satisfaction"])),
    Column("performed", "协议履行", 80,
           text=lambda f: FOLLOWUP_PERFORMED.label({True: "yes", False: "no"}.get(f["performed"], ""))),
    Column("by_name", "回访人", 80),
    Column("note", "记录", 260, stretch=True, text=lambda f: (f["note"] or "").replace("\n", " ")),
]


class FollowUpTab(WorkspaceTab):
    title = "回访"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.model = ListTableModel(FOLLOWUP_COLUMNS)
        layout.addWidget(DataTable(self.model), 1)
        self.banner = Banner("warning")
        layout.addWidget(self.banner)
        self.section = FormSection("记录回访", pairs=3)
        f = self.fields = FieldRegistry()
        self.day, self.method = DateEdit(today()), CodeCombo(FOLLOWUP_METHODS)
        self.satisfaction, self.performed = CodeCombo(SATISFACTION), CodeCombo(FOLLOWUP_PERFORMED)
        self.satisfaction.set_code("satisfied")
        self.by_name, self.note = QLineEdit(), text_box(3, "消费者的意见；不满意时必填")
        f.add(self.section, "day", "回访日期", self.day, required=True)
        f.add(self.section, "method", "方式", self.method, required=True)
        f.add(self.section, "by_name", "回访人", self.by_name, hint="默认为当前用户")
        f.add(self.section, "satisfaction", "满意度", self.satisfaction, required=True)
        f.add(self.section, "performed", "协议履行", self.performed)
        self.section.new_row()
        f.add(self.section, "note", "回访记录", self.note, span=3)
        self.save_button = primary_button("保存回访")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.section.add_widget(button_row(self.save_button))
        layout.addWidget(self.section)

    def load(self, detail: CaseDetail) -> None:
        self.model.set_rows(detail.followups)
        allowed = "follow_up" in detail.actions
        self.section.setVisible(allowed)
        agreement = detail.agreement
        if not self.is_dirty():      # what the clerk already chose stays
            self.performed.set_code(followup_performed_default(agreement["performance_status"] if agreement else None))
        self.performed.setEnabled(agreement is not None)
        self.performed.setToolTip("" if agreement else "本案没有调解协议，无需询问履行情况")

    def is_dirty(self) -> bool:
        return self.section.isVisible() and bool(self.note.toPlainText().strip())

    def start(self) -> None:
        self.satisfaction.setFocus()

    def value(self) -> FollowUpInput:
        performed = {"yes": True, "no": False}.get(self.performed.code())
        return FollowUpInput(day=self.day.value(), method=self.method.code(), satisfaction=self.satisfaction.code(),
                             performed=performed, note=self.note.toPlainText(), by_name=self.by_name.text())

    def save(self) -> bool:
        if not self.section.isVisible():
            return False
        ws, facts = self.ws, asdict(self.value())

        def saved(_change) -> None:
            if self.note.toPlainText() == facts["note"]:     # else typed on while it was saved: kept
                self.note.clear()
            self.fields.clear_errors()
        ws.run_case_call(self, lambda: perform(ws.actor, ws.case_id, "follow_up", facts), banner=self.banner,
                         fields=self.fields, busy=[self.save_button], on_saved=saved)
        return True


class HistoryTab(WorkspaceTab):
    title = "操作日志"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        self.users: dict[int, str] = {}
        self.dictionaries: dict[str, dict[str, str]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        columns = [
            # entries of the same minute keep the order they were written in (the id decides)
            Column("at", "时间", 130, sort_key="at", value=lambda r: f"{r['at']:%Y%m%d%H%M%S}{r['id']:012d}",
                   text=lambda r: f"{r['at']:%Y-%m-%d %H:%M}"),
            Column("by_name", "操作人", 80),
            Column("summary", "操作", 240, text=self._summary),
            Column("changes", "变更内容", 400, stretch=True, text=self._changes_line),
        ]
        self.model = ListTableModel(columns)
        self.table = DataTable(self.model, sortable=True, descending_column=0)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("选择一条记录查看每个字段的修改前后内容")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _p: self.show_details(current.row()))

    def _summary(self, row: dict) -> str:
        """The summary without this case's number (the header shows it); a party's edit by what
        was changed, 更新当事人信息（投诉人） (its summary, in the details below, may name the
        other case of the same party it was made from)."""
        if row.get("what"):
            return row["what"]
        number = self.ws.detail.case["number"] if self.ws.detail else ""
        return (row["summary"] or "").replace(f" {number}", "").replace(number, "").strip()

    def _changes_line(self, row: dict) -> str:
        return "；".join(describe_change(c, self.dictionaries, self.users, limit=30) for c in row["changes"])

    def load(self, detail: CaseDetail) -> None:
        self.dictionaries = {kind: labels(kind) for kind in ("category", "nature", "unit")}
        self.users = user_names()
        self.model.set_rows(detail.history)
        self.details.clear()

    def show_details(self, row: int) -> None:
        entry = self.model.row_at(row)
        if entry is None:
            self.details.clear()
            return
        lines = [f"{entry['at']:%Y-%m-%d %H:%M}　{entry['by_name']}　{entry['summary']}"]
        lines += [describe_change(c, self.dictionaries, self.users, limit=2000) for c in entry["changes"]]
        self.details.setPlainText("\n".join(lines))
