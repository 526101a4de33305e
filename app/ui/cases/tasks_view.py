"""待处理任务: the supervisor's list (each unsatisfied 回访 not yet dealt with) with what can be done
about the one selected — open the case, record how it was handled, or reopen the case. Both
actions are the case actions of the executor, in the same dialog a case workspace uses."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.services.casefile import case_detail
from app.services.context import Actor
from app.services.tasks import SupervisorTask, supervisor_tasks
from app.ui import worker
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, DataTable, muted_label, primary_button, title_label

COLUMNS = [
    Column("number", "案件编号", 170, sort_key="number"),
    Column("kind", "任务", 190),
    Column("day", "回访日期", 96, sort_key="day"),
    Column("complainant", "投诉人", 80),
    Column("business", "被投诉经营者", 170),
    Column("mediator", "调解员", 70),
    Column("opinion", "消费者意见", 260, stretch=True, text=lambda t: t.opinion.replace("\n", " "),
           tooltip=lambda t: t.opinion),
]
EMPTY = "没有待处理的任务。回访时消费者表示不满意的，会列在这里，由负责人处理。"


class _TaskCase:
    """What ActionDialog needs of a case workspace, for the case of one task."""

    def __init__(self, actor: Actor, task: SupervisorTask, reload):
        self.actor, self.case_id = actor, task.case_id
        self.detail = case_detail(task.case_id, actor)
        self.version = self.detail.case["version"]
        self.reload = reload


class TaskActionDialog(ActionDialog):
    """处理不满意回访 / 重新打开 for the selected task (the follow-up's id goes with the facts)."""

    def __init__(self, target: _TaskCase, code: str, task: SupervisorTask, parent=None):
        super().__init__(target, code, parent)
        self.task = task
        self.setWindowTitle(f"{self.spec.label} — {task.number}")

    def values(self) -> dict:
        return {**super().values(), "followup_id": self.task.followup_id}


class TasksScreen(QWidget):
    open_case = Signal(int)
    changed = Signal()                 # a task was dealt with: the counts follow

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.model = ListTableModel(COLUMNS)
        self.table = DataTable(self.model, sortable=True)
        self.table.activated_row.connect(lambda _row: self.open_selected())
        self.banner = Banner("warning")
        self.hint = muted_label("")
        self.open_button = QPushButton("打开案件")
        self.open_button.clicked.connect(self.open_selected)
        self.reopen_button = QPushButton("重新打开案件…")
        self.reopen_button.setToolTip("案件回到办理中，由调解员继续处理；本任务随之完成")
        self.reopen_button.clicked.connect(lambda: self.act("reopen"))
        self.resolve_button = primary_button("记录处理情况…")
        self.resolve_button.setToolTip("已督促经营者、已答复消费者等：记录后本任务完成")
        self.resolve_button.clicked.connect(lambda: self.act("supervise"))
        self.dialog: TaskActionDialog | None = None
        top = QHBoxLayout()
        top.addWidget(title_label("待处理任务"))
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        for button in (self.open_button, self.reopen_button, self.resolve_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        worker.run_in_background(supervisor_tasks, on_done=self._arrived)

    def _arrived(self, tasks: list[SupervisorTask]) -> None:
        self.model.set_rows(tasks)
        if tasks and self.selected() is None:
            self.table.selectRow(0)
        self.banner.show_message("" if tasks else EMPTY)
        self._update_buttons()

    def selected(self) -> SupervisorTask | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        may = self.actor.may("supervise")
        self.open_button.setEnabled(chosen)
        self.resolve_button.setEnabled(chosen and may)
        self.reopen_button.setEnabled(chosen and self.actor.may("reopen"))
        self.hint.setText("" if may else "这些任务由负责人（管理员）处理；您可以打开案件查看。")

    def open_selected(self) -> None:
        task = self.selected()
        if task is not None:
            self.open_case.emit(task.case_id)

    def act(self, code: str):
        task = self.selected()
        if task is None:
            return None
        self.dialog = TaskActionDialog(_TaskCase(self.actor, task, self.refresh), code, task, self)
        self.dialog.accepted.connect(self._acted)
        self.dialog.open()
        return self.dialog

    def _acted(self) -> None:
        self.refresh()
        self.changed.emit()
