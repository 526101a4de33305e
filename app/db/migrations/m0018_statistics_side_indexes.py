"""Schema 18 — indexes for the statistics' smaller figures (issue 17, item 5), each of which read
every row of its period at a million cases: 经司法确认有效 (agreement: ruling date, decision), the
satisfaction of follow-ups (day, satisfaction), 接待来访和咨询 (consultation: day, handling unit,
count) — each answered from its index alone — and the 典型案例 (a partial index of the marked cases
in the report's order; app/db/models.py TYPICAL_INDEX). On PostgreSQL also the cases of a business
with their closing date and outcome (models.BUSINESS_INDEX): the top 10's 解决 from the index alone."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate

from app.db.models import TYPICAL_COLUMNS, TYPICAL_INDEX, Case

ADDED = (("agreement", ("confirm_decided_date", "confirm_decision")), ("follow_up", ("day", "satisfaction")),
         ("consultation", ("day", "handling_unit", "count")))


def upgrade(migrator: SchemaMigrator) -> None:
    from app.db.migrate import create_server_indexes    # migrate imports the migrations: not at the top
    migrate(*(migrator.add_index(table, columns) for table, columns in ADDED),
            migrator.add_index("complaint_case", TYPICAL_COLUMNS, name=TYPICAL_INDEX,
                               where=(Case.typical == True)))  # noqa: E712 - a peewee expression, not a Python comparison
    create_server_indexes(migrator.database)
