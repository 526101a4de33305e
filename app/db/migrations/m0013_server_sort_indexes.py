"""Schema 13 — on PostgreSQL, indexes for the case list's sorts by a column with few values
(app/db/models.py SERVER_SORT_INDEXES: mediator, state, category, next deadline, each then by id),
so that a first page at a million cases reads 100 index entries instead of sorting a few hundred
thousand rows. Nothing on SQLite, whose indexes keep that order already."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator


def upgrade(migrator: SchemaMigrator) -> None:
    from app.db.migrate import create_server_indexes    # migrate imports the migrations: not at the top
    create_server_indexes(migrator.database)
