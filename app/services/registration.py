"""Registering a complaint (投诉登记) and editing what was registered."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.db.connection import write_transaction
from app.db.models import Business, Case, CaseAgent, CaseSequence, Complainant, DictEntry
from app.domain import numbering
from app.domain.classification import major_of
from app.domain.codes import CHANNELS, HANDLING_BASIS, REQUEST_TYPES, RULE_SETS, handling_basis
from app.domain.errors import ErrorCollector, ValidationFailed
from app.domain.field_labels import agent_field
from app.domain.money import MoneyError, parse_money
from app.domain.validators import (
    check_chosen, check_length, check_not_future, check_phone, check_platform_no, check_purchase_before_receipt,
    check_quantity, check_required, check_typical_summary, clean, normalize_phone, tidy,
)
from app.domain.identity import check_id_number
from app.services import audit
from app.services.case_actions import Applied, perform, step
from app.services.clock import refresh_case_clock
from app.services.context import Actor, require, today
from app.services.inputs import ComplaintInput
from app.services.lookups import MEDIATOR_GONE, is_active_mediator
from app.services.parties import (
    CleanBusiness, CleanPerson, check_business, check_person, check_texts, save_business, save_complainant,
)
from app.services.search_index import index_cases
from app.services.settings import get_settings

TEXT_LIMIT = 10000   # characters of facts or request; a ledger cell of 20,000 is refused
SKIP_LIMIT = 1000    # numbers taken already (imported in another order) skipped at most


@dataclass
class CleanComplaint:
    person: CleanPerson
    business: CleanBusiness
    agents: list[dict]
    case: dict          # Case column values (without parties, number and clock)
    id_notes: list[str] = field(default_factory=list)   # identity numbers the clerk should look at again


@dataclass
class RegisterResult:
    case_id: int
    number: str
    warnings: list = field(default_factory=list)


def _check_choice(errors, key, value, codeset, what):
    if value not in codeset:
        errors.add(key, check_chosen(None, what))


def _check_dictionary(errors, key, code, kind, what) -> None:
    if not code:
        errors.add(key, check_chosen(code, what))
    elif not DictEntry.select().where((DictEntry.kind == kind) & (DictEntry.code == code)).exists():
        errors.add(key, f"{what}“{code}”不在分类表中")


def _check_agents(data: ComplaintInput, errors: ErrorCollector, notes: list[str]) -> list[dict]:
    """The agents' column values; what the clerk should know about their numbers goes to `notes`."""
    agents = []
    reps = [a for a in data.agents if a.kind == "representative"]
    if len(reps) > 2:
        errors.add("agents", f"共同投诉最多推选2名代表人（{RULE_SETS.label('O121')}第十二条）")
    for i, agent in enumerate(data.agents):
        key = f"agents.{i}"
        name = tidy(agent.name)
        check_texts(errors, ((f"{key}.name", agent.name, "姓名"), (f"{key}.relation", agent.relation, "与投诉人关系"),
                             (f"{key}.authorization", agent.authorization, "授权委托事项", True),
                             (f"{key}.phone", agent.phone, "电话"), (f"{key}.id_number", agent.id_number, "证件号码")))
        errors.check(f"{key}.name", check_required(name, "代理人/代表人姓名"))
        phone = normalize_phone(agent.phone)
        if phone:
            errors.check(f"{key}.phone", check_phone(phone))
        id_type = agent.id_type or "resident"
        checked = check_id_number(id_type, agent.id_number, today())
        errors.check(f"{key}.id_number", checked.error)
        notes.extend(f"{name or '代理人'}：{note}" for note in checked.notes)
        if agent.kind == "agent" and not tidy(agent.authorization):
            errors.add(f"{key}.authorization", f"委托代理人须写明授权委托事项（{RULE_SETS.label('O121')}第十一条）")
        agents.append({"kind": agent.kind, "name": name, "phone": phone, "id_type": id_type, "id_number": checked.number,
                       "relation": tidy(agent.relation), "authorization": tidy(agent.authorization)})
    return agents


