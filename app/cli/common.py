"""What every command needs: the database named by the global options."""
from __future__ import annotations

from app.services.data_access import OpenDatabase, open_data


def open_for_command(args) -> OpenDatabase:
    return open_data(getattr(args, "data_dir", None), getattr(args, "database", None))
