"""Start the GUI (the command line decides whether we get here)."""
from __future__ import annotations

import os
import sys


def display_available() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                    or os.environ.get("QT_QPA_PLATFORM"))
    return True


def run_gui(args) -> int:
    if not display_available():
        from app.runtime import command_line_name
        print(f"没有可用的图形显示（DISPLAY 未设置），无法打开窗口；可使用命令行：{command_line_name()} --help",
              file=sys.stderr)
        return 2
    from app.ui.app import run
    return run(args)
