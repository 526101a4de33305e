"""A small client of the freedesktop Secret Service (GNOME Keyring, KWallet 5.97+, KeePassXC) on
`jeepney`, for the server password on a Linux desktop.

keyring's own Secret Service backend goes through SecretStorage, which needs `cryptography` (11 MB,
3 MB of the installer) for the one AES cipher of the "dh-ietf1024-sha256-aes128-cbc-pkcs7" session.
The spec also defines the "plain" session, meant for a bus that never leaves the machine — the
session bus is a local socket that only this user can open — and every implementation (and
libsecret) offers it; so the program talks to the service itself and needs nothing but jeepney.

Items are the ones keyring writes (attributes `service` and `username`), so a password kept by an
earlier version is found. Every reply is checked against the signature the spec gives before it is
read, every call has a deadline, and anything unexpected is a SecretServiceError: the caller
(app/db/secrets.py) falls back to the pgpass file, as it does when no service runs.
"""
from __future__ import annotations

from contextlib import closing

BUS_NAME = "org.freedesktop.secrets"
SERVICE_PATH = "/org/freedesktop/secrets"
SECRET = "org.freedesktop.Secret."
CONTENT_TYPE = "text/plain; charset=utf8"
CALL_TIMEOUT = 5.0   # seconds for one reply (a daemon started by D-Bus activation answers well within it)
PROMPT_TIMEOUT = 120.0   # the desktop asks the clerk for the keyring's password: how long we wait


class SecretServiceError(Exception):
    """The service is absent, locked, refused, or answered something the spec does not allow."""


def _jeepney():
    try:
        import jeepney
        from jeepney.io.blocking import Proxy, open_dbus_connection
    except ImportError as exc:  # Windows, or a build without it
        raise SecretServiceError("jeepney is not installed") from exc
    return jeepney, Proxy, open_dbus_connection


class _Session:
    """One connection to the session bus and one "plain" session of the service."""

    def __init__(self) -> None:
        self.jeepney, self.proxy, open_connection = _jeepney()
        try:
            self.connection = open_connection(bus="SESSION")
        except Exception as exc:
            raise SecretServiceError(f"no session bus: {exc}") from exc
        try:
            _output, self.path = self.call(SERVICE_PATH, "Service", "OpenSession", "sv", ("plain", ("s", "")),
                                           expect="vo")
            _object_path(self.path)
        except BaseException:
            self.connection.close()
            raise

    def close(self) -> None:
        self.connection.close()

    def call(self, path: str, interface: str, method: str, signature: str | None = None, body: tuple = (),
             *, expect: str) -> tuple:
        """The body of the reply to `method`, which must have the signature `expect`."""
        address = self.jeepney.DBusAddress(path, bus_name=BUS_NAME, interface=SECRET + interface)
        message = self.jeepney.new_method_call(address, method, signature, body)
        return self._checked(self._send(message), expect)

    def _send(self, message):
        try:
            return self.connection.send_and_get_reply(message, timeout=CALL_TIMEOUT)
        except Exception as exc:
            raise SecretServiceError(f"no usable reply: {exc!r}") from exc

    def _checked(self, reply, expect: str) -> tuple:
        jeepney = self.jeepney
        header = reply.header
        if header.message_type == jeepney.MessageType.error:
            name = header.fields.get(jeepney.HeaderFields.error_name, "?")
            raise SecretServiceError(f"the service refused: {name}")
        if header.message_type != jeepney.MessageType.method_return:
            raise SecretServiceError("the reply is not a method return")
        signature = header.fields.get(jeepney.HeaderFields.signature, "")
        if signature != expect:
            raise SecretServiceError(f"reply signature {signature!r}, expected {expect!r}")
        return reply.body

    def prompt(self, path: str) -> None:
        """Run a prompt the service asked for ("/" is none) and wait until it is completed."""
        _object_path(path)
        if path == "/":
            return
        jeepney = self.jeepney
        rule = jeepney.MatchRule(type="signal", interface=SECRET + "Prompt", member="Completed", path=path)
        bus = self.proxy(jeepney.message_bus, self.connection, timeout=CALL_TIMEOUT)
        try:
            bus.AddMatch(rule)
        except Exception as exc:
            raise SecretServiceError(f"cannot watch the prompt: {exc!r}") from exc
        with self.connection.filter(rule) as completed:
            self.call(path, "Prompt", "Prompt", "s", ("",), expect="")
            try:
                signal = self.connection.recv_until_filtered(completed, timeout=PROMPT_TIMEOUT)
            except Exception as exc:
                raise SecretServiceError(f"the prompt was not answered: {exc!r}") from exc
        if signal.header.fields.get(jeepney.HeaderFields.signature) != "bv":
            raise SecretServiceError("a Completed signal without (dismissed, result)")
        dismissed, _result = signal.body
        if dismissed:
            raise SecretServiceError("the keyring stayed locked (prompt dismissed)")

    def collection(self) -> str:
        """The default collection (the login keyring), unlocked."""
        (path,) = self.call(SERVICE_PATH, "Service", "ReadAlias", "s", ("default",), expect="o")
        if _object_path(path) == "/":
            raise SecretServiceError("the service has no default keyring")
        unlocked, prompt = self.call(SERVICE_PATH, "Service", "Unlock", "ao", ([path],), expect="aoo")
        if path not in unlocked:
            self.prompt(prompt)
        return path

    def items(self, collection: str, attributes: dict[str, str]) -> list[str]:
        (found,) = self.call(collection, "Collection", "SearchItems", "a{ss}", (attributes,), expect="ao")
        return [_object_path(item) for item in found]


def _object_path(value) -> str:
    if not isinstance(value, str) or not value.startswith("/"):
        raise SecretServiceError(f"not an object path: {value!r}")
    return value


def _attributes(service: str, username: str) -> dict[str, str]:
    return {"service": service, "username": username}


class SecretServiceStore:
    """get/set/delete_password as keyring's backends have them, on the session's Secret Service."""

    def __init__(self, label: str = "") -> None:
        self.label = label

    @staticmethod
    def available() -> bool:
        """A Secret Service runs on this session bus, or D-Bus can start one."""
        try:
            with closing(_Session()):
                return True
        except SecretServiceError:
            return False

    def get_password(self, service: str, username: str) -> str | None:
        with closing(_Session()) as session:
            for item in session.items(session.collection(), _attributes(service, username)):
                (secret,) = session.call(item, "Item", "GetSecret", "o", (session.path,), expect="(oayays)")
                _session, _parameters, value, _content_type = secret
                try:
                    return bytes(value).decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise SecretServiceError("the stored password is not UTF-8") from exc
            return None

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = dict(_attributes(service, username), application=service)
        properties = {SECRET + "Item.Label": ("s", self.label or f"{service} {username}"),
                      SECRET + "Item.Attributes": ("a{ss}", attributes)}
        with closing(_Session()) as session:
            collection = session.collection()
            secret = (session.path, b"", password.encode("utf-8"), CONTENT_TYPE)
            item, prompt = session.call(collection, "Collection", "CreateItem", "a{sv}(oayays)b",
                                        (properties, secret, True), expect="oo")
            _object_path(item)
            session.prompt(prompt)

    def delete_password(self, service: str, username: str) -> None:
        with closing(_Session()) as session:
            for item in session.items(session.collection(), _attributes(service, username)):
                (prompt,) = session.call(item, "Item", "Delete", expect="o")
                session.prompt(prompt)
