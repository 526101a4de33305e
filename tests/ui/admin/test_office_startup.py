"""Start-up and exit of the client in office mode: the first start asks for the administrator,
the next start for a login; the 管理 menu follows the role; closing makes today's backup."""
from __future__ import annotations

from argparse import Namespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db import server_config
from app.db.models import User
from app.services import users
from app.ui import app as client
from app.ui.admin import office
from app.ui.admin.login_dialog import FirstAdminDialog, LoginDialog
from app.ui.association_dialog import AssociationDialog
from app.ui.main_window import MainWindow
from app.ui.widgets import without_mnemonic


def _when_shown(kind, act, seen: list, running: list) -> None:
    """Act on the first visible top-level widget of `kind` once the event loop shows it; the
    polling ends when `running` is emptied (the start-up under test has returned)."""
    def poll():
        if not running:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                seen.append(kind.__name__)      # the name only: no widget outlives the test
                act(widget)
                return
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def _start(data_dir, seen, **answers) -> int:
    def close_main_window(window):
        assert [without_mnemonic(a.text()) for a in window.office_menu.actions() if a.text()] == \
            ["用户管理…", "审计日志…", "备份与恢复…", "服务器设置…", "修改密码…"]
        seen.append({without_mnemonic(a.text()): a.isEnabled() for a in window.office_menu.actions() if a.text()})
        window.close()
    running = [True]
    _when_shown(MainWindow, close_main_window, seen, running)
    for kind, act in answers.items():
        _when_shown({"first": FirstAdminDialog, "login": LoginDialog, "association": AssociationDialog}[kind], act, seen, running)
    try:
        return client.run(Namespace(data_dir=str(data_dir), database=None, smoke=False))
    finally:
        running.clear()


@pytest.fixture(autouse=True)
def _quiet_boxes(monkeypatch):
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)


def test_first_start_then_login_then_backup_on_exit(qtbot, tmp_path, frozen_today):
    data = tmp_path / "data"

    def create_admin(dialog):
        dialog.display_name.setText("王主任")
        dialog.password.setText("Xiehui#2026")
        dialog.again.setText("Xiehui#2026")
        dialog.try_save()
    seen: list = []
    later = lambda dialog: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # noqa: E731 - 以后再设置
    assert _start(data, seen, first=create_admin, association=later) == 0
    assert seen[:2] == ["FirstAdminDialog", "AssociationDialog"]
    assert User.get(User.username == "admin").display_name == "王主任"
    assert all(seen[-1].values())                                  # the administrator may use every entry
    backups = list((data / "backups").glob("自动备份-*.zip"))
    assert len(backups) == 1                                        # made when the window closed

    users.create_user(users.actor_of(User.get(User.username == "admin")), "zhouwen", "周文", "clerk", "Start-2026")
    User.update(must_change_password=False).where(User.username == "zhouwen").execute()

    def log_in(dialog):
        dialog.username.setText("zhouwen")
        dialog.password.setText("Start-2026")
        dialog.try_save()
    seen = []
    assert _start(data, seen, login=log_in) == 0
    assert seen[-1] == {"用户管理…": False, "审计日志…": False, "备份与恢复…": False, "服务器设置…": False,
                        "修改密码…": True}


def test_a_cancelled_login_ends_the_program(qtbot, tmp_path, frozen_today):
    users_dir = tmp_path / "data"
    from app.db.bootstrap import open_database
    open_database(users_dir).db.close()
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    seen: list = []
    assert _start(users_dir, seen, login=lambda dialog: dialog.reject()) == 0
    assert seen == ["LoginDialog"]                                   # the main window never opened


def test_the_server_saved_in_the_data_folder_is_used(tmp_path, monkeypatch):
    """Without --data-dir the user's own folder says which server; with it, that folder does."""
    monkeypatch.setenv("XIEHUI_DATA_DIR", str(tmp_path / "profile"))
    assert office.database_url(Namespace(database=None, data_dir=None)) is None
    server_config.save(server_config.ServerSettings("192.168.1.10", 5432, "xiehui", "clerk", "secret"))
    assert office.database_url(Namespace(database=None, data_dir=None)) == \
        "postgresql://clerk:secret@192.168.1.10:5432/xiehui"
    folder = tmp_path / "办公室数据"
    assert office.database_url(Namespace(database=None, data_dir=str(folder))) is None
    server_config.save(server_config.ServerSettings("192.168.1.20", 5432, "xiehui", "clerk", ""), folder)
    assert office.database_url(Namespace(database=None, data_dir=str(folder))) == \
        "postgresql://clerk@192.168.1.20:5432/xiehui"
    assert office.database_url(Namespace(database="postgresql://x@y/z", data_dir=None)) == "postgresql://x@y/z"
