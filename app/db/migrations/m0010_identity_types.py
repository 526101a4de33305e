"""Schema 10 — every kind of identity document (issue 12, item 5).

- `case_agent.id_type`: agents had room for a resident ID only; the rows there become 居民身份证,
  which is what the program let them hold.
- complainants of the former catch-all type "港澳台居民证件" (`hk_mo_tw`) get the type their
  number has the shape of (居住证 810000/820000/830000, 港澳居民来往内地通行证 H/M…, 台湾居民来往大陆
  通行证 of 8 or 10 digits); a number of no such shape becomes 其他证件 (nothing is guessed, the
  number is kept as it was).
"""
from __future__ import annotations

from peewee import SQL, CharField, Table
from playhouse.migrate import SchemaMigrator, migrate

from app.domain.identity import recognise_id_type

_FORMER = "hk_mo_tw"
_KEPT = ("residence_permit", "hk_mo_permit", "tw_permit")


def upgrade(migrator: SchemaMigrator) -> None:
    id_type = CharField(max_length=20, default="resident", constraints=[SQL("DEFAULT 'resident'")])
    migrate(migrator.add_column("case_agent", "id_type", id_type, allow_not_null=True))
    complainant = Table("complainant", ("id", "id_type", "id_number")).bind(migrator.database)
    former = complainant.select(complainant.id, complainant.id_number).where(complainant.id_type == _FORMER)
    for row_id, number in list(former.tuples()):
        recognised = recognise_id_type(number)
        new_type = recognised if recognised in _KEPT else "other"
        complainant.update(id_type=new_type).where(complainant.id == row_id).execute()
