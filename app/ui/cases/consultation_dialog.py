"""咨询登记: a phone call or a visit that is not a complaint, counted in 接待来访和咨询."""
from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QSpinBox, QVBoxLayout

from app.domain.codes import CHANNELS, CONSULTATION_TOPICS
from app.domain.errors import ValidationFailed
from app.domain.validators import check_not_future
from app.services.consultations import log_consultation
from app.services.context import Actor, today
from app.services.lookups import choices
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.widgets import Banner, CodeCombo, DateEdit


class ConsultationDialog(FormDialog):
    def __init__(self, actor: Actor, parent=None):
        super().__init__("咨询登记", parent, save_text="登记")
        self.actor = actor
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        section = FormSection("来访和咨询（不是投诉）", pairs=1)
        self.day = DateEdit(today())
        self.channel = CodeCombo(CHANNELS)
        self.channel.set_code("phone")
        self.topic = CodeCombo(CONSULTATION_TOPICS)
        self.count = QSpinBox()
        self.count.setRange(1, 1000)
        self.count.setSuffix(" 人次")
        self.unit = CodeCombo(choices("unit"))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("咨询内容和答复要点")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 14)
        f = self.fields
        f.add(section, "day", "日期", self.day, required=True,
              check=lambda: check_not_future(self.day.value(), today(), "日期"))
        f.add(section, "channel", "渠道", self.channel, required=True)
        f.add(section, "topic", "咨询类别", self.topic, required=True)
        f.add(section, "count", "人次", self.count)
        f.add(section, "handling_unit", "承办单位", self.unit)
        f.add(section, "note", "内容", self.note)
        layout.addWidget(section)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(460, 420)

    def is_dirty(self) -> bool:
        return bool(self.note.toPlainText().strip()) or self.count.value() != 1

    def save(self) -> bool:
        try:
            log_consultation(self.actor, channel=self.channel.code(), topic=self.topic.code(),
                             count=self.count.value(), note=self.note.toPlainText(), day=self.day.value(),
                             handling_unit=self.unit.code() or "U00")
        except ValidationFailed as exc:
            unplaced = self.fields.show_errors(exc.errors)
            self.banner.show_message("；".join(unplaced.values()) if unplaced else
                                     ("" if exc.errors else exc.message))
            return False
        return True
