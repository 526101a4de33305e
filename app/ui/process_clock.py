"""Milliseconds since this process was started, read from the operating system, so that
`--smoke` (and the bare-window baseline in bench/) include the interpreter's own start-up.
No Qt here: the baseline script imports it before PySide6."""
from __future__ import annotations

import os
import sys
import time


def _linux_age_ms() -> float | None:
    """/proc/self/stat field 22 is the start time in clock ticks after boot; CLOCK_BOOTTIME is
    the same clock now (resolution: one tick, usually 10 ms)."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            stat = handle.read().decode()
        fields = stat[stat.rindex(")") + 2:].split()
        started_ticks = int(fields[19])      # field 22 counted from 1, after pid and comm
        ticks = os.sysconf("SC_CLK_TCK")
        now = time.clock_gettime(time.CLOCK_BOOTTIME)
        return (now - started_ticks / ticks) * 1000.0
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _windows_age_ms() -> float | None:
    try:
        import ctypes
        from ctypes import wintypes

        creation, exit_, kernel, user = (wintypes.FILETIME() for _ in range(4))
        process = ctypes.windll.kernel32.GetCurrentProcess()
        if not ctypes.windll.kernel32.GetProcessTimes(process, ctypes.byref(creation), ctypes.byref(exit_),
                                                      ctypes.byref(kernel), ctypes.byref(user)):
            return None
        now = wintypes.FILETIME()
        ctypes.windll.kernel32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

        def value(ft) -> int:   # 100-nanosecond intervals
            return (ft.dwHighDateTime << 32) | ft.dwLowDateTime
        return (value(now) - value(creation)) / 10_000.0
    except (OSError, AttributeError):
        return None


def process_age_ms(fallback_start: float | None = None) -> float:
    """Time since process start; `fallback_start` (a perf_counter value such as main.STARTED)
    is used where the OS does not tell."""
    age = _linux_age_ms() if sys.platform.startswith("linux") else \
        _windows_age_ms() if sys.platform == "win32" else None
    if age is not None and age >= 0:
        return age
    if fallback_start is None:
        main = sys.modules.get("__main__")
        fallback_start = getattr(main, "STARTED", None)
    if fallback_start is None:
        return 0.0
    return (time.perf_counter() - fallback_start) * 1000.0
