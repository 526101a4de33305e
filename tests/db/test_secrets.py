"""Secrets (issue 14, item 11): the server password goes to the credential store or an owner-only
pgpass, never base64; no form of a database address leaks a password into the log; every failed
login answers alike and costs alike."""
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import secrets, server_config
from app.db.server_config import ServerSettings
from app.services import users
from app.services.users import LoginFailed

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "p@ss:w/rd\\x 密码"


class MemoryKeyring:
    """get/set/delete_password as keyring's backends and app/db/secret_service.py have them."""
    priority = 10

    def __init__(self):
        self.items = {}

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def get_password(self, service, username):
        return self.items.get((service, username))

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch):
    store = MemoryKeyring()
    monkeypatch.setattr(secrets, "_keyring", lambda: store)
    return store


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.setattr(secrets, "_keyring", lambda: None)


def _fake_keyring(monkeypatch, backend):
    """keyring as Windows has it (it is installed there only): get_keyring() answers `backend`."""
    import types
    fail = types.ModuleType("keyring.backends.fail")
    fail.Keyring = type("Keyring", (), {"priority": 0})
    module = types.ModuleType("keyring")
    module.get_keyring = lambda: backend if backend is not None else fail.Keyring()
    backends = types.ModuleType("keyring.backends")
    backends.fail = fail
    for name, value in (("keyring", module), ("keyring.backends", backends), ("keyring.backends.fail", fail)):
        monkeypatch.setitem(sys.modules, name, value)
    return module


def test_windows_keeps_the_password_in_keyrings_store(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    module = _fake_keyring(monkeypatch, MemoryKeyring())
    assert secrets._keyring() is module
    _fake_keyring(monkeypatch, None)                        # no Credential Manager: no store
    assert secrets._keyring() is None


def test_linux_asks_the_secret_service_and_not_keyring(monkeypatch):
    from app.db import secret_service
    monkeypatch.setattr(sys, "platform", "linux")
    _fake_keyring(monkeypatch, MemoryKeyring())
    monkeypatch.setattr(secret_service.SecretServiceStore, "available", staticmethod(lambda: True))
    assert isinstance(secrets._keyring(), secret_service.SecretServiceStore)
    monkeypatch.setattr(secret_service.SecretServiceStore, "available", staticmethod(lambda: False))
    assert secrets._keyring() is None


def _settings() -> ServerSettings:
    return ServerSettings("192.168.1.10", 5433, "消协", "clerk", PASSWORD, "county")


def _no_secret_in(folder: Path) -> None:
    import base64
    text = (folder / "server.json").read_text(encoding="utf-8")
    assert PASSWORD not in text and base64.b64encode(PASSWORD.encode()).decode() not in text


def test_the_password_goes_to_the_credential_store(tmp_path, memory_keyring):
    server_config.save(_settings(), tmp_path)
    _no_secret_in(tmp_path)
    assert json.loads((tmp_path / "server.json").read_text(encoding="utf-8"))["password"] == {"scheme": "keyring"}
    assert list(memory_keyring.items.values()) == [PASSWORD] and not (tmp_path / "pgpass").exists()
    assert server_config.load(tmp_path) == _settings()
    server_config.save(None, tmp_path)
    assert memory_keyring.items == {}


@pytest.mark.skipif(os.name != "posix", reason="file modes are a Linux matter")
def test_without_a_credential_store_an_owner_only_pgpass_in_libpq_format(tmp_path, no_keyring):
    server_config.save(_settings(), tmp_path)
    _no_secret_in(tmp_path)
    pgpass = tmp_path / "pgpass"
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert pgpass.read_text(encoding="utf-8") == "192.168.1.10:5433:消协:clerk:p@ss\\:w/rd\\\\x 密码\n"
    assert server_config.load(tmp_path) == _settings()
    other = ServerSettings("10.0.0.2", 5432, "xiehui", "clerk", "another-1")
    server_config.save(other, tmp_path)              # the old server's line goes, the new one comes
    assert pgpass.read_text(encoding="utf-8") == "10.0.0.2:5432:xiehui:clerk:another-1\n"
    assert server_config.load(tmp_path) == other


def test_a_base64_password_of_an_older_version_is_moved_out_of_the_file(tmp_path, no_keyring):
    import base64
    (tmp_path / "server.json").write_text(json.dumps({
        "url": "postgresql://clerk@192.168.1.10:5433/%E6%B6%88%E5%8D%8F?schema=county",
        "password": {"scheme": "base64", "value": base64.b64encode(PASSWORD.encode()).decode()}}), encoding="utf-8")
    assert server_config.load(tmp_path) == _settings()
    _no_secret_in(tmp_path)
    assert server_config.load(tmp_path) == _settings()


URLS = ["postgresql://clerk:s3cr@t-pw@db.local/xiehui", "postgresql://clerk@db.local/xiehui?password=s3cr@t-pw",
        "postgresql://clerk@db.local/xiehui?schema=a&password=s3cr@t-pw&sslmode=require",
        "postgresql://clerk:s3cr%40t-pw@db.local:5432/xiehui", "host=db.local password='s3cr@t-pw' user=clerk"]


@pytest.mark.parametrize("url", URLS)
def test_no_password_form_reaches_the_log(url, tmp_path):
    assert "s3cr" not in secrets.redact(f"连接 {url} 失败") and "***" in secrets.redact(url)
    log = tmp_path / "run.log"
    handler = logging.FileHandler(log, encoding="utf-8")
    handler.addFilter(secrets.RedactingFilter())
    logger = logging.getLogger("test-secrets")
    logger.addHandler(handler)
    try:
        logger.warning("参数：%s", url)
        try:
            raise RuntimeError(f"could not connect to {url}")
        except RuntimeError:
            logger.exception("连接失败")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert "s3cr" not in log.read_text(encoding="utf-8")


def test_the_command_line_log_hides_every_form(tmp_path):
    """A frozen program logs its arguments; here the same code path runs without a console."""
    code = ("import sys; sys.stdout = None; from app import runtime; "
            f"runtime.prepare(['--data-dir', {str(tmp_path)!r}, '--database', {URLS[1]!r}, 'check'])")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60, check=True)
    text = (tmp_path / "logs" / "xiehui-tiaojie.log").read_text(encoding="utf-8")
    assert "password=***" in text and "s3cr" not in text


def test_every_failed_login_answers_alike_and_costs_one_verification_and_one_audit_row(sqlite_db, monkeypatch):
    from app.db.models import AuditLog
    from app.services.context import SYSTEM
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    clerk = users.create_user(SYSTEM, "clerk1", "周登记", "clerk", "Start-2026")
    users.set_active(SYSTEM, clerk, False)
    from app.db.models import User
    User.create(username="demo1", display_name="演示", role="mediator")        # no password
    verified = []
    real = users._hasher

    class Counting:
        def verify(self, hash_, password):
            verified.append(hash_)
            return real.verify(hash_, password)

        def __getattr__(self, name):
            return getattr(real, name)
    monkeypatch.setattr(users, "_hasher", Counting())
    answers = {}
    for name, password in (("nobody", "whatever-1"), ("zhuren", "wrong-pass-1"), ("clerk1", "Start-2026"),
                           ("demo1", ""), ("ZhuRen ", "wrong-pass-2")):
        verified.clear()
        before = AuditLog.select().count()
        with pytest.raises(LoginFailed) as failed:
            users.login(name, password)
        answers[name] = (failed.value.message, tuple(failed.value.errors))
        assert len(verified) == 1 and verified[0].startswith("$argon2id$"), name
        assert AuditLog.select().count() == before + 1, name
    assert len(set(answers.values())) == 1, answers
