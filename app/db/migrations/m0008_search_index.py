"""Schema 8 — search through an index (issue 17): every search text gains a closing separator
(so that one- and two-character fragments begin a trigram), and the index is built: an FTS5
trigram table kept by triggers on SQLite, pg_trgm and gram GIN indexes on PostgreSQL
(app/db/fts.py). Rebuilding a million rows takes a while once; every later start finds it."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator

from app.db.fts import ensure_search_index, rebuild_search_index
from app.db.search_rows import rebuild_search_rows


def upgrade(migrator: SchemaMigrator) -> None:
    db = migrator.database
    rebuild_search_rows(db)
    if not ensure_search_index(db):
        rebuild_search_index(db)
