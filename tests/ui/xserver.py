"""A real X server for the tests that must see the program as the clerk does (xcb, not offscreen):
Xvfb on a display it picks itself (-displayfd), so parallel runs never collide."""
from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

START_TIMEOUT_S = 20


def require_xvfb() -> str:
    """The Xvfb program; in CI it must be there (tools/system-packages.sh installs it)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("a real X server (Xvfb) is a Linux matter; Windows is checked by its own workflow")
    program = shutil.which("Xvfb")
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Xvfb is missing (tools/system-packages.sh installs the xvfb package)")
        pytest.skip("Xvfb is not installed (apt-get install xvfb): the clerk's day needs a real X server")
    return program


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """Yields the DISPLAY of a fresh X server with one screen of width×height; stops it afterwards."""
    program = require_xvfb()
    read_end, write_end = os.pipe()
    server = subprocess.Popen([program, "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
                               "-nolisten", "tcp", "-noreset"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], START_TIMEOUT_S)
        number = os.read(read_end, 16).decode().strip() if ready else ""
        if not number:
            server.kill()
            raise RuntimeError(f"Xvfb did not start: {server.communicate(timeout=5)[1].decode(errors='replace')}")
        yield f":{number}"
    finally:
        os.close(read_end)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
