"""Windows the size they ask for, but never beyond the screen they open on.

Office PCs and laptops run at 1366×768, and a 1920×1080 laptop at 150 % scaling gives Qt only
1280×720 logical pixels: a dialog sized for a large monitor would put its buttons below the
taskbar. Every window and dialog of the program takes its first size through fit_on_screen()."""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for what the window system adds outside the window: the frame's sides and bottom, and its
# title bar above (availableGeometry() already leaves out the taskbar and docks).
FRAME_SIDE = 8
FRAME_TOP = 32


def clamp(width: int, height: int, free: QRect, minimum: tuple[int, int] = (0, 0)) -> QRect:
    """The window's own area (without its frame): the size asked for, shrunk to what `free` holds
    with the frame around it but not below `minimum` (a window cannot be smaller than its
    layout's least: scroll areas inside take what is too tall), and centred with its frame."""
    room_w = max(free.width() - 2 * FRAME_SIDE, 1)
    room_h = max(free.height() - FRAME_TOP - FRAME_SIDE, 1)
    w = max(min(width, room_w), minimum[0])
    h = max(min(height, room_h), minimum[1])
    # the frame (title bar and sides) centred, so the window's own area sits inside it
    x = free.x() + max((free.width() - w - 2 * FRAME_SIDE) // 2, 0) + FRAME_SIDE
    y = free.y() + max((free.height() - h - FRAME_TOP - FRAME_SIDE) // 2, 0) + FRAME_TOP
    return QRect(x, y, w, h)


def screen_of(window: QWidget):
    """The screen the window will open on: its parent's, else its own, else the primary one."""
    parent = window.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) or window.screen()
    return screen or QGuiApplication.primaryScreen()


def fit_on_screen(window: QWidget, width: int, height: int, centre: bool = True) -> None:
    """Give the window its first size within its screen's free area. A top-level window without
    a parent is centred on the screen; a dialog is placed by Qt over its parent (kept on the
    screen there); `centre=False` keeps the window where it is (a dialog growing for a message)."""
    free = screen_of(window).availableGeometry()
    least = window.minimumSize()
    rect = clamp(width, height, free, (least.width(), least.height()))
    window.resize(rect.size())
    if centre and window.parentWidget() is None:
        window.move(rect.x() - FRAME_SIDE, rect.y() - FRAME_TOP)      # move() places the frame
