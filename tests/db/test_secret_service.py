"""The server password in a Linux desktop's Secret Service through our own jeepney client
(app/db/secret_service.py), against a real gnome-keyring-daemon on a private session bus: kept,
read, replaced and removed through the app's secrets API; a locked keyring, a bus without a
service and no bus at all fall back to the pgpass file; an impostor's malformed or hostile answers
neither crash nor hang the program, they mean "no store"."""
from __future__ import annotations

import sys
from contextlib import closing

import pytest

from app.db import secret_service, secrets
from tests.db.secret_bus import Impostor, SessionBus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Secret Service is Linux's")

ACCOUNT = ("192.168.1.10", 5433, "消协", "clerk")
KEY = (secrets.SERVICE, "clerk@192.168.1.10:5433/消协")
PASSWORD = "p@ss:w/rd\\x 密码"


@pytest.fixture
def bus(tmp_path, monkeypatch):
    session = SessionBus(tmp_path)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.address)
    yield session
    session.close()


@pytest.fixture
def login_keyring(bus, tmp_path):
    bus.start_keyring(tmp_path / "home")
    return bus


def _items() -> list[str]:
    with closing(secret_service._Session()) as session:
        return session.items(session.collection(), {"service": KEY[0], "username": KEY[1]})


def _pgpass(folder) -> str:
    path = folder / secrets.PGPASS
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_the_password_is_kept_read_replaced_and_removed_in_the_login_keyring(login_keyring, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    assert secrets.store_password(folder, *ACCOUNT, PASSWORD) == {"scheme": "keyring"}
    assert _pgpass(folder) == "" and len(_items()) == 1
    assert secrets.read_password(folder, {"scheme": "keyring"}, *ACCOUNT) == PASSWORD
    assert secrets.store_password(folder, *ACCOUNT, "another-1") == {"scheme": "keyring"}
    assert len(_items()) == 1                               # replaced, not a second item
    assert secrets.read_password(folder, {"scheme": "keyring"}, *ACCOUNT) == "another-1"
    secrets.forget_password(folder, *ACCOUNT)
    assert _items() == [] and secrets.read_password(folder, {"scheme": "keyring"}, *ACCOUNT) == ""


def test_a_password_that_keyring_kept_for_an_earlier_version_is_found(login_keyring, tmp_path):
    """keyring's SecretStorage backend wrote items with these attributes and this label."""
    with closing(secret_service._Session()) as session:
        attributes = {"service": KEY[0], "username": KEY[1], "application": "Python keyring library"}
        properties = {"org.freedesktop.Secret.Item.Label": ("s", f"Password for '{KEY[1]}' on '{KEY[0]}'"),
                      "org.freedesktop.Secret.Item.Attributes": ("a{ss}", attributes)}
        session.call(session.collection(), "Collection", "CreateItem", "a{sv}(oayays)b",
                     (properties, (session.path, b"", b"old-pw", "text/plain"), True), expect="oo")
    assert secrets.read_password(tmp_path, {"scheme": "keyring"}, *ACCOUNT) == "old-pw"
    assert secrets.store_password(tmp_path, *ACCOUNT, "new-pw") == {"scheme": "keyring"}
    assert len(_items()) == 1 and secrets.read_password(tmp_path, {"scheme": "keyring"}, *ACCOUNT) == "new-pw"


def test_a_locked_keyring_falls_back_to_the_pgpass_file(login_keyring, tmp_path):
    """Locked, and no desktop to ask for its password (the prompter cannot start on this bus)."""
    assert secrets.store_password(tmp_path, *ACCOUNT, "kept-1") == {"scheme": "keyring"}
    with closing(secret_service._Session()) as session:
        session.call(secret_service.SERVICE_PATH, "Service", "Lock", "ao", ([session.collection()],), expect="aoo")
    assert secrets.read_password(tmp_path, {"scheme": "keyring"}, *ACCOUNT) == ""
    assert secrets.store_password(tmp_path, *ACCOUNT, PASSWORD) == {"scheme": "pgpass"}
    assert _pgpass(tmp_path) == "192.168.1.10:5433:消协:clerk:p@ss\\:w/rd\\\\x 密码\n"
    assert secrets.read_password(tmp_path, {"scheme": "pgpass"}, *ACCOUNT) == PASSWORD


def test_a_bus_without_a_secret_service_falls_back_to_the_pgpass_file(bus, tmp_path):
    assert secrets.store_password(tmp_path, *ACCOUNT, PASSWORD) == {"scheme": "pgpass"}
    assert secrets.read_password(tmp_path, {"scheme": "pgpass"}, *ACCOUNT) == PASSWORD


@pytest.mark.parametrize("address", [None, "unix:path=/nonexistent/bus", "tcp:host=", "garbage"])
def test_no_session_bus_falls_back_to_the_pgpass_file(address, tmp_path, monkeypatch):
    if address is None:
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    assert secrets.store_password(tmp_path, *ACCOUNT, PASSWORD) == {"scheme": "pgpass"}
    assert secrets.read_password(tmp_path, {"scheme": "keyring"}, *ACCOUNT) == ""
    secrets.forget_password(tmp_path, *ACCOUNT)
    assert _pgpass(tmp_path) == ""


# ---------------------------------------------------------------- an impostor on the bus
def _reply(message, signature=None, body=()):
    from jeepney import new_method_return
    return new_method_return(message, signature, body)


def _member(message) -> str:
    from jeepney.low_level import HeaderFields
    return message.header.fields.get(HeaderFields.member)


def _service(overrides):
    """A service that answers by the spec, except for the members in `overrides`."""
    def answer(message, send):
        member = _member(message)
        if member in overrides:
            return overrides[member](message, send)
        normal = {"OpenSession": ("vo", (("s", ""), "/s/1")),
                  "ReadAlias": ("o", ("/c/login",)), "Unlock": ("aoo", (["/c/login"], "/")),
                  "SearchItems": ("ao", (["/c/login/1"],)),
                  "GetSecret": ("(oayays)", (("/s/1", b"", b"pw", "text/plain"),)),
                  "CreateItem": ("oo", ("/c/login/1", "/")), "Delete": ("o", ("/",))}
        if member in normal:
            return _reply(message, *normal[member])
        from jeepney import new_error
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
    return answer


def _error(message, send):
    from jeepney import new_error
    return new_error(message, "org.freedesktop.Secret.Error.IsLocked", "s", ("locked",))


def _prompt_then(signature, body):
    """Unlock asks for a prompt; the prompt completes with the given signal (None: never)."""
    def unlock(message, send):
        return _reply(message, "aoo", ([], "/p/1"))

    def prompt(message, send):
        from jeepney import DBusAddress, new_signal
        send(_reply(message))
        if signature is not None:
            send(new_signal(DBusAddress("/p/1", interface="org.freedesktop.Secret.Prompt"), "Completed",
                            signature, body))
    return {"Unlock": unlock, "Prompt": prompt}


# what the impostor does differently -> where store_password puts the password, and what reading
# it back from the store gives ("" sends the clerk to type it again)
HOSTILE = {
    "refuses a session": ({"OpenSession": _error}, "pgpass"),
    "never answers": ({"OpenSession": lambda message, send: None}, "pgpass"),
    "OpenSession of the wrong signature": ({"OpenSession": lambda m, s: _reply(m, "s", ("plain",))}, "pgpass"),
    "a session that is not a path": ({"OpenSession": lambda m, s: _reply(m, "vs", (("s", ""), "x"))}, "pgpass"),
    "no default keyring": ({"ReadAlias": lambda m, s: _reply(m, "o", ("/",))}, "pgpass"),
    "an alias that is a string": ({"ReadAlias": lambda m, s: _reply(m, "s", ("../../etc",))}, "pgpass"),
    "an item list of strings": ({"SearchItems": lambda m, s: _reply(m, "as", (["x"],))}, "keyring"),
    "a secret that is not UTF-8": (
        {"GetSecret": lambda m, s: _reply(m, "(oayays)", (("/s/1", b"", b"\xff\xfe", ""),))}, "keyring"),
    "a secret of the wrong shape": ({"GetSecret": lambda m, s: _reply(m, "(oay)", (("/s/1", b"pw"),))}, "keyring"),
    "a locked item": ({"GetSecret": _error, "CreateItem": _error, "Delete": _error}, "pgpass"),
    "a prompt that is dismissed": (_prompt_then("bv", (True, ("s", ""))), "pgpass"),
    "a prompt completed with junk": (_prompt_then("s", ("yes",)), "pgpass"),
    "a prompt never completed": (_prompt_then(None, ()), "pgpass"),
}


@pytest.mark.parametrize("behaviour", sorted(HOSTILE))
def test_an_impostors_answers_mean_no_store(behaviour, bus, tmp_path, monkeypatch):
    monkeypatch.setattr(secret_service, "CALL_TIMEOUT", 0.5)
    monkeypatch.setattr(secret_service, "PROMPT_TIMEOUT", 0.5)
    overrides, scheme = HOSTILE[behaviour]
    impostor = Impostor(bus, _service(overrides))
    impostor.start()
    try:
        assert secrets.store_password(tmp_path, *ACCOUNT, PASSWORD) == {"scheme": scheme}
        assert secrets.read_password(tmp_path, {"scheme": "keyring"}, *ACCOUNT) == ""
        assert secrets.read_password(tmp_path, {"scheme": "pgpass"}, *ACCOUNT) == (PASSWORD if scheme == "pgpass" else "")
        secrets.forget_password(tmp_path, *ACCOUNT)
    finally:
        impostor.close()
    assert impostor.calls, "the client never asked the impostor"
    assert _pgpass(tmp_path) == ""


def test_the_impostor_answering_by_the_spec_is_used(bus, tmp_path):
    """The counter-check of the test above: its service, unmodified, is a working store."""
    impostor = Impostor(bus, _service({}))
    impostor.start()
    try:
        assert secrets.store_password(tmp_path, *ACCOUNT, PASSWORD) == {"scheme": "keyring"}
        assert secrets.read_password(tmp_path, {"scheme": "keyring"}, *ACCOUNT) == "pw"
    finally:
        impostor.close()
    assert {"OpenSession", "ReadAlias", "Unlock", "CreateItem", "GetSecret"} <= set(impostor.calls)
