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


class PartyIndex:
    def __init__(self):
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

    # ---- complainants
    def add_person(self, record_id: int, values: dict) -> None:
        self.people[record_id] = values
        if values["id_number"]:
            self.by_id_number.setdefault(values["id_number"], record_id)
        self.by_name_phone.setdefault((values["name"], values["phone"]), record_id)

    def find_person(self, person: CleanPerson) -> int | None:
        found = self.by_id_number.get(person.id_number) if person.id_number else None
        return found or self.by_name_phone.get((person.name, person.phone))

    def person_unchanged(self, record_id: int, person: CleanPerson) -> bool:
        return _covers(self.people[record_id], person_values(person))

    # ---- businesses
    def add_business(self, record_id: int, values: dict) -> None:
        self.businesses[record_id] = values
        if values["credit_code"]:
            self.by_credit.setdefault(values["credit_code"], record_id)
        self.by_name_address.setdefault((values["name"], squash(values["address"])), record_id)

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
