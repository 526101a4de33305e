"""The dialog of a case action that asks for a few facts (a date, a ground, a reason), built from
the action's fields in the one table (app/domain/lifecycle.py): each field is checked with the
table's own check as the clerk leaves it, the whole by the service through the runner. A refusal
or a Conflict is shown in the dialog, and what the clerk typed stays there."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.domain import grounds
from app.domain.action_fields import CHOICE, COURT, DATE, MEDIATOR, MONEY, TEXT, ActionField
from app.domain.lifecycle import CASE_ACTIONS, CaseAction
from app.domain.money import agreement_total
from app.services.case_actions import perform
from app.services.judicial import application_court, courts
from app.services.context import today
from app.services.lookups import mediators
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.runner import run_service
from app.ui.widgets import Banner, CodeCombo, DateEdit, muted_label, text_box

# Facts the form proposes from the case (the clerk may change them).
DEFAULTS = {
    ("accept", "mediator_id"): lambda detail: detail.case["mediator"] or "",
    ("recusal", "mediator_name"): lambda detail: detail.mediator_name,
    ("close_mediated", "recovered"): lambda detail: _terms_total(detail.terms),
    ("close_mediated", "punitive"): lambda detail: _terms_total(detail.terms, only="punitive"),
}


def _terms_total(terms: list[dict], only: str | None = None) -> str:
    """The agreement's total (of one term type: the 加倍赔偿 terms) when any such term has an
    amount (otherwise nothing to propose)."""
    priced = [t for t in terms if t["amount"] is not None and only in (None, t["term_type"])]
    return str(agreement_total(priced)) if priced else ""


class ActionDialog(FormDialog):
    """The form of one case action; 确定 runs the action in the background."""

    def __init__(self, workspace, code: str, parent=None):
        self.spec: CaseAction = CASE_ACTIONS[code]
        super().__init__(self.spec.label, parent, save_text="确定")
        self.ws, self.code = workspace, code
        self.fields = FieldRegistry()
        self.outcome = None
        layout = QVBoxLayout(self)
        if self.spec.hint:
            layout.addWidget(muted_label(self.spec.hint))
        for f in self.spec.fields:
            if f.grounds_kind:
                case = workspace.detail.case
                layout.addWidget(muted_label(grounds.applicable_note(f.grounds_kind, case["received_date"],
                                                                     case["basis"])))
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.section = FormSection(self.spec.label, pairs=1)
        layout.addWidget(self.section)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._typed: list[QWidget] = []
        for spec_field in self.spec.fields:
            self._add(spec_field)
        self._proposed = self._texts()       # what the form proposes (the agreement's total) is not typed

    def _texts(self) -> list[str]:
        return [(w.text() if isinstance(w, QLineEdit) else w.toPlainText()).strip() for w in self._typed]

    def _add(self, f: ActionField) -> None:
        widget = _widget_for(f, self.ws.detail)
        default = DEFAULTS.get((self.code, f.key))
        if default is not None:
            _set_value(widget, default(self.ws.detail))
        required = f.required and f.kind != DATE      # a date always has a value
        self.fields.add(self.section, f.key, f.label, widget, required=required,
                        check=lambda f=f, w=widget: f.check(_value_of(w, f), today()))
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            self._typed.append(widget)

    def values(self) -> dict:
        return {f.key: _value_of(self.fields.widget(f.key), f) for f in self.spec.fields}

    def is_dirty(self) -> bool:
        return self._texts() != self._proposed

    def save(self) -> bool:
        """Checks each field as the form shows it, then runs the action; the dialog closes when
        the service has saved (try_save is not told True: the call is still running)."""
        self.banner.show_message("")
        if self.fields.check_all():
            return False
        ws, values = self.ws, self.values()
        version = ws.version if self.spec.changes_case else None
        run_service(self, lambda: perform(ws.actor, ws.case_id, self.code, values, version),
                    banner=self.banner, fields=self.fields, on_done=self._saved, on_conflict=ws.reload,
                    busy=[self.save_button])
        return False

    def _saved(self, change) -> None:
        self.outcome = change
        self.saved = True
        self.accept()


def _widget_for(f: ActionField, detail) -> QWidget:
    if f.kind == DATE:
        return DateEdit(today())
    if f.kind == TEXT:
        return text_box(3)
    if f.kind == CHOICE:
        combo = CodeCombo([(c, _choice_label(f, c)) for c in f.case_choices(detail.case["received_date"])],
                          empty="请选择" if f.required and f.default is None else None if f.required else "")
        combo.set_code(f.default or "")
        return combo
    if f.kind == MEDIATOR:
        return CodeCombo(mediators(detail.case["mediator"]), empty="暂不指定")
    if f.kind == COURT:
        return _court_box(detail)
    return QLineEdit()


def _choice_label(f: ActionField, code: str) -> str:
    """A ground shows its article and item before its words; any other choice its label."""
    found = grounds.ground(code) if f.grounds_kind else None
    return found.choice_label() if found is not None else f.codes.label(code)


def _court_box(detail) -> QComboBox:
    """The courts of the settings' list, the one the case recorded (else the default) chosen;
    another court (where a party lives) may be typed."""
    box = QComboBox()
    box.setEditable(True)
    box.addItems(courts())
    box.setCurrentText(application_court(detail))
    return box


def _value_of(widget: QWidget, f: ActionField):
    if f.kind == DATE:
        return widget.value()
    if isinstance(widget, CodeCombo):
        return widget.code() or None
    if isinstance(widget, QComboBox):
        return widget.currentText()
    text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return (text.strip() or None) if f.kind == MONEY else text


def _set_value(widget: QWidget, value) -> None:
    if isinstance(widget, CodeCombo):
        widget.set_code(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    else:
        widget.setText(value or "")
