"""The facts a case action asks for, and their checks. The service runs them before anything is
written; the action's form runs the same check as the clerk leaves a field, so a message is
written once, here (docs/case-actions.md).

Checks that need the case itself (a date may not precede the date of receipt, or of acceptance)
are declared here as `not_before` and run by the service with the case's dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain import grounds
from app.domain.codes import CodeSet
from app.domain.judicial import court_problem
from app.domain.money import MoneyError, parse_money
from app.domain.validators import check_length, check_not_future

DATE, LINE, TEXT, CHOICE, MONEY, MEDIATOR, FLAG = "date", "line", "text", "choice", "money", "mediator", "flag"
COURT = "court"      # a people's court: picked from the settings' list, or typed

# The case dates a date field may not precede, with the words the message uses.
CASE_DATES = {"received_date": "登记日期", "accepted_date": "受理日期", "closed_date": "办结日期"}


@dataclass(frozen=True)
class ActionField:
    key: str
    label: str                           # beside the field on the form
    kind: str = LINE
    required: bool = False
    noun: str = ""                       # how messages name it, when not by its label
    limit: int | None = None             # LINE / TEXT: most characters
    codes: CodeSet | None = None         # CHOICE: the labels of its codes
    choices: tuple[str, ...] = ()        # CHOICE: the codes that may be picked (default: all of `codes`)
    missing: str = ""                    # the message when a required field is empty
    not_before: tuple[str, ...] = ()     # DATE: case dates (CASE_DATES) it may not precede
    future: bool = False                 # DATE: a day after today is allowed
    message: str = ""                    # DATE: one message for any wrong day (instead of the generic ones)
    default: object = None               # what the form shows first (a code, "today")
    grounds_kind: str = ""               # CHOICE: a ground of this kind (grounds.REJECT …), of the case's order

    def case_choices(self, received: date | None) -> tuple[str, ...]:
        """The codes that may be picked for a case received on `received`: a ground field offers
        the grounds of the order in force on that day, any other field all its choices."""
        if self.grounds_kind and received is not None:
            return grounds.pickable(self.grounds_kind, received)
        return self.pickable()

    def case_problem(self, value, received: date | None) -> str | None:
        """A choice the case itself rules out (a ground of the other order), or None."""
        if not self.grounds_kind or value in (None, "") or received is None:
            return None
        return grounds.refusal(self.grounds_kind, value, received)

    @property
    def name(self) -> str:
        return self.noun or self.label

    def pickable(self) -> tuple[str, ...]:
        return self.choices or (self.codes.codes() if self.codes is not None else ())

    def clean(self, value, today: date):
        """The value as the service stores it (text trimmed, money as Decimal, an empty day is
        today); raises FieldProblem with the message for the clerk."""
        if self.kind in (LINE, TEXT):
            text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
            if self.required and not text:
                raise FieldProblem(self.missing or f"请填写{self.name}")
            problem = check_length(text, self.limit, self.name) if self.limit else None
            if problem:
                raise FieldProblem(problem)
            return text
        if self.kind == COURT:
            text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
            if court_problem(text):
                raise FieldProblem(court_problem(text))
            return text
        if self.kind == DATE:
            day = value or today
            if not self.future and check_not_future(day, today, self.name):
                raise FieldProblem(self.message or check_not_future(day, today, self.name))
            return day
        if self.kind == CHOICE:
            if value in (None, "") and not self.required:
                return None
            if value not in self.pickable():
                raise FieldProblem(self.missing or f"请选择{self.name}")
            return value
        if self.kind == MONEY:
            try:
                return parse_money(value, self.name)
            except MoneyError as exc:
                raise FieldProblem(str(exc)) from None
        if self.kind == FLAG:
            return None if value is None else bool(value)
        return value if value not in ("",) else None      # MEDIATOR: the service checks the user

    def check(self, value, today: date) -> str | None:
        """The message for `value`, or None: what a form shows next to the field."""
        try:
            self.clean(value, today)
        except FieldProblem as exc:
            return str(exc)
        return None

    def order_problem(self, day: date | None, case_dates: dict[str, date | None]) -> str | None:
        """A day before one of the case's own dates (receipt, acceptance …) it must follow."""
        if self.kind != DATE or day is None:
            return None
        for key in self.not_before:
            earliest = case_dates.get(key)
            if earliest and day < earliest:
                return self.message or f"{self.name}不能早于{CASE_DATES[key]} {earliest.isoformat()}"
        return None


class FieldProblem(ValueError):
    """One field's value is not acceptable; the text is the message shown next to it."""
