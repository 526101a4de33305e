"""咨询登记: a phone call or a visit that is not a complaint, counted in 接待来访和咨询; and the
咨询登记簿, where logged consultations are listed, corrected (a mistyped 人次) or removed —
each through app.services.consultations, with its audit row."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout

from app.domain.codes import CHANNELS, CONSULTATION_TOPICS
from app.domain.errors import ValidationFailed
from app.domain.validators import check_not_future
from app.services.consultations import (
    ConsultationRow, correct_consultation, list_consultations, log_consultation, remove_consultation,
)
from app.services.context import Actor, today
from app.services.lookups import choices
from app.ui.admin.parts import button_row, close_box
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, CodeCombo, DataTable, DateEdit, confirm, show_failure
from app.ui.screen_fit import fit_on_screen


class ConsultationDialog(FormDialog):
    """A new consultation, or with `existing` the correction of one already logged."""

    def __init__(self, actor: Actor, parent=None, existing: ConsultationRow | None = None):
        super().__init__("修改咨询登记" if existing else "咨询登记", parent, save_text="保存" if existing else "登记")
        self.actor, self.existing = actor, existing
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
        self.unit = CodeCombo(choices("unit", keep=existing.handling_unit if existing else ""))
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
        if existing is not None:
            self._show(existing)
        self._loaded = self._values()
        fit_on_screen(self, 460, 420)

    def _show(self, row: ConsultationRow) -> None:
        self.day.set_value(row.day)
        self.channel.set_code(row.channel)
        self.topic.set_code(row.topic)
        self.count.setValue(row.count)
        self.unit.set_code(row.handling_unit)
        self.note.setPlainText(row.note)

    def _values(self) -> dict:
        return {"channel": self.channel.code(), "topic": self.topic.code(), "count": self.count.value(),
                "note": self.note.toPlainText(), "day": self.day.value(), "handling_unit": self.unit.code() or "U00"}

    def is_dirty(self) -> bool:
        if self.existing is not None:
            return self._values() != self._loaded
        return bool(self.note.toPlainText().strip()) or self.count.value() != 1

    def save(self) -> bool:
        try:
            if self.existing is not None:
                correct_consultation(self.actor, self.existing.id, **self._values())
            else:
                log_consultation(self.actor, **self._values())
        except ValidationFailed as exc:
            unplaced = self.fields.show_errors(exc.errors)
            self.banner.show_message("；".join(unplaced.values()) if unplaced else
                                     ("" if exc.errors else exc.message))
            return False
        return True


def _unit_names() -> dict[str, str]:
    return dict(choices("unit", active_only=False))


class ConsultationsDialog(QDialog):
    """咨询登记簿: the consultations of a period, with 登记/修改/删除."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("咨询登记簿")
        units = _unit_names()
        layout = QVBoxLayout(self)
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.first, self.last = DateEdit(today().replace(day=1)), DateEdit(today())
        self.search_button = QPushButton("查询")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.refresh)
        period = QHBoxLayout()
        for widget in (QLabel("日期"), self.first, QLabel("至"), self.last, self.search_button):
            period.addWidget(widget)
        period.addStretch(1)
        self.total = QLabel()
        period.addWidget(self.total)
        layout.addLayout(period)
        self.model = ListTableModel([
            Column("day", "日期", 100), Column("channel", "渠道", 60, text=lambda r: CHANNELS.label(r.channel)),
            Column("topic", "咨询类别", 110, text=lambda r: CONSULTATION_TOPICS.label(r.topic)),
            Column("count", "人次", 60, align="right", text=lambda r: str(r.count)),
            Column("handling_unit", "承办单位", 110, text=lambda r: units.get(r.handling_unit, r.handling_unit)),
            Column("note", "内容", 260, text=lambda r: r.note.replace("\n", " "), tooltip=lambda r: r.note,
                   stretch=True),
            Column("by_name", "登记人", 80)])
        self.table = DataTable(self.model)
        self.table.activated_row.connect(lambda _row: self.correct())
        layout.addWidget(self.table, 1)
        row, self.buttons = button_row((("new", "登记咨询…", self.new), ("correct", "修改…", self.correct),
                                        ("remove", "删除", self.remove)))
        layout.addLayout(row)
        layout.addWidget(close_box(self))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.editor: ConsultationDialog | None = None
        self.refresh()
        fit_on_screen(self, 900, 520)

    def refresh(self) -> None:
        first, last = self.first.value(), self.last.value()
        self.banner.show_message("" if first <= last else "开始日期不能晚于结束日期")
        rows = list_consultations(first, last) if first <= last else []
        self.model.set_rows(rows)
        self.total.setText(f"共 {len(rows)} 条，{sum(r.count for r in rows)} 人次")
        self._update_buttons()

    def selected(self) -> ConsultationRow | None:
        return self.model.row_at(self.table.current_row())

    def _update_buttons(self) -> None:
        for key in ("correct", "remove"):
            self.buttons[key].setEnabled(self.selected() is not None)

    def _edit(self, existing: ConsultationRow | None) -> None:
        self.editor = ConsultationDialog(self.actor, self, existing)
        self.editor.accepted.connect(self.refresh)
        self.editor.open()

    def new(self) -> None:
        self._edit(None)

    def correct(self) -> None:
        if self.selected() is not None:
            self._edit(self.selected())

    def remove(self) -> None:
        row = self.selected()
        if row is None or not confirm(
                self, "删除咨询登记", f"删除 {row.day} 的这条咨询登记（{CONSULTATION_TOPICS.label(row.topic)}，"
                f"{row.count} 人次）吗？\n删除后不再计入统计；审计日志会保留它的内容。", "删除", "取消", default_no=True):
            return
        try:
            remove_consultation(self.actor, row.id)
        except ValidationFailed as exc:
            self.banner.show_message(exc.message)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            show_failure(self, exc)
        self.refresh()
