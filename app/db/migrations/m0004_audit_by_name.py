"""Schema 4 — the audit log's name column says what it holds: `audit_log.username` held the
actor's display name (王主任), not the login name (laowang); it is now `audit_log.by_name`, as in
`clock_event.by_name` and `follow_up.by_name`, with its index renamed to match.
The rows are not touched (the log is append-only): renaming a column changes no row."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate


def upgrade(migrator: SchemaMigrator) -> None:
    migrate(
        migrator.drop_index("audit_log", "audit_log_username"),
        migrator.rename_column("audit_log", "username", "by_name"),
        migrator.add_index("audit_log", ("by_name",)),
    )
