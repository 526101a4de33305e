"""One open case: header, a button for each action of the one table (app/domain/lifecycle.py)
that the user may take in the case's state now, the 文书 bar (documents, filled by the documents
part of the program) and the tabs of the case file. Every action runs through the runner
(app/ui/runner.py): off the UI thread, refusals beside the fields, then a reload and one line in
the status bar."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.domain.codes import STATES
from app.domain.lifecycle import CASE_ACTIONS, ever_offered
from app.services.case_actions import CaseChange
from app.services.casefile import CaseDetail, case_detail
from app.services.context import Actor
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.cases.workspace.header import CaseHeader
from app.ui.date_field import commit_typed_dates
from app.ui.extensions import DOCUMENT_ACTIONS
from app.ui.runner import run_service, show_status
from app.ui.widgets import Banner

# Actions without a button of their own: done in the 基本信息, 附件 and 调解记录 tabs.
NO_BUTTON = ("edit", "attach", "cancel_session", "supervise")   # supervise: from 待处理任务
# The buttons in the order of the table (the order a clerk meets them).
ACTION_ORDER = tuple(code for code in CASE_ACTIONS if code not in NO_BUTTON)
# Actions done in a tab rather than a dialog: action → (tab title, method of the tab to start it)
TAB_ACTIONS = {
    "schedule_session": ("调解记录", "start_schedule"), "record_session": ("调解记录", "start_record"),
    "agree": ("协议", "start"), "edit_agreement": ("协议", "start"), "record_performance": ("协议", "start_performance"),
    "follow_up": ("回访", "start"),
}


class CaseWorkspace(QWidget):
    changed = Signal(int)          # case id, after anything was saved

    def __init__(self, actor: Actor, case_id: int, parent=None, precedents: bool = True):
        super().__init__(parent)
        self.actor, self.case_id = actor, case_id
        self.with_precedents = precedents    # not inside a precedent's own read-only window
        self.detail: CaseDetail | None = None
        self.version = 0
        self.own_versions: set[int] = set()    # versions this workspace itself wrote
        # The main window that listens to `changed` (set when it opens the case): told directly
        # of a save that ends after this tab was closed, when `changed` has gone with the tab.
        self.main_window = None
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
        layout.addWidget(self.header.clock_warning)      # under the buttons: it never moves them
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
        if self.with_precedents:
            from app.ui.cases.workspace.precedents_tab import PrecedentsTab
            self.pages.append(PrecedentsTab(self))
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

    def may_ever(self, action: str) -> bool:
        """Whether a tab shows `action`'s control at all: greyed while the case's state does not
        allow it, hidden when this user can never take it — a 只读 user, a precedent's viewer
        (a clerk reading a precedent should not see dead buttons)."""
        return ever_offered(self.actor.role, action)

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
                item.widget().hide()          # gone at once, not at the next turn of the event loop
                item.widget().deleteLater()
        self.action_buttons = {}
        for action in ACTION_ORDER:
            if action in self.detail.actions:
                button = QPushButton(CASE_ACTIONS[action].label)
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
        dialog = ActionDialog(self, action, self)
        dialog.accepted.connect(lambda: self.after_change(dialog.outcome))
        dialog.open()
        return dialog

    def run_case_call(self, source: QWidget, call, *, banner: Banner, fields=None, busy=(), on_saved=None,
                      on_conflict=None, on_refused=None, reloads: bool = True):
        """A case action from a tab, through the runner: when it is saved, `on_saved(change)`,
        then the workspace reloads and says what was done; a conflict reloads too."""
        def done(change) -> None:
            if on_saved is not None:
                on_saved(change)
            self.after_change(change)
        return run_service(source, call, banner=banner, fields=fields, on_done=done, busy=busy,
                           on_conflict=on_conflict or self.reload, on_refused=on_refused, reloads=reloads,
                           after_closed=self.after_closed())

    def after_closed(self):
        """For the runner: a save that ends after this tab was closed reaches the main window as
        one with the tab open does (its case_changed: the list's row, the counts, the tasks); a
        tab of the case opened again meanwhile shows what was saved (unless typed in)."""
        main, case_id = self.main_window, self.case_id

        def saved(_result) -> None:
            if main is not None and shiboken6.isValid(main):
                main.case_changed(case_id)
                reopened = main.workspaces.get(case_id)      # the case opened again meanwhile
                if reopened is not None and not reopened.is_dirty():
                    reopened.reload()
        return saved

    def after_change(self, change: CaseChange | None) -> None:
        """An action was saved: reload, say what was done, show what the service asks to heed."""
        if change is None:
            return
        changed_case = CASE_ACTIONS[change.action].changes_case if change.action else True
        self.saved(change.version if changed_case else None)
        show_status(self, f"已完成：{change.summary}（案件现为“{STATES.label(change.state)}”）")
        if change.warnings:
            QMessageBox.information(self, "请注意", "\n".join(change.warnings))

    def saved(self, new_version: int | None = None) -> None:
        """Something was saved from this workspace: remember the case version it wrote as ours
        (follow-ups, attachments and 回避 do not change the case's version), reload."""
        if new_version is not None:
            self.own_versions.add(new_version)
        self.reload()
        self.changed.emit(self.case_id)

    def save_current_tab(self) -> None:
        """Ctrl+S: a date still being typed counts first, as a click on the tab's save button
        (which takes the focus from it) does; a refused one is said beside it, nothing is saved."""
        page = self.tabs.currentWidget()
        if page is not None and commit_typed_dates(page):
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
