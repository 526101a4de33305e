"""One open case: header, the action buttons the lifecycle allows now, the 文书 bar (documents,
filled by the documents part of the program) and the tabs of the case file."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.domain.lifecycle import ACTIONS
from app.services.casefile import CaseDetail, case_detail
from app.services.context import Actor
from app.ui.extensions import DOCUMENT_ACTIONS
from app.ui.widgets import Banner
from app.ui.cases.workspace.action_dialogs import DIALOGS
from app.ui.cases.workspace.header import CaseHeader

# The buttons in the order a clerk meets them; "edit" and "attach" are the 基本信息/附件 tabs.
ACTION_ORDER = ("accept", "reject", "transfer", "schedule_session", "record_session", "pause", "resume",
                "agree", "edit_agreement", "record_performance", "close_mediated", "settle", "terminate",
                "withdraw", "record_notice", "recusal", "follow_up", "reopen")
# Actions done in a tab rather than a dialog: action → (tab title, method of the tab to start it)
TAB_ACTIONS = {
    "schedule_session": ("调解记录", "start_schedule"), "record_session": ("调解记录", "start_record"),
    "agree": ("协议", "start"), "edit_agreement": ("协议", "start"), "record_performance": ("协议", "start_performance"),
    "follow_up": ("回访", "start"),
}


class CaseWorkspace(QWidget):
    changed = Signal(int)          # case id, after anything was saved

    def __init__(self, actor: Actor, case_id: int, parent=None):
        super().__init__(parent)
        self.actor, self.case_id = actor, case_id
        self.detail: CaseDetail | None = None
        self.version = 0
        self.own_versions: set[int] = set()    # versions this workspace itself wrote
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = CaseHeader()
        layout.addWidget(self.header)
        self.actions_bar = QWidget()
        self.actions_layout = QHBoxLayout(self.actions_bar)
        self.actions_layout.setContentsMargins(12, 2, 12, 6)
        layout.addWidget(self.actions_bar)
        self.documents_bar = QWidget()
        self.documents_layout = QHBoxLayout(self.documents_bar)
        self.documents_layout.setContentsMargins(12, 0, 12, 6)
        self.documents_layout.addWidget(QLabel("文书："))
        self.documents_layout.addStretch(1)
        self.documents_bar.hide()
        layout.addWidget(self.documents_bar)
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.action_buttons: dict[str, QPushButton] = {}
        self._build_tabs()
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_current_tab,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()
        for provider in DOCUMENT_ACTIONS:
            self.add_document_actions(provider(self))

    def _build_tabs(self) -> None:
        from app.ui.cases.workspace.agreement_tab import AgreementTab
        from app.ui.cases.workspace.basic_tab import BasicTab
        from app.ui.cases.workspace.clock_tab import AttachmentsTab, ClockTab
        from app.ui.cases.workspace.followup_tab import FollowUpTab, HistoryTab
        from app.ui.cases.workspace.sessions_tab import SessionsTab

        self.pages = [BasicTab(self), SessionsTab(self), AgreementTab(self), ClockTab(self),
                      AttachmentsTab(self), FollowUpTab(self), HistoryTab(self)]
        for page in self.pages:
            self.tabs.addTab(page, page.title)

    def page(self, title: str):
        return next(p for p in self.pages if p.title == title)

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        self.detail = case_detail(self.case_id, self.actor)
        self.version = self.detail.case["version"]
        self.header.load(self.detail)
        self._build_action_buttons()
        for page in self.pages:
            page.load(self.detail)

    def tab_title(self) -> str:
        return self.detail.case["number"] if self.detail else "案件"

    def is_dirty(self) -> bool:
        return any(page.is_dirty() for page in self.pages)

    def expected_version(self, base: int) -> int:
        """The version an editor loaded at `base` may save against: the current one when every
        change since was made here; otherwise its own (the service then reports the Conflict)."""
        if all(v in self.own_versions for v in range(base + 1, self.version + 1)):
            return self.version
        return base

    # ---------------------------------------------------------------- actions
    def _build_action_buttons(self) -> None:
        while self.actions_layout.count():
            item = self.actions_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.action_buttons = {}
        for action in ACTION_ORDER:
            if action in self.detail.actions:
                button = QPushButton(ACTIONS.label(action))
                button.clicked.connect(lambda _checked=False, a=action: self.run_action(a))
                self.actions_layout.addWidget(button)
                self.action_buttons[action] = button
        self.actions_layout.addStretch(1)

    def run_action(self, action: str):
        """Start an action: a dialog, or the tab where it is done. Returns the dialog, if any."""
        if action in TAB_ACTIONS:
            title, method = TAB_ACTIONS[action]
            page = self.page(title)
            self.tabs.setCurrentWidget(page)
            getattr(page, method)()
            return None
        dialog = DIALOGS[action](self, self)
        dialog.on_conflict = self.reload
        dialog.accepted.connect(lambda: self.after_dialog(dialog))
        dialog.open()
        return dialog

    def after_dialog(self, dialog) -> None:
        warnings = getattr(dialog.outcome, "warnings", None) or []
        self.saved(getattr(dialog.outcome, "version", None))
        if warnings:
            QMessageBox.information(self, "请注意", "\n".join(warnings))

    def saved(self, new_version: int | None = None) -> None:
        """Something was saved from this workspace: remember the case version it wrote as ours
        (follow-ups, attachments and 回避 do not change the case's version), reload."""
        if new_version is not None:
            self.own_versions.add(new_version)
        self.reload()
        self.changed.emit(self.case_id)

    def save_current_tab(self) -> None:
        page = self.tabs.currentWidget()
        if page is not None:
            page.save()

    # ---------------------------------------------------------------- documents (文书)
    def add_document_actions(self, actions: list[QAction]) -> None:
        """Where the documents part of the program puts its print buttons for this case."""
        for action in actions:
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.setParent(self)
            self.documents_layout.insertWidget(self.documents_layout.count() - 1, button)
        if actions:
            self.documents_bar.show()
