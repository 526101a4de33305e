"""类案参考 (issue 13, part 4): the closed cases most like this one and how each ended, so that a
mediator can propose what has worked; a click on a case opens it read-only in a window of its
own. Queried when the tab is first shown (opening a case costs nothing for it)."""
from __future__ import annotations


from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from app.services.casefile import CaseDetail
from app.services.precedents import Precedent, find_precedents
from app.ui import theme
from app.ui.cases.workspace.base import WorkspaceTab
from app.ui.table_model import Column, ListTableModel, plain_text
from app.ui.column_fit import ColumnFit
from app.ui.widgets import DataTable
from app.ui.screen_fit import fit_on_screen

PRECEDENT_COLUMNS = [
    Column("number", "案件编号", 160),
    Column("closed_date", "办结日期", 92, align="center"),
    Column("business", "被投诉经营者", 170),
    Column("category", "类别", 100),
    Column("outcome", "结果", 130),
    Column("recovered", "挽回金额（元）", 100, align="right", text=lambda p: plain_text(p.recovered)),
    Column("terms", "协议条款", 260, stretch=True, text=lambda p: "；".join(p.terms),
           tooltip=lambda p: "\n".join(p.terms)),
    Column("typical_summary", "典型案例摘要", 200, text=lambda p: p.typical_summary.replace("\n", " "),
           tooltip=lambda p: p.typical_summary),
    Column("reasons", "相近之处", 180, text=lambda p: "、".join(p.reasons)),
]


class PrecedentsTab(WorkspaceTab):
    title = "类案参考"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.hint = QLabel("已办结的相似案件（同一经营者、同类商品或服务、同性质、案情相近），"
                           "按相似程度排列；单击一行以只读方式查看该案。")
        self.hint.setWordWrap(True)
        theme.mark_muted(self.hint)
        layout.addWidget(self.hint)
        self.model = ListTableModel(PRECEDENT_COLUMNS)
        self.table = DataTable(self.model)
        self.column_fit = ColumnFit(self.table)         # no sideways scrolling at 1366 px / 150 %
        self.table.clicked.connect(lambda index: self.open_precedent(index.row()))
        self.table.activated_row.connect(self.open_precedent)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("还没有相似的已办结案件。")
        theme.mark_muted(self.empty)
        layout.addWidget(self.empty)
        self.case_id: int | None = None
        self.shown_for: int | None = None
        self.viewers: list[QDialog] = []

    def load(self, detail: CaseDetail) -> None:
        self.case_id = detail.case["id"]
        self.shown_for = None            # asked again when next shown (a save may change the facts)
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.shown_for != self.case_id:
            self.refresh()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        found = find_precedents(self.case_id)
        self.shown_for = self.case_id
        self.model.set_rows(found)
        self.empty.setVisible(not found)

    def precedent_at(self, row: int) -> Precedent | None:
        return self.model.row_at(row)

    def open_precedent(self, row: int) -> None:
        precedent = self.precedent_at(row)
        if precedent is None:
            return
        viewer = PrecedentViewer(self.ws.actor, precedent, self)
        self.viewers.append(viewer)
        viewer.finished.connect(lambda _result, v=viewer: self.viewers.remove(v))
        viewer.show()


class PrecedentViewer(QDialog):
    """A past case, read-only: the workspace as a read-only user sees it (no actions, no edits,
    personal numbers masked — a precedent is for its outcome, not its people)."""

    def __init__(self, actor, precedent: Precedent, parent=None):
        super().__init__(parent)
        from app.ui.cases.workspace.case_workspace import CaseWorkspace
        self.setWindowTitle(f"类案参考：{precedent.number}（只读）")
        fit_on_screen(self, 1000, 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.workspace = CaseWorkspace(actor._replace(role="readonly"), precedent.case_id, self, precedents=False)
        layout.addWidget(self.workspace)
