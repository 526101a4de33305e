"""本会信息 at the first start: the association's name (printed at the head of every document), the
代字 of its case numbers and, optionally, its handling units. Offered to an administrator after
the login while the name is still the placeholder a new database starts with."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app import APP_NAME
from app.domain import numbering
from app.domain.errors import ValidationFailed
from app.domain.settings_spec import check_org_name, check_short_code, org_name_is_placeholder
from app.services import association
from app.services.context import Actor, today
from app.services.settings import get_settings
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection, label_text
from app.ui.widgets import ErrorLabel, muted_label, title_label


def _one_line(label: QLabel) -> QLabel:
    # a wrapping label in the form's grid is given too little height when a message appears above
    # it (height-for-width), and the dialog then overlaps its lines instead of growing
    label.setWordWrap(False)
    return label


class AssociationDialog(FormDialog):
    """Name, 代字 and units in one save; 以后再设置 leaves the placeholder (the preview warns)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(f"本会信息 — {APP_NAME}", parent, save_text="保存")
        self.actor = actor
        self.added_units: list[str] = []
        current = association.current_association()
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)   # a message grows the dialog, never clips
        layout.addWidget(title_label("首次使用：请填写本会信息"))
        layout.addWidget(_one_line(muted_label("单位名称印在每份文书和报表的抬头，案号代字用于案件编号；"
                                               "以后可在 文件 → 设置… 中修改。")))
        section = FormSection("本会", pairs=1)
        named = "" if org_name_is_placeholder(current.name) else current.name
        self.org_name, self.short_code = QLineEdit(named), QLineEdit(current.short_code)
        self.org_name.setMaxLength(60)
        self.short_code.setMaxLength(12)
        self.units = QPlainTextEdit("\n".join(current.units))
        self.units.setTabChangesFocus(True)
        self.units.setFixedHeight(90)
        f = self.fields
        f.add(section, "org.name", "单位名称", self.org_name, required=True,
              check=lambda: check_org_name(self.org_name.text()), hint="如：青山县消费者协会")
        f.add(section, "org.short_code", "案号代字", self.short_code, required=True,
              check=lambda: check_short_code(self.short_code.text()), hint="如：消调")
        self.example = _one_line(muted_label(""))
        section.add_widget(self.example)
        self._add_units(section)
        layout.addWidget(section)
        self.short_code.textChanged.connect(self._show_example)
        self._show_example()
        self.cancel_button.setText("以后再设置")
        layout.addWidget(self.buttons)
        self.org_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(640)

    def _add_units(self, section: FormSection) -> None:
        # placed directly, not in a field cell: the grid then keeps the box's full height when a
        # message above it appears
        caption = QLabel(label_text("承办单位"))
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setBuddy(self.units)
        self.units.setToolTip("每行一个，如：城关分会")
        section.place(caption, self.units)
        error = ErrorLabel()
        section.add_widget(error)
        self.fields.register("units", self.units, error, caption)
        section.add_widget(_one_line(muted_label("承办单位每行一个，如：城关分会；可不填，不填时全部案件由本会承办。")))

    def _show_example(self) -> None:
        settings = get_settings()
        number = numbering.format_number(settings["case.number_format"], self.short_code.text().strip(),
                                         today().year, 1, int(settings["case.sequence_width"]))
        self.example.setText(f"案件编号示例：{number}")

    def is_dirty(self) -> bool:
        return bool(self.org_name.text().strip())

    def save(self) -> bool:
        if self.fields.check_all():
            return False
        units = association.unit_names(self.units.toPlainText())
        try:
            self.added_units = association.set_up_association(self.actor, self.org_name.text(),
                                                              self.short_code.text(), units)
        except ValidationFailed as exc:
            self.fields.show_errors(exc.errors or {"org.name": exc.message})
            return False
        return True


def offer_setup(actor: Actor, parent: QWidget | None = None) -> bool:
    """After the login: an administrator is asked for the association's details while the name is
    still the placeholder. True when they were saved."""
    if not actor.may("settings") or not association.needs_setup():
        return False
    return AssociationDialog(actor, parent).exec() == QDialog.DialogCode.Accepted
