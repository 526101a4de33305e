"""Schema 6 — phone and ID number apart from the rest of the search text (`case_search.pii`), so
that roles without "view_pii" can be kept from matching fragments of them (issue 14, item 4).
Every case's search row is rebuilt from what is stored, in batches."""
from __future__ import annotations

from peewee import SQL, TextField
from playhouse.migrate import SchemaMigrator, migrate

from app.db.search_rows import rebuild_search_rows


def upgrade(migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("case_search", "pii", TextField(default="", constraints=[SQL("DEFAULT ''")]),
                                allow_not_null=True))
    rebuild_search_rows(migrator.database)
