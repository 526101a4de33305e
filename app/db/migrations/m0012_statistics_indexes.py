"""Schema 12 — covering indexes for the statistics (issue 17, item 5): every column a period's
figures read of the cases accepted, or closed, in it (app/db/models.py ACCEPTED_STATISTICS,
CLOSED_STATISTICS), so that a year over a million cases on the server is answered from the
indexes. Built once; on a server with a million cases that takes a minute."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate

from app.db.models import ACCEPTED_STATISTICS, CLOSED_STATISTICS, Case


def upgrade(migrator: SchemaMigrator) -> None:
    fields = Case._meta.fields
    migrate(*(migrator.add_index("complaint_case", tuple(fields[name].column_name for name in columns))
              for columns in (ACCEPTED_STATISTICS, CLOSED_STATISTICS)))
