"""Numbered forward migrations, one module per step: `mNNNN_<what>.py` carries a database at
version NNNN-1 to NNNN with playhouse.migrate (`upgrade(migrator)`), so the SQL for SQLite and
for PostgreSQL is peewee's, not ours. The modules are found by their names (pkgutil also lists
them inside the frozen program); the numbers run from 2 up without a gap or a repeat, so two
branches that took the same number fail at import and the later one renumbers.

A new database is created from the current models at the newest version; migrations only
carry older databases forward. Each runs in its own transaction after a backup of the file
(app/db/migrate.py), so a model change needs both the model edit and a migration.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:      # playhouse.migrate imports the server's driver: only when a step runs
    from playhouse.migrate import SchemaMigrator

Migration = Callable[["SchemaMigrator"], None]
FIRST = 2          # version 1 is the schema the first program created; nothing migrates to it
_MODULE_NAME = re.compile(r"m(\d{4})_[a-z0-9_]+")


def numbered(names: Iterable[str]) -> dict[int, str]:
    """Module names by the schema version they create, checked: one per version, no gaps."""
    found: dict[int, str] = {}
    for name in names:
        match = _MODULE_NAME.fullmatch(name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise RuntimeError(f"两个迁移模块都升级到数据结构版本 {version}：{found[version]}、{name}")
        found[version] = name
    if sorted(found) != list(range(FIRST, FIRST + len(found))):
        raise RuntimeError(f"迁移模块的编号必须从 {FIRST} 起连续：{sorted(found)}")
    return dict(sorted(found.items()))


class _Migrations(Mapping):
    """`upgrade` of every migration module of this package, by version; a module is imported
    only when its step is asked for (a start-up that migrates nothing imports none of them)."""

    def __init__(self, names: dict[int, str]):
        self._names = names

    def __getitem__(self, version: int) -> Migration:
        return importlib.import_module(f"{__name__}.{self._names[version]}").upgrade

    def __iter__(self) -> Iterator[int]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def discover() -> Mapping[int, Migration]:
    return _Migrations(numbered(info.name for info in pkgutil.iter_modules(__path__)))


MIGRATIONS: Mapping[int, Migration] = discover()
