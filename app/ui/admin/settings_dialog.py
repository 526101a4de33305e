"""设置 (administrator): every setting of settings_spec.SPECS in labelled pages, the holiday
table and the classification labels. Saving goes through the services, which refuse a user
without the right."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from app.domain import numbering
from app.domain.errors import ValidationFailed
from app.domain.settings_spec import SPECS, SettingSpec, choice_label
from app.services.context import Actor, today
from app.services.settings import MAIN_UNIT_CODE, dictionary, get_settings, update_settings
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection, scrolling
from app.ui.widgets import Banner, CodeCombo, muted_label
from app.ui.screen_fit import fit_on_screen

# Pages of the settings by key prefix, and the groups inside them.
PAGES = (
    ("单位信息", (("单位", ("org.",)), ("案件编号", ("case.",)), ("司法确认", ("judicial.",)))),
    ("时限", (("本会自行受理投诉的时限", ("limits.own.",)), ("期限计算与提醒", ("limits.roll", "limits.due")))),
    ("提醒", (("职业索赔与重复投诉提示", ("warn.",)),)),
    ("备份与安全", (("备份", ("backup.",)), ("文书", ("print.",)), ("登录安全", ("security.",)))),
)


def _editor(spec: SettingSpec) -> QWidget:
    if spec.kind == "int":
        box = QSpinBox()
        box.setRange(spec.minimum, spec.maximum)
        box.setMinimumWidth(80)
        box.setMaximumWidth(140)
        return box
    if spec.kind == "bool":
        return QCheckBox(spec.label)
    if spec.kind == "choice":
        return CodeCombo([(c, choice_label(spec.key, c)) for c in spec.choices])
    return QLineEdit()


class SettingsDialog(FormDialog):
    calendar_changed = Signal()     # the holiday table was saved: open cases' deadlines moved

    def __init__(self, actor: Actor, parent=None):
        super().__init__("设置", parent, save_text="保存设置")
        self.actor = actor
        self.fields = FieldRegistry()
        self.editors: dict[str, QWidget] = {}
        self._unit_rows: dict[str, QHBoxLayout] = {}
        layout = QVBoxLayout(self)
        if not actor.may("settings"):
            layout.addWidget(muted_label("当前用户不是管理员：可以查看设置，保存时将被拒绝。"))
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        for title, groups in PAGES:
            self.tabs.addTab(self._page(groups), title)
        from app.ui.admin.settings_pages import DictionaryPage, HolidaysPage
        self.holidays = HolidaysPage(actor)
        self.dictionaries = DictionaryPage(actor)
        self.holidays.recomputed.connect(self.calendar_changed)
        self.tabs.currentChanged.connect(lambda _i: self._show_unit_names())   # a unit renamed under 分类
        self.tabs.addTab(self.holidays, "节假日")
        self.tabs.addTab(self.dictionaries, "分类")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.cancel_button.setText("关闭")
        self._load()
        fit_on_screen(self, 820, 640)

    def _page(self, groups) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        for title, prefixes in groups:
            section = FormSection(title, pairs=1)
            for spec in SPECS:
                if spec.key.startswith(prefixes):
                    self._add_spec(section, spec)
            if prefixes == ("case.",):
                self.number_preview = QLabel()
                section.add_widget(self.number_preview)
            layout.addWidget(section)
            if prefixes == ("org.",):
                layout.addWidget(self._units_section())
        layout.addStretch(1)
        return scrolling(page)

    def _units_section(self) -> FormSection:
        """The handling units beside the association's own details (they are edited with the
        other lists under 分类, where this button leads)."""
        section = FormSection("承办单位", pairs=1)
        self.units_label = muted_label()
        self.units_button = QPushButton("编辑承办单位…")
        self.units_button.setAutoDefault(False)
        self.units_button.clicked.connect(self.show_units)
        section.add_widget(self.units_label)
        section.add_widget(self.units_button)
        self._show_unit_names()
        return section

    def _show_unit_names(self) -> None:
        units = dictionary("unit")
        names = "、".join(u.label + ("" if u.active else "（停用）") for u in units)
        main = next((u.label for u in units if u.code == MAIN_UNIT_CODE), "本会")
        self.units_label.setText(f"登记投诉和咨询时可选的承办单位：{names}。未选择时记在“{main}”名下。")

    def show_units(self) -> None:
        self.tabs.setCurrentWidget(self.dictionaries)
        self.dictionaries.kind.set_code("unit")

    def _add_spec(self, section: FormSection, spec: SettingSpec) -> None:
        editor = _editor(spec)
        self.editors[spec.key] = editor
        days_key = spec.key.replace("_unit", "_days")
        if spec.key.endswith("_unit") and days_key in self._unit_rows:
            # the unit sits beside its number: "受理决定期限 [7] [工作日]"
            self._unit_rows[days_key].addWidget(editor)
            self._unit_rows[days_key].addStretch(1)
            return
        if spec.key.startswith("limits.own.") and spec.key.endswith("_days"):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(editor)
            self._unit_rows[spec.key] = row
            self.fields.add(section, spec.key, spec.label, holder)
            self.fields.slots[spec.key].widget = editor
        else:
            self.fields.add(section, spec.key, "" if spec.kind == "bool" else spec.label, editor)
        if isinstance(editor, QLineEdit) and spec.key in ("case.number_format", "org.short_code"):
            editor.textChanged.connect(lambda _t: self._preview())
        elif isinstance(editor, QSpinBox) and spec.key == "case.sequence_width":
            editor.valueChanged.connect(lambda _v: self._preview())

    # ---------------------------------------------------------------- values
    def _load(self) -> None:
        values = get_settings()
        for key, editor in self.editors.items():
            self._set(editor, values[key])
        self._snapshot = self.values()
        self._preview()

    @staticmethod
    def _set(editor: QWidget, value) -> None:
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, CodeCombo):
            editor.set_code(value)
        else:
            editor.setText(str(value))

    @staticmethod
    def _get(editor: QWidget):
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, CodeCombo):
            return editor.code()
        return editor.text()

    def values(self) -> dict:
        return {key: self._get(editor) for key, editor in self.editors.items()}

    def _preview(self) -> None:
        if not hasattr(self, "number_preview") or "case.number_format" not in self.editors:
            return
        fmt = self.editors["case.number_format"].text()
        problem = numbering.check_format(fmt)
        if problem:
            self.number_preview.setText(f"<span style='color:#c5221f'>{problem}</span>")
            return
        example = numbering.format_number(fmt, self.editors["org.short_code"].text(), today().year, 12,
                                          self.editors["case.sequence_width"].value())
        self.number_preview.setText(f"示例：{example}")

    def is_dirty(self) -> bool:
        return self.values() != self._snapshot or self.holidays.is_dirty()

    def save(self) -> bool:
        self.banner.show_message("")
        changes = {k: v for k, v in self.values().items() if v != self._snapshot.get(k)}
        if not changes:
            self.banner.show_message("设置没有改动。")
            return False
        try:
            update_settings(self.actor, changes)
        except ValidationFailed as exc:
            unplaced = self.fields.show_errors(exc.errors)
            self.banner.show_message("；".join(unplaced.values()) if unplaced else
                                     (exc.message if not exc.errors else "请按提示修改后再保存。"))
            return False
        self._snapshot = self.values()
        self.banner.show_message("")
        return True
