"""Writing imported ledger rows at the speed of the database, not of the query builder.

peewee builds the SQL of every `.create()` anew — for the 60-column case table that costs more
than the insert itself — and finding a party takes one or two queries per row. An import of
100,000 rows therefore (1) inserts with SQL built once per import (`app.db.bulk.FastInsert`, the
one bulk-insert path, which demo data uses too) and (2) matches
complainants and businesses against an index loaded once (`PartyIndex`) that answers the
question `parties.find_complainant` / `find_business` answer, by the same keys:
- complainant: the ID number; otherwise name and phone (the earliest record);
- business: the credit code; otherwise name and address, ignoring spaces.
A party found is reused as it is — new details in the row are listed for the clerk to confirm
(party_changes), never merged silently; a party not found is inserted here and named in the
import's audit row.
"""
from __future__ import annotations

from app.db.models import Business, Complainant, now
from app.services.parties import CleanBusiness, CleanPerson, squash

PERSON_FIELDS = ("name", "phone", "address", "gender", "id_type", "id_number", "birth_date")
BUSINESS_FIELDS = ("name", "address", "credit_code", "legal_rep", "phone", "contact")


def _covers(known: dict, new: dict, skip: tuple = ()) -> bool:
    """True when merging `new` into `known` would change nothing (parties._merge takes only
    non-empty values, and never an unknown gender)."""
    for field, value in new.items():
        if field in skip or value in (None, "") or (field == "gender" and value == "unknown"):
            continue
        if known.get(field) != value:
            return False
    return True


_MISSING = object()


class PartyIndex:
    """The complainants and businesses known, looked up by their keys; what a batch adds can be
    taken back (mark/restore) when its savepoint rolls back, without reading every party again."""

    def __init__(self):
        self._journal: list[tuple[dict, object, object]] | None = None   # (table, key, value before) since mark()
        self.people: dict[int, dict] = {}
        self.by_id_number: dict[str, int] = {}
        self.by_name_phone: dict[tuple, int] = {}
        self.businesses: dict[int, dict] = {}
        self.by_credit: dict[str, int] = {}
        self.by_name_address: dict[tuple, int] = {}
        columns = [getattr(Complainant, f) for f in PERSON_FIELDS]
        for row in Complainant.select(Complainant.id, *columns).order_by(Complainant.id).tuples().iterator():
            self.add_person(row[0], dict(zip(PERSON_FIELDS, row[1:])))
        columns = [getattr(Business, f) for f in BUSINESS_FIELDS]
        for row in Business.select(Business.id, *columns).order_by(Business.id).tuples().iterator():
            self.add_business(row[0], dict(zip(BUSINESS_FIELDS, row[1:])))
        self._journal = []

    def mark(self) -> int:
        self._journal.clear()          # one savepoint at a time: what came before it stays
        return 0

    def restore(self, mark: int) -> None:
        while len(self._journal) > mark:
            table, key, before = self._journal.pop()
            if before is _MISSING:
                del table[key]
            else:
                table[key] = before

    def _put(self, table: dict, key, value, keep_first: bool = False) -> None:
        if keep_first and key in table:
            return
        if self._journal is not None:   # not while the index is first read
            self._journal.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    # ---- complainants
    def add_person(self, record_id: int, values: dict) -> None:
        self._put(self.people, record_id, values)
        if values["id_number"]:
            self._put(self.by_id_number, values["id_number"], record_id, keep_first=True)
        self._put(self.by_name_phone, (values["name"], values["phone"]), record_id, keep_first=True)

    def find_person(self, person: CleanPerson) -> int | None:
        found = self.by_id_number.get(person.id_number) if person.id_number else None
        return found or self.by_name_phone.get((person.name, person.phone))

    def person_unchanged(self, record_id: int, person: CleanPerson) -> bool:
        return _covers(self.people[record_id], person_values(person))

    # ---- businesses
    def add_business(self, record_id: int, values: dict) -> None:
        self._put(self.businesses, record_id, values)
        if values["credit_code"]:
            self._put(self.by_credit, values["credit_code"], record_id, keep_first=True)
        self._put(self.by_name_address, (values["name"], squash(values["address"])), record_id, keep_first=True)

    def find_business(self, business: CleanBusiness) -> int | None:
        found = self.by_credit.get(business.credit_code) if business.credit_code else None
        if found:
            return found
        found = self.by_name_address.get((business.name, squash(business.address)))
        known_code = self.businesses[found]["credit_code"] if found else None
        # same rule as parties.find_business: another credit code is another business
        if found and business.credit_code and known_code and known_code != business.credit_code:
            return None
        return found

    def business_unchanged(self, record_id: int, business: CleanBusiness) -> bool:
        known = self.businesses[record_id]
        # a different credit code is never merged into a record that has one (parties.save_business)
        skip = ("credit_code",) if known["credit_code"] else ()
        return _covers(known, business_values(business), skip)


def person_values(person: CleanPerson) -> dict:
    return {f: getattr(person, f) for f in PERSON_FIELDS}


def business_values(business: CleanBusiness) -> dict:
    return {f: getattr(business, f) for f in BUSINESS_FIELDS}


def record_values(record, fields) -> dict:
    return {f: getattr(record, f) for f in fields}


def timestamps() -> dict:
    moment = now()
    return {"created_at": moment, "updated_at": moment}
