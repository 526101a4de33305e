"""The first start asks for the association's name, 代字 and units; the preview warns while the
documents would still print the placeholder name."""
from __future__ import annotations

from argparse import Namespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.db.models import User
from app.services import association
from app.services.context import SYSTEM
from app.services.settings import dictionary, get_settings
from app.ui import app as client
from app.ui.admin.login_dialog import FirstAdminDialog
from app.ui.association_dialog import AssociationDialog
from app.ui.main_window import MainWindow
from tests.ui.helpers import click, key_text


def _answer(kinds: dict, seen: list, running: list) -> None:
    """Answer each dialog kind once, as it appears; the main window is looked at, then closed."""
    def poll():
        if not running:
            return
        for widget in QApplication.topLevelWidgets():
            for kind, act in list(kinds.items()):
                if isinstance(widget, kind) and widget.isVisible():
                    del kinds[kind]
                    try:
                        seen.append((kind.__name__, act(widget)))
                    except Exception as exc:  # noqa: BLE001 - reported by the test, the dialog must not hang it
                        seen.append((kind.__name__, repr(exc)))
                        widget.close()
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def _create_admin(qtbot, dialog: FirstAdminDialog) -> None:
    key_text(dialog.display_name, "王主任")
    qtbot.keyClicks(dialog.password, "Xiehui#2026")
    qtbot.keyClicks(dialog.again, "Xiehui#2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def _fill_association(qtbot, dialog: AssociationDialog) -> str:
    assert dialog.focusWidget() is dialog.org_name and dialog.org_name.text() == ""   # the placeholder is not offered
    key_text(dialog.org_name, "某某县消费者协会")
    qtbot.keyClick(dialog.org_name, Qt.Key.Key_Return)
    refused = dialog.fields.error_of("org.name")
    dialog.org_name.selectAll()
    key_text(dialog.org_name, "青山县消费者协会")
    dialog.short_code.selectAll()
    key_text(dialog.short_code, "青消调")
    example = dialog.example.text()
    dialog.units.setFocus()
    key_text(dialog.units, "城关分会")
    qtbot.keyClick(dialog.units, Qt.Key.Key_Return)
    key_text(dialog.units, "白沙镇联络站")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return f"{refused}|{example}"


def _look_and_close(window: MainWindow) -> str:
    title = window.windowTitle()
    window.close()
    return title


def test_first_start_sets_up_the_administrator_then_the_association(qtbot, tmp_path, frozen_today, monkeypatch):
    monkeypatch.setattr("app.ui.admin.office.after_exit", lambda: None)
    seen: list = []
    running = [True]
    _answer({FirstAdminDialog: lambda d: _create_admin(qtbot, d),
             AssociationDialog: lambda d: _fill_association(qtbot, d),
             MainWindow: _look_and_close}, seen, running)
    try:
        assert client.run(Namespace(data_dir=str(tmp_path / "data"), database=None, smoke=False)) == 0
    finally:
        running.clear()
    names = [name for name, _ in seen]
    assert names == ["FirstAdminDialog", "AssociationDialog", "MainWindow"]
    refused, example = seen[1][1].split("|")
    assert "示例名称" in refused and example == "案件编号示例：青消调〔2026〕第1号"
    assert "青山县消费者协会" in seen[2][1]
    assert (get_settings()["org.name"], get_settings()["org.short_code"]) == ("青山县消费者协会", "青消调")
    assert [e.label for e in dictionary("unit")] == ["本会", "城关分会", "白沙镇联络站"]
    assert User.get(User.username == "admin").display_name == "王主任"


def test_a_clerk_is_not_asked_and_a_set_up_association_is_not_asked_again(qtbot, sqlite_db):
    from app.services.context import Actor
    from app.ui.association_dialog import offer_setup

    assert not offer_setup(Actor(None, "clerk", "登记员", "clerk"))      # no dialog: nothing to answer
    association.set_up_association(SYSTEM, "青山县消费者协会", "消调")
    assert not offer_setup(SYSTEM)


@pytest.mark.usefixtures("sqlite_db")
def test_the_preview_warns_while_the_name_is_the_placeholder(qtbot, message_boxes):
    from app.ui.documents.preview import DocumentsDialog
    from tests.reports import document_cases as cases

    case_id = cases.settle_full_case()

    def banner_text() -> str:
        dialog = DocumentsDialog(SYSTEM, case_id, "agreement")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.document is not None, timeout=20000)
        text = dialog.placeholder_banner.text() if dialog.placeholder_banner.isVisible() else ""
        click(qtbot, next(b for b in dialog.findChildren(type(dialog.print_button)) if b.text() == "关闭"))
        return text

    assert "示例「某某县消费者协会」" in banner_text()
    association.set_up_association(SYSTEM, "青山县消费者协会", "消调")
    assert banner_text() == ""
