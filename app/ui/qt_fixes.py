"""Work-arounds for defects of the pinned Qt binding, applied before any widget exists.

PySide6/shiboken6 6.12.0 on Python 3.11 returns None from every void method (setEnabled,
update, QPainter.drawText …) and from every empty QVariant without taking a reference to it.
Python 3.12 made None immortal, so there nothing happens; on 3.11 each such call lowers None's
reference count by one, and once it reaches zero the interpreter aborts ("deallocating None")
— in a working client after a few minutes of painting. The count is raised once by 2**40 so
that it can never reach zero, which is what Python 3.12 does for None itself.
"""
from __future__ import annotations

import ctypes
import sys

NONE_RESERVE = 1 << 40


def void_calls_drop_none() -> bool:
    """True when this binding loses a reference to None on a void call (measured, not assumed)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def keep_none_alive() -> bool:
    """Make None's reference count unreachable for the binding's lost references; True if done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not void_calls_drop_none():
        return False
    # ob_refcnt is the first field of every object in a release build of CPython 3.11
    ctypes.c_ssize_t.from_address(id(None)).value += NONE_RESERVE
    return True
