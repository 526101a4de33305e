"""The server's driver, given to peewee when a PostgreSQL database is made (app/db/__init__.py
keeps peewee's own import from loading it on this PC's file)."""
from __future__ import annotations


def attach_server_driver() -> None:
    """What peewee's import does when psycopg2 is there (peewee 4.5: the names its
    Psycopg2Adapter reads, and the UUID adapter registered); nothing when it did so itself."""
    import peewee
    if peewee.psycopg2 is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()
    peewee.pg_extensions, peewee.pg_register_uuid, peewee.Json_pg2 = extensions, register_uuid, Json
    peewee.psycopg2 = psycopg2
