"""Small dialogs for the case actions that need a few facts (a date, a ground, a reason).
Each runs its service call itself, so a refusal or a Conflict is shown in the dialog and what
the clerk typed stays there."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.domain.codes import (
    APPRAISAL_PAYERS, PICKABLE_REJECT_GROUNDS, PICKABLE_TERMINATE_GROUNDS, RECUSAL_DECISIONS, REJECT_GROUNDS,
    TERMINATE_GROUNDS,
)
from app.domain.errors import Conflict, ValidationFailed
from app.domain.lifecycle import ACTIONS
from app.domain.money import check_money
from app.services import mediation, workflow
from app.services.context import today
from app.services.lookups import mediators
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.widgets import Banner, CodeCombo, DateEdit, muted_label, text_box


class ActionDialog(FormDialog):
    """A titled form whose `submit()` calls the service; `on_conflict` reloads the workspace."""

    def __init__(self, title: str, intro: str, parent=None, save_text: str = "确定"):
        super().__init__(title, parent, save_text=save_text)
        self.fields = FieldRegistry()
        self.submit: Callable[[], object] | None = None
        self.on_conflict: Callable[[], None] | None = None
        self.outcome = None
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(muted_label(intro))
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.section = FormSection(title, pairs=1)
        layout.addWidget(self.section)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._typed: list[QWidget] = []

    def add(self, key: str, label: str, widget: QWidget, required: bool = False, check=None) -> QWidget:
        self.fields.add(self.section, key, label, widget, required=required, check=check)
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            self._typed.append(widget)
        return widget

    def is_dirty(self) -> bool:
        return any((w.text() if isinstance(w, QLineEdit) else w.toPlainText()).strip() for w in self._typed)

    def save(self) -> bool:
        self.banner.show_message("")
        if self.fields.check_all():
            return False
        try:
            self.outcome = self.submit()
        except Conflict as exc:
            self.banner.show_message(exc.message + "。已载入最新内容，请核对后再点“确定”。")
            if self.on_conflict:
                self.on_conflict()
            return False
        except ValidationFailed as exc:
            unplaced = self.fields.show_errors(exc.errors)
            self.banner.show_message("；".join(unplaced.values()) if unplaced else ("" if exc.errors else exc.message))
            return False
        return True


def _day(dialog: ActionDialog, label: str, key: str = "day") -> DateEdit:
    return dialog.add(key, label, DateEdit(today()), required=True)


def accept_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("accept"), "受理后开始计算调解期限。", parent)
    day = _day(d, "受理日期")
    mediator = d.add("mediator_id", "承办调解员", CodeCombo(mediators(ws.detail.case["mediator"]), empty="暂不指定"))
    mediator.set_code(ws.detail.case["mediator"] or "")
    d.submit = lambda: workflow.accept(ws.actor, ws.case_id, day.value(), mediator.code() or None,
                                       expected_version=ws.version)
    return d


def reject_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("reject"), "不予受理须写明《市场监督管理投诉举报处理办法》第十六条的理由，"
                     "告知书将同时列明其他解决途径。", parent)
    ground = d.add("ground", "理由", CodeCombo([(c, REJECT_GROUNDS.label(c)) for c in PICKABLE_REJECT_GROUNDS],
                                                empty="请选择"), required=True,
                   check=lambda: None if ground.code() else "请选择不予受理的理由（O121 第十六条）")
    text = d.add("text", "补充说明", text_box(3))
    day = _day(d, "决定日期")
    d.submit = lambda: workflow.reject(ws.actor, ws.case_id, ground.code(), text.toPlainText(), day.value(),
                                       expected_version=ws.version)
    return d


def transfer_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("transfer"), "", parent)
    to = d.add("transfer_to", "移送至", QLineEdit(), required=True)
    reason = d.add("transfer_reason", "移送理由", text_box(3), required=True)
    day = _day(d, "移送日期")
    d.submit = lambda: workflow.transfer(ws.actor, ws.case_id, to.text(), reason.toPlainText(), day.value(),
                                         expected_version=ws.version)
    return d


def withdraw_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("withdraw"), "投诉人撤回投诉，案件办结。", parent)
    reason = d.add("reason", "撤回说明", text_box(3))
    day = _day(d, "撤回日期")
    d.submit = lambda: workflow.withdraw(ws.actor, ws.case_id, reason.toPlainText(), day.value(),
                                         expected_version=ws.version)
    return d


def terminate_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("terminate"), "终止调解须写明第二十三条的理由；终止后7个工作日内告知当事人。",
                     parent)
    pairs = [(c, TERMINATE_GROUNDS.label(c)) for c in PICKABLE_TERMINATE_GROUNDS]
    ground = d.add("ground", "理由", CodeCombo(pairs, empty="请选择"), required=True,
                   check=lambda: None if ground.code() else "请选择终止调解的理由（O121 第二十三条）")
    text = d.add("text", "补充说明", text_box(3))
    day = _day(d, "终止日期")
    d.submit = lambda: workflow.terminate(ws.actor, ws.case_id, ground.code(), text.toPlainText(), day.value(),
                                          expected_version=ws.version)
    return d


def close_dialog(ws, action: str, parent=None) -> ActionDialog:
    """办结 after a successful mediation (amounts default to the agreement) or a settlement."""
    amounts = [t["amount"] for t in ws.detail.terms if t["amount"] is not None]
    total = sum(amounts, Decimal("0.00")) if amounts else None
    intro = ("挽回经济损失默认为协议各项金额之和，可修改。" if action == "close_mediated"
             else "双方自行和解，请填写消费者实际挽回的经济损失。")
    d = ActionDialog(ACTIONS.label(action), intro, parent)
    day = _day(d, "办结日期")
    recovered = d.add("recovered", "挽回经济损失（元）", QLineEdit(str(total) if total is not None else ""),
                      check=lambda: check_money(recovered.text(), "挽回经济损失"))
    punitive = d.add("punitive", "其中加倍赔偿（元）", QLineEdit(),
                     check=lambda: check_money(punitive.text(), "加倍赔偿金额"))
    note = d.add("note", "办结说明", text_box(2))
    service = workflow.close_mediated if action == "close_mediated" else workflow.settle
    d.submit = lambda: service(ws.actor, ws.case_id, day.value(), recovered.text().strip() or None,
                               punitive.text().strip() or None, note.toPlainText(), expected_version=ws.version)
    return d


def reopen_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("reopen"), "重新打开已办结的案件由负责人决定，理由记入操作日志。", parent)
    reason = d.add("reason", "理由", text_box(3, "如：回访时消费者表示经营者未履行协议"), required=True)
    d.submit = lambda: workflow.reopen(ws.actor, ws.case_id, reason.toPlainText(), expected_version=ws.version)
    return d


def notice_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("record_notice"), "终止调解告知书送达当事人的日期。", parent)
    day = _day(d, "送达日期")
    d.submit = lambda: workflow.record_notice(ws.actor, ws.case_id, day.value(), expected_version=ws.version)
    return d


def pause_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("pause"), "鉴定、检测期间不计入调解期限（O121 第二十二条）。", parent)
    day = _day(d, "中止日期")
    reason = d.add("reason", "鉴定/检测事项", QLineEdit(), required=True)
    agency = d.add("agency", "鉴定/检测机构", QLineEdit())
    payer = d.add("payer", "费用承担", CodeCombo(APPRAISAL_PAYERS))
    payer.set_code("undecided")
    d.submit = lambda: mediation.pause_clock(ws.actor, ws.case_id, day.value(), reason.text(), agency.text(),
                                             payer.code(), expected_version=ws.version)
    return d


def resume_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("resume"), "鉴定、检测结束，调解期限继续计算。", parent)
    day = _day(d, "恢复日期")
    note = d.add("reason", "说明", QLineEdit())
    d.submit = lambda: mediation.resume_clock(ws.actor, ws.case_id, day.value(), note.text(),
                                              expected_version=ws.version)
    return d


def recusal_dialog(ws, parent=None) -> ActionDialog:
    d = ActionDialog(ACTIONS.label("recusal"), "当事人认为调解员与案件有利害关系的，可申请其回避（O121 第二十一条）。",
                     parent)
    mediator = d.add("mediator_name", "被申请回避的调解员", QLineEdit(ws.detail.mediator_name), required=True)
    applicant = d.add("applicant", "申请人", QLineEdit(), required=True)
    reason = d.add("reason", "申请理由", text_box(3), required=True)
    decision = d.add("decision", "决定", CodeCombo(RECUSAL_DECISIONS), required=True)
    decided_by = d.add("decided_by", "决定人", QLineEdit(), required=True)
    day = _day(d, "决定日期", "decided_date")
    d.submit = lambda: mediation.record_recusal(ws.actor, ws.case_id, mediator.text(), applicant.text(),
                                                reason.toPlainText(), decision.code(), decided_by.text(), day.value())
    return d


DIALOGS = {
    "accept": accept_dialog, "reject": reject_dialog, "transfer": transfer_dialog, "withdraw": withdraw_dialog,
    "terminate": terminate_dialog, "reopen": reopen_dialog, "record_notice": notice_dialog,
    "pause": pause_dialog, "resume": resume_dialog, "recusal": recusal_dialog,
    "close_mediated": lambda ws, parent=None: close_dialog(ws, "close_mediated", parent),
    "settle": lambda ws, parent=None: close_dialog(ws, "settle", parent),
}
