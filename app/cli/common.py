"""What every command needs: the database named by the global options."""
from __future__ import annotations

from app.db.bootstrap import OpenDatabase, open_database


def open_for_command(args) -> OpenDatabase:
    return open_database(getattr(args, "data_dir", None), getattr(args, "database", None))