def _check_dispute(data: ComplaintInput, errors: ErrorCollector) -> dict:
    received = data.received_date or today()
    errors.check("received_date", check_not_future(received, today(), "登记日期"))
    errors.check("purchase_date", check_not_future(data.purchase_date, today(), "购买日期")
                 or check_purchase_before_receipt(data.purchase_date, received))
    _check_choice(errors, "channel", data.channel, CHANNELS, "来源渠道")
    platform_no = clean(data.platform_no)
    errors.check("platform_no", check_platform_no(data.channel, platform_no))
    basis = handling_basis(data.channel, data.basis)
    _check_choice(errors, "basis", basis, HANDLING_BASIS, "办理依据")
    _check_dictionary(errors, "category_code", data.category_code, "category", "商品或服务类别")
    _check_dictionary(errors, "nature_code", data.nature_code, "nature", "投诉性质")
    _check_dictionary(errors, "handling_unit", data.handling_unit, "unit", "承办单位")
    try:
        amount = parse_money(data.amount, "涉案金额")
    except MoneyError as exc:
        errors.add("amount", str(exc))
        amount = None
    errors.check("quantity", check_quantity(data.quantity))
    quantity_text = str(data.quantity if data.quantity is not None else "").strip()
    quantity = int(quantity_text) if quantity_text.isdigit() else None
    check_texts(errors, (("platform_no", data.platform_no, "平台编号"), ("goods_name", data.goods_name, "商品或服务名称"),
                         ("purchase_place", data.purchase_place, "购买地点"), ("facts", data.facts, "投诉事实", True),
                         ("request_text", data.request_text, "投诉请求", True),
                         ("evidence_note", data.evidence_note, "证据说明", True), ("note", data.note, "备注", True),
                         ("typical_summary", data.typical_summary, "简要案情", True)))
    facts, request_text = tidy(data.facts), tidy(data.request_text)
    errors.check("facts", check_required(facts, "投诉事实") or check_length(facts, TEXT_LIMIT, "投诉事实"))
    errors.check("request_text", check_required(request_text, "投诉请求")
                 or check_length(request_text, TEXT_LIMIT, "投诉请求"))
    unknown = [t for t in data.request_types if t not in REQUEST_TYPES]
    if unknown:
        errors.add("request_types", f"未知的请求类型：{'、'.join(unknown)}")
    errors.check("typical_summary", check_typical_summary(data.typical, data.typical_summary))
    if data.mediator_id is not None and not is_active_mediator(data.mediator_id):
        errors.add("mediator_id", MEDIATOR_GONE)
    for key, value, limit in (("goods_name", data.goods_name, 120), ("purchase_place", data.purchase_place, 200),
                              ("evidence_note", data.evidence_note, TEXT_LIMIT), ("note", data.note, TEXT_LIMIT),
                              ("typical_summary", data.typical_summary, TEXT_LIMIT)):
        errors.check(key, check_length(value, limit, "该项"))
    return {
        "received_date": received, "channel": data.channel, "platform_no": platform_no, "basis": basis,
        "handling_unit": data.handling_unit, "goods_name": tidy(data.goods_name),
        "purchase_date": data.purchase_date, "purchase_place": tidy(data.purchase_place),
        "quantity": quantity, "category_code": data.category_code,
        "category_major": major_of(data.category_code or "O01"), "nature_code": data.nature_code,
        "amount": amount, "facts": facts, "request_types": ",".join(data.request_types),
        "request_text": request_text, "evidence_note": tidy(data.evidence_note),
        "consent_publish": bool(data.consent_publish), "consent_entrusted": bool(data.consent_entrusted),
        "typical": bool(data.typical), "typical_summary": tidy(data.typical_summary),
        "note": tidy(data.note), "mediator": data.mediator_id,
    }


