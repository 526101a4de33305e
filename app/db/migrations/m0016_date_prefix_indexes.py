"""Schema 16 — the single-column indexes on complaint_case.accepted_date and closed_date dropped:
each is the first column of a statistics index of schema 12 (models.ACCEPTED_STATISTICS,
CLOSED_STATISTICS), which answers every query that searched them (EXPLAIN QUERY PLAN of the
statistics, the report, every queue in every sort and the precedents, at 100,000 demo cases: only
the typical cases' list used one, and it walks the composite the same way). Each case written —
by a clerk or 2,000 at a time by a ledger import — kept two more b-trees up to date for nothing
(issue 17, item 1). state and next_deadline keep theirs: in SQLite the case list's sort by them
(then by id) reads those indexes in rowid order, which the composites that begin with them are not."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate

DROPPED = ("complaint_case_accepted_date", "complaint_case_closed_date")


def upgrade(migrator: SchemaMigrator) -> None:
    migrate(*(migrator.drop_index("complaint_case", name) for name in DROPPED))
