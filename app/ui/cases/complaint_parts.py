"""Parts of the complaint form: the two-level category picker, the request types, the agents
and representatives, and the business type-ahead."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QCompleter, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.domain.codes import AGENT_KINDS, ID_TYPES, REQUEST_TYPES
from app.domain.identity import check_id_number
from app.domain.validators import check_phone, check_required
from app.services.context import today
from app.services.inputs import AgentInput
from app.services.lookups import category_tree
from app.services.parties import search_businesses
from app.ui.forms import FieldRegistry, FormSection
from app.ui.table_model import ROW_ROLE, Column, ListTableModel
from app.ui.widgets import CodeCombo, discard_widgets, left_aligned


class CategoryPicker(QWidget):
    """大类 then 细类; a case may stay at the 大类 ("不细分")."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.major = CodeCombo([], empty="请选择大类")
        self.minor = CodeCombo([], empty="（不细分）")
        self.major.keep_labels_whole()
        self.minor.keep_labels_whole()
        layout.addWidget(self.major, 3)
        layout.addWidget(self.minor, 2)
        self.tree = []
        self.load()
        self.major.currentIndexChanged.connect(self._major_changed)
        self.minor.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def load(self, keep: str = "") -> None:
        self.tree = category_tree(active_only=True, keep=keep)
        self.major.set_pairs([(n.code, n.label) for n in self.tree], empty="请选择大类")
        self._major_changed()

    def _major_changed(self, _index: int = 0) -> None:
        node = next((n for n in self.tree if n.code == self.major.code()), None)
        self.minor.set_pairs([(m.code, m.label) for m in node.minors] if node else [], empty="（不细分）")
        self.minor.setEnabled(node is not None and bool(node.minors))
        self.changed.emit()

    def code(self) -> str:
        return self.minor.code() or self.major.code() or ""

    def set_code(self, code: str) -> None:
        if code and not any(n.code == code[:3] for n in self.tree):
            self.load(keep=code)
        self.major.set_code(code[:3] if code else "")
        self.minor.set_code(code if code and len(code) > 3 else "")


class RequestTypes(QWidget):
    """投诉请求的类型 (修理 重作 更换 退货 …) as check boxes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(REQUEST_TYPES):
            box = QCheckBox(label)
            self.boxes[code] = box
            grid.addWidget(box, i // 9, i % 9)

    def codes(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_codes(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)


class AgentRow(FormSection):
    """One 委托代理人 or 代表人; its fields are keyed agents.<i>.<field> like the service's errors."""

    remove_requested = Signal(object)

    def __init__(self, fields: FieldRegistry, index: int, kind: str, parent=None):
        super().__init__(f"{AGENT_KINDS.label(kind)}（第{index + 1}位）", pairs=3, parent=parent)
        self.kind, self.fields, self.prefix = kind, fields, f"agents.{index}."
        self.name, self.phone, self.id_number = QLineEdit(), QLineEdit(), QLineEdit()
        self.relation, self.authorization = QLineEdit(), QLineEdit()
        p = self.prefix
        fields.add(self, p + "name", "姓名", self.name, required=True,
                   check=lambda: check_required(self.name.text(), "代理人/代表人姓名"))
        fields.add(self, p + "phone", "联系电话", self.phone,
                   check=lambda: check_phone(self.phone.text()) if self.phone.text().strip() else None)
        fields.add(self, p + "relation", "与投诉人关系", self.relation)
        self.id_type = CodeCombo(ID_TYPES)      # the type beside the number, as for the complainant
        fields.add(self, p + "id_type", "证件类型", self.id_type)
        fields.add(self, p + "id_number", "证件号码", self.id_number,
                   check=lambda: check_id_number(self.id_type.code(), self.id_number.text(), today()).error)
        self.id_type.currentIndexChanged.connect(lambda _i: fields.run_check(p + "id_number"))
        required = kind == "agent"
        fields.add(self, p + "authorization", "授权委托事项" if required else "推选说明", self.authorization,
                   required=required, span=2,
                   check=(lambda: check_required(self.authorization.text(), "授权委托事项")) if required else None,
                   hint="如：代为提出投诉、参加调解、签署调解协议" if required else "")
        self.remove = QPushButton("删除")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.add_widget(_right_aligned(self.remove))

    def value(self) -> AgentInput:
        return AgentInput(name=self.name.text(), kind=self.kind, phone=self.phone.text(),
                          id_type=self.id_type.code(), id_number=self.id_number.text(), relation=self.relation.text(),
                          authorization=self.authorization.text())

    def set_value(self, agent: AgentInput) -> None:
        self.name.setText(agent.name)
        self.phone.setText(agent.phone)
        self.id_type.set_code(agent.id_type)
        self.id_number.setText(agent.id_number)
        self.relation.setText(agent.relation)
        self.authorization.setText(agent.authorization)


