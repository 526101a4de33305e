"""`demo --cases N`: fill the database with realistic, varied synthetic cases over the last
24 months — every state, category, nature, channel and outcome; deterministic for a seed.

Rows are built in memory a batch at a time and written in bulk (app/db/bulk.py: executemany on
SQLite, COPY on PostgreSQL), all in one transaction with one audit row: 100,000 cases in
seconds, a million in minutes. Deadlines come from the same clock as real cases.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.db.bulk import bulk_insert, next_id, sync_id_sequence
from app.db.connection import write_transaction
from app.db.fts import bulk_indexing
from app.db.models import (
    Agreement, AgreementTerm, Business, Case, CaseSearch, CaseSequence, ClockEvent, Complainant, Consultation,
    DictEntry, FollowUp, MediationSession, User, follow_up_mark,
)
from app.domain import numbering
from app.domain.clock import ClockFacts, Pause, compute_clock
from app.domain import grounds
from app.domain.codes import CONSULTATION_TOPICS, handling_basis
from app.domain.lifecycle import clock_stopped
from app.domain.errors import NotAllowed
from app.services import audit
from app.services import demo_people as people
from app.services.context import Actor, require, today
from app.services.search_index import search_columns
from app.services.settings import get_settings, work_calendar

DEMO_MEDIATORS = [("tiaojie1", "王建国"), ("tiaojie2", "李秀英"), ("tiaojie3", "陈志强"), ("tiaojie4", "赵丽")]
DEMO_UNITS = [("U01", "城关分会"), ("U02", "白沙镇联络站")]
COUNTY = "某县"
BATCH = 20_000      # cases built and written at a time (a million never sit in memory at once)

NATURE_WEIGHTS = [("N01", 30), ("N02", 20), ("N03", 15), ("N04", 8), ("N05", 5), ("N06", 6),
                  ("N07", 4), ("N08", 2), ("N09", 2), ("N10", 8)]
CHANNEL_WEIGHTS = [("phone", 35), ("platform12315", 25), ("visit", 20), ("web", 12), ("letter", 3), ("other", 5)]
OUTCOME_WEIGHTS = [("mediated", 42), ("settled", 15), ("terminated", 12), ("withdrawn", 8),
                   ("rejected", 9), ("transferred", 4), (None, 10)]
SATISFACTION_WEIGHTS = [("very_satisfied", 35), ("satisfied", 45), ("neutral", 13), ("unsatisfied", 7)]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


@dataclass
class DemoReport:
    cases: int
    complainants: int
    businesses: int
    sessions: int
    consultations: int


def real_case_count() -> int:
    """Cases the office registered or imported itself (demo cases carry source "demo")."""
    return Case.select().where(Case.source != "demo").count()


def real_users() -> list[str]:
    """Users other than the demo mediators: a list people work with."""
    demo = [username for username, _ in DEMO_MEDIATORS]
    return [u for (u,) in User.select(User.username).where(User.username.not_in(demo)).tuples()]


def _ensure_demo_setup() -> list[int]:
    """Demo units, and demo mediators for the demo cases — but never into a real user list (the
    demo cases then have no mediator named)."""
    for code, label in DEMO_UNITS:
        if not DictEntry.select().where((DictEntry.kind == "unit") & (DictEntry.code == code)).exists():
            DictEntry.create(kind="unit", code=code, label=label, sort_order=int(code[1:]))
    if real_users():
        return []
    ids = []
    for username, name in DEMO_MEDIATORS:
        user = User.get_or_none(User.username == username)
        if user is None:
            # No password: the administrator sets one before a demo mediator can log in.
            user = User.create(username=username, display_name=name, role="mediator")
        ids.append(user.id)
    return ids


class _Builder:
    """Accumulates rows for every table while walking through the generated cases."""

    def __init__(self, rng: random.Random, today_: date, mediators: list[int]):
        self.rng, self.today, self.mediators = rng, today_, mediators
        self.cal, self.settings = work_calendar(), get_settings()
        self.minors = [c for (c,) in DictEntry.select(DictEntry.code).where(
            (DictEntry.kind == "category") & (DictEntry.level == "minor")).tuples()]
        self.case_id, self.session_id = next_id(Case), next_id(MediationSession)
        self.agreement_id = next_id(Agreement)
        self.cases, self.sessions, self.events, self.agreements = [], [], [], []
        self.terms, self.followups = [], []

    def day_after(self, start: date, low: int, high: int) -> date:
        return start + timedelta(days=self.rng.randint(low, high))

    def build_case(self, received: date, person, business) -> dict:
        rng = self.rng
        minor = rng.choice(self.minors)
        goods = rng.choice(people.GOODS.get(minor, ["商品"]))
        nature, channel = _pick(rng, NATURE_WEIGHTS), _pick(rng, CHANNEL_WEIGHTS)
        amount_fen = max(100, int(rng.lognormvariate(6.6, 1.1) * 100))
        purchase = received - timedelta(days=rng.randint(1, 200))
        request_types = rng.sample(["return", "refund", "repair", "replace", "compensate"], rng.randint(1, 2))
        if nature in ("N04", "N07") and rng.random() < 0.4:
            request_types.append("punitive")
        case = {
            "id": self.case_id, "received_date": received, "channel": channel,
            "platform_no": f"1{received:%Y%m%d}{rng.randrange(10 ** 6):06d}" if channel == "platform12315" else "",
            "basis": handling_basis(channel),
            "handling_unit": "U00" if rng.random() < 0.8 else rng.choice(DEMO_UNITS)[0],
            "complainant": person[0], "business": business[0], "state": "registered", "outcome": None,
            "goods_name": goods, "purchase_date": purchase, "purchase_place": business[2],
            "quantity": rng.choice([1, 1, 1, 2, 3]) if rng.random() > 0.005 else rng.randint(30, 200),
            "category_code": minor, "category_major": minor[:3], "nature_code": nature, "amount": amount_fen,
            "facts": people.facts(rng, goods, nature, purchase, f"{amount_fen / 100:.2f}"),
            "request_types": ",".join(request_types), "request_text": people.request_text(request_types),
            "typical": False, "typical_summary": "", "accepted_date": None, "closed_date": None,
            "reject_ground": None, "reject_text": "", "transfer_to": "", "transfer_reason": "",
            "terminate_ground": None, "terminate_text": "", "close_note": "", "recovered": None,
            "punitive": None, "notice_sent_date": None, "mediator": None, "_pauses": (),
        }
        self._progress(case, amount_fen)
        case["_search"] = (person[1], person[6], person[4], business[1], business[3], goods,
                           case["platform_no"], case["facts"], case["request_text"])
        self.case_id += 1
        self.cases.append(case)
        return case

    def _progress(self, case: dict, amount_fen: int) -> None:
        """Walk the case along its lifecycle as far as its age allows."""
        rng, received = self.rng, case["received_date"]
        outcome = _pick(rng, OUTCOME_WEIGHTS)
        if outcome == "rejected":
            self._close_early(case, "rejected", self.cal.add_working_days(received, rng.randint(1, 7)))
            return
        if outcome == "transferred":
            self._close_early(case, "transferred", self.cal.add_working_days(received, rng.randint(0, 4)))
            return
        accepted = self.cal.add_working_days(received, rng.choice((0, 1, 1, 2, 3, 5, 6)))
        if outcome == "withdrawn" and rng.random() < 0.3:
            self._close_early(case, "withdrawn", self.day_after(received, 1, 5))
            return
        if accepted > self.today:
            return
        case.update(accepted_date=accepted, state="accepted", mediator=rng.choice(self.mediators) if self.mediators else None)
        closed = self.day_after(accepted, 3, 58) if outcome else None
        last_day = min(closed or self.today, self.today)
        self._add_sessions(case, accepted, last_day)
        if outcome and closed <= self.today:
            self._close_after_mediation(case, outcome, closed, amount_fen)
        elif self.sessions and self.sessions[-1][1] == case["id"]:
            case["state"] = "mediating"
            if rng.random() < 0.12:
                pause_day = self.day_after(accepted, 1, 10)
                if pause_day <= self.today:
                    case["state"], case["_pauses"] = "suspended", (Pause(pause_day),)
                    self.events.append((case["id"], "pause", pause_day, "送检测机构检测", "某县产品质量检验所", "business"))
            elif outcome == "mediated" and rng.random() < 0.5:
                case["state"] = "agreed"
                self._add_agreement(case, last_day, amount_fen, performed=False)

    def _close_early(self, case: dict, outcome: str, day: date) -> None:
        if day > self.today:
            return
        case.update(state="closed", outcome=outcome, closed_date=day)
        if outcome == "rejected":
            # the first five grounds of the order in force when the complaint was received
            case["reject_ground"] = self.rng.choice(grounds.pickable(grounds.REJECT, case["received_date"])[:5])
        elif outcome == "transferred":
            case.update(transfer_to=f"{COUNTY}市场监督管理局", transfer_reason="涉嫌违法行为，移送行政机关处理")
        else:
            case["close_note"] = "投诉人与经营者协商后撤回投诉"

    def _close_after_mediation(self, case: dict, outcome: str, closed: date, amount_fen: int) -> None:
        rng = self.rng
        case.update(state="closed", outcome=outcome, closed_date=closed)
        if outcome == "mediated":
            total, punitive = self._add_agreement(case, closed, amount_fen, performed=True)
            case["recovered"], case["punitive"] = total, punitive or None
            if rng.random() < 0.01:
                case["typical"] = True
                quality = "质量" if case["nature_code"] == "N01" else ""
                case["typical_summary"] = f"{case['goods_name']}{quality}纠纷，经调解达成协议，经营者依法承担责任。"
        elif outcome == "settled":
            case["recovered"] = amount_fen * rng.choice((3, 5, 8, 10)) // 10
        elif outcome == "terminated":
            case["terminate_ground"] = rng.choice(grounds.pickable(grounds.TERMINATE, case["received_date"])[1:5])
            notice = self.cal.add_working_days(closed, rng.randint(1, 6))
            case["notice_sent_date"] = notice if notice <= self.today and rng.random() < 0.95 else None
            case["recovered"] = 0
        else:
            case["close_note"] = "调解过程中投诉人撤回投诉"
        if outcome in ("mediated", "settled", "terminated") and rng.random() < 0.7:
            day = self.day_after(closed, 1, 12)
            if day <= self.today:
                satisfaction = _pick(rng, SATISFACTION_WEIGHTS)
                unsatisfied = satisfaction == "unsatisfied"
                self.followups.append((case["id"], day, rng.choice(["phone", "phone", "visit", "sms"]),
                                       rng.choice(people.DEMO_FOLLOWERS), satisfaction,
                                       outcome == "mediated", "对处理结果有异议" if unsatisfied else "",
                                       unsatisfied, unsatisfied and rng.random() < 0.6))

    def _add_sessions(self, case: dict, first: date, last: date) -> None:
        rng, span = self.rng, max(0, (last - first).days)
        for index in range(rng.choice((0, 1, 1, 2, 2, 3)) if span else 0):
            day = first + timedelta(days=min(span, 1 + index * max(1, span // 3)))
            form = rng.choice(["joint", "joint", "consumer_only", "business_only"])
            self.sessions.append((self.session_id, case["id"], "held", datetime(day.year, day.month, day.day, 9 + index),
                                  "本会调解室", rng.choice(["onsite", "onsite", "phone", "video"]), form,
                                  "调解员", "记录员", "投诉人、经营者代表", "调解员：请双方陈述事实。\n投诉人：……\n经营者：……",
                                  "双方同意继续协商" if index == 0 else "双方意见接近", "", day))
            self.session_id += 1

    def _add_agreement(self, case: dict, signed: date, amount_fen: int, performed: bool) -> tuple[int, int]:
        rng = self.rng
        terms = [("refund", "经营者退还投诉人货款", amount_fen)]
        if rng.random() < 0.3:
            terms.append(("compensate", "经营者补偿投诉人交通费等损失", rng.choice((5000, 10000, 20000))))
        if "punitive" in case["request_types"] and rng.random() < 0.5:
            terms.append(("punitive", "经营者按消费者权益保护法第五十五条支付赔偿金", max(50000, amount_fen * 3)))
        deadline = signed + timedelta(days=7)
        self.agreements.append((self.agreement_id, case["id"], signed, "本会调解室", "当场以转账方式支付",
                                "本会调解室", deadline, 3, "performed" if performed else "pending",
                                signed if performed else None))
        for seq, (kind, text, fen) in enumerate(terms, 1):
            self.terms.append((self.agreement_id, seq, kind, text, fen, deadline))
        self.agreement_id += 1
        return sum(t[2] for t in terms), sum(t[2] for t in terms if t[0] == "punitive")

    def clock_columns(self, case: dict) -> None:
        facts = ClockFacts(case["received_date"], case["basis"], case["state"], case["accepted_date"],
                           case["closed_date"], case["outcome"], case["notice_sent_date"], case["_pauses"])
        result = compute_clock(facts, self.cal, self.settings)
        case.update(rule_set=result.rule_set, next_deadline=result.next_due, next_deadline_kind=result.next_kind,
                    clock_paused=clock_stopped(result.paused, case["state"]))


def _make_parties(rng: random.Random, n: int, today_: date):
    persons, businesses = [], []
    first_person, first_business = next_id(Complainant), next_id(Business)
    for i in range(max(1, int(n * 0.85))):
        has_id = rng.random() < 0.7
        number, born, gender = people.resident_id(rng, today_) if has_id else ("", None, "unknown")
        persons.append((first_person + i, people.person_name(rng), gender, "resident", number, born,
                        people.mobile(rng), people.address(rng, COUNTY)))
    taken = set(c for (c,) in Business.select(Business.credit_code).tuples() if c)
    for i in range(max(5, n // 6)):
        code = people.credit_code(rng) if rng.random() < 0.8 else None
        if code in taken:
            code = None
        taken.add(code)
        goods = rng.choice(["家电", "手机", "服装", "食品", "装饰", "汽车", "美容", "教育", "旅游", "超市"])
        businesses.append((first_business + i, people.business_name(rng, COUNTY, goods), people.address(rng, COUNTY),
                           code, people.person_name(rng), people.mobile(rng)))
    return persons, businesses


class _Numbers:
    """Case numbers in order of receipt, each year's counter carried from batch to batch and
    saved once at the end."""

    def __init__(self):
        settings = get_settings()
        self.fmt, self.code = settings["case.number_format"], settings["org.short_code"]
        self.width = int(settings["case.sequence_width"])
        self.last = {s.year: s.last for s in CaseSequence.select()}

    def assign(self, cases: list[dict]) -> None:
        for case in cases:
            year = case["received_date"].year
            self.last[year] = self.last.get(year, 0) + 1
            case["number"] = numbering.format_number(self.fmt, self.code, year, self.last[year], self.width)

    def save(self) -> None:
        for year, value in self.last.items():
            CaseSequence.insert(year=year, last=value).on_conflict(
                conflict_target=[CaseSequence.year], update={CaseSequence.last: value}).execute()


CASE_COLUMNS = ["id", "number", "received_date", "channel", "platform_no", "basis", "handling_unit", "complainant",
                "business", "mediator", "state", "outcome", "goods_name", "purchase_date", "purchase_place",
                "quantity", "category_code", "category_major", "nature_code", "amount", "facts", "request_types",
                "request_text", "typical", "typical_summary", "accepted_date", "reject_ground", "reject_text",
                "transfer_to", "transfer_reason", "closed_date", "terminate_ground", "terminate_text", "close_note",
                "recovered", "punitive", "notice_sent_date", "rule_set", "next_deadline", "next_deadline_kind",
                "clock_paused"]


def generate_demo(actor: Actor, n: int, seed: int = 1, progress=None, force: bool = False,
                  batch: int = BATCH) -> DemoReport:
    """`force`: also into a database that holds real cases (they would be counted together).
    The cases are built and written `batch` at a time (memory stays bounded at a million), all in
    one transaction; the batch size never changes the data a seed gives."""
    require(actor, "settings")
    rng, today_ = random.Random(seed), today()
    with write_transaction():
        real = real_case_count()
        if real and not force:
            raise NotAllowed(f"这里已有 {real:,} 件真实案件，演示数据会混入统计报表和台账；请为演示另用一个空的数据文件夹"
                             "（--data-dir），确需加入时加 --force")
        mediators = _ensure_demo_setup()
        persons, businesses = _make_parties(rng, n, today_)
        _write_parties(persons, businesses)
        builder, numbers = _Builder(rng, today_, mediators), _Numbers()
        first_session = builder.session_id
        received_days = sorted(today_ - timedelta(days=int(730 * rng.random() ** 0.9)) for _ in range(n))
        with bulk_indexing(expected=n):
            for index, received in enumerate(received_days):
                person = persons[min(len(persons) - 1, int(len(persons) * rng.random()))]
                business = businesses[int(len(businesses) * rng.random() ** 2.2)]
                builder.build_case(received, person, business)
                if len(builder.cases) >= batch:
                    _write_batch(builder, numbers)
                if progress and index % 5000 == 0:
                    progress(index, n)
            _write_batch(builder, numbers)
        numbers.save()
        _write_consultations(rng, today_, n)
        for model in (Complainant, Business, Case, MediationSession, Agreement):
            sync_id_sequence(model)
        audit.record(actor, "demo", "case", None, summary=f"生成演示数据 {n} 件（种子 {seed}）")
    return DemoReport(n, len(persons), len(businesses), builder.session_id - first_session, n // 3)


def _write_parties(persons, businesses) -> None:
    bulk_insert(Complainant, ["id", "name", "gender", "id_type", "id_number", "birth_date", "phone", "address"], persons)
    bulk_insert(Business, ["id", "name", "address", "credit_code", "legal_rep", "phone"], businesses)


def _write_batch(builder: _Builder, numbers: _Numbers) -> None:
    """The cases built so far, with their sessions, agreements and follow-ups; then the builder
    starts the next batch empty."""
    for case in builder.cases:
        builder.clock_columns(case)
    numbers.assign(builder.cases)
    now_ = datetime.now().replace(microsecond=0)
    rows = [tuple(c[k] for k in CASE_COLUMNS) + ("demo", now_, now_, "演示数据") for c in builder.cases]
    bulk_insert(Case, CASE_COLUMNS + ["source", "created_at", "updated_at", "updated_by_name"], rows)
    bulk_insert(CaseSearch, ["case", "text", "pii"], [
        (c["id"], *search_columns(c["number"], *c["_search"]).values()) for c in builder.cases])
    bulk_insert(MediationSession, ["id", "case", "status", "scheduled_at", "place", "mode", "form", "mediators",
                                   "recorder", "present", "record_text", "result", "next_step", "notified_date"],
                builder.sessions)
    bulk_insert(ClockEvent, ["case", "kind", "day", "reason", "agency", "payer"], builder.events)
    bulk_insert(Agreement, ["id", "case", "signed_date", "place", "performance_way", "performance_place",
                            "performance_deadline", "copies", "performance_status", "performance_date"],
                builder.agreements)
    bulk_insert(AgreementTerm, ["agreement", "seq", "term_type", "description", "amount", "deadline"], builder.terms)
    bulk_insert(FollowUp, ["case", "day", "method", "by_name", "satisfaction", "performed", "note",
                           "needs_supervisor", "supervisor_done"], builder.followups)
    if builder.cases:       # 待回访 of the batch, from its follow-ups (the cases were written with no)
        follow_up_mark(Case.id.between(builder.cases[0]["id"], builder.cases[-1]["id"])).execute()
    builder.cases, builder.sessions, builder.events, builder.agreements = [], [], [], []
    builder.terms, builder.followups = [], []


def _write_consultations(rng: random.Random, today_: date, n: int) -> None:
    consultations = []
    for _ in range(n // 3):
        day = today_ - timedelta(days=rng.randrange(730))
        consultations.append((day, rng.choice(["phone", "phone", "visit", "web"]),
                              rng.choice(CONSULTATION_TOPICS.codes()), rng.choice((1, 1, 1, 2, 3)), "", "U00"))
    bulk_insert(Consultation, ["day", "channel", "topic", "count", "note", "handling_unit"], consultations)