def validate_complaint(data: ComplaintInput) -> CleanComplaint:
    """Every check of docs/rules.md §4 at once; raises ValidationFailed listing all problems."""
    errors = ErrorCollector()
    person = check_person(data.complainant, errors)
    business = check_business(data.business, errors)
    id_notes = [f"投诉人：{note}" for note in person.id_notes]
    agents = _check_agents(data, errors, id_notes)
    case = _check_dispute(data, errors)
    errors.raise_if_any("登记信息有误，请按提示修改后再保存")
    return CleanComplaint(person, business, agents, case, id_notes)


class SequenceExhausted(ValidationFailed):
    """The year's counter is beyond any sane number (poisoned by an old import, or edited)."""


def next_number(year: int, floor: int = 0) -> tuple[str, int]:
    """The next case number of `year`; call inside the registering transaction. The sequence row
    is locked by the update (PostgreSQL) or the write lock (SQLite), so two clerks never get the
    same number. `floor`: the number must come after it (a ledger import numbers its unnumbered
    rows after the file's own numbers). A number that exists already is skipped, a bounded number
    of times; a counter beyond the sane range stops registration with what to do, never a loop."""
    settings = get_settings()
    fmt, code = settings["case.number_format"], settings["org.short_code"]
    width = int(settings["case.sequence_width"])
    CaseSequence.insert(year=year, last=0).on_conflict_ignore().execute()
    if floor:
        CaseSequence.update(last=floor).where((CaseSequence.year == year) & (CaseSequence.last < floor)).execute()
    seq = CaseSequence.get_by_id(year).last
    for _ in range(SKIP_LIMIT):
        if not isinstance(seq, int) or seq >= numbering.MAX_SEQUENCE:
            raise SequenceExhausted({}, f"{year}年的案件编号序列已到 {seq}，超出可用范围；"
                                        "请管理员运行“check --repair”修复编号序列后再登记")
        CaseSequence.update(last=CaseSequence.last + 1).where(CaseSequence.year == year).execute()
        seq = CaseSequence.get_by_id(year).last
        number = numbering.format_number(fmt, code, year, seq, width)
        if not Case.select().where(Case.number == number).exists():
            return number, seq
    raise SequenceExhausted({}, f"{year}年之后的 {SKIP_LIMIT} 个案件编号都已被使用；"
                                "请管理员运行“check --repair”修复编号序列后再登记")


def register(actor: Actor, data: ComplaintInput, source: str = "manual") -> RegisterResult:
    require(actor, "register")
    clean_data = validate_complaint(data)
    from app.services.warnings import complaint_warnings
    warnings = complaint_warnings(clean_data)
    with write_transaction():
        number, _ = next_number(clean_data.case["received_date"].year)
        case = _insert_case(actor, clean_data, number, source)
        audit.record(actor, "register", "case", case.id, case_id=case.id, summary=f"登记投诉 {number}",
                     changes=audit.created({"number": number, **clean_data.case}))
    return RegisterResult(case.id, number, warnings)


def _insert_case(actor: Actor, clean_data: CleanComplaint, number: str, source: str) -> Case:
    person = save_complainant(actor, clean_data.person, number)
    business = save_business(actor, clean_data.business, number)
    case = Case(number=number, complainant=person, business=business, registered_by=actor.user_id,
                state="registered", source=source, updated_by_name=actor.display_name, **clean_data.case)
    refresh_case_clock(case)
    case.save()
    for agent in clean_data.agents:
        CaseAgent.create(case=case, **agent)
    index_cases([case.id])
    return case


EDITABLE_FIELDS = ("channel", "platform_no", "basis", "handling_unit", "goods_name", "purchase_date",
                   "purchase_place", "quantity", "category_code", "category_major", "nature_code",
                   "amount", "facts", "request_types", "request_text", "evidence_note", "consent_publish",
                   "consent_entrusted", "typical", "typical_summary", "note", "mediator", "received_date")


