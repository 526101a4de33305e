"""Numbered forward migrations. `MIGRATIONS[n]` upgrades a database at version n-1 to n.

A new database is created from the current models at the newest version; migrations only
carry older databases forward. Each runs in its own transaction after a backup of the file.
"""
from __future__ import annotations

from app.db.migrations import m0003_user_login


def _v2_case_list_indexes(db) -> None:
    """Indexes the case list sorts and filters on (same names peewee gives new databases)."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS complaint_case_amount ON complaint_case (amount)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS complaint_case_state_received_date "
                   "ON complaint_case (state, received_date)")


MIGRATIONS: dict = {
    2: _v2_case_list_indexes,
    3: m0003_user_login.upgrade,
}
