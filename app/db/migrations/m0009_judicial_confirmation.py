"""Schema 9 — 司法确认 of an agreement (issue 13, part 2): when the parties applied, to which
court, and the court's ruling with its date, on the agreement's own row (one application per
agreement)."""
from __future__ import annotations

from peewee import SQL, CharField, DateField, TextField
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(migrator: SchemaMigrator) -> None:
    # NOT NULL text columns carry a database default, so the ALTER fills the existing rows itself
    migrate(
        migrator.add_column("agreement", "confirm_filed_date", DateField(null=True)),
        migrator.add_column("agreement", "confirm_court",
                            CharField(max_length=60, default="", constraints=[SQL("DEFAULT ''")]), allow_not_null=True),
        migrator.add_column("agreement", "confirm_decision", CharField(max_length=20, null=True)),
        migrator.add_column("agreement", "confirm_decided_date", DateField(null=True)),
        migrator.add_column("agreement", "confirm_note",
                            TextField(default="", constraints=[SQL("DEFAULT ''")]), allow_not_null=True),
    )
