"""Which database this PC uses: a small JSON file `server.json` in the per-user data folder,
written by the server settings dialog and read at the next start of the GUI.

The password is never in this file: it goes to the system's credential store, or where none runs
to an owner-only `pgpass` file beside it (app/db/secrets.py); the file only says which. The file
itself is readable by its owner only (mode 0600). A file written by an older version (password
base64-encoded, or DPAPI-encrypted on Windows) is moved to the store the first time it is read.
An office that does not want any password on the PC lets the server trust its PCs and leaves the
password empty here.
"""
from __future__ import annotations

import base64
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlparse

from app.config import SERVER_FILENAME, default_data_dir
from app.db import secrets
from app.db.private import private_dir

FILENAME = SERVER_FILENAME


@dataclass
class ServerSettings:
    host: str = ""
    port: int = 5432
    database: str = "xiehui"
    user: str = ""
    password: str = ""
    schema: str = ""

    def url(self, with_password: bool = True) -> str:
        auth = quote(self.user, safe="")
        if with_password and self.password:
            auth += ":" + quote(self.password, safe="")
        query = f"?{urlencode({'schema': self.schema})}" if self.schema else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{auth}@{host}:{self.port}/{quote(self.database, safe='')}{query}"

    @classmethod
    def from_url(cls, url: str) -> "ServerSettings":
        parsed = urlparse(url)
        schema = parse_qs(parsed.query).get("schema", [""])[0]
        return cls(parsed.hostname or "", parsed.port or 5432, unquote((parsed.path or "/").lstrip("/")),
                   unquote(parsed.username or ""), unquote(parsed.password or ""), schema)


def config_path(folder: Path | None = None) -> Path:
    return Path(folder or default_data_dir()) / FILENAME


def load(folder: Path | None = None) -> ServerSettings | None:
    """The saved server, or None when this PC works on its own (or the file is unreadable)."""
    path = config_path(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("url"):
            return None
        settings = ServerSettings.from_url(data["url"])
        stored = data.get("password") or {}
        if stored.get("scheme") in ("base64", "dpapi"):       # written by an older version
            settings.password = _reveal_legacy(stored)
            save(settings, folder)
            return settings
        settings.password = secrets.read_password(config_path(folder).parent, stored, *_account(settings))
        return settings
    except (OSError, ValueError, KeyError):
        return None


def _account(settings: ServerSettings) -> tuple:
    return settings.host, settings.port, settings.database, settings.user


def load_url(folder: Path | None = None) -> str | None:
    settings = load(folder)
    return settings.url() if settings else None


def save(settings: ServerSettings | None, folder: Path | None = None) -> Path:
    """Save the server to use from the next start; None returns this PC to its own data file."""
    path = config_path(folder)
    private_dir(path.parent)
    previous = load_settings_only(path)
    if previous is not None and (settings is None or _account(previous) != _account(settings)):
        secrets.forget_password(path.parent, *_account(previous))
    data = {}
    if settings:
        where = secrets.store_password(path.parent, *_account(settings), settings.password)
        data = {"url": settings.url(with_password=False), "password": where}
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if not sys.platform.startswith("win"):
        os.chmod(tmp, 0o600)
    tmp.replace(path)
    return path


def load_settings_only(path: Path) -> ServerSettings | None:
    """The address saved in `path`, without looking for its password."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerSettings.from_url(data["url"]) if data.get("url") else None
    except (OSError, ValueError, KeyError):
        return None


def _reveal_legacy(stored: dict) -> str:
    scheme, value = stored.get("scheme"), stored.get("value", "")
    if not value:
        return ""
    raw = base64.b64decode(value)
    if scheme == "dpapi":
        try:
            return _dpapi(raw, False).decode("utf-8")
        except OSError:
            return ""     # another Windows user or PC: ask for the password again
    return raw.decode("utf-8")


def _dpapi(data: bytes, protect: bool) -> bytes:
    """Windows Data Protection API for the current user: reads what an older version stored."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    buffer = ctypes.create_string_buffer(data, len(data))
    source, result = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), Blob()
    crypt32, kernel32 = ctypes.windll.crypt32, ctypes.windll.kernel32
    ui_forbidden = 0x1
    if protect:
        ok = crypt32.CryptProtectData(ctypes.byref(source), "XiehuiTiaojie", None, None, None, ui_forbidden,
                                      ctypes.byref(result))
    else:
        ok = crypt32.CryptUnprotectData(ctypes.byref(source), None, None, None, None, ui_forbidden,
                                        ctypes.byref(result))
    if not ok:
        raise OSError("无法解密保存的数据库密码")
    try:
        return ctypes.string_at(result.pbData, result.cbData)
    finally:
        kernel32.LocalFree(result.pbData)


def try_connection(settings: ServerSettings) -> str:
    """Connect once; returns the server's version text, raises DatabaseUnavailable in Chinese."""
    from app.db.connection import DatabaseUnavailable

    import psycopg2
    try:
        con = psycopg2.connect(host=settings.host, port=settings.port, dbname=settings.database,
                               user=settings.user or None, password=settings.password or None, connect_timeout=5,
                               application_name="xiehui-tiaojie")
    except psycopg2.Error as exc:
        raise DatabaseUnavailable(explain(str(exc), settings)) from None
    try:
        cursor = con.cursor()
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
    finally:
        con.close()


def explain(error: str, settings: ServerSettings) -> str:
    """The driver's English, as one Chinese line saying what to check (the English is never shown:
    an office clerk cannot act on "received invalid response to SSL negotiation")."""
    lowered = error.lower()
    where = f"{settings.host}:{settings.port}"
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"服务器拒绝了用户“{settings.user}”的密码，请核对用户名和密码"
    if "role" in lowered and "does not exist" in lowered:
        return f"服务器上没有名为“{settings.user}”的数据库用户，请核对用户名，或请管理员先创建该用户"
    if "does not exist" in lowered and "database" in lowered:
        return f"服务器上没有名为“{settings.database}”的数据库，请让管理员先创建它"
    if "pg_hba.conf" in lowered:
        return f"服务器 {where} 不允许这台电脑连接（需要管理员在服务器的 pg_hba.conf 中允许本机的地址）"
    if "could not translate host name" in lowered or "name or service not known" in lowered \
            or "nodename nor servname" in lowered:
        return f"找不到服务器“{settings.host}”，请检查服务器名称或改填它的 IP 地址（如 192.168.1.10）"
    if "ssl negotiation" in lowered or "invalid response" in lowered or "unsupported frontend protocol" in lowered \
            or "server closed the connection unexpectedly" in lowered or "expected authentication request" in lowered:
        return (f"{where} 上运行的不是 PostgreSQL 数据库服务，请检查服务器地址和端口"
                "（PostgreSQL 的端口一般是 5432）")
    if "timeout" in lowered or "timed out" in lowered or "could not connect" in lowered \
            or "connection refused" in lowered or "network is unreachable" in lowered or "no route to host" in lowered:
        return f"连接不到服务器 {where}（请检查地址、端口、网络和服务器防火墙）"
    return f"无法连接服务器 {where}，服务器的回答无法识别；请检查地址、端口和用户名，或请管理员查看服务器日志"
