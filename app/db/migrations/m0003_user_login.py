"""Schema 3 — what login and user management need.

- `user.must_change_password`: an administrator's password reset hands out a temporary password
  that its owner must replace at the next login;
- `user.last_login_at`: shown in user management, so unused accounts stand out;
- an index on `audit_log.username`: the audit viewer filters by user.
"""
from __future__ import annotations

from peewee import Database

from app.db.connection import is_postgres


def upgrade(db: Database) -> None:
    boolean, false, timestamp = ("BOOLEAN", "false", "TIMESTAMP") if is_postgres(db) else ("INTEGER", "0", "DATETIME")
    db.execute_sql(f'ALTER TABLE "user" ADD COLUMN "must_change_password" {boolean} NOT NULL DEFAULT {false}')
    db.execute_sql(f'ALTER TABLE "user" ADD COLUMN "last_login_at" {timestamp}')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "audit_log_username" ON "audit_log" ("username")')
