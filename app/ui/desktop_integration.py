"""How the running program presents itself to the desktop: window icon, the menu entry it belongs
to, and the friendly dialog for unexpected errors. Called once from app.ui.app.create_application.
"""
from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.config import resource
from app.ui.error_dialog import install_error_dialog

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
    install_error_dialog()
