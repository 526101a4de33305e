"""法定标准参考 on the agreement tab: the mediator picks a yardstick (CPL 24, 25, 55, FSL 148), sees
the law's words and what it gives for this case's amount and dates, and inserts it as a typed term
with its citation (a 加倍赔偿 term counts in the statistics)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from app.domain.money import MoneyError, parse_money
from app.domain.yardsticks import YARDSTICKS, Assessment, assess
from app.services.inputs import TermInput
from app.ui.cases.workspace.base import button_row
from app.ui.forms import FieldRegistry, FormSection
from app.ui.widgets import CodeCombo, muted_label


class YardstickPanel(FormSection):
    def __init__(self, insert: Callable[[TermInput], None], parent=None):
        super().__init__("法定标准参考（可插入为约定事项）", pairs=2, parent=parent)
        self._insert, self._case = insert, None
        self.fields = FieldRegistry()
        self.choice = CodeCombo([(y.code, y.choice_label()) for y in YARDSTICKS])
        self.loss = QLineEdit()
        self.loss.setPlaceholderText("按损失计算时填写（消法第五十五条第二款、食品安全法第一百四十八条）")
        self.fields.add(self, "yardstick", "依据", self.choice)
        self.fields.add(self, "loss", "所受损失（元）", self.loss, check=self._loss_problem)
        self.rule = muted_label()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.add_widget(self.rule)
        self.add_widget(self.result)
        self.insert_button = QPushButton("插入为约定事项")
        self.insert_button.clicked.connect(lambda: self._insert_term())
        self.add_widget(button_row(self.insert_button))
        self.choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.loss.textChanged.connect(lambda _t: self.refresh())

    def set_case(self, case: dict) -> None:
        self._case = case
        self.refresh()

    def _loss_problem(self) -> str | None:
        try:
            parse_money(self.loss.text(), "损失")
        except MoneyError as exc:
            return str(exc)
        return None

    def assessment(self) -> Assessment | None:
        if self._case is None or self._loss_problem():
            return None
        loss = parse_money(self.loss.text(), "损失")
        return assess(self.choice.code(), self._case["amount"], loss, self._case["purchase_date"],
                      self._case["received_date"])

    def refresh(self) -> None:
        found = self.assessment()
        if found is None:
            self.result.setText(self._loss_problem() or "")
            self.insert_button.setEnabled(False)
            return
        self.rule.setText(f"{found.yardstick.cite()}：{found.yardstick.rule}")
        lines = [found.problem] if found.problem else [f"拟约定：{found.description}"]
        lines += [f"· {note}" for note in found.notes]
        self.result.setText("\n".join(lines))
        self.insert_button.setEnabled(found.problem is None)

    def _insert_term(self) -> None:
        found = self.assessment()
        if found is not None and found.problem is None:
            self._insert(TermInput(found.yardstick.term_type, found.description,
                                   None if found.amount is None else str(found.amount), None))
