"""Schema 2 — indexes the case list sorts and filters on (the names peewee gives new databases).
Schema-1 databases never had them: the first program did not declare them."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate


def upgrade(migrator: SchemaMigrator) -> None:
    migrate(
        migrator.add_index("complaint_case", ("amount",)),
        migrator.add_index("complaint_case", ("state", "received_date")),
    )
