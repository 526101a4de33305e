"""Complainants and businesses: one record each, reused across complaints."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from peewee import JOIN, fn

from playhouse.shortcuts import model_to_dict

from app.db.models import AuditLog, Business, Case, Complainant, now
from app.db.sql import contains
from app.domain.errors import Conflict, ErrorCollector, NotFound
from app.domain.identity import check_birth_date_against_id, check_gender_against_id, check_id_number, facts_of_check
from app.domain.validators import (
    check_credit_code, check_length, check_phone, check_plain_text, check_required, clean, normalize_credit_code,
    normalize_phone, tidy, without_spaces,
)
from app.services import audit
from app.services.context import Actor, today
from app.services.search_index import index_party_cases
from app.services.inputs import BusinessInput, PersonInput


@lru_cache(maxsize=16384)
def squash(text: str) -> str:
    """Whitespace-insensitive form used to match names and addresses (kept for the addresses seen
    last: a ledger import looks up each row's business address, most of them seen before)."""
    return without_spaces(clean(text))


@dataclass
class CleanPerson:
    name: str
    phone: str
    address: str
    gender: str
    id_type: str
    id_number: str
    birth_date: object
    id_notes: list[str] = field(default_factory=list)   # what the clerk should know (a legacy number)


@dataclass
class CleanBusiness:
    name: str
    address: str
    credit_code: str | None
    legal_rep: str
    phone: str
    contact: str
    existing_id: int | None


def check_texts(errors: ErrorCollector, fields) -> None:
    """Control characters refused in each (key, value, label[, multiline]) — docs/rules.md §4 hygiene."""
    for key, value, label, *multiline in fields:
        errors.check(key, check_plain_text(value, label, bool(multiline and multiline[0])))


def check_person(person: PersonInput, errors: ErrorCollector, prefix: str = "complainant") -> CleanPerson:
    name, address = tidy(person.name), tidy(person.address)
    check_texts(errors, ((f"{prefix}.name", person.name, "姓名"), (f"{prefix}.address", person.address, "地址"),
                         (f"{prefix}.phone", person.phone, "电话"), (f"{prefix}.id_number", person.id_number, "证件号码")))
    errors.check(f"{prefix}.name", check_required(name, "投诉人姓名") or check_length(name, 60, "姓名"))
    errors.check(f"{prefix}.phone", check_phone(person.phone))
    errors.check(f"{prefix}.address", check_required(address, "投诉人地址") or check_length(address, 200, "地址"))
    id_type, day = person.id_type or "resident", today()     # one "today" for every check of the person
    checked = check_id_number(id_type, person.id_number, day)
    errors.check(f"{prefix}.id_number", checked.error)
    id_number, gender, birth = checked.number, person.gender or "unknown", person.birth_date
    facts = facts_of_check(id_type, checked)
    errors.check(f"{prefix}.gender", check_gender_against_id(gender, facts))
    errors.check(f"{prefix}.birth_date", check_birth_date_against_id(birth, facts))
    birth = birth or facts.birth_date
    if gender == "unknown" and facts.gender:
        gender = facts.gender
    if birth and birth > day:
        errors.add(f"{prefix}.birth_date", "出生日期不能晚于今天")
    return CleanPerson(name, normalize_phone(person.phone), address, gender, id_type,
                       id_number, birth, list(checked.notes))


def check_business(business: BusinessInput, errors: ErrorCollector) -> CleanBusiness:
    name, address = tidy(business.name), tidy(business.address)
    check_texts(errors, (("business.name", business.name, "经营者名称"), ("business.address", business.address, "地址"),
                         ("business.legal_rep", business.legal_rep, "法定代表人"), ("business.contact", business.contact, "联系人"),
                         ("business.phone", business.phone, "电话"), ("business.credit_code", business.credit_code,
                                                                   "统一社会信用代码")))
    if business.existing_id is not None and Business.get_or_none(id=business.existing_id) is None:
        errors.add("business.name", "所选经营者已不存在，请重新选择")
    errors.check("business.name", check_required(name, "被投诉经营者名称") or check_length(name, 120, "经营者名称"))
    errors.check("business.address", check_required(address, "经营者地址") or check_length(address, 200, "地址"))
    code = normalize_credit_code(business.credit_code) or None
    if code:
        errors.check("business.credit_code", check_credit_code(code))
    phone = normalize_phone(business.phone)
    if phone:
        errors.check("business.phone", check_phone(phone, allow_service_numbers=True))
    return CleanBusiness(name, address, code, tidy(business.legal_rep), phone, tidy(business.contact),
                         business.existing_id)


def find_complainant(person: CleanPerson) -> Complainant | None:
    if person.id_number:
        found = Complainant.get_or_none(Complainant.id_number == person.id_number)
        if found:
            return found
    return (Complainant.select()
            .where((Complainant.name == person.name) & (Complainant.phone == person.phone))
            .order_by(Complainant.id).first())


def find_business(business: CleanBusiness) -> Business | None:
    if business.existing_id:
        return Business.get_by_id(business.existing_id)
    if business.credit_code:
        found = Business.get_or_none(Business.credit_code == business.credit_code)
        if found:
            return found
    candidates = Business.select().where(Business.name == business.name)
    wanted = squash(business.address)
    # Same name and address, but a different credit code, is a different business.
    return next((b for b in candidates if squash(b.address) == wanted
                 and not (business.credit_code and b.credit_code and b.credit_code != business.credit_code)), None)


_PERSON_FIELDS = ("name", "phone", "address", "gender", "id_type", "id_number", "birth_date")
_BUSINESS_FIELDS = ("name", "address", "credit_code", "legal_rep", "phone", "contact")


def _merge(record, values: dict, fields) -> list[dict]:
    """Take newly supplied non-empty values; never blank out what is already known."""
    before = {f: getattr(record, f) for f in fields}
    for f in fields:
        value = values.get(f)
        if value not in (None, "") and not (f == "gender" and value == "unknown"):
            setattr(record, f, value)
    return audit.diff(before, {f: getattr(record, f) for f in fields})


def _stale(record, what: str) -> Conflict:
    """Who saved the record last and when, from its newest audit row."""
    last = (AuditLog.select(AuditLog.by_name, AuditLog.at)
            .where((AuditLog.entity == type(record)._meta.table_name) & (AuditLog.entity_id == record.id))
            .order_by(AuditLog.id.desc()).first())
    who, when = (last.by_name, last.at) if last else ("其他用户", record.updated_at)
    return Conflict(f"{what}“{record.name}”的信息已被 {who} 于 {when:%Y-%m-%d %H:%M} 修改；"
                    "您填写的内容已保留，请刷新后核对再保存", who, when)


def _save_versioned(record, what: str, loaded_version: int | None) -> None:
    """Write a merged party record unless someone saved it after it was read — or after the form
    that supplied the values was loaded (`loaded_version`): never overwrite silently."""
    if loaded_version is not None and record.version != loaded_version:
        raise _stale(record, what)
    model, old = type(record), record.version
    record.updated_at, record.version = now(), old + 1
    data = model_to_dict(record, recurse=False, exclude=[model.id])
    if model.update(**data).where((model.id == record.id) & (model.version == old)).execute() != 1:
        raise _stale(model.get_by_id(record.id), what)


def save_complainant(actor: Actor, person: CleanPerson, case_number: str = "",
                     loaded: tuple[int, int] | None = None) -> Complainant:
    """`loaded`: (id, version) of the complainant as the editing form showed it."""
    values = {f: getattr(person, f) for f in _PERSON_FIELDS}
    return _save_party(actor, _COMPLAINANT, values, find_complainant(person), case_number, loaded)


def save_business(actor: Actor, business: CleanBusiness, case_number: str = "",
                  loaded: tuple[int, int] | None = None) -> Business:
    """`loaded`: (id, version) of the business as the editing form showed it."""
    values = {f: getattr(business, f) for f in _BUSINESS_FIELDS}
    record = find_business(business)
    if record is not None and business.credit_code and record.credit_code \
            and record.credit_code != business.credit_code:
        values.pop("credit_code")   # a different code means a different business: keep the record's
    return _save_party(actor, _BUSINESS, values, record, case_number, loaded)


@dataclass(frozen=True)
class _PartyKind:
    """What differs between saving a complainant and a business: the rest is one path."""
    model: type
    table: str          # audit table and index_party_cases keyword prefix
    label: str          # the noun in audit summaries and stale-save messages
    fields: tuple


_COMPLAINANT = _PartyKind(Complainant, "complainant", "投诉人", _PERSON_FIELDS)
_BUSINESS = _PartyKind(Business, "business", "经营者", _BUSINESS_FIELDS)


def _save_party(actor: Actor, kind: _PartyKind, values: dict, record, case_number: str,
                loaded: tuple[int, int] | None):
    """Create the party, or merge the registration's values into the matching record (versioned,
    audited, and re-indexed for search when anything changed)."""
    if record is None:
        record = kind.model.create(**values)
        audit.record(actor, "create", kind.table, record.id, summary=f"新建{kind.label} {values['name']}",
                     changes=audit.created(values))
        return record
    changes = _merge(record, values, kind.fields)
    if changes:
        _save_versioned(record, kind.label, loaded[1] if loaded and loaded[0] == record.id else None)
        audit.record(actor, "update", kind.table, record.id,
                     summary=f"登记 {case_number} 时更新{kind.label}信息", changes=changes)
        index_party_cases(**{f"{kind.table}_id": record.id})
    return record


def search_businesses(text: str, limit: int = 20) -> list[dict]:
    """Type-ahead: businesses whose name or credit code contains the text, most complained first."""
    term = clean(text)
    if not term:
        return []
    count = fn.COUNT(Case.id)
    query = (Business.select(Business, count.alias("cases"))
             .join(Case, JOIN.LEFT_OUTER, on=(Case.business == Business.id))
             .where(contains(Business.name, term) | contains(Business.credit_code, term.upper()))
             .group_by(Business.id).order_by(count.desc(), Business.name).limit(limit))
    return [{"id": b.id, "name": b.name, "credit_code": b.credit_code or "", "address": b.address,
             "legal_rep": b.legal_rep, "phone": b.phone, "contact": b.contact, "cases": b.cases}
            for b in query]


def get_business(business_id: int) -> Business:
    found = Business.get_or_none(id=business_id)
    if found is None:
        raise NotFound("经营者不存在")
    return found
