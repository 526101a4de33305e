"""服务器设置 as an administrator meets it: Chinese answers from a wrong server, an empty
database-name field, an old error cleared by a good test, the setting kept in the --data-dir
folder, and the offer to start again once saved."""
from __future__ import annotations

import socket
import threading
from argparse import Namespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db import server_config
from app.ui.admin import backup_dialog, office
from app.ui.admin.login_dialog import LoginDialog
from app.ui.admin.server_settings_dialog import ServerSettingsDialog
from tests.conftest import PG_URL, require_postgres
from tests.ui.helpers import click, type_into


def _not_a_database_server() -> int:
    """A port that answers like a web server (what a wrong port often is)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer():
        conn, _ = listener.accept()
        conn.recv(100)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        conn.close()
        listener.close()
    threading.Thread(target=answer, daemon=True).start()
    return listener.getsockname()[1]


def _type_port(qtbot, box, port: int) -> None:
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, str(port))


def test_a_wrong_port_is_told_in_chinese_and_a_good_test_clears_it(qtbot, tmp_path):
    require_postgres()
    good = server_config.ServerSettings.from_url(PG_URL)
    dialog = ServerSettingsDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.database.text() == "" and dialog.database.placeholderText() == "xiehui"
    click(qtbot, dialog.server)
    type_into(qtbot, dialog.host, "127.0.0.1")
    _type_port(qtbot, dialog.port, _not_a_database_server())
    type_into(qtbot, dialog.database, good.database)
    type_into(qtbot, dialog.user, good.user or "postgres")
    assert dialog.database.text() == good.database               # typed, not appended to a default
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.banner.text() != "", timeout=10000)
    assert "上运行的不是 PostgreSQL 数据库服务" in dialog.banner.text()
    assert "SSL" not in dialog.banner.text() and "negotiation" not in dialog.banner.text()

    _type_port(qtbot, dialog.port, good.port)
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("连接成功"), timeout=10000)
    assert dialog.banner.text() == ""                            # the old failure is gone


def test_an_empty_database_name_means_xiehui(qtbot, tmp_path):
    dialog = ServerSettingsDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.server)
    type_into(qtbot, dialog.host, "192.168.1.10")
    type_into(qtbot, dialog.user, "clerk")
    click(qtbot, dialog.save_button)
    assert server_config.load(tmp_path).database == "xiehui"


def _when_shown(kind, act) -> None:
    def poll():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                act(widget)
                return
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def test_saved_from_the_login_in_a_data_folder_the_program_starts_again(qtbot, sqlite_db, tmp_path, monkeypatch):
    """--data-dir D: the setting goes to D/server.json (not the user's folder) and is used; after
    saving, 现在重新启动 starts the program again and ends this login."""
    monkeypatch.setenv("XIEHUI_DATA_DIR", str(tmp_path / "profile"))
    folder = tmp_path / "办公室数据"
    monkeypatch.setattr(office, "_settings_folder", {"path": office.settings_folder(Namespace(data_dir=str(folder)))})
    started, asked = [], []
    monkeypatch.setattr(backup_dialog.QProcess, "startDetached",
                        staticmethod(lambda program, args, where: started.append(args) or (True, 1)))

    def answer(box):
        asked.append((box.text(), box.defaultButton().text()))
        next(b for b in box.buttons() if b.text() == "现在重新启动").click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)

    def fill_in(dialog):
        assert any("办公室数据" in label.text() for label in dialog.findChildren(type(dialog.test_result)))
        click(qtbot, dialog.server)
        type_into(qtbot, dialog.host, "192.168.1.10")
        type_into(qtbot, dialog.user, "clerk")
        click(qtbot, dialog.save_button)
    login = LoginDialog("/tmp/数据/cases.sqlite3", server_settings=office.open_server_settings)
    qtbot.addWidget(login)
    login.show()
    link = next(b for b in login.findChildren(type(login.save_button)) if b.text() == "服务器设置…")
    _when_shown(ServerSettingsDialog, fill_in)
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert asked == [("已保存，重新启动程序后生效。现在重新启动吗？", "现在重新启动")]
    assert len(started) == 1 and not login.isVisible()          # the login ended, a new start began
    assert server_config.load(folder).host == "192.168.1.10"
    assert server_config.load(tmp_path / "profile") is None     # not the user's own folder
    assert office.database_url(Namespace(database=None, data_dir=str(folder))) == "postgresql://clerk@192.168.1.10:5432/xiehui"


@pytest.fixture(autouse=True)
def _quiet_boxes(monkeypatch):
    """Boxes a test does not answer itself are dismissed (a dirty dialog asks when torn down)."""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
