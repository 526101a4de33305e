"""A private D-Bus session for the Secret Service tests: a dbus-daemon of our own (no activatable
services, so nothing but what a test starts answers there), a real gnome-keyring-daemon on it, or
a scripted impostor that owns org.freedesktop.secrets and answers whatever a test wants.

Where the daemons cannot start the tests skip with the reason; in CI (CI=true) they fail, since
tools/system-packages.sh installs dbus-daemon and gnome-keyring there."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
WAIT_STEPS = 200   # polls of 50 ms: how long a daemon may take to appear on a loaded machine


def unavailable(problem: str):
    if os.environ.get("CI") == "true":
        pytest.fail(problem + " (CI must provide it: tools/system-packages.sh)")
    pytest.skip(problem)


def _wait(condition, what: str) -> None:
    stopped = threading.Event()
    for _ in range(WAIT_STEPS):
        if condition():
            return
        stopped.wait(0.05)
    unavailable(f"{what} did not come up")


class SessionBus:
    def __init__(self, folder: Path) -> None:
        if not shutil.which("dbus-daemon"):
            unavailable("dbus-daemon is not installed")
        # a socket's path is limited to 107 bytes: keep it short whatever the test's folder is
        self.socket_folder = Path(tempfile.mkdtemp(prefix="xh-bus-", dir="/tmp" if Path("/tmp").is_dir() else None))
        socket = self.socket_folder / "bus"
        config = folder / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=socket), encoding="utf-8")
        self.address = f"unix:path={socket}"
        self.process = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(socket.exists, "dbus-daemon")
        self.children: list[subprocess.Popen] = []

    def connect(self):
        from jeepney.io.blocking import open_dbus_connection
        return open_dbus_connection(bus=self.address)

    def owned(self, name: str) -> bool:
        from jeepney import message_bus
        from jeepney.io.blocking import Proxy
        with self.connect() as connection:
            return bool(Proxy(message_bus, connection, timeout=5).NameHasOwner(name)[0])

    def start_keyring(self, home: Path, *, unlock: bool = True) -> subprocess.Popen:
        """gnome-keyring-daemon with only its secrets component; `unlock` gives the login keyring's
        password on stdin, as PAM does at a desktop login (the keyring is created if missing)."""
        if not shutil.which("gnome-keyring-daemon"):
            unavailable("gnome-keyring-daemon is not installed")
        runtime = home / "run"
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_RUNTIME_DIR=str(runtime),
                   DBUS_SESSION_BUS_ADDRESS=self.address)
        env.pop("GNOME_KEYRING_CONTROL", None)
        process = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--components=secrets",
                                    *(["--unlock"] if unlock else [])],
                                   env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if unlock:
            process.stdin.write(b"login-pw")
        process.stdin.close()
        self.children.append(process)
        _wait(lambda: self.owned("org.freedesktop.secrets") or process.poll() is not None, "gnome-keyring-daemon")
        if process.poll() is not None:
            unavailable(f"gnome-keyring-daemon exited with {process.returncode}")
        return process

    def stop(self, process: subprocess.Popen) -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        for child in self.children:
            if child.poll() is None:
                self.stop(child)
        self.stop(self.process)
        shutil.rmtree(self.socket_folder, ignore_errors=True)


class Impostor(threading.Thread):
    """Owns org.freedesktop.secrets on the bus and answers each call with answer(message, send):
    a reply message, or None for no reply; `send` emits more (signals)."""

    def __init__(self, bus: SessionBus, answer) -> None:
        super().__init__(daemon=True)
        from jeepney import message_bus
        from jeepney.io.blocking import Proxy
        self.connection = bus.connect()
        Proxy(message_bus, self.connection, timeout=5).RequestName("org.freedesktop.secrets", 4)
        self.answer, self.done, self.calls = answer, threading.Event(), []

    def run(self) -> None:
        from jeepney import MessageType
        from jeepney.low_level import HeaderFields
        while not self.done.is_set():
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type != MessageType.method_call:
                continue
            self.calls.append(message.header.fields.get(HeaderFields.member))
            reply = self.answer(message, self.connection.send)
            if reply is not None:
                self.connection.send(reply)

    def close(self) -> None:
        self.done.set()
        self.join(timeout=10)
        self.connection.close()
