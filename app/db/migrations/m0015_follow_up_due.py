"""Schema 15 — 待回访 stored on the case (Case.follow_up_due, kept by every case action from
app/db/models.py follow_up_rule) with an index in the list's order, so that the queue's first page
and its count read an index instead of testing the rule on every case (issue 17, item 4); the
existing cases get the rule's answer here."""
from __future__ import annotations

from peewee import SQL, BooleanField
from playhouse.migrate import SchemaMigrator, migrate

from app.db.models import FOLLOW_UP_INDEX, Case, follow_up_mark


def upgrade(migrator: SchemaMigrator) -> None:
    # NOT NULL with a database default fills the rows in the ALTER itself (as schema 3 did): without
    # it playhouse would rebuild the case table on SQLite, which the tables referring to it refuse
    due = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    migrate(
        migrator.add_column("complaint_case", "follow_up_due", due, allow_not_null=True),
        migrator.add_index("complaint_case", FOLLOW_UP_INDEX),
    )
    follow_up_mark(Case.id.is_null(False)).execute(migrator.database)
