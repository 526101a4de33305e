"""基本信息: the decisions taken so far, and the registration form, editable while the case is
open. A stale save (someone else changed the case) keeps the input and says who and when."""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain import grounds
from app.domain.codes import CHANNELS, HANDLING_BASIS, OUTCOMES, REJECT_GROUNDS, RULE_SETS, TERMINATE_GROUNDS
from app.domain.money import format_yuan
from app.services.case_actions import perform
from app.services.casefile import CaseDetail, case_detail
from app.services.lookups import complaint_input_of
from app.ui import theme
from app.ui.cases.complaint_form import ComplaintForm
from app.ui.forms import scrolling
from app.ui.runner import show_status
from app.ui.widgets import Banner, primary_button
from app.ui.cases.workspace.base import WorkspaceTab, button_row


def _ground_text(code: str, labels) -> str:
    """第十五条第（四）项　除法律另有规定外…; the importer's marker as its label."""
    found = grounds.ground(code)
    return found.choice_label() if found is not None else labels.label(code)


def decision_rows(detail: CaseDetail) -> list[tuple[str, str]]:
    """What has been decided on the case, as label/value pairs."""
    case = detail.case
    rows = [("登记", f"{case['received_date'].isoformat()}　{CHANNELS.label(case['channel'])}"
             + (f"　平台编号 {case['platform_no']}" if case["platform_no"] else "")
             + (f"　登记人 {detail.registered_by_name}" if detail.registered_by_name else "")),
            ("适用规章", f"{grounds.INSTRUMENTS[grounds.order_for(case['received_date'])]}（收到投诉之日施行）"
                     f"　{HANDLING_BASIS.label(case['basis'])}"),
            ("适用时限", RULE_SETS.label(case["rule_set"]))]
    if case["accepted_date"]:
        rows.append(("受理日期", case["accepted_date"].isoformat()))
    if case["outcome"]:
        rows.append(("处理结果", f"{OUTCOMES.label(case['outcome'])}（{case['closed_date'].isoformat()}）"
                     if case["closed_date"] else OUTCOMES.label(case["outcome"])))
    if case["reject_ground"]:
        rows.append(("不予受理理由", _ground_text(case["reject_ground"], REJECT_GROUNDS)
                     + (f"　{case['reject_text']}" if case["reject_text"] else "")))
    if case["terminate_ground"]:
        rows.append(("终止调解理由", _ground_text(case["terminate_ground"], TERMINATE_GROUNDS)
                     + (f"　{case['terminate_text']}" if case["terminate_text"] else "")))
    if case["transfer_to"]:
        rows.append(("移送", f"{case['transfer_to']}：{case['transfer_reason']}"))
    if case["recovered"] is not None:
        rows.append(("挽回经济损失", f"{format_yuan(case['recovered'])} 元"
                     + (f"（其中加倍赔偿 {format_yuan(case['punitive'])} 元）" if case["punitive"] else "")))
    if case["notice_sent_date"]:
        rows.append(("告知书送达", case["notice_sent_date"].isoformat()))
    if case["close_note"]:
        rows.append(("说明", case["close_note"]))
    return rows


CLOSED_NOTE = "案件已办结，登记信息不能修改；如需修改请先重新打开案件。"
READ_ONLY_NOTE = "只读查看，登记信息不能修改。"      # a 只读 user, a precedent's viewer