def _right_aligned(*buttons: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return holder


class AgentsEditor(QWidget):
    """Zero or more agents/representatives; the form's field keys follow their positions."""

    changed = Signal()

    def __init__(self, fields: FieldRegistry, parent=None):
        super().__init__(parent)
        self.fields = fields
        self.rows: list[AgentRow] = []
        self.fixed = False          # never editable here: no add or remove buttons at all
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout = QVBoxLayout()
        layout.addLayout(self.rows_layout)
        self.add_agent = QPushButton(f"添加{AGENT_KINDS.label('agent')}")
        self.add_representative = QPushButton(f"添加{AGENT_KINDS.label('representative')}")
        self.add_agent.clicked.connect(lambda: self.append(AgentInput(kind="agent")))
        self.add_representative.clicked.connect(lambda: self.append(AgentInput(kind="representative")))
        layout.addWidget(left_aligned(self.add_agent, self.add_representative))

    def values(self) -> list[AgentInput]:
        return [row.value() for row in self.rows]

    def set_fixed(self, fixed: bool) -> None:
        self.fixed = fixed
        for button in (self.add_agent, self.add_representative, *(row.remove for row in self.rows)):
            button.setVisible(not fixed)

    def set_values(self, agents: list[AgentInput]) -> None:
        discard_widgets(self.rows)
        self.fields.remove_prefix("agents.")
        for agent in agents:
            self._add_row(agent)
        self.add_representative.setEnabled(sum(a.kind == "representative" for a in agents) < 2)

    def append(self, agent: AgentInput) -> None:
        self.set_values(self.values() + [agent])
        self.rows[-1].name.setFocus()
        self.changed.emit()

    def _add_row(self, agent: AgentInput) -> None:
        row = AgentRow(self.fields, len(self.rows), agent.kind)
        row.set_value(agent)
        row.remove_requested.connect(self._remove)
        row.remove.setVisible(not self.fixed)
        self.rows.append(row)
        self.rows_layout.addWidget(row)

    def _remove(self, row: AgentRow) -> None:
        values = [r.value() for r in self.rows if r is not row]
        self.set_values(values)
        self.changed.emit()


BUSINESS_COLUMNS = [
    Column("name", "经营者", 360, edit_text=lambda b: b["name"],
           text=lambda b: "  ".join(p for p in (b["name"], b["credit_code"], b["address"]) if p)
           + (f"  （已有投诉 {b['cases']} 件）" if b["cases"] else "")),
]


class BusinessLookup(QCompleter):
    """Type-ahead over the businesses already on file, by name or credit code (SQL substring,
    debounced): picking one fills the business fields and reuses its record."""

    picked = Signal(dict)

    def __init__(self, line_edit: QLineEdit, parent=None):
        self.results = ListTableModel(BUSINESS_COLUMNS)
        super().__init__(self.results, parent)
        self.line_edit = line_edit
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(10)
        line_edit.setCompleter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.search)
        line_edit.textEdited.connect(lambda _text: self._timer.start())
        self.activated[QModelIndex].connect(self._activated)

    def search(self) -> None:
        text = self.line_edit.text().strip()
        self.results.set_rows(search_businesses(text, 12) if len(text) >= 2 else [])
        if self.results.rows and self.line_edit.hasFocus():
            self.complete(QRect(0, 0, self.popup_width(), self.line_edit.height()))

    def popup_width(self) -> int:
        """As wide as the longest suggestion (name, credit code, address, 已有投诉), at least the
        field, at most the screen: at the field's width a long name left the rest cut off with
        "…" (walk-through at 1366×768). Qt keeps a wide list on the screen by moving it left."""
        popup = self.popup()
        metrics = popup.fontMetrics()
        longest = max((metrics.horizontalAdvance(self.results.index(r, 0).data() or "")
                       for r in range(self.results.rowCount())), default=0)
        room = longest + 16 + 2 * popup.frameWidth()           # the item's margins and the frame
        if self.results.rowCount() > self.maxVisibleItems():
            room += popup.verticalScrollBar().sizeHint().width()
        screen = (self.line_edit.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        return max(self.line_edit.width(), min(room, screen.width()))

    def _activated(self, index: QModelIndex) -> None:
        business = index.data(ROW_ROLE)      # the completion proxy hands custom roles through
        if business is not None:
            self.picked.emit(business)

    def pick_row(self, row: int) -> None:
        """Choose the n-th suggestion (as a click in the popup does)."""
        business = self.results.index(row, 0).data(ROW_ROLE)
        self.line_edit.setText(business["name"])
        self.picked.emit(business)