def update_complaint(actor: Actor, case_id: int, data: ComplaintInput, expected_version: int) -> int:
    """Save edits of the registration (the action "edit"); returns the new version. A stale
    version is refused."""
    return perform(actor, case_id, "edit", {"data": data}, expected_version).version


def _validated(facts: dict) -> dict:
    return facts | {"clean": validate_complaint(facts["data"])}


@step("edit", check=_validated)
def _edit(actor: Actor, case: Case, facts: dict) -> Applied:
    data, clean_data = facts["data"], facts["clean"]
    if case.accepted_date and clean_data.case["received_date"] > case.accepted_date:
        raise ValidationFailed.single("received_date", "登记日期不能晚于受理日期")
    before = {f: getattr(case, f if f != "mediator" else "mediator_id") for f in EDITABLE_FIELDS}
    parties_before = _party_versions(case.complainant_id, case.business_id)
    loaded_person = (case.complainant_id, data.complainant.version) if data.complainant.version else None
    loaded_business = ((data.business.existing_id or case.business_id, data.business.version)
                       if data.business.version else None)
    person = save_complainant(actor, clean_data.person, case.number, loaded_person)
    business = save_business(actor, clean_data.business, case.number, loaded_business)
    for f in EDITABLE_FIELDS:
        setattr(case, f, clean_data.case[f])
    case.complainant, case.business = person, business
    agents_before = _agents_of(case.id)
    agents_changed = agents_before != clean_data.agents
    if agents_changed:
        CaseAgent.delete().where(CaseAgent.case == case.id).execute()
        for agent in clean_data.agents:
            CaseAgent.create(case=case, **agent)
    after = {f: getattr(case, f if f != "mediator" else "mediator_id") for f in EDITABLE_FIELDS}
    changes = audit.diff(before, after) + _agent_changes(agents_before, clean_data.agents)
    from app.services.printability import complaint_fields, printing_warning
    unprintable = printing_warning(complaint_fields(clean_data))
    # the party services bump the version of what they change (a new party: another id)
    unchanged = (not changes and not agents_changed
                 and (person.id, person.version, business.id, business.version) == parties_before)
    return Applied(summary="修改登记信息", changes=changes, diff_case=False, unchanged=unchanged,
                   warnings=[unprintable] if unprintable else [], after_save=lambda: index_cases([case.id]))


def _party_versions(complainant_id: int, business_id: int) -> tuple:
    """The case's complainant and business with their versions, before an edit saves them."""
    person = Complainant.select(Complainant.version).where(Complainant.id == complainant_id).scalar()
    business = Business.select(Business.version).where(Business.id == business_id).scalar()
    return complainant_id, person, business_id, business


AGENT_FIELDS = tuple(name for name in CaseAgent._meta.sorted_field_names if name not in ("id", "case"))


def _agent_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """Field-level changes of the agents, by position (agent:N:field): one added shows its fields
    from empty, one taken out its fields to empty, as the 操作日志 shows any other change."""
    changes = []
    for position in range(1, max(len(before), len(after)) + 1):
        old = before[position - 1] if position <= len(before) else {}
        new = after[position - 1] if position <= len(after) else {}
        for change in audit.diff({f: old.get(f) for f in AGENT_FIELDS}, {f: new.get(f) for f in AGENT_FIELDS}):
            if change["old"] not in (None, "") or change["new"] not in (None, ""):
                changes.append(change | {"field": agent_field(position, change["field"])})
    return changes


def _agents_of(case_id: int) -> list[dict]:
    """The case's agents as the registration's cleaned input gives them (their fields, in order)."""
    rows = (CaseAgent.select(*(getattr(CaseAgent, k) for k in AGENT_FIELDS))
            .where(CaseAgent.case == case_id).order_by(CaseAgent.id))
    return [dict(zip(AGENT_FIELDS, row)) for row in rows.tuples()]


