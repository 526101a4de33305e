"""An unexpected exception in the installed program shows a Chinese dialog naming the log file."""
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

import pytest

from app import runtime
from app.ui import desktop_integration, error_dialog, theme

LOG = Path("/home/clerk/.local/share/XiehuiTiaojie/logs/xiehui-tiaojie.log")


@pytest.fixture(autouse=True)
def chinese_qt(qapp):
    """Qt's own buttons (显示详细信息…) in Chinese, as the program installs them at start."""
    theme.install_translations(qapp)


def _error(log_path=LOG) -> runtime.UnexpectedError:
    return runtime.UnexpectedError("KeyError: 'business'", "Traceback (most recent call last):\n  ...\nKeyError: 'business'",
                                   log_path)


def test_the_dialog_says_what_happened_and_where_the_log_is(qtbot, tmp_path):
    box = error_dialog.build_error_box(_error())
    qtbot.addWidget(box)
    assert box.windowTitle() == "消协投诉调解台"
    assert "意外错误" in box.text()
    assert str(LOG) in box.informativeText() and "已经保存的记录不受影响" in box.informativeText()
    assert "KeyError: 'business'" in box.detailedText()
    labels = sorted(b.text() for b in box.buttons() if b.text())
    assert labels == sorted(["关闭", "打开日志文件夹", "显示详情..."])
    box.show()
    qtbot.waitExposed(box)
    box.grab().save(str(tmp_path / "error-dialog.png"))
    if os.environ.get("XIEHUI_KEEP_SCREENS"):
        box.grab().save(os.environ["XIEHUI_KEEP_SCREENS"] + "/error-dialog.png")


def test_opening_the_log_folder_keeps_the_dialog_open(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    box = error_dialog.build_error_box(_error())
    qtbot.addWidget(box)
    box.show()
    button = next(b for b in box.buttons() if b.text() == "打开日志文件夹")
    button.click()
    assert opened == [str(LOG.parent)]
    assert box.isVisible()


def test_without_a_log_file_the_dialog_points_to_the_details(qtbot):
    box = error_dialog.build_error_box(_error(log_path=None))
    qtbot.addWidget(box)
    assert "显示详情" in box.informativeText()
    assert sorted(b.text() for b in box.buttons() if b.text()) == sorted(["关闭", "显示详情..."])


@pytest.mark.parametrize("installed_by", ["error_dialog", "the program's start"])
def test_an_unhandled_exception_opens_the_dialog(qtbot, monkeypatch, installed_by):
    """Also as the program installs it (desktop_integration.integrate: the dialog's module is
    imported with the first error, not at start-up)."""
    monkeypatch.setattr(runtime, "_state", runtime._State(log_path=LOG))
    shown = []

    def close_when_shown():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.informativeText())
            box.button(QMessageBox.StandardButton.Close).click()
        else:
            QTimer.singleShot(20, close_when_shown)

    if installed_by == "error_dialog":
        error_dialog.install_error_dialog()
    else:
        desktop_integration.integrate(QApplication.instance())
    QTimer.singleShot(0, close_when_shown)
    try:
        {}["business"]
    except KeyError:
        runtime.handle_exception(*sys.exc_info())
    assert len(shown) == 1 and str(LOG) in shown[0]
    runtime.set_reporter(None)
    # the closed box goes now (deleteLater), not as the parent of the next test's box (activeWindow)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(isinstance(w, QPushButton) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_fatal_error_says_the_program_must_close(qtbot):
    error = runtime.UnexpectedError("OSError: 磁盘已满", "Traceback ...", LOG, fatal=True)
    box = error_dialog.build_error_box(error)
    qtbot.addWidget(box)
    assert "需要关闭" in box.text() and "请重新启动程序" in box.informativeText()
    assert "可以继续工作" not in box.informativeText()
