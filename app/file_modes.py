"""The process's umask and the modes of the files it writes where the clerk chooses.

At start-up the umask becomes 077, so that everything the program writes into its data folder
(SQLite's -wal and -shm files, rotated logs, attachment copies, backups) is born the owner's alone
(app/db/private.py, issue 14). A file the clerk saves where they choose (a document, a statistics or
ledger workbook) is theirs to pass on: it gets the permissions the user's own umask gives, as a file
saved by any other program does (`as_saved_by_user`). Under the program's 077 such files were 0600,
which a colleague could not open once the file was copied to a shared folder. Backups stay private
wherever they go: they are the whole database. Windows has no modes to set."""
from __future__ import annotations

import os
from pathlib import Path

POSIX = os.name == "posix"
_user_umask: int | None = None      # the umask the program was started with, before restrict_umask


def restrict_umask() -> None:
    global _user_umask
    if POSIX:
        before = os.umask(0o077)
        if _user_umask is None:
            _user_umask = before


def as_saved_by_user(path: Path | str) -> Path:
    """Give a file written to a place the clerk chose the mode the user's umask would have given."""
    path = Path(path)
    if POSIX and _user_umask is not None:
        try:
            os.chmod(path, 0o666 & ~_user_umask)
        except OSError:
            pass     # a file system without modes (a FAT stick): nothing to give
    return path
