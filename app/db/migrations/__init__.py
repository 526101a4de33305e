"""Numbered forward migrations. `MIGRATIONS[n]` upgrades a database at version n-1 to n.

A new database is created from the current models at the newest version; migrations only
carry older databases forward. Each runs in its own transaction after a backup of the file.
"""
from __future__ import annotations

MIGRATIONS: dict = {}
