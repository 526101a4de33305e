"""调解记录: the sessions (planned, held, cancelled) and 回避 decisions, and the session editor
(time, mode, form, people, record text) that plans a session or records what happened."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.domain.codes import RECUSAL_DECISIONS, SESSION_FORMS, SESSION_MODES, SESSION_STATUS
from app.services import mediation
from app.services.casefile import CaseDetail
from app.services.context import today
from app.services.inputs import SessionInput
from app.ui.column_fit import ColumnFit
from app.ui.forms import FieldRegistry, FormSection, scrolling
from app.ui.runner import show_status
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import (
    Banner, CodeCombo, DataTable, DateTimeEdit, OptionalDateEdit, confirm, primary_button, text_box,
)
from app.ui.cases.workspace.base import WorkspaceTab, button_row

# The least widths of the columns (status and mode share one). Each is widened to its longest
# entry where there is room; where the list's half of the tab (1366×768, 150 %) has none, the
# columns give way as every ColumnFit's do and a long place or result wraps onto more lines of its
# row instead of ending in "…" (the walk-through could not read 地点, 调解员 or 结果).
SESSION_COLUMNS = [
    Column("scheduled_at", "时间", 118, sort_key="scheduled_at"),
    Column("status", "状态", 92, text=lambda s: f"{SESSION_STATUS.label(s['status'])}·{SESSION_MODES.label(s['mode'])}"),
    Column("form", "形式", 100, text=lambda s: SESSION_FORMS.label(s["form"])),
    Column("place", "地点", 90, tooltip=lambda s: s["place"] or ""),
    Column("mediators", "调解员", 70, tooltip=lambda s: s["mediators"] or ""),
    Column("result", "结果", 60, stretch=True, text=lambda s: (s["result"] or "").replace("\n", " "),
           tooltip=lambda s: s["result"] or ""),
]

RECUSAL_COLUMNS = [
    Column("decided_date", "决定日期", 96),
    Column("mediator_name", "被申请回避的调解员", 140),
    Column("applicant", "申请人", 90),
    Column("decision", "决定", 90, text=lambda r: RECUSAL_DECISIONS.label(r["decision"])),
    Column("reason", "理由", 200, stretch=True),
]


class SessionsTab(WorkspaceTab):
    title = "调解记录"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        self.session_id: int | None = None      # the session in the editor (None: a new one)
        self.allowed = False
        self.base_version = 0
        self._snapshot = None
        self._typed_on = None      # (session id, what was saved, what was typed while it was saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.sessions = ListTableModel(SESSION_COLUMNS)
        self.sessions_table = DataTable(self.sessions)
        self.sessions_fit = ColumnFit(self.sessions_table, least_ems=6, wraps=True)   # its half of the tab, 150 % too
        self.sessions_table.read_whole()
        self.sessions_table.clicked.connect(lambda index: self.edit_session(index.row()))
        self.sessions_table.activated_row.connect(self.edit_session)
        left_layout.addWidget(self.sessions_table, 3)
        self.recusals = ListTableModel(RECUSAL_COLUMNS)
        self.recusals_table = DataTable(self.recusals)
        self.recusal_section = FormSection("回避申请", pairs=1)
        self.recusal_section.add_widget(self.recusals_table)
        left_layout.addWidget(self.recusal_section, 1)
        splitter.addWidget(left)
        splitter.addWidget(self._editor())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 640])
        layout.addWidget(splitter)

    def _editor(self) -> QWidget:
        holder = QWidget()
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = Banner("error")
        outer.addWidget(self.banner)
        section = FormSection("调解", pairs=2)
        self.section = section
        f = self.fields = FieldRegistry()
        self.when, self.mode, self.form = DateTimeEdit(), CodeCombo(SESSION_MODES), CodeCombo(SESSION_FORMS)
        self.place, self.mediators, self.recorder = QLineEdit(), QLineEdit(), QLineEdit()
        self.present, self.notified = QLineEdit(), OptionalDateEdit()
        self.record_text, self.result = text_box(8, "可按问答式记录：\n调解员：……\n投诉人：……"), text_box(2)
        self.next_step = text_box(2)
        f.add(section, "scheduled_at", "调解时间", self.when, required=True)
        f.add(section, "mode", "方式", self.mode, required=True)
        f.add(section, "form", "形式", self.form, required=True)
        f.add(section, "place", "地点", self.place, hint="现场调解须填写")
        f.add(section, "mediators", "调解员", self.mediators, required=True)
        f.add(section, "recorder", "记录人", self.recorder)
        f.add(section, "present", "参加人员", self.present, span=2)
        f.add(section, "notified_date", "通知当事人日期", self.notified)
        f.add(section, "record_text", "调解笔录", self.record_text, span=2, hint="记录调解时必填")
        f.add(section, "result", "调解结果", self.result, span=2)
        f.add(section, "next_step", "下一步", self.next_step, span=2)
        outer.addWidget(scrolling(section), 1)
        self.new_button = QPushButton("新建")
        self.new_button.clicked.connect(self.start_new)
        self.cancel_button = QPushButton("取消该安排")
        self.cancel_button.clicked.connect(self.cancel_session)
        self.schedule_button = QPushButton("保存为调解安排")
        self.schedule_button.clicked.connect(lambda: self._save("schedule"))
        self.record_button = primary_button("保存调解记录")
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(lambda: self._save("record"))
        outer.addWidget(button_row(self.new_button, self.cancel_button, self.schedule_button, self.record_button))
        return holder

    # ---------------------------------------------------------------- loading
    def load(self, detail: CaseDetail) -> None:
        self.sessions.set_rows(detail.sessions)
        self.sessions_fit.want(self.sessions_table.content_widths(), whole=(0,))     # the time on one line
        self.recusals.set_rows(detail.recusals)
        self.recusal_section.setVisible(bool(detail.recusals))
        self.allowed = bool({"schedule_session", "record_session"} & set(detail.actions))
        self.record_button.setVisible(self.allowed)
        self.new_button.setVisible(self.allowed)
        self.fields.set_enabled(self.allowed)
        if self._typed_on is not None:
            self._show_typed_on(detail)
        elif not self.is_dirty():
            # a case that cannot be mediated now shows its last session to read
            self._fill(None if self.allowed or not detail.sessions else detail.sessions[-1])

    def _fill(self, session: dict | None) -> None:
        self.session_id = session["id"] if session else None
        default_mediators = self.ws.detail.mediator_name if self.ws.detail else ""
        s = session or {"scheduled_at": datetime.combine(today(), datetime.min.time()).replace(hour=9),
                        "mode": "onsite", "form": "joint", "place": "", "mediators": default_mediators,
                        "recorder": "", "present": "", "record_text": "", "result": "", "next_step": "",
                        "notified_date": None, "status": "scheduled"}
        self.when.set_value(s["scheduled_at"])
        self.mode.set_code(s["mode"])
        self.form.set_code(s["form"])
        for edit, key in ((self.place, "place"), (self.mediators, "mediators"), (self.recorder, "recorder"),
                          (self.present, "present")):
            edit.setText(s[key] or "")
        for box, key in ((self.record_text, "record_text"), (self.result, "result"), (self.next_step, "next_step")):
            box.setPlainText(s[key] or "")
        self.notified.set_value(s["notified_date"])
        self.cancel_button.setVisible(self.allowed and bool(session) and s["status"] == "scheduled")
        self.schedule_button.setVisible(self.allowed and session is None)
        title = "新的调解" if session is None else f"{SESSION_STATUS.label(s['status'])}的调解"
        if not self.allowed:
            title = f"{title}（只读）" if session else "案件当前状态下不能安排或记录调解"
        self.section.setTitle(title)
        self.fields.clear_errors()
        self.banner.show_message("")
        self.base_version = self.ws.version
        self._snapshot = self.value()

    def _show_typed_on(self, detail: CaseDetail) -> None:
        """The clerk typed on while the save ran: the session just saved, showing what was typed
        (unsaved: closing the tab asks; saving again saves it to that session)."""
        session_id, sent, typed = self._typed_on
        self._typed_on = None
        session = next((s for s in detail.sessions if s["id"] == session_id), None)
        if session is not None:
            self._fill({**session, **asdict(typed)})
            self._snapshot = sent

    def value(self) -> SessionInput:
        return SessionInput(scheduled_at=self.when.value(), place=self.place.text(), mode=self.mode.code(),
                            form=self.form.code(), mediators=self.mediators.text(), recorder=self.recorder.text(),
                            present=self.present.text(), record_text=self.record_text.toPlainText(),
                            result=self.result.toPlainText(), next_step=self.next_step.toPlainText(),
                            notified_date=self.notified.value())

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self.value() != self._snapshot

    # ---------------------------------------------------------------- editing
    def edit_session(self, row: int) -> None:
        session = self.sessions.row_at(row)
        if session is None or session["id"] == self.session_id:
            return
        if self.is_dirty() and not confirm(self, "尚未保存", "正在编辑的调解记录尚未保存，要放弃吗？", "放弃", "继续编辑"):
            return
        self._fill(session)

    def start_new(self) -> None:
        if self.is_dirty() and not confirm(self, "尚未保存", "正在编辑的调解记录尚未保存，要放弃吗？", "放弃", "继续编辑"):
            return
        self._fill(None)
        self.place.setFocus()

    def start_schedule(self) -> None:
        """安排调解: a new session, the cursor in its day (what a schedule is about)."""
        if self.session_id is not None:
            self.start_new()
        if self.session_id is None:
            self.when.setFocus()

    def start_record(self) -> None:
        """Record a held session: the next planned one if any, else a new one."""
        planned = next((s for s in self.ws.detail.sessions if s["status"] == "scheduled"), None)
        if planned is not None and not self.is_dirty():
            self._fill(planned)
        elif self.session_id is not None and not self.is_dirty():
            self._fill(None)
        self.record_text.setFocus()

    def save(self) -> bool:
        return self._save("record" if self.session_id is not None else "schedule")

    def _save(self, how: str) -> bool:
        ws, data, session_id = self.ws, self.value(), self.session_id
        held = any(s["id"] == session_id and s["status"] == "held" for s in ws.detail.sessions)
        if how == "record" and held and not self.is_dirty():
            show_status(self, "调解记录没有修改，无需保存。")      # no new version for nothing
            return False
        version = ws.expected_version(self.base_version)
        if how == "schedule":
            def call():
                return mediation.schedule_session(ws.actor, ws.case_id, data, expected_version=version)
        else:
            def call():
                return mediation.record_session(ws.actor, ws.case_id, data, session_id, expected_version=version)
        def saved(change) -> None:
            typed = self.value()
            if typed == data:
                self._fill(None)
            else:
                self._typed_on = (change.record_id or session_id, data, typed)
        ws.run_case_call(self, call, banner=self.banner, fields=self.fields, busy=self._buttons(),
                         on_saved=saved, on_conflict=self._take_latest)
        return True

    def _buttons(self) -> list:
        return [self.schedule_button, self.record_button]

    def _take_latest(self) -> None:
        """Someone else saved first: the workspace shows the latest, the editor keeps what was
        typed and is saved against the version now loaded."""
        self.ws.reload()
        self.base_version = self.ws.version

    def cancel_session(self) -> None:
        if self.session_id is None or not confirm(self, "取消调解安排", "确定取消这次调解安排吗？"):
            return
        ws, session_id = self.ws, self.session_id
        ws.run_case_call(self, lambda: mediation.cancel_session(ws.actor, ws.case_id, session_id, "已取消"),
                         banner=self.banner, busy=[self.cancel_button], on_saved=lambda _change: self._fill(None))
