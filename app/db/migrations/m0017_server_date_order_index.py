"""Schema 17 — on PostgreSQL, the case list's default order (received_date, id) as an index
(app/db/models.py SERVER_SORT_INDEXES), so that a first page and a common term's walk along that
order read the index alone instead of every case row they pass (issue 17, item 5). Nothing on
SQLite, whose received_date index keeps that order already."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator


def upgrade(migrator: SchemaMigrator) -> None:
    from app.db.migrate import create_server_indexes    # migrate imports the migrations: not at the top
    create_server_indexes(migrator.database)
