"""How the running program presents itself to the desktop: window icon, the menu entry it belongs
to, and the friendly dialog for unexpected errors. Called once from app.ui.app.create_application.
"""
from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import runtime
from app.config import resource

ICON_NAME = "xiehui-tiaojie"          # = the .desktop file and hicolor icon name (installer/linux)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def application_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", f"{ICON_NAME}-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def integrate(app: QApplication) -> None:
    app.setWindowIcon(application_icon())
    # Wayland and the taskbar match windows to xiehui-tiaojie.desktop by this name.
    app.setDesktopFileName(ICON_NAME)
    runtime.set_reporter(report_unexpected)


def report_unexpected(error: runtime.UnexpectedError) -> None:
    """The friendly dialog for an unexpected error. Its module is imported with the first error,
    not at start-up: QMessageBox and QThread, first touched, have PySide6 build their enums (~1 ms
    before the first paint otherwise)."""
    from app.ui.error_dialog import report
    report(error)
