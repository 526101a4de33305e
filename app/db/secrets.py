"""The server password: kept in the system's credential store (Windows Credential Manager through
`keyring`; a Linux desktop's Secret Service through our own client, app/db/secret_service.py), or
where none runs (a headless machine, a desktop without a keyring daemon, a locked keyring) in an
owner-only `pgpass` file in the data folder, in PostgreSQL's own format. Never in server.json,
never base64. And passwords are hidden from every text that may reach a log or a screen, in every
form a database address can carry them.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from app.db.private import private_file

SERVICE = "XiehuiTiaojie"
PGPASS = "pgpass"

# user:password@host — the password may itself hold '@' or ':' (everything up to the last '@')
_USERINFO = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^\s:/@]*:)[^\s]*@(?=[^@\s]*(?:\s|$|['\"]))")
# ?password=… in a URL, password=… in a libpq connection string (quoted or not)
_KEYWORD = re.compile(r"(?i)(?P<head>(?:^|[?&;\s(,\"'])(?:password|passwd|pwd|sslpassword)\s*=\s*)"
                      r"(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^&\s,)\"']*)")


def redact(text: str) -> str:
    """`text` with every password in a database address or connection string replaced by ***."""
    if not text:
        return text
    text = _USERINFO.sub(lambda m: m.group("head") + "***@", text)
    return _KEYWORD.sub(lambda m: m.group("head") + "***", text)


class RedactingFilter(logging.Filter):
    """On the log handler: whatever a message holds, no password reaches the file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _account(host: str, port: int, database: str, user: str) -> str:
    return f"{user}@{host}:{port}/{database}"


def _keyring():
    """The credential store when one really runs here, else None. On Linux the desktop's Secret
    Service through our own client: keyring's would need SecretStorage and `cryptography` (3 MB of
    the installer) for a cipher the local bus does not need. Elsewhere keyring's backend (Windows
    Credential Manager)."""
    if sys.platform.startswith("linux"):
        from app import APP_NAME
        from app.db.secret_service import SecretServiceStore
        return SecretServiceStore(label=f"{APP_NAME}：数据库密码") if SecretServiceStore.available() else None
    try:
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring installation means "no store"
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


# ---------------------------------------------------------------- pgpass (libpq's own format)
def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    fields, current, escaped = [], "", False
    for ch in line:
        if escaped:
            current, escaped = current + ch, False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append(current)
            current = ""
        else:
            current += ch
    return fields + [current]


def _pgpass_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _write_pgpass(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
    private_file(tmp)
    tmp.replace(path)


def _pgpass_key(host, port, database, user) -> list[str]:
    return [str(host), str(port), str(database), str(user)]


# ---------------------------------------------------------------- what server_config calls
def store_password(folder: Path, host: str, port: int, database: str, user: str, password: str) -> dict:
    """Keep the password; returns what server.json records about where it is (no secret)."""
    forget_password(folder, host, port, database, user)
    if not password:
        return {}
    store = _keyring()
    if store is not None:
        try:
            store.set_password(SERVICE, _account(host, port, database, user), password)
            return {"scheme": "keyring"}
        except Exception:  # noqa: BLE001 - locked or refusing store: fall back to the file
            logging.getLogger("app").warning("系统凭据存储不可用，数据库密码改存到数据文件夹的 pgpass 文件")
    path = Path(folder) / PGPASS
    lines = _pgpass_lines(path)
    lines.append(":".join(_escape(v) for v in _pgpass_key(host, port, database, user) + [password]))
    _write_pgpass(path, lines)
    return {"scheme": "pgpass"}


def read_password(folder: Path, stored: dict, host: str, port: int, database: str, user: str) -> str:
    scheme = stored.get("scheme")
    if scheme == "keyring":
        store = _keyring()
        try:
            return (store.get_password(SERVICE, _account(host, port, database, user)) or "") if store else ""
        except Exception:  # noqa: BLE001 - the store went away: ask for the password again
            return ""
    if scheme == "pgpass":
        wanted = _pgpass_key(host, port, database, user)
        for line in _pgpass_lines(Path(folder) / PGPASS):
            fields = _fields(line)
            if len(fields) == 5 and fields[:4] == wanted:
                return fields[4]
    return ""


def forget_password(folder: Path, host: str, port: int, database: str, user: str) -> None:
    store = _keyring()
    if store is not None:
        try:
            store.delete_password(SERVICE, _account(host, port, database, user))
        except Exception:  # noqa: BLE001 - nothing stored there
            pass
    path = Path(folder) / PGPASS
    lines = _pgpass_lines(path)
    kept = [line for line in lines if _fields(line)[:4] != _pgpass_key(host, port, database, user)]
    if kept != lines:
        _write_pgpass(path, kept)
