"""Where things live: the per-user data folder and the bundled resources (no Qt here)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_ID

DB_FILENAME = "cases.sqlite3"
SERVER_FILENAME = "server.json"      # 服务器设置, beside it (app/db/server_config.py)


def default_data_dir() -> Path:
    """Per-user data folder (e.g. %LOCALAPPDATA%\\XiehuiTiaojie, ~/.local/share/XiehuiTiaojie)."""
    override = os.environ.get("XIEHUI_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))


def resource_dir() -> Path:
    """resources/ next to the source tree, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
