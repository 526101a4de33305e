"""Every window fits the screen it opens on: the clamp itself, and every window and dialog the
program opens, on a 1366×768 office screen and on a 1920×1080 laptop at 150 % (1280×720 logical
pixels), each under its taskbar. The offscreen platform takes the screen from a config file
(`-platform offscreen:configfile=…`), so each screen runs every_window.py in a process of its own."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from app.ui.screen_fit import FRAME_SIDE, FRAME_TOP, clamp

ROOT = Path(__file__).resolve().parents[3]
# (name, physical screen under a 40-px taskbar (60 px at 150 %), QT_SCALE_FACTOR)
SCREENS = (("1366×768", (1366, 728), "1"), ("1920×1080 at 150 %", (1920, 1020), "1.5"))


def test_a_window_larger_than_the_screen_is_shrunk_to_it_and_centred():
    free = QRect(0, 0, 1366, 728)
    rect = clamp(1360, 820, free)
    assert (rect.width(), rect.height()) == (1366 - 2 * FRAME_SIDE, 728 - FRAME_TOP - FRAME_SIDE)
    assert (rect.x(), rect.y()) == (FRAME_SIDE, FRAME_TOP)       # the frame at the free area's corner


def test_a_small_window_keeps_its_size_and_is_centred_with_its_frame():
    free = QRect(0, 40, 1280, 680)                               # a taskbar at the top
    rect = clamp(460, 420, free)
    assert rect.size().toTuple() == (460, 420)
    frame = rect.adjusted(-FRAME_SIDE, -FRAME_TOP, FRAME_SIDE, FRAME_SIDE)
    assert abs((frame.left() - free.left()) - (free.right() - frame.right())) <= 1
    assert abs((frame.top() - free.top()) - (free.bottom() - frame.bottom())) <= 1


def test_a_window_is_never_made_smaller_than_its_layout_allows():
    rect = clamp(1080, 760, QRect(0, 0, 800, 600), minimum=(900, 300))
    assert rect.size().toTuple() == (900, 600 - FRAME_TOP - FRAME_SIDE)
    assert rect.x() == FRAME_SIDE                                # at the left edge, not off it


def _windows_on(tmp_path: Path, env: dict[str, str]) -> list[dict]:
    out = tmp_path / "windows.json"
    env = {**os.environ, **env, "FIT_GEOMETRY_OUT": str(out)}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-o", "faulthandler_timeout=120",
                           "--basetemp", str(tmp_path / "run"), str(ROOT / "tests/ui/fit/every_window.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def _problems(seen: list[dict], logical: tuple[int, int]) -> list[str]:
    classes = {entry["class"] for entry in seen}
    assert {"MainWindow", "RegistrationDialog", "SettingsDialog", "AuditViewer", "UsersDialog", "BackupDialog",
            "ConsultationDialog", "ConsultationsDialog", "LedgerImportDialog", "LedgerExportDialog",
            "DocumentsDialog", "TemplatesDialog", "ActionDialog", "LoginDialog", "FirstAdminDialog"} <= classes
    problems = []
    for entry in seen:
        what = f"{entry['where']} {entry['class']}"
        free, frame, geometry = (QRect(*entry[k]) for k in ("free", "frame", "geometry"))
        if free.size().toTuple() != logical:
            problems.append(f"{what}: the screen is {free.size().toTuple()}, not {logical}")
        if not free.contains(frame):
            problems.append(f"{what}: {frame.getRect()} beyond the free area {free.getRect()}")
        if geometry.width() < entry["minimum"][0] or geometry.height() < entry["minimum"][1]:
            problems.append(f"{what}: {geometry.size().toTuple()} squeezed below its least {entry['minimum']}")
        if entry["sideways"]:
            problems.append(f"{what}: scrolls sideways in {entry['sideways']}")
        if entry["list_sideways"]:
            problems.append(f"{what}: tables scroll sideways by {entry['list_sideways']} px")
    return problems


def _logical(size: tuple[int, int], scale: str) -> tuple[int, int]:
    return round(size[0] / float(scale)), round(size[1] / float(scale))


@pytest.mark.parametrize(("name", "size", "scale"), SCREENS, ids=[s[0] for s in SCREENS])
def test_every_window_and_dialog_fits_a_small_screen(tmp_path, name, size, scale):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0, "width": size[0], "height": size[1],
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    seen = _windows_on(tmp_path, {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale})
    assert _problems(seen, _logical(size, scale)) == []


# a real X server without a taskbar: the whole screen is free
X_SCREENS = {"1366x768": ((1366, 768), "1"), "1920x1080": ((1920, 1080), "1"), "1920x1080-150": ((1920, 1080), "1.5")}


@pytest.mark.parametrize("name", list(X_SCREENS))
def test_every_window_on_a_real_x_server_with_screenshots(tmp_path, name):
    """The same on Xvfb with the xcb platform (real fonts, real window system); a screenshot of the
    screen at each window goes to out/fit/<screen>/, to look at."""
    from tests.ui.xserver import require_xvfb, xvfb
    require_xvfb()
    size, scale = X_SCREENS[name]
    shots = ROOT / "out" / "fit" / name
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    with xvfb(*size) as display:
        seen = _windows_on(tmp_path, {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": scale,
                                      "FIT_SHOTS_OUT": str(shots)})
    assert len(list(shots.glob("*.png"))) == len(seen)
    assert _problems(seen, _logical(size, scale)) == []
