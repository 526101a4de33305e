"""时限 (the statutory clock: deadlines, pause/resume events) and 附件 (attachments)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout

from app.domain.codes import APPRAISAL_PAYERS, CLOCK_EVENTS, DEADLINE_KINDS, DEADLINE_STATUS, RULE_SETS
from app.domain.errors import ValidationFailed
from app.services.attachments import add_attachment, attachment_content_path
from app.services.casefile import CaseDetail
from app.ui.cases.registration_form import attachment_filter
from app.ui.table_model import Column, ListTableModel
from app.ui.runner import run_service, show_refusal, show_status
from app.ui.widgets import Banner, DataTable, muted_label
from app.ui.cases.workspace.base import WorkspaceTab, button_row
from app.ui.file_places import remember, start_at

EVENT_COLUMNS = [
    Column("day", "日期", 100, sort_key="day"),
    Column("kind", "事项", 140, text=lambda e: CLOCK_EVENTS.label(e["kind"])),
    Column("reason", "原因 / 说明", 220, stretch=True),
    Column("agency", "鉴定/检测机构", 160),
    Column("payer", "费用承担", 90, text=lambda e: APPRAISAL_PAYERS.label(e["payer"]) if e["payer"] else ""),
    Column("by_name", "经办人", 80),
]


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    return f"{max(size // 1024, 1)} KB"


ATTACHMENT_COLUMNS = [
    Column("filename", "文件名", 260, sort_key="filename", stretch=True),
    Column("description", "说明", 180),
    Column("size", "大小", 80, align="right", text=lambda a: _size_text(a["size"])),
    Column("added_by", "添加人", 80),
    Column("added_at", "添加时间", 130, sort_key="added_at"),
]


class ClockTab(WorkspaceTab):
    title = "时限"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        summary = QGroupBox("期限")
        self.summary = QFormLayout(summary)
        layout.addWidget(summary)
        layout.addWidget(muted_label("期限由登记、受理、办结日期和节假日表自动计算，不能手工修改。"
                                     "鉴定、检测期间中止计时，不计入调解期限。"))
        self.events = ListTableModel(EVENT_COLUMNS)
        layout.addWidget(DataTable(self.events), 1)
        self.pause_button, self.resume_button = QPushButton("中止计时（鉴定/检测）…"), QPushButton("恢复计时…")
        self.pause_button.clicked.connect(lambda: self.ws.run_action("pause"))
        self.resume_button.clicked.connect(lambda: self.ws.run_action("resume"))
        layout.addWidget(button_row(self.pause_button, self.resume_button))

    def load(self, detail: CaseDetail) -> None:
        while self.summary.rowCount():
            self.summary.removeRow(0)
        clock = detail.clock
        self.summary.addRow("适用时限：", QLabel(RULE_SETS.label(clock.rule_set)))
        for kind, due in (("accept", clock.accept_due), ("mediate", clock.mediate_due), ("notify", clock.notify_due)):
            text = due.isoformat() if due else "—"
            if kind == clock.next_kind:
                text += f"（{DEADLINE_STATUS.label(detail.deadline_status)}，当前期限）"
            self.summary.addRow(f"{DEADLINE_KINDS.label(kind)}：", QLabel(text))
        for warning in detail.warnings:
            label = QLabel(warning)
            label.setWordWrap(True)
            label.setStyleSheet("QLabel { color: #7a4b00; }")
            self.summary.addRow("提示：", label)
        self.events.set_rows(detail.clock_events)
        for button, action in ((self.pause_button, "pause"), (self.resume_button, "resume")):
            button.setVisible(self.ws.may_ever(action))
            button.setEnabled(action in detail.actions)


class AttachmentsTab(WorkspaceTab):
    title = "附件"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        self.scratch = Path(tempfile.gettempdir()) / "xiehui-attachments"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.model = ListTableModel(ATTACHMENT_COLUMNS)
        self.table = DataTable(self.model, sortable=True)
        self.table.activated_row.connect(self.open_row)
        layout.addWidget(self.table, 1)
        self.add_button, self.open_button = QPushButton("添加附件…"), QPushButton("打开")
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.current_row()))
        layout.addWidget(button_row(self.open_button, self.add_button))

    def load(self, detail: CaseDetail) -> None:
        self.model.set_rows(detail.attachments)
        self.add_button.setVisible(self.ws.may_ever("attach"))
        self.add_button.setEnabled("attach" in detail.actions)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "添加附件", start_at(), attachment_filter())
        remember(paths[0] if paths else None)
        self.add_files(paths)

    def add_files(self, paths) -> None:
        """Add the files in the background; a file that is refused is named in the banner, the
        others are added."""
        ws, paths = self.ws, list(paths)

        def add_all() -> tuple[int, list[str]]:
            added, problems = 0, []
            for path in paths:
                try:
                    add_attachment(ws.actor, ws.case_id, path)
                    added += 1
                except ValidationFailed as exc:
                    problems.append(f"{Path(path).name}：{exc.message}")
            return added, problems
        run_service(self, add_all, banner=self.banner, on_done=self._added, busy=[self.add_button],
                    after_closed=ws.after_closed())

    def _added(self, outcome: tuple[int, list[str]]) -> None:
        added, problems = outcome
        if problems:
            self.banner.show_message("；".join(problems))
        if added:
            self.ws.saved()
            show_status(self, f"已添加附件 {added} 个")

    def open_row(self, row: int) -> Path | None:
        attachment = self.model.row_at(row)
        if attachment is None:
            return None
        try:
            path = attachment_content_path(attachment["id"], self.scratch)
        except ValidationFailed as exc:
            show_refusal(exc, self.banner)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