class BasicTab(WorkspaceTab):
    title = "基本信息"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        self.base_version = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.banner = Banner("error")
        self.discard_button = self.banner.add_button("放弃我的修改，载入最新内容", self.discard_and_reload)
        self.keep_button = self.banner.add_button("载入最新内容并保留我的修改", self.keep_mine)
        layout.addWidget(self.banner)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        self.decisions = QGroupBox("办理情况")
        self.decisions_layout = QFormLayout(self.decisions)
        body_layout.addWidget(self.decisions)
        self.form = ComplaintForm()
        body_layout.addWidget(self.form)
        self.scroll = scrolling(body)
        layout.addWidget(self.scroll, 1)
        self.read_only_note = QLabel(CLOSED_NOTE)
        theme.mark_muted(self.read_only_note)
        self.save_button = primary_button("保存修改(&S)")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("撤销修改")
        self.revert_button.clicked.connect(self.revert)
        layout.addWidget(button_row(self.read_only_note, self.revert_button, self.save_button))

    def load(self, detail: CaseDetail) -> None:
        while self.decisions_layout.rowCount():
            self.decisions_layout.removeRow(0)
        for label, value in decision_rows(detail):
            text = QLabel(value)
            text.setWordWrap(True)
            self.decisions_layout.addRow(f"{label}：", text)
        editable = "edit" in detail.actions
        self.form.set_editable(editable, ever=self.ws.may_ever("edit"))
        self.save_button.setVisible(editable)
        self.revert_button.setVisible(editable)
        self.read_only_note.setVisible(not editable)
        self.read_only_note.setText(CLOSED_NOTE if self.ws.may_ever("edit") else READ_ONLY_NOTE)
        if not self.form.is_dirty():
            self._fill(detail)

    def _fill(self, detail: CaseDetail) -> None:
        self.form.set_value(complaint_input_of(detail))
        self.base_version = detail.case["version"]
        self.banner.show_message("")

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def save(self) -> bool:
        if "edit" not in self.ws.detail.actions:
            return False
        self.banner.show_message("")
        self._show_conflict_buttons(False)
        if not self.form.is_dirty():
            # a save of nothing would still make a new version (another clerk's open tab then stale)
            show_status(self, "登记信息没有修改，无需保存。")
            return False
        local = self.form.fields.check_all()
        if local:
            self.banner.show_message(f"还有 {len(local)} 处需要修改，已在相应栏目旁用红字标出。")
            self.form.fields.focus_first_error(self.scroll)
            return False
        ws, value = self.ws, self.form.value()
        version = ws.expected_version(self.base_version)

        def saved(change) -> None:
            # what was sent is saved; anything typed while the save ran stays, still to save
            self.form.mark_saved(value)
            self.base_version = change.version
        ws.run_case_call(self, lambda: perform(ws.actor, ws.case_id, "edit", {"data": value}, version),
                         banner=self.banner, fields=self.form.fields, busy=[self.save_button], on_saved=saved,
                         on_conflict=lambda: self._show_conflict_buttons(True), reloads=False,
                         on_refused=lambda _exc: self.form.fields.focus_first_error(self.scroll))
        return True

    def _show_conflict_buttons(self, shown: bool) -> None:
        self.discard_button.setVisible(shown)
        self.keep_button.setVisible(shown)

    def revert(self) -> None:
        self._fill(self.ws.detail)

    def discard_and_reload(self) -> None:
        self.form.mark_saved()          # not dirty any more: the reload refills the form
        self.ws.reload()

    def keep_mine(self) -> None:
        """The clerk has read who changed the case: the latest version comes in, with the
        fields this clerk changed kept as typed; the next save writes them."""
        latest = case_detail(self.ws.case_id, self.ws.actor)
        theirs = complaint_input_of(latest)
        merged = merge_edits(self.form.loaded_value(), self.form.value(), theirs)
        self.form.set_value(merged)
        self.form.mark_saved(theirs)               # dirty against the latest: my edits remain to save
        self.base_version = latest.case["version"]
        self.banner.show_message("")
        self._show_conflict_buttons(False)
        self.ws.reload()


def merge_edits(base, mine, theirs):
    """`theirs` with every field that differs between `base` and `mine` taken from `mine`
    (nested records field by field; lists such as the agents as a whole)."""
    merged = replace(theirs)
    for f in fields(theirs):
        b, m, t = getattr(base, f.name), getattr(mine, f.name), getattr(theirs, f.name)
        if is_dataclass(t) and not isinstance(t, type):
            setattr(merged, f.name, merge_edits(b, m, t))
        elif m != b:
            setattr(merged, f.name, m)
    return merged
