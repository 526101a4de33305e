"""Temporary copies that a killed backup, restore or upgrade left behind (issue 14, item 9): each
is a full copy of personal data (39–77 MB seen), so they are removed — at start-up (the folders
themselves) and by `check` (also the attachment stores). Only what has not changed for a while is
touched, so a backup another program window is writing right now is left alone."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

QUIET_SECONDS = 600
SCRATCH_DIRS = ("restore-*", "xiehui-backup-*", "xiehui-restore-*")


class Swept:
    """How many copies sweep removed and their bytes (a plain class: every start sweeps)."""
    __slots__ = ("count", "size")

    def __init__(self, count: int = 0, size: int = 0):
        self.count, self.size = count, size

    def __repr__(self) -> str:
        return f"Swept(count={self.count!r}, size={self.size!r})"

    def __bool__(self) -> bool:
        return self.count > 0

    def text(self) -> str:
        return f"已清除 {self.count} 个中断的备份、恢复或升级留下的临时副本（共 {self.size / 1048576:.1f} MB，含个人信息）"


def _newest_change(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    times = [path.stat().st_mtime] + [p.stat().st_mtime for p in path.rglob("*")]
    return max(times)


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _ours(path: Path) -> bool:
    return not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def _candidates(data_dir: Path, deep: bool):
    backups = data_dir / "backups"
    for folder in (data_dir, backups, Path(tempfile.gettempdir())):
        if not folder.is_dir():
            continue
        for pattern in SCRATCH_DIRS:
            yield from (p for p in folder.glob(pattern) if p.is_dir())
        if folder != Path(tempfile.gettempdir()):
            yield from folder.glob("*.part")
    if deep:
        for store in (data_dir / "attachments", backups / "附件库"):
            if store.is_dir():
                yield from store.rglob("*.part")


def sweep(data_dir: Path | str, deep: bool = False, quiet_seconds: int = QUIET_SECONDS) -> Swept:
    swept, now = Swept(), time.time()
    for path in _candidates(Path(data_dir), deep):
        try:
            if not _ours(path) or now - _newest_change(path) < quiet_seconds:
                continue
            size = _size(path)
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        except OSError:
            continue     # in use (Windows) or gone meanwhile: the next sweep tries again
        swept.count += 1
        swept.size += size
    return swept
