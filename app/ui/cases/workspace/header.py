"""The workspace header: case number, state badge, the three deadlines, the 司法确认 window, the
clock warning."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.codes import DEADLINE_KINDS, DEADLINE_STATUS, JUDICIAL_STAGES, RULE_SETS, case_state_label
from app.domain.lifecycle import clock_stopped
from app.services.casefile import CaseDetail
from app.ui import theme
from app.ui.widgets import Badge, Banner, muted_label, title_label


def state_text(detail: CaseDetail) -> str:
    return case_state_label(detail.case["state"], detail.case["outcome"])


class CaseHeader(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 4)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.number = title_label()
        self.badge = Badge()
        self.parties = muted_label()
        self.parties.setWordWrap(False)
        top.addWidget(self.number)
        top.addWidget(self.badge)
        top.addSpacing(12)
        top.addWidget(self.parties, 1)
        outer.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.deadlines: dict[str, QLabel] = {}
        for column, (kind, label) in enumerate(DEADLINE_KINDS):
            caption = QLabel(label)
            theme.mark_muted(caption)
            value = QLabel()
            self.deadlines[kind] = value
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
        rule_caption = QLabel("适用时限")
        theme.mark_muted(rule_caption)
        self.rule_set = QLabel()
        grid.addWidget(rule_caption, 0, len(DEADLINE_KINDS.pairs))
        grid.addWidget(self.rule_set, 1, len(DEADLINE_KINDS.pairs))
        self.judicial_caption = QLabel("司法确认申请期限")
        theme.mark_muted(self.judicial_caption)
        self.judicial = QLabel()
        grid.addWidget(self.judicial_caption, 0, len(DEADLINE_KINDS.pairs) + 1)
        grid.addWidget(self.judicial, 1, len(DEADLINE_KINDS.pairs) + 1)
        grid.setColumnStretch(len(DEADLINE_KINDS.pairs) + 2, 1)
        outer.addLayout(grid)
        # The missing-holiday warning (2027's schedule not yet entered) is the header's, but the
        # workspace shows it under its action buttons: here, above them, its one to three lines
        # coming and going moved every button (walk-through) — a click landed on the wrong one.
        self.clock_warning = Banner("warning")

    def load(self, detail: CaseDetail) -> None:
        case, clock = detail.case, detail.clock
        self.number.setText(case["number"])
        fg, bg = theme.state_colours(case["state"])
        self.badge.set_badge(state_text(detail), fg, bg)
        self.parties.setText(f"投诉人：{detail.complainant['name']}　　被投诉人：{detail.business['name']}"
                             + (f"　　调解员：{detail.mediator_name}" if detail.mediator_name else ""))
        dues = {"accept": clock.accept_due, "mediate": clock.mediate_due, "notify": clock.notify_due}
        for kind, label in self.deadlines.items():
            due = dues[kind]
            text = due.isoformat() if due else "—"
            style = ""
            if kind == clock.next_kind:
                status = detail.deadline_status
                fg_colour, bg_colour = theme.deadline_colours(status)
                text = f"{text}（{DEADLINE_STATUS.label(status)}）" if due else DEADLINE_STATUS.label(status)
                style = f"color: {fg_colour.name()}; font-weight: bold;"
                if bg_colour is not None:
                    style += f" background: {bg_colour.name()}; border-radius: 3px; padding: 1px 6px;"
            elif kind == "mediate" and clock_stopped(clock.paused, case["state"]):
                text = DEADLINE_STATUS.label("paused")
            label.setText(text)
            label.setStyleSheet(f"QLabel {{ {style} }}" if style else "")
        self.rule_set.setText(RULE_SETS.label(clock.rule_set))
        self._load_judicial(detail)
        # the missing-holiday warning matters while a deadline is running
        self.clock_warning.show_message("；".join(detail.warnings) if clock.next_due else "")

    def _load_judicial(self, detail: CaseDetail) -> None:
        """The 30-day window of 司法确认 with the usual badge while the parties may still apply;
        what was filed or ruled afterwards."""
        state = detail.judicial
        shown = state is not None and detail.case["outcome"] in (None, "mediated")
        self.judicial_caption.setVisible(shown)
        self.judicial.setVisible(shown)
        if not shown:
            return
        style = ""
        if state.stage == "open":
            text = f"{state.due.isoformat()}（{DEADLINE_STATUS.label(state.deadline)}）"
            fg_colour, bg_colour = theme.deadline_colours(state.deadline)
            style = f"color: {fg_colour.name()}; font-weight: bold;"
            if bg_colour is not None:
                style += f" background: {bg_colour.name()}; border-radius: 3px; padding: 1px 6px;"
        elif state.stage == "filed":
            text = f"已于{state.filed_date.isoformat()}向{state.court}申请"
        else:
            text = f"{JUDICIAL_STAGES.label(state.stage)}（{state.decided_date.isoformat()}）"
        self.judicial.setText(text)
        self.judicial.setStyleSheet(f"QLabel {{ {style} }}" if style else "")
