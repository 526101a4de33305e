"""Checking one ledger row before anything is written (docs/rules.md §4 and §10).

Every problem is reported with the row number, the column's header text and the reason; a row
with any problem is not imported at all. The person and business checks are the registration's
own (`parties.check_person` / `check_business`), so a ledger row passes exactly the checks a
clerk's form does. What a historical ledger lacks is never made up: a termination without an
Art. 23 ground, or a free-text 不予受理理由, gets the ground "未记录（导入）" and keeps the text.

The business's four cells and the business check depend on those cells alone: they are worked out
once per business in an import (Lookups.business) and their answer and problems replayed for the
rows that name it again — 100,000 demo rows name ~16,000 businesses. The person check likewise,
once per distinct person cells (Lookups.person; ~59,000 people in those rows).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.db.models import User
from app.domain import numbering
from app.domain.permissions import MEDIATOR_ROLES
from app.domain.classification import major_of
from app.domain import grounds
from app.domain.codes import (
    CHANNELS, GENDERS, ID_TYPES, OUTCOMES, REJECT_GROUNDS, SATISFACTION, STATES, TERMINATE_GROUNDS, CodeSet,
    handling_basis,
)
from app.domain.date_input import read_full_date
from app.domain.identity import recognise_id_type, type_of_label
from app.domain.lifecycle import consistency_problems
from app.domain.errors import ErrorCollector
from app.domain.money import MoneyError, parse_money
from app.domain.validators import (
    NOT_ORDINARY, check_not_future, check_plain_text, check_purchase_before_receipt, check_required,
    ordinary_text, strip_invisible,
)
from app.services.context import today
from app.services.inputs import BusinessInput, PersonInput
from app.services.ledger.columns import HEADERS, NOTE_MEDIATOR, NOTE_SATISFACTION
from app.services.parties import CleanBusiness, CleanPerson, check_business, check_person
from app.services.printability import printing_warning
from app.services.registration import TEXT_LIMIT
from app.services.settings import dictionary, get_settings

LIMITS = {"number": 60, "complainant": 60, "id_number": 40, "phone": 30, "address": 200, "business": 120,
          "credit_code": 30, "business_address": 200, "business_phone": 30, "facts": TEXT_LIMIT,
          "request": TEXT_LIMIT, "reject_reason": 2000, "mediator": 40, "note": TEXT_LIMIT}
LABEL_LIMIT = 100
MULTILINE = ("facts", "request", "reject_reason", "note", "address", "business_address")
PARTY_FIELDS = {
    "complainant.name": "complainant", "complainant.phone": "phone", "complainant.address": "address",
    "complainant.id_number": "id_number", "complainant.gender": "gender", "complainant.birth_date": "id_number",
    "business.name": "business", "business.address": "business_address", "business.credit_code": "credit_code",
    "business.phone": "business_phone",
}
DEFAULT_UNIT = "U00"
BUSINESS_CELLS = ("business", "business_address", "credit_code", "business_phone")
REMEMBERED = 100_000      # businesses whose answers an import keeps at most (bounded memory)
PEOPLE_REMEMBERED = 50_000    # people likewise: ~560 bytes each, so at most ~28 MB


@dataclass
class Problem:
    row: int
    column: str          # the header text as the office's file has it
    value: str
    reason: str


@dataclass
class CheckedRow:
    row: int
    number: str
    person: CleanPerson
    business: CleanBusiness
    case: dict           # Case column values (no number, parties or clock)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sequence: tuple[int, int] | None = None   # (year, seq) when the number is in the office's format


class Lookups:
    """Dictionary labels and mediators, loaded once per import (not once per row)."""

    def __init__(self):
        categories = dictionary("category")
        self.majors = {e.label: e.code for e in categories if e.level == "major"}
        self.minors = {e.label: e.code for e in categories if e.level == "minor"}
        self.natures = {e.label: e.code for e in dictionary("nature")}
        self.units = {e.label: e.code for e in dictionary("unit")}
        self.unit_codes = set(self.units.values())
        names: dict[str, list[int]] = {}
        for user in User.select().where(User.active == True, User.role.in_(MEDIATOR_ROLES)):  # noqa: E712 - a peewee expression, not a Python comparison
            names.setdefault(user.display_name, []).append(user.id)
        self.mediators = {name: ids[0] for name, ids in names.items() if len(ids) == 1}
        self.ambiguous_mediators = {name for name, ids in names.items() if len(ids) > 1}
        self.today = today()
        settings = get_settings()
        self.number_format, self.org_code = settings["case.number_format"], settings["org.short_code"]
        self.businesses: dict[tuple, tuple] = {}
        self.people: dict[tuple, tuple] = {}

    def business(self, reader: "RowReader") -> tuple:
        """(problems of the business's cells, problems of the business check, CleanBusiness) for
        the row's four business cells: worked out on readers of their own, once per distinct cells
        of text (a cell of another type is worked out every time). The caller notes the problems on
        its reader where the checks stand, in their order — what running them there leaves, as a
        column keeps the first problem noted for it. The CleanBusiness is shared: never changed."""
        raw = reader.raw
        key = tuple(map(raw.get, BUSINESS_CELLS))
        found = self.businesses.get(key)      # only cells of text are kept (below): no other cell equals them
        if found is None:
            texts = RowReader(reader.row, raw, reader.headers, reader.today)
            business_input = BusinessInput(name=texts.text("business"), address=texts.text("business_address"),
                                           credit_code=texts.text("credit_code"), phone=texts.text("business_phone"))
            checks, collector = RowReader(reader.row, raw, reader.headers, reader.today), ErrorCollector()
            business = check_business(business_input, collector)
            _note_party_problems(checks, collector.errors.items())
            found = (tuple(texts.errors.errors.items()), tuple(checks.errors.errors.items()), business)
            if len(self.businesses) < REMEMBERED and {value.__class__ for value in key} <= _TEXT_OR_EMPTY:
                self.businesses[key] = found
        return found

    def person(self, person: PersonInput) -> tuple[CleanPerson, tuple]:
        """check_person's answer — the clean person and its problems by field, in their order —
        worked out once per distinct input in an import (and day: the check reads today), at most
        PEOPLE_REMEMBERED kept; 100,000 demo rows name ~59,000 people, 41 % of rows a known one.
        The CleanPerson is shared: never changed."""
        key = (person.name, person.phone, person.address, person.gender, person.id_type, person.id_number,
               person.birth_date, person.version, today())
        found = self.people.get(key)
        if found is None:
            collector = ErrorCollector()
            found = (check_person(person, collector), tuple(collector.errors.items()))
            if len(self.people) < PEOPLE_REMEMBERED:
                self.people[key] = found
        return found

    def sequence_of(self, number: str) -> tuple[int, int] | None:
        """(year, seq) of a number in the office's own format, else None (kept as given)."""
        return numbering.parse_number(self.number_format, self.org_code, number)

    def sequence_problem(self, year: int, seq: int) -> str | None:
        return numbering.sequence_problem(year, seq, self.today.year)


_TEXT_OR_EMPTY = {str, type(None)}
MASKED = ("id_number", "phone")       # a masked export's numbers hold "*"


def _ordinary(key: str):
    """One C call that says a stripped text cell passes every check of RowReader._text — no
    control or invisible character, no "*" in a number, no leading "=", not too long — so that
    the usual cell costs no more (a 100,000-row ledger has two million of them)."""
    refused = "*" if key in MASKED else ""
    return re.compile(f"(?!=)[^{NOT_ORDINARY}{refused}]{{0,{LIMITS.get(key, LABEL_LIMIT)}}}").fullmatch


_ORDINARY = {key: _ordinary(key) for key in HEADERS}


def code_of(codeset: CodeSet, text: str) -> str | None:
    """The code of a label as offices write it: the full label, the code, or the label's short
    form before a bracket or slash (调解成功 for 调解成功（达成协议）, 移送 for 移送/转办)."""
    return codeset.code(text) or _short_forms(codeset).get(text)


_SHORT_FORMS: dict[str, dict[str, str]] = {}


def _short_forms(codeset: CodeSet) -> dict[str, str]:
    """Short form → code, the first code in the set's order that has it; made once per set."""
    forms = _SHORT_FORMS.get(codeset.name)
    if forms is None:
        forms = {}
        for code in codeset.codes():
            head = codeset.short_label(code)
            for form in [head] + head.split("/"):
                forms.setdefault(form, code)
        _SHORT_FORMS[codeset.name] = forms
    return forms


def _plain(value) -> str:
    """A cell as text: numbers stored by Excel (a phone typed as a number) lose the '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class RowReader:
    """Reads the cells of one row, collecting one problem per column."""

    def __init__(self, row: int, raw: dict, headers: dict, day: date | None = None):
        self.row, self.raw, self.headers = row, raw, headers
        self.today = day or today()     # the import's own day (Lookups.today), not one clock read per cell
        self.errors = ErrorCollector()

    def problem(self, key: str, reason: str) -> None:
        self.errors.add(key, reason)

    def problems(self) -> list[Problem]:
        return [Problem(self.row, self.headers.get(k, HEADERS.get(k, k)), _plain(self.raw.get(k))[:200], reason)
                for k, reason in self.errors.errors.items()]

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if value.__class__ is str:          # most cells: text that every check below lets through
            text = value.strip()
            ordinary = _ORDINARY.get(key)
            if ordinary is not None and ordinary(text):
                return text
        return self._text(key, value)

    def _text(self, key: str, value) -> str:
        """The cell as text, each check of a text cell run and noted."""
        if value.__class__ is str:
            text = value.strip()
        elif key == "id_number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            self.problem(key, "证件号码被 Excel 存成了数字，开头的0或末几位可能已经丢失；请把该列设为文本后重新填写")
            return ""
        else:
            text = _plain(value)
        if not ordinary_text(text):
            self.errors.check(key, check_plain_text(text, "内容", multiline=key in MULTILINE))
            text = strip_invisible(text)
        if key in MASKED and "*" in text:
            self.problem(key, "这是遮蔽后的号码（含 *），无法导入；请使用“含完整个人信息”导出的台账")
        if text.startswith("="):
            self.problem(key, "内容以“=”开头，像是公式；请改为文字（去掉开头的等号）")
        limit = LIMITS.get(key, LABEL_LIMIT)
        if len(text) > limit:
            self.problem(key, f"内容过长（{len(text)}字，最多{limit}字）")
        return text

    def day(self, key: str, what: str) -> date | None:
        value = self.raw.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            found = value.date()
        elif isinstance(value, date):
            found = value
        elif isinstance(value, str):
            found = read_full_date(value)
        else:
            found = None
        if found is None:
            self.problem(key, f"{what}应为日期（Excel 日期或 YYYY-MM-DD），现为“{_plain(value)[:40]}”")
            return None
        self.errors.check(key, check_not_future(found, self.today, what))
        return found

    def money(self, key: str, what: str) -> Decimal | None:
        value = self.raw.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            self.problem(key, f"{what}应为数字")
            return None
        try:
            # A float read from the file goes through its shortest text (3999.1, not 3999.0999…).
            return parse_money(repr(value) if isinstance(value, float) else value, what)
        except MoneyError as exc:
            self.problem(key, str(exc))
            return None

    def label(self, key: str, mapping, what: str) -> str | None:
        text = self.text(key)
        if not text:
            return None
        code = code_of(mapping, text) if isinstance(mapping, CodeSet) else mapping.get(text)
        if code is None:
            self.problem(key, f"{what}“{text[:40]}”不在{what}列表中")
        return code


def check_row(row: int, raw: dict, headers: dict, lookups: Lookups) -> tuple[CheckedRow | None, list[Problem]]:
    reader = RowReader(row, raw, headers, lookups.today)
    number = reader.text("number")
    sequence = lookups.sequence_of(number) if number else None
    if sequence:
        reader.errors.check("number", lookups.sequence_problem(*sequence))
    person, business = _parties(reader, lookups)
    case, notes, warnings = _dispute(reader, lookups), [], []
    _progress(reader, case, notes, lookups)
    problems = reader.problems()
    if problems:
        return None, problems
    warnings += [f"第{row}行 {n}，已记入导入说明" for n in notes if n.startswith(NOTE_MEDIATOR + "：")]
    warnings += [f"第{row}行 {note}" for note in person.id_notes]
    unprintable = printing_warning(_printed_fields(person, business, case))
    if unprintable:
        warnings.append(f"第{row}行 {unprintable}")
    return CheckedRow(row, number, person, business, case, notes, warnings, sequence), []


def _printed_fields(person: CleanPerson, business: CleanBusiness, case: dict) -> list[tuple[str, str]]:
    """The ledger's columns that documents print, by their header text."""
    return [("投诉人", person.name), ("联系地址", person.address), ("被投诉人", business.name),
            ("被投诉人地址", business.address), ("投诉内容", case.get("facts")), ("投诉请求", case.get("request_text")),
            ("备注", case.get("note"))]


def _id_type(reader: RowReader, number: str) -> str:
    """The 证件类型 cell when the file has one and it is filled, else the type the number has the
    shape of (a ledger of old has resident IDs only, and no such column)."""
    text = reader.text("id_type")
    if text:
        found = type_of_label(text)
        if found is None:
            reader.problem("id_type", f"证件类型“{text[:40]}”不在证件类型列表中（{'、'.join(ID_TYPES.labels())}）")
        return found or "resident"
    found = recognise_id_type(number)
    if number and found is None:
        reader.problem("id_number", "无法从号码认出证件类型；请在“证件类型”列注明（如 护照、其他证件）")
    return found or "resident"


def _parties(reader: RowReader, lookups: Lookups) -> tuple[CleanPerson, CleanBusiness]:
    gender = reader.label("gender", GENDERS, "性别") or "unknown"
    id_number = reader.text("id_number")
    person_input = PersonInput(name=reader.text("complainant"), phone=reader.text("phone"),
                               address=reader.text("address"), gender=gender,
                               id_type=_id_type(reader, id_number), id_number=id_number)
    cell_problems, check_problems, business = lookups.business(reader)
    _note(reader, cell_problems)
    person, person_problems = lookups.person(person_input)
    _note_party_problems(reader, person_problems)
    _note(reader, check_problems)
    return person, business


def _note(reader: RowReader, problems: tuple) -> None:
    for column, message in problems:
        reader.errors.check(column, message)


def _note_party_problems(reader: RowReader, problems) -> None:
    """(field, message) pairs of a party check, each noted on the cell it comes from."""
    for field_name, message in problems:
        reader.problem(PARTY_FIELDS.get(field_name, "complainant"), message)


def _dispute(reader: RowReader, lookups: Lookups) -> dict:
    received = reader.day("received_date", "登记日期")
    if received is None and "received_date" not in reader.errors.errors:
        reader.problem("received_date", "请填写登记日期")
    channel = reader.label("channel", CHANNELS, "来源渠道")
    if channel is None and "channel" not in reader.errors.errors:
        reader.problem("channel", "请填写来源渠道")
    category = _category(reader, lookups)
    nature = reader.label("nature", lookups.natures, "投诉性质")
    if nature is None and "nature" not in reader.errors.errors:
        reader.problem("nature", "请填写投诉性质")
    purchase = reader.day("purchase_date", "购买日期")
    reader.errors.check("purchase_date", check_purchase_before_receipt(purchase, received))
    facts, request = reader.text("facts"), reader.text("request")
    reader.errors.check("facts", check_required(facts, "投诉内容"))
    reader.errors.check("request", check_required(request, "投诉请求"))
    unit = DEFAULT_UNIT
    unit_text = reader.text("unit")
    if unit_text:
        unit = lookups.units.get(unit_text) or (unit_text if unit_text in lookups.unit_codes else None)
        if unit is None:
            reader.problem("unit", f"承办单位“{unit_text[:40]}”不在承办单位列表中")
    case = {
        "received_date": received, "channel": channel, "platform_no": "",
        "basis": handling_basis(channel), "handling_unit": unit,
        "purchase_date": purchase, "category_code": category, "category_major": major_of(category or "O01"),
        "nature_code": nature, "amount": reader.money("amount", "涉案金额"), "facts": facts, "request_types": "",
        "request_text": request, "note": reader.text("note"), "source": "import",
    }
    return case


def _category(reader: RowReader, lookups: Lookups) -> str | None:
    major = reader.label("category_major", lookups.majors, "类别大类")
    minor = reader.label("category_minor", lookups.minors, "类别细类")
    if minor and major and major_of(minor) != major:
        reader.problem("category_minor", f"类别细类“{reader.text('category_minor')}”不属于类别大类“{reader.text('category_major')}”")
    if not (minor or major) and not ({"category_major", "category_minor"} & set(reader.errors.errors)):
        reader.problem("category_major", "请填写类别大类或类别细类")
    return minor or major


def _progress(reader: RowReader, case: dict, notes: list[str], lookups: Lookups) -> None:
    """处理状态/处理结果 and the dates and amounts that go with them."""
    state = reader.label("state", STATES, "处理状态")
    outcome = reader.label("outcome", OUTCOMES, "处理结果")
    if state is None and outcome and "state" not in reader.errors.errors:
        state = "closed"            # an outcome means the case was closed (docs/rules.md §2)
    if state is None and "state" not in reader.errors.errors:
        reader.problem("state", "请填写处理状态")
    accepted, closed = reader.day("accepted_date", "受理日期"), reader.day("closed_date", "办结日期")
    if state is not None:
        # the rules `check` applies to the database (a ground is always recorded: "未记录（导入）")
        for key, message in consistency_problems(state, outcome, case["received_date"], accepted, closed).items():
            reader.errors.check(key, message)
    case.update(state=state, outcome=outcome, accepted_date=accepted, closed_date=closed)
    _amounts(reader, case, state == "closed")
    _grounds(reader, case, notes)
    _mediator(reader, case, notes, lookups)
    satisfaction = reader.label("satisfaction", SATISFACTION, "回访满意度")
    if satisfaction and state != "closed":
        reader.problem("satisfaction", "未办结的案件不应有回访满意度")
    elif satisfaction:
        notes.append(f"{NOTE_SATISFACTION}：{SATISFACTION.label(satisfaction)}（原台账未记录回访日期）")


def _amounts(reader: RowReader, case: dict, closed: bool) -> None:
    for key, what in (("recovered", "挽回经济损失"), ("punitive", "加倍赔偿金额")):
        amount = reader.money(key, what)
        if amount and not closed:
            reader.problem(key, f"未办结的案件不应填写{what}")
        case[key] = amount


def _ground(codeset: CodeSet, text: str, kind: str, received) -> tuple[str, str]:
    """(ground, remaining text): a recorded ground when the text starts with the full label of a
    ground of the order in force on the day of receipt; any other text is kept as it is."""
    allowed = grounds.pickable(kind, received) if received else ()
    for code, label in codeset:
        if code in allowed and (text == label or text.startswith(label + "；")):
            return code, text[len(label) + 1:]
    return "unrecorded", text


def _grounds(reader: RowReader, case: dict, notes: list[str]) -> None:
    text = reader.text("reject_reason")
    case.update(reject_ground=None, reject_text="", terminate_ground=None, terminate_text="")
    if case["outcome"] == "rejected":
        case["reject_ground"], case["reject_text"] = _ground(REJECT_GROUNDS, text, grounds.REJECT,
                                                             case["received_date"])
    elif case["outcome"] == "terminated":
        case["terminate_ground"], case["terminate_text"] = _ground(TERMINATE_GROUNDS, text, grounds.TERMINATE,
                                                                   case["received_date"])
    elif text:
        notes.append(f"原台账“不予受理理由”栏：{text}")


def _mediator(reader: RowReader, case: dict, notes: list[str], lookups: Lookups) -> None:
    name = reader.text("mediator")
    case["mediator"] = lookups.mediators.get(name) if name else None
    if name and case["mediator"] is None:
        why = "系统中有同名用户，无法确定" if name in lookups.ambiguous_mediators else "系统中没有此调解员"
        notes.append(f"{NOTE_MEDIATOR}：{name}（{why}）")
