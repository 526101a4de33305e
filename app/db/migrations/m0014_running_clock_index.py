"""Schema 14 — the cases with a running clock in the case list's date order, with their deadline
(app/db/models.py RUNNING_CLOCK_INDEX, a partial index whose predicate is clock_running()): the
已超期 queue's first page reads it alone instead of walking every case (issue 17, item 4)."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate

from app.db.models import RUNNING_CLOCK_COLUMNS, RUNNING_CLOCK_INDEX, clock_running


def upgrade(migrator: SchemaMigrator) -> None:
    migrate(migrator.add_index("complaint_case", RUNNING_CLOCK_COLUMNS, name=RUNNING_CLOCK_INDEX,
                               where=clock_running()))
