"""A ledger row that names a known complainant or business with other details never changes the
record silently (issue 14, item 2). The import links the case to the record as it is and lists
every difference (PartyChange); the clerk confirms them in the import dialog — or gives
`--update-parties` — and only then `apply_party_changes` writes them, each record in one audited
update. A record that belongs to a closed case or to a case with an agreement is never changed
this way: the signed agreement and the closed file must keep printing what was true then.
"""
from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from app.db.connection import write_transaction
from app.db.models import Agreement, Business, Case, Complainant, now
from app.domain.codes import FORMER_ID_TYPES, GENDERS
from app.services import audit
from app.services.context import Actor, require
from app.services.search_index import index_party_cases

KINDS = {"complainant": (Complainant, "投诉人", Case.complainant), "business": (Business, "经营者", Case.business)}
FIELD_LABELS = {"name": "名称/姓名", "phone": "电话", "address": "地址", "gender": "性别", "id_type": "证件类型",
                "id_number": "证件号码", "birth_date": "出生日期", "credit_code": "统一社会信用代码",
                "legal_rep": "法定代表人", "contact": "联系人"}
KEPT = 2000          # differences listed at most (the same one on many rows is listed once)
LOCKED = "该当事人有已办结或已签调解协议的案件，不能通过导入修改；如确需更正，请在案件中逐件办理"


@dataclass
class PartyChange:
    kind: str                # complainant | business
    record_id: int
    record_name: str
    field: str
    old: object
    new: object
    row: int                 # the first ledger row that brought it
    rows: int = 1            # how many rows brought the same difference
    blocked: str = ""        # why it will not be applied, else ""

    def describe(self) -> str:
        label = KINDS[self.kind][1]
        shown = {"gender": lambda v: GENDERS.label(v, v or ""), "id_type": lambda v: FORMER_ID_TYPES.label(v, v or "")
                 }.get(self.field, lambda v: "" if v is None else str(v))
        more = f"等 {self.rows} 行" if self.rows > 1 else ""
        return (f"第{self.row}行{more}：{label}“{self.record_name}”的{FIELD_LABELS.get(self.field, self.field)}"
                f"，系统中为“{shown(self.old)}”，台账中为“{shown(self.new)}”")


class PartyChanges:
    """Collected while rows are written (db_writer), one entry per (record, field, new value)."""

    def __init__(self):
        self.found: dict[tuple, PartyChange] = {}

    def note(self, kind: str, record_id: int, known: dict, new: dict, row: int, skip: tuple = ()) -> None:
        for field, value in new.items():
            if field in skip or value in (None, "") or (field == "gender" and value == "unknown"):
                continue
            if known.get(field) == value:
                continue
            key = (kind, record_id, field, value)
            if key in self.found:
                self.found[key].rows += 1
            elif len(self.found) < KEPT:
                self.found[key] = PartyChange(kind, record_id, known.get("name", ""), field, known.get(field), value, row)

    def mark(self) -> dict[tuple, int]:
        """What has been noted so far, to go back to (a batch written again row by row)."""
        return {key: change.rows for key, change in self.found.items()}

    def restore(self, mark: dict[tuple, int]) -> None:
        self.found = {key: change for key, change in self.found.items() if key in mark}
        for key, rows in mark.items():
            self.found[key].rows = rows

    def finish(self) -> list[PartyChange]:
        changes = list(self.found.values())
        locked = {(k, r) for k, r in {(c.kind, c.record_id) for c in changes} if _locked(k, r)}
        for change in changes:
            if (change.kind, change.record_id) in locked:
                change.blocked = LOCKED
        return sorted(changes, key=lambda c: (c.row, c.kind, c.field))


def _locked(kind: str, record_id: int) -> bool:
    """Any closed case, or any case with an agreement, of this party."""
    _, _, link = KINDS[kind]
    closed = Case.select(fn.COUNT(Case.id)).where((link == record_id) & (Case.state == "closed")).scalar()
    if closed:
        return True
    return Agreement.select().join(Case, on=(Agreement.case == Case.id)).where(link == record_id).exists()


def apply_party_changes(actor: Actor, changes: list[PartyChange]) -> tuple[list[str], list[str]]:
    """Write the confirmed differences (one audited update per record, in one transaction);
    returns (what was changed, what was not and why), one line each."""
    require(actor, "import")
    done, refused = [], []
    groups: dict[tuple, list[PartyChange]] = {}
    for change in changes:
        groups.setdefault((change.kind, change.record_id), []).append(change)
    with write_transaction():
        for (kind, record_id), items in groups.items():
            model, label, _ = KINDS[kind]
            record = model.get_or_none(id=record_id)
            why = "记录已不存在" if record is None else LOCKED if _locked(kind, record_id) else ""
            if not why and kind == "business":
                why = _code_taken(items, record_id)
            if why:
                refused += [f"{c.describe()}：未修改（{why}）" for c in items]
                continue
            before = {c.field: getattr(record, c.field) for c in items}
            for change in items:
                setattr(record, change.field, change.new)
            record.version, record.updated_at = record.version + 1, now()
            record.save()
            audit.record(actor, "update", kind, record_id, summary=f"确认台账导入中的{label}信息：{record.name}",
                         changes=audit.diff(before, {c.field: c.new for c in items}))
            index_party_cases(**{f"{kind}_id": record_id})
            done += [c.describe() for c in items]
    return done, refused


def _code_taken(items: list[PartyChange], record_id: int) -> str:
    codes = [c.new for c in items if c.field == "credit_code"]
    if codes and Business.select().where((Business.credit_code == codes[0]) & (Business.id != record_id)).exists():
        return "该统一社会信用代码已属于另一经营者"
    if len({c.field for c in items}) != len(items):
        return "台账中不同的行给出了不同的值，请先统一台账"
    return ""
