"""协议: the mediation agreement with typed terms and amounts (totals in figures and Chinese
capitals), and its performance (履行)."""
from __future__ import annotations


from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.domain import agreement_facts
from app.domain.codes import PERFORMANCE, TERM_TYPES
from app.domain.money import MoneyError, agreement_total, check_money, chinese_capitals, format_yuan, parse_money
from app.services import agreements
from app.services.casefile import CaseDetail
from app.services.context import today
from app.services.inputs import AgreementInput, TermInput
from app.ui.forms import FieldRegistry, FormSection, apply_tab_order, scrolling
from app.ui.runner import show_status
from app.ui.widgets import (
    Banner, CodeCombo, DateEdit, ErrorLabel, OptionalDateEdit, discard_widgets, primary_button, text_box,
)
from app.ui.cases.workspace.base import WorkspaceTab, button_row
from app.ui.cases.workspace.yardstick_panel import YardstickPanel


class TermRow(QWidget):
    """One numbered term: type, what is agreed, amount, deadline; messages keyed terms.<i>.*"""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, fields: FieldRegistry, index: int, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        self.number = QLabel(f"{index + 1}.")
        self.number.setFixedWidth(22)
        self.term_type = CodeCombo(TERM_TYPES)
        self.term_type.setMinimumWidth(110)
        self.description = QLineEdit()
        self.description.setPlaceholderText("约定内容，如：经营者退还投诉人货款")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("金额（元）")
        self.amount.setFixedWidth(120)
        self.deadline = OptionalDateEdit("无期限")
        self.remove = QPushButton("删除")
        for widget, stretch in ((self.number, 0), (self.term_type, 0), (self.description, 1), (self.amount, 0),
                                (self.deadline, 0), (self.remove, 0)):
            row.addWidget(widget, stretch)
        outer.addLayout(row)
        errors = QHBoxLayout()
        errors.setContentsMargins(30, 0, 0, 0)
        prefix = f"terms.{index}."
        for key in ("term_type", "description", "amount", "deadline"):
            label = ErrorLabel()
            errors.addWidget(label)
            widget = {"term_type": self.term_type, "description": self.description, "amount": self.amount,
                      "deadline": self.deadline}[key]
            fields.register(prefix + key, widget, label,
                            check=(lambda: self._check_amount()) if key == "amount" else None)
        errors.addStretch(1)
        outer.addLayout(errors)
        self.amount.textChanged.connect(lambda _t: self.changed.emit())
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _check_amount(self) -> str | None:
        return check_money(self.amount.text(), "金额")

    def value(self) -> TermInput:
        return TermInput(self.term_type.code(), self.description.text(), self.amount.text().strip() or None,
                         self.deadline.value())

    def set_value(self, term: TermInput) -> None:
        self.term_type.set_code(term.term_type)
        self.description.setText(term.description or "")
        self.amount.setText("" if term.amount is None else str(term.amount))
        self.deadline.set_value(term.deadline)


