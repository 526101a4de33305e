"""Every button and action of the documents screens, clicked or triggered as the clerk does, with
the system's print, file and message dialogs answered by doubles: no exception, and the program's
unexpected-error dialog never appears. A button added to these screens is walked too."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from app.services.context import SYSTEM
from tests.reports import document_cases as cases

# pytest-qt's own exception capture is off here so that an exception in a slot takes the program's
# path (app.runtime's hook → the unexpected-error dialog), which `unexpected_errors` records
pytestmark = [pytest.mark.usefixtures("sqlite_db", "message_boxes"), pytest.mark.qt_no_exception_capture]
CLOSING = ("关闭",)          # clicked last: they close the screen being walked


def _clickable(widget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]


def _click_all(qtbot, widget, wait=lambda: None) -> list[str]:
    """Click every visible, enabled button (closing ones last); returns their texts."""
    clicked = []
    buttons = sorted(_clickable(widget), key=lambda b: b.text() in CLOSING)
    for button in buttons:
        if not button.isVisible() or not button.isEnabled():
            continue                    # an earlier click closed or held it
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait()
        clicked.append(button.text())
    for action in widget.findChildren(QAction):
        if action.isVisible() and action.isEnabled() and not action.menu():
            action.trigger()
            wait()
            clicked.append(action.text())
    return clicked


def _enabled_items(dialog):
    return [dialog.kinds.item(i) for i in range(dialog.kinds.count())
            if dialog.kinds.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]


def _choose(qtbot, dialog, item) -> None:
    """Click the document in the list, wait for its pages."""
    dialog.kinds.scrollToItem(item)
    rect = dialog.kinds.visualItemRect(item)
    qtbot.mouseClick(dialog.kinds.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: dialog.document is not None and dialog.document.kind == item.data(Qt.ItemDataRole.UserRole)
                    or bool(dialog.banner.text()), timeout=20000)


def test_every_button_of_the_preview_for_every_document(qtbot, tmp_path, print_dialog, save_dialog,
                                                        unexpected_errors, message_boxes):
    """The case with the most documents (9 of the 11 kinds, 司法确认申请书 included; the other two: test_print_and_save.py)."""
    from app.ui.documents.preview import ZOOMS, DocumentsDialog
    case_id = cases.settle_full_case()
    dialog = DocumentsDialog(SYSTEM, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=20000)
    print_dialog.to_file(tmp_path / "printed.pdf")
    save_dialog.path = tmp_path / "saved.pdf"
    walked = set()
    for item in _enabled_items(dialog):
        _choose(qtbot, dialog, item)
        for index in range(len(ZOOMS)):           # every zoom, as picked from the box
            dialog.zoom_box.setCurrentIndex(index)
        clicked = _click_all(qtbot, dialog.view.parentWidget())          # the tools above the pages
        assert unexpected_errors == [] and message_boxes == []
        assert {"打印…", "另存为PDF…"} <= set(clicked), (item.text(), clicked)
        walked.add(item.data(Qt.ItemDataRole.UserRole))
        assert (tmp_path / "printed.pdf").exists() and (tmp_path / "saved.pdf").exists()
        (tmp_path / "printed.pdf").unlink()
        (tmp_path / "saved.pdf").unlink()
    assert message_boxes == [] and unexpected_errors == []
    assert len(walked) == 9 and "judicial_confirmation" in walked
    _click_all(qtbot, dialog)
    assert not dialog.isVisible()


def test_every_button_of_the_wording_editor(qtbot, unexpected_errors, message_boxes):
    from app.ui.documents.templates import TemplatesDialog
    dialog = TemplatesDialog(SYSTEM)
    qtbot.addWidget(dialog)
    dialog.show()
    clicked = _click_all(qtbot, dialog)
    assert set(clicked) >= {"恢复默认", "保存(&S)", "关闭"} and not dialog.isVisible()
    assert unexpected_errors == [] and message_boxes == []


def test_the_document_buttons_of_a_workspace_and_the_wording_menu_entry(qtbot, tmp_path, print_dialog,
                                                                      unexpected_errors, message_boxes):
    from app.ui.app import open_main_window
    from app.ui.documents.preview import DocumentsDialog
    from app.ui.documents.templates import TemplatesDialog
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    workspace = window.open_case(cases.settle_full_case())
    print_dialog.to_file(tmp_path / "卷宗.pdf")
    buttons = {b.text(): b for b in _clickable(workspace.documents_bar)}
    assert set(buttons) == {"预览/打印文书…", "打印卷宗…"}
    for text, kind in (("预览/打印文书…", "agreement"), ("打印卷宗…", "archive")):
        qtbot.mouseClick(buttons[text], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(d.isVisible() and d.document is not None
                                    for d in workspace.findChildren(DocumentsDialog)), timeout=20000)
        dialog = next(d for d in workspace.findChildren(DocumentsDialog) if d.isVisible())
        assert dialog.document.kind == kind
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(next(b for b in _clickable(dialog) if b.text() == "关闭"), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
    assert (tmp_path / "卷宗.pdf").exists()

    shown = []

    def close_wording_editor():      # 文书措辞… opens a modal dialog: the clerk looks, then closes it
        editor = QApplication.activeModalWidget()
        shown.append(editor)
        if isinstance(editor, QDialog):
            _click_all(qtbot, editor)
    wording = next(a for a in window.documents_menu.actions() if a.text() == "文书措辞(&W)…")
    QTimer.singleShot(200, close_wording_editor)
    wording.trigger()
    assert len(shown) == 1 and isinstance(shown[0], TemplatesDialog)
    assert unexpected_errors == [] and message_boxes == []
