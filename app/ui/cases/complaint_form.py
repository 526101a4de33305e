"""The complaint form (docs/rules.md §4) in labelled groups: used to register a complaint and, in
the case workspace, to edit what was registered. Single fields are checked with the domain
validators as the clerk types; the whole form by the service before anything is saved."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from app.domain.codes import CHANNELS, GENDERS, HANDLING_BASIS, ID_TYPES
from app.domain.money import check_money
from app.domain.identity import (
    IdFacts, check_birth_date_against_id, check_gender_against_id, check_id_number, facts_from_id,
)
from app.domain.validators import (
    check_chosen, check_credit_code, check_length, check_not_future, check_phone, check_platform_no,
    check_purchase_before_receipt, check_quantity, check_required, check_typical_summary,
)
from app.services.context import today
from app.services.inputs import BusinessInput, ComplaintInput, PersonInput
from app.services.lookups import choices, mediators
from app.ui.cases.complaint_parts import AgentsEditor, BusinessLookup, CategoryPicker, RequestTypes
from app.ui.date_field import past_example
from app.ui.forms import FieldRegistry, FormSection, apply_tab_order
from app.ui.widgets import CodeCombo, DateEdit, OptionalDateEdit, left_aligned, text_box

LABEL_WIDTH_TEXT = "统一社会信用代码*"


class ComplaintForm(QWidget):
    """`value()` → ComplaintInput; `set_value(ComplaintInput)`; `fields` shows messages by key."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fields = FieldRegistry()
        self.business_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.sections = [self._complainant(), self._agents(), self._business(), self._dispute(),
                         self._request(), self._source()]
        for section in self.sections:
            layout.addWidget(section)
        width = self.fontMetrics().horizontalAdvance(LABEL_WIDTH_TEXT) + 6
        for section in self.sections:
            for pair in range(section.pairs):
                section.grid.setColumnMinimumWidth(pair * 2, width)
        layout.addStretch(1)
        # Tab as the eye reads the form, also after an agent's row is added or removed
        apply_tab_order(self)
        self.agents.changed.connect(lambda: apply_tab_order(self))
        self._snapshot = self.value()

    # ---------------------------------------------------------------- sections
    def _complainant(self) -> FormSection:
        s, f = FormSection("投诉人", pairs=3), self.fields
        self.person_name, self.person_phone = QLineEdit(), QLineEdit()
        self.gender, self.id_type = CodeCombo(GENDERS), CodeCombo(ID_TYPES)
        # the example is a plausible birth date, always in the past (the walk-through's was 20261205)
        self.id_number, self.birth_date = QLineEdit(), OptionalDateEdit(f"可不填，如 {past_example(40)}")
        self.person_address = QLineEdit()
        f.add(s, "complainant.name", "姓名", self.person_name, required=True,
              check=lambda: check_required(self.person_name.text(), "投诉人姓名")
              or check_length(self.person_name.text().strip(), 60, "姓名"))
        f.add(s, "complainant.phone", "联系电话", self.person_phone, required=True,
              check=lambda: check_phone(self.person_phone.text()), hint="手机或座机，如 0571-87654321")
        f.add(s, "complainant.gender", "性别", self.gender, check=self._check_gender)
        f.add(s, "complainant.id_type", "证件类型", self.id_type)
        f.add(s, "complainant.id_number", "证件号码", self.id_number, check=self._check_id_number)
        f.add(s, "complainant.birth_date", "出生日期", self.birth_date, check=self._check_birth_date)
        f.add(s, "complainant.address", "联系地址", self.person_address, required=True, span=3,
              check=lambda: check_required(self.person_address.text(), "投诉人地址"))
        self.consent_publish = QCheckBox("同意公开投诉信息")
        self.consent_entrusted = QCheckBox("同意委托调解")
        f.add(s, "consent", "投诉人意愿", left_aligned(self.consent_publish, self.consent_entrusted), span=3)
        self.gender.set_code("unknown")
        self._birth_from_id = False
        self.id_number.textChanged.connect(lambda _text: self._apply_id_facts())
        self.id_type.currentIndexChanged.connect(lambda _i: self._apply_id_facts())
        self.id_type.currentIndexChanged.connect(lambda _i: self.fields.run_check("complainant.id_number"))
        return s

    def _agents(self) -> FormSection:
        s = FormSection("委托代理人 / 代表人", pairs=1)
        self.agents = AgentsEditor(self.fields)
        s.add_widget(self.agents)
        return s

    def _business(self) -> FormSection:
        s, f = FormSection("被投诉经营者", pairs=3), self.fields
        self.business_name, self.credit_code = QLineEdit(), QLineEdit()
        self.legal_rep, self.business_phone = QLineEdit(), QLineEdit()
        self.contact, self.business_address = QLineEdit(), QLineEdit()
        f.add(s, "business.name", "经营者名称", self.business_name, required=True, span=2,
              check=lambda: check_required(self.business_name.text(), "被投诉经营者名称"),
              hint="输入名称或统一社会信用代码，可选择已登记的经营者")
        f.add(s, "business.credit_code", "统一社会信用代码", self.credit_code,
              check=lambda: check_credit_code(self.credit_code.text()) if self.credit_code.text().strip() else None)
        f.add(s, "business.legal_rep", "法定代表人", self.legal_rep)
        f.add(s, "business.contact", "联系人", self.contact)
        f.add(s, "business.phone", "联系电话", self.business_phone,
              check=lambda: check_phone(self.business_phone.text(), allow_service_numbers=True)
              if self.business_phone.text().strip() else None)
        f.add(s, "business.address", "经营地址", self.business_address, required=True, span=3,
              check=lambda: check_required(self.business_address.text(), "经营者地址"))
        self.business_lookup = BusinessLookup(self.business_name, self)
        self.business_lookup.picked.connect(self._business_picked)
        self.business_name.textEdited.connect(self._business_typed)
        return s

    def _dispute(self) -> FormSection:
        s, f = FormSection("争议事实", pairs=3), self.fields
        self.goods_name, self.purchase_date = QLineEdit(), OptionalDateEdit()
        self.purchase_place, self.quantity, self.amount = QLineEdit(), QLineEdit(), QLineEdit()
        self.category, self.nature = CategoryPicker(), CodeCombo(choices("nature"), empty="请选择")
        self.facts = text_box(5, "时间、地点、经过、争议焦点")
        self.evidence_note = text_box(2, "如：购物小票、聊天记录截图、检测报告")
        f.add(s, "goods_name", "商品或服务", self.goods_name)
        f.add(s, "purchase_date", "购买日期", self.purchase_date, check=self._check_purchase_date)
        f.add(s, "purchase_place", "购买地点", self.purchase_place)
        f.add(s, "category_code", "类别", self.category, required=True, span=2,
              check=lambda: check_chosen(self.category.code(), "商品或服务类别"))
        f.add(s, "nature_code", "投诉性质", self.nature, required=True,
              check=lambda: check_chosen(self.nature.code(), "投诉性质"))
        f.add(s, "amount", "涉案金额（元）", self.amount, check=lambda: check_money(self.amount.text(), "涉案金额"),
              hint="如 3999.00")
        f.add(s, "quantity", "数量", self.quantity, check=self._check_quantity)
        s.new_row()
        f.add(s, "facts", "投诉事实", self.facts, required=True, span=3,
              check=lambda: check_required(self.facts.toPlainText(), "投诉事实"))
        f.add(s, "evidence_note", "证据", self.evidence_note, span=3)
        self.category.changed.connect(lambda: self.fields.run_check("category_code", touch=True))
        return s

    def _request(self) -> FormSection:
        s, f = FormSection("投诉请求", pairs=1), self.fields
        self.request_types = RequestTypes()
        self.request_text = text_box(3, "消费者的具体要求，如：退货并退还货款3999元")
        f.add(s, "request_types", "请求类型", self.request_types)
        f.add(s, "request_text", "请求内容", self.request_text, required=True,
              check=lambda: check_required(self.request_text.toPlainText(), "投诉请求"))
        return s

    def _source(self) -> FormSection:
        s, f = FormSection("来源与受理", pairs=3), self.fields
        self.received_date = DateEdit(today())
        self.channel = CodeCombo(CHANNELS)
        self.platform_no = QLineEdit()
        self.basis = CodeCombo(HANDLING_BASIS, empty="按来源自动确定")
        self.unit = CodeCombo(choices("unit"))
        self.mediator = CodeCombo(mediators(), empty="暂不指定")
        self.typical = QCheckBox("列为典型案例")
        self.typical_summary = text_box(2, "简要案情，用于培训和宣传")
        self.note = text_box(2)
        f.add(s, "received_date", "登记日期", self.received_date, required=True,
              check=lambda: check_not_future(self.received_date.value(), today(), "登记日期"))
        f.add(s, "channel", "来源渠道", self.channel, required=True)
        f.add(s, "platform_no", "12315平台编号", self.platform_no, check=self._check_platform_no)
        f.add(s, "basis", "办理依据", self.basis)
        f.add(s, "handling_unit", "承办单位", self.unit)
        f.add(s, "mediator_id", "调解员", self.mediator)
        f.add(s, "typical", "典型案例", self.typical, span=3)
        f.add(s, "typical_summary", "简要案情", self.typical_summary, span=3, check=self._check_typical)
        f.add(s, "note", "备注", self.note, span=3)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        # the purchase date is checked against the registration date whichever of them changes
        self.received_date.dateChanged.connect(
            lambda _day: self.fields.run_check("purchase_date", touch=self.purchase_date.value() is not None))
        self.typical.toggled.connect(self._typical_toggled)
        self._channel_changed()
        self._typical_toggled(False)
        return s

    # ---------------------------------------------------------------- single-field checks
    def _check_id_number(self) -> str | None:
        return check_id_number(self.id_type.code(), self.id_number.text(), today()).error

    def id_facts(self) -> IdFacts:
        return facts_from_id(self.id_type.code(), self.id_number.text(), today())

    def _check_gender(self) -> str | None:
        return check_gender_against_id(self.gender.code(), self.id_facts())

    def _check_birth_date(self) -> str | None:
        day = self.birth_date.value()
        return check_not_future(day, today(), "出生日期") or check_birth_date_against_id(day, self.id_facts())

    def _check_purchase_date(self) -> str | None:
        day = self.purchase_date.value()
        return check_not_future(day, today(), "购买日期") or \
            check_purchase_before_receipt(day, self.received_date.value())

    def _check_quantity(self) -> str | None:
        return check_quantity(self.quantity.text())

    def _check_platform_no(self) -> str | None:
        return check_platform_no(self.channel.code(), self.platform_no.text())

    def _check_typical(self) -> str | None:
        return check_typical_summary(self.typical.isChecked(), self.typical_summary.toPlainText())

    # ---------------------------------------------------------------- reactions
    def _apply_id_facts(self) -> None:
        """A birth date the ID number gives is shown, not typed (Tab passes it by); the gender it
        gives is filled in while still 未知, and a different one is refused beside the field."""
        facts = self.id_facts()
        if facts.birth_date is not None:
            self.birth_date.set_derived(facts.birth_date, "由证件号码得出")
            self._birth_from_id = True
        elif self._birth_from_id:
            self.birth_date.set_derived(None)
            self.birth_date.set_value(None)          # it came from the number, which no longer says it
            self._birth_from_id = False
        if facts.gender and self.gender.code() == "unknown":
            self.gender.set_code(facts.gender)
        self.fields.run_check("complainant.gender", touch=facts.gender is not None)
        self.fields.run_check("complainant.birth_date")

    def _channel_changed(self, _index: int = 0) -> None:
        from_platform = self.channel.code() == "platform12315"
        self.platform_no.setEnabled(from_platform)
        self.fields.run_check("platform_no")

    def _typical_toggled(self, on: bool) -> None:
        self.typical_summary.setEnabled(on)
        self.fields.run_check("typical_summary")

    def _business_picked(self, business: dict) -> None:
        self.business_id = business["id"]
        self.business_name.setText(business["name"])
        self.credit_code.setText(business["credit_code"])
        self.legal_rep.setText(business["legal_rep"])
        self.business_phone.setText(business["phone"])
        self.contact.setText(business["contact"])
        self.business_address.setText(business["address"])
        for key in ("business.name", "business.address", "business.credit_code", "business.phone"):
            self.fields.set_error(key, None)

    def _business_typed(self, _text: str) -> None:
        self.business_id = None    # a different name is a different business unless picked again

    # ---------------------------------------------------------------- data
    def value(self) -> ComplaintInput:
        quantity = self.quantity.text().strip()
        return ComplaintInput(
            complainant=PersonInput(
                name=self.person_name.text(), phone=self.person_phone.text(), address=self.person_address.text(),
                gender=self.gender.code(), id_type=self.id_type.code(), id_number=self.id_number.text(),
                birth_date=self.birth_date.value()),
            business=BusinessInput(
                name=self.business_name.text(), address=self.business_address.text(),
                credit_code=self.credit_code.text(), legal_rep=self.legal_rep.text(),
                phone=self.business_phone.text(), contact=self.contact.text(), existing_id=self.business_id),
            agents=self.agents.values(), received_date=self.received_date.value(), channel=self.channel.code(),
            platform_no=self.platform_no.text() if self.channel.code() == "platform12315" else "",
            basis=self.basis.code() or None, handling_unit=self.unit.code() or "U00",
            goods_name=self.goods_name.text(), purchase_date=self.purchase_date.value(),
            purchase_place=self.purchase_place.text(), quantity=quantity or None,
            category_code=self.category.code(), nature_code=self.nature.code(), amount=self.amount.text(),
            facts=self.facts.toPlainText(), request_types=self.request_types.codes(),
            request_text=self.request_text.toPlainText(), evidence_note=self.evidence_note.toPlainText(),
            consent_publish=self.consent_publish.isChecked(), consent_entrusted=self.consent_entrusted.isChecked(),
            typical=self.typical.isChecked(),
            typical_summary=self.typical_summary.toPlainText() if self.typical.isChecked() else "",
            note=self.note.toPlainText(), mediator_id=self.mediator.code() or None,
        )

    def set_value(self, data: ComplaintInput) -> None:
        p, b = data.complainant, data.business
        self.person_name.setText(p.name)
        self.person_phone.setText(p.phone)
        self.person_address.setText(p.address)
        self.gender.set_code(p.gender)
        self.id_type.set_code(p.id_type)
        self.id_number.setText(p.id_number or "")
        self.birth_date.set_value(p.birth_date)
        self._apply_id_facts()
        self.consent_publish.setChecked(data.consent_publish)
        self.consent_entrusted.setChecked(data.consent_entrusted)
        self.agents.set_values(list(data.agents))
        self.business_id = b.existing_id
        for edit, text in ((self.business_name, b.name), (self.credit_code, b.credit_code),
                           (self.legal_rep, b.legal_rep), (self.business_phone, b.phone),
                           (self.contact, b.contact), (self.business_address, b.address),
                           (self.goods_name, data.goods_name), (self.purchase_place, data.purchase_place),
                           (self.quantity, "" if data.quantity in (None, "") else str(data.quantity)),
                           (self.amount, "" if data.amount in (None, "") else str(data.amount)),
                           (self.platform_no, data.platform_no)):
            edit.setText(text or "")
        self.purchase_date.set_value(data.purchase_date)
        self.category.set_code(data.category_code)
        self.nature.set_pairs(choices("nature", keep=data.nature_code), empty="请选择")
        self.nature.set_code(data.nature_code)
        self.facts.setPlainText(data.facts)
        self.evidence_note.setPlainText(data.evidence_note)
        self.request_types.set_codes(data.request_types)
        self.request_text.setPlainText(data.request_text)
        self.received_date.set_value(data.received_date or today())
        self.channel.set_code(data.channel)
        self.basis.set_code(data.basis or "")
        self.unit.set_pairs(choices("unit", keep=data.handling_unit))
        self.unit.set_code(data.handling_unit)
        self.mediator.set_pairs(mediators(include_id=data.mediator_id), empty="暂不指定")
        self.mediator.set_code(data.mediator_id or "")
        self.typical.setChecked(data.typical)
        self.typical_summary.setPlainText(data.typical_summary)
        self.note.setPlainText(data.note)
        self.fields.clear_errors()
        apply_tab_order(self)          # the agents' rows were made anew
        self.mark_saved()

    def mark_saved(self, value: ComplaintInput | None = None) -> None:
        """What counts as unchanged from now on (by default what the form shows)."""
        self._snapshot = value if value is not None else self.value()

    def loaded_value(self) -> ComplaintInput:
        return self._snapshot

    def is_dirty(self) -> bool:
        return self.value() != self._snapshot

    def set_editable(self, editable: bool, ever: bool = True) -> None:
        """`ever`: False where the form can never be edited (a 只读 user): its buttons are hidden
        rather than greyed."""
        self.fields.set_enabled(editable)
        self.agents.set_fixed(not ever)
        for widget in (self.consent_publish, self.consent_entrusted, self.typical, self.agents,
                       self.request_types, self.category):
            widget.setEnabled(editable)

