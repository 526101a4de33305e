"""Opening the database: SQLite in the data folder by default, PostgreSQL given a URL.

peewee imports the server's driver (psycopg2, with libpq and OpenSSL) at its own import when it
is installed: ~100 million instructions, some 30 ms of every start on this PC's own file, for a
driver it does not use then. While peewee is being imported (first through this package: the
program's start imports app.db.private before anything else), `import psycopg2` fails, as if the
driver were missing; app/db/driver.py gives peewee the driver before a server database is made.
"""
from __future__ import annotations

import sys


class _NoServerDriverDuringPeeweeImport:
    """A finder asked first for every import: refuses psycopg2 while (and only while) peewee's
    module is initialising; otherwise it leaves the search to the others."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "psycopg2":
            peewee = sys.modules.get("peewee")
            if peewee is not None and getattr(getattr(peewee, "__spec__", None), "_initializing", False):
                raise ModuleNotFoundError("psycopg2 is imported when a server database is opened "
                                          "(app/db/driver.py)", name=name)
        return None


if not any(isinstance(f, _NoServerDriverDuringPeeweeImport) for f in sys.meta_path):
    sys.meta_path.insert(0, _NoServerDriverDuringPeeweeImport())
