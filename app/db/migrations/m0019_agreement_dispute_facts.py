"""Schema 19 — 纠纷事实及请求 on the agreement (app/db/models.py Agreement.dispute_facts): the
mediator's own short statement that the printed agreement carries instead of the whole complaint.
The existing agreements get NULL and so print the complaint's facts and request exactly as before."""
from __future__ import annotations

from peewee import TextField
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(migrator: SchemaMigrator) -> None:
    # nullable: the ALTER adds it to every row as NULL, no default to fill and no table rebuilt
    migrate(migrator.add_column("agreement", "dispute_facts", TextField(null=True)))
