"""Plain input records the UI, the command line and the importer fill in for the services.

Values may be text as typed (the services normalise and check them) or already typed values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass
class PersonInput:
    name: str = ""
    phone: str = ""
    address: str = ""
    gender: str = "unknown"
    id_type: str = "resident"
    id_number: str = ""
    birth_date: date | None = None
    version: int | None = None       # of the stored record the editing form showed (stale-save check)


@dataclass
class AgentInput:
    name: str = ""
    kind: str = "agent"            # agent | representative
    phone: str = ""
    id_type: str = "resident"
    id_number: str = ""
    relation: str = ""
    authorization: str = ""


@dataclass
class BusinessInput:
    name: str = ""
    address: str = ""
    credit_code: str = ""
    legal_rep: str = ""
    phone: str = ""
    contact: str = ""
    existing_id: int | None = None   # picked from the type-ahead list
    version: int | None = None       # of the stored record the editing form showed (stale-save check)


@dataclass
class ComplaintInput:
    complainant: PersonInput = field(default_factory=PersonInput)
    business: BusinessInput = field(default_factory=BusinessInput)
    agents: list[AgentInput] = field(default_factory=list)
    received_date: date | None = None         # default today
    channel: str = "visit"
    platform_no: str = ""
    basis: str | None = None                  # None: entrusted when transferred from 12315, else own
    handling_unit: str = "U00"
    goods_name: str = ""
    purchase_date: date | None = None
    purchase_place: str = ""
    quantity: int | str | None = None
    category_code: str = ""
    nature_code: str = ""
    amount: Decimal | str | None = None
    facts: str = ""
    request_types: list[str] = field(default_factory=list)
    request_text: str = ""
    evidence_note: str = ""
    consent_publish: bool = False
    consent_entrusted: bool = True
    typical: bool = False
    typical_summary: str = ""
    note: str = ""
    mediator_id: int | None = None


@dataclass
class SessionInput:
    scheduled_at: datetime | None = None
    place: str = ""
    mode: str = "onsite"
    form: str = "joint"
    mediators: str = ""
    recorder: str = ""
    present: str = ""
    record_text: str = ""
    result: str = ""
    next_step: str = ""
    notified_date: date | None = None


@dataclass
class TermInput:
    term_type: str = "refund"
    description: str = ""
    amount: Decimal | str | None = None
    deadline: date | None = None


@dataclass
class AgreementInput:
    signed_date: date | None = None
    place: str = ""
    performance_way: str = ""
    performance_place: str = ""
    performance_deadline: date | None = None
    copies: int = 3
    terms: list[TermInput] = field(default_factory=list)
    dispute_facts: str = ""        # 纠纷事实及请求; empty: the agreement prints the complaint (agreement_facts)


@dataclass
class FollowUpInput:
    day: date | None = None
    method: str = "phone"
    satisfaction: str = "satisfied"
    performed: bool | None = None
    note: str = ""
    by_name: str = ""