class AgreementTab(WorkspaceTab):
    title = "协议"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        self.fields = FieldRegistry()
        self.rows: list[TermRow] = []
        self.base_version = 0
        self._snapshot = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.banner = Banner("error")
        outer.addWidget(self.banner)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self._agreement_section())
        layout.addWidget(self._terms_section())
        self.yardsticks = YardstickPanel(self._insert_term)
        layout.addWidget(self.yardsticks)
        layout.addWidget(self._performance_section())
        layout.addStretch(1)
        outer.addWidget(scrolling(body), 1)

    def _agreement_section(self) -> FormSection:
        s, f = FormSection("调解协议", pairs=3), self.fields
        self.signed, self.place = DateEdit(today()), QLineEdit()
        self.way, self.performance_place = QLineEdit(), QLineEdit()
        self.performance_deadline = OptionalDateEdit("未约定")
        self.copies = QSpinBox()
        self.copies.setRange(2, 10)
        self.copies.setValue(3)
        self.copies.setSuffix(" 份")
        f.add(s, "signed_date", "签订日期", self.signed, required=True)
        f.add(s, "place", "签订地点", self.place)
        f.add(s, "copies", "份数", self.copies)
        f.add(s, "performance_way", "履行方式", self.way, required=True, span=2,
              hint="如：经营者当场以银行转账方式支付")
        f.add(s, "performance_deadline", "履行期限", self.performance_deadline)
        f.add(s, "performance_place", "履行地点", self.performance_place, span=3)
        # what the printed agreement states instead of the complaint (docs/rules.md §7); an old
        # agreement shows it empty, and prints as it always did until the mediator writes one
        self.dispute_facts = text_box(6, f"双方认可的纠纷事实和投诉人的请求，最多{agreement_facts.MAX_DISPUTE_FACTS}字；"
                                         "留空则协议书照印投诉事实和投诉请求原文")
        f.add(s, "dispute_facts", agreement_facts.LABEL, self.dispute_facts, span=3,
              check=lambda: agreement_facts.dispute_facts_problem(self.dispute_facts.toPlainText().strip()))
        return s

    def _terms_section(self) -> FormSection:
        s = FormSection("约定事项", pairs=1)
        self.terms_holder = QWidget()
        self.terms_layout = QVBoxLayout(self.terms_holder)
        self.terms_layout.setContentsMargins(0, 0, 0, 0)
        s.add_widget(self.terms_holder)
        self.terms_error = ErrorLabel()
        self.fields.register("terms", self.terms_holder, self.terms_error)
        s.add_widget(self.terms_error)
        self.total = QLabel()
        self.add_term_button = QPushButton("添加一项")
        self.add_term_button.clicked.connect(lambda: self._set_terms(self._terms() + [TermInput("refund")]))
        self.save_button = primary_button("保存协议(&S)")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        s.add_widget(button_row(self.add_term_button, self.total, stretch_first=False))
        s.add_widget(button_row(self.save_button))
        return s

    def _performance_section(self) -> FormSection:
        s = self.performance_section = FormSection("协议履行", pairs=3)
        self.performance_fields = FieldRegistry()
        f = self.performance_fields
        self.performance, self.performance_day = CodeCombo(PERFORMANCE), DateEdit(today())
        self.performance_note = text_box(2)
        f.add(s, "status", "履行情况", self.performance)
        f.add(s, "day", "履行日期", self.performance_day)
        s.new_row()
        f.add(s, "note", "说明", self.performance_note, span=3)
        self.performance_button = QPushButton("登记履行情况")
        self.performance_button.clicked.connect(self.save_performance)
        s.add_widget(button_row(self.performance_button))
        return s

    # ---------------------------------------------------------------- terms
    def _terms(self) -> list[TermInput]:
        return [row.value() for row in self.rows]

    def _set_terms(self, terms: list[TermInput]) -> None:
        discard_widgets(self.rows)
        self.fields.remove_prefix("terms.")
        for i, term in enumerate(terms):
            row = TermRow(self.fields, i)
            row.set_value(term)
            row.changed.connect(self._update_total)
            row.remove_requested.connect(self._remove_row)
            self.rows.append(row)
            self.terms_layout.addWidget(row)
        self._update_total()
        apply_tab_order(self)          # the rows are new: Tab goes through them where they are seen

    def _insert_term(self, term: TermInput) -> None:
        """A yardstick's term after the ones already there (an empty first row is replaced)."""
        terms = [t for t in self._terms() if t.description.strip() or t.amount]
        self._set_terms(terms + [term])

    def _remove_row(self, row: TermRow) -> None:
        self._set_terms([r.value() for r in self.rows if r is not row])

    def _update_total(self) -> None:
        try:
            total = agreement_total({"term_type": row.term_type.code(), "amount": parse_money(row.amount.text())}
                                    for row in self.rows)
        except MoneyError:
            self.total.setText("合计：金额有误")
            return
        self.total.setText(f"合计：{format_yuan(total)} 元（{chinese_capitals(total)}）")

    # ---------------------------------------------------------------- loading and saving
    def load(self, detail: CaseDetail) -> None:
        editable = bool({"agree", "edit_agreement"} & set(detail.actions))
        self.fields.set_enabled(editable)
        for widget in (self.add_term_button, self.save_button):
            widget.setVisible(editable)
        for row in self.rows:
            row.remove.setVisible(editable)
        self.yardsticks.setVisible(editable)
        self.yardsticks.set_case(detail.case)
        agreement = detail.agreement
        self.performance_section.setVisible(agreement is not None)
        self.performance_button.setVisible(self.ws.may_ever("record_performance"))
        self.performance_button.setEnabled("record_performance" in detail.actions)
        if agreement is not None:
            self.performance.set_code(agreement["performance_status"])
            self.performance_note.setPlainText(agreement["performance_note"] or "")
            if agreement["performance_date"]:
                self.performance_day.set_value(agreement["performance_date"])
        if not self.is_dirty():
            self._fill(detail, editable)

    def _fill(self, detail: CaseDetail, editable: bool) -> None:
        a = detail.agreement
        self.signed.set_value(a["signed_date"] if a else today())
        self.place.setText(a["place"] if a else "本会调解室")
        self.way.setText(a["performance_way"] if a else "")
        self.performance_place.setText(a["performance_place"] if a else "")
        self.performance_deadline.set_value(a["performance_deadline"] if a else None)
        self.copies.setValue(a["copies"] if a else 3)
        case = detail.case
        # a new agreement starts from a draft for the mediator to rewrite, never from the whole
        # complaint; a case that cannot have one yet shows nothing that looks agreed
        draft = agreement_facts.draft_dispute_facts(case["facts"], case["request_types"], case["request_text"])
        self.dispute_facts.setPlainText((a["dispute_facts"] or "") if a else draft if editable else "")
        terms = [TermInput(t["term_type"], t["description"], t["amount"], t["deadline"]) for t in detail.terms]
        self._set_terms(terms or ([TermInput("refund")] if editable else []))
        for row in self.rows:
            row.remove.setVisible(editable)
        self.fields.clear_errors()
        self.base_version = detail.case["version"]
        self._snapshot = self.value()

    def value(self) -> AgreementInput:
        return AgreementInput(signed_date=self.signed.value(), place=self.place.text(),
                              performance_way=self.way.text(), performance_place=self.performance_place.text(),
                              performance_deadline=self.performance_deadline.value(), copies=self.copies.value(),
                              terms=self._terms(), dispute_facts=self.dispute_facts.toPlainText())

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self.value() != self._snapshot

    def start(self) -> None:
        (self.rows[0].description if self.rows else self.way).setFocus()

    def start_performance(self) -> None:
        self.performance.setFocus()

    def save(self) -> bool:
        if not self.save_button.isVisible():
            return False
        if self.ws.detail.agreement is not None and not self.is_dirty():
            show_status(self, "调解协议没有修改，无需保存。")      # no new version for nothing
            return False
        ws, data = self.ws, self.value()
        version = ws.expected_version(self.base_version)

        def saved(_change) -> None:
            self._snapshot = data
        ws.run_case_call(self, lambda: agreements.record_agreement(ws.actor, ws.case_id, data, expected_version=version),
                         banner=self.banner, fields=self.fields, busy=[self.save_button], on_saved=saved,
                         on_conflict=self._take_latest)
        return True

    def _take_latest(self) -> None:
        """Someone else saved first: the workspace shows the latest, this form keeps what was
        typed and is saved against the version now loaded."""
        self.ws.reload()
        self.base_version = self.ws.version

    def save_performance(self) -> None:
        ws, status = self.ws, self.performance.code()
        day = None if status == "pending" else self.performance_day.value()
        note, version = self.performance_note.toPlainText(), ws.version
        ws.run_case_call(self, lambda: agreements.record_performance(ws.actor, ws.case_id, status, day, note,
                                                                   expected_version=version),
                         banner=self.banner, fields=self.performance_fields, busy=[self.performance_button])
