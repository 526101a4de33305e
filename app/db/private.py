"""Owner-only files on Linux: the data folder holds every complainant's ID and phone and the
password hashes, and so do backups and logs (issue 14). Folders 0700, files 0600; the process's
umask is set to 077 at start-up so that whatever else the program writes there (SQLite's -wal and
-shm files, rotated logs, attachment copies) is born private too (app/file_modes.py, which also
gives the files the clerk saves elsewhere the user's own modes). Windows keeps a user's
%LOCALAPPDATA% to that user already; nothing to do there."""
from __future__ import annotations

import os
from pathlib import Path

POSIX = os.name == "posix"


def private_dir(path: Path | str) -> Path:
    """Create the folder (and its parents) if needed and make it the owner's alone."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if POSIX:
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass     # not ours to change (a mounted stick, another user's folder): leave it
    return path


def private_file(path: Path | str) -> Path:
    path = Path(path)
    if POSIX and path.exists():
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
    return path
