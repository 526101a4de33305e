"""The friendly dialog for an exception nobody handled (app/runtime.py logs it and calls us).

Instead of a silent exit the clerk reads, in Chinese, that something went wrong, that saved
records are safe, and where the log file is — with a button that opens its folder.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, runtime

_showing = False


def build_error_box(error: runtime.UnexpectedError, parent=None) -> QMessageBox:
    headline = "程序遇到了意外错误，需要关闭。" if error.fatal else "程序遇到了意外错误，刚才的操作可能没有完成。"
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, headline, parent=parent)
    where = (f"详细信息已写入日志文件：\n{error.log_path}\n\n如需帮助，请把这个文件发给技术支持人员。"
             if error.log_path else "详细信息见下方“显示详情”。")
    advice = ("请重新启动程序。" if error.fatal
              else "可以继续工作；如果问题反复出现，请重新启动程序。")
    box.setInformativeText(f"已经保存的记录不受影响，{advice}\n\n{where}")
    box.setDetailedText(error.details)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Close).setText("关闭")
    if error.log_path:
        from PySide6.QtCore import QUrl       # here, not at start-up: its Python enums cost ~5 million
        from PySide6.QtGui import QDesktopServices      # instructions before the first paint
        open_folder = box.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
        open_folder.clicked.disconnect()   # keep the box open after opening the folder
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(error.log_path.parent))))
    box.setDefaultButton(QMessageBox.StandardButton.Close)
    return box


def show_error(error: runtime.UnexpectedError) -> None:
    """Show one dialog at a time (a burst of errors from one cause must not stack up dialogs)."""
    global _showing
    if _showing:
        return
    _showing = True
    try:
        box = build_error_box(error, QApplication.activeWindow())
        box.exec()
        box.deleteLater()    # not left behind as a child of the main window
    finally:
        _showing = False


def report(error: runtime.UnexpectedError) -> None:
    app = QApplication.instance()
    if app is None:    # the GUI had started (it registered us) and is gone: say it before exiting
        from app.ui import theme
        app = QApplication([sys.argv[0]] if sys.argv else [])
        theme.install_translations(app)
    if QThread.currentThread() is app.thread():
        show_error(error)
    else:   # an error in a worker thread: the dialog must be shown by the GUI thread
        QTimer.singleShot(0, app, lambda: show_error(error))


def install_error_dialog() -> None:
    """Called once the QApplication exists."""
    runtime.set_reporter(report)
