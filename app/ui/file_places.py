"""Where the file dialogs start: the folder the clerk last chose in any of them, else the user's
Documents folder — never the program's own folder. A dialog given "" or a bare file name starts in
the working directory, which on an installed Windows PC is the program folder under Program Files:
the attachment, statistics, ledger and roll-up dialogs started there while the PDF one started at
home (walk-through)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

LAST_FOLDER = "documents/lastFolder"      # the name the PDF dialog has kept it under since stop 9


def start_folder() -> Path:
    saved = QSettings().value(LAST_FOLDER, "")
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def start_at(name: str = "") -> str:
    """What to give a dialog as its directory: the start folder, with the suggested file name."""
    return str(start_folder() / name) if name else str(start_folder())


def remember(chosen: str | Path | None) -> None:
    """The folder of a chosen file (or a chosen folder) is where the next dialog starts."""
    if chosen:
        path = Path(chosen)
        QSettings().setValue(LAST_FOLDER, str(path if path.is_dir() else path.parent))
