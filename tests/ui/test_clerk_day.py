"""Issue 10's scripted clerk's day on a real X server (Xvfb + the xcb platform, not offscreen):
tests/ui/day/clerk_day.py runs in a pytest of its own on a fresh Xvfb at 1366×768, the small
screen of many county offices, and leaves a screenshot of every step under out/clerk-day/.

CLERK_DAY_SCREENS=all adds 1920×1080 at 150 % scaling (QT_SCALE_FACTOR=1.5), to look at the
screens as an office laptop shows them; CI runs the first only (the day takes about a minute).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ui.xserver import require_xvfb, xvfb

ROOT = Path(__file__).resolve().parents[2]
DAY = ROOT / "tests" / "ui" / "day" / "clerk_day.py"
SCREENS = {"1366x768": (1366, 768, "1"), "1920x1080-150": (1920, 1080, "1.5")}
DAY_TIMEOUT_S = 600


def _screens() -> list[str]:
    wanted = os.environ.get("CLERK_DAY_SCREENS", "1366x768")
    return list(SCREENS) if wanted == "all" else wanted.split(",")


def test_a_clerks_day_on_a_real_x_server(tmp_path):
    require_xvfb()
    for name in _screens():
        width, height, scale = SCREENS[name]
        out = ROOT / "out" / "clerk-day" / name
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.png"):
            old.unlink()
        with xvfb(width, height) as display:
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": scale,
                   "CLERK_DAY_OUT": str(out)}
            env.pop("WAYLAND_DISPLAY", None)
            done = subprocess.run([sys.executable, "-m", "pytest", str(DAY), "-q", "-x", "-p", "no:cacheprovider",
                                   "--basetemp", str(tmp_path / name)],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=DAY_TIMEOUT_S)
        assert done.returncode == 0, f"the day at {name}:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}"
        assert len(list(out.glob("*.png"))) >= 12, f"screenshots at {name}: {sorted(out.iterdir())}"
