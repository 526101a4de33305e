"""Schema 3 — what login and user management need.

- `user.must_change_password`: an administrator's password reset hands out a temporary password
  that its owner must replace at the next login;
- `user.last_login_at`: shown in user management, so unused accounts stand out;
- an index on `audit_log.username`: the audit viewer filters by user.
"""
from __future__ import annotations

from peewee import SQL, BooleanField, DateTimeField
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(migrator: SchemaMigrator) -> None:
    # NOT NULL with a database default fills the existing rows in the ALTER itself; without it
    # playhouse would add the column nullable and then rebuild the whole table on SQLite.
    must_change = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    migrate(
        migrator.add_column("user", "must_change_password", must_change, allow_not_null=True),
        migrator.add_column("user", "last_login_at", DateTimeField(null=True)),
        migrator.add_index("audit_log", ("username",)),
    )
