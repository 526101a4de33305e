"""司法确认 in the case workspace, as a clerk does it: the window's badge in the header, 申请司法确认
and 登记司法确认结果 clicked and filled in, and the 司法确认申请书 opened from the 文书 bar."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.services.settings import update_settings
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from app.ui.documents.actions import workspace_document_actions
from app.ui.documents.preview import DocumentsDialog
from app.ui.extensions import add_document_provider
from tests.reports import document_cases as cases
from tests.ui.helpers import click, pick


def _open_dialog(qtbot, ws, code: str) -> ActionDialog:
    qtbot.waitUntil(lambda: code in ws.action_buttons and ws.action_buttons[code].isVisible())
    click(qtbot, ws.action_buttons[code])
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, ActionDialog) and w.isVisible())


def test_file_and_record_the_ruling_then_print_the_application(qtbot, sqlite_db, message_boxes):
    update_settings(SYSTEM, {"org.name": "清河县消费者协会",
                             "judicial.courts": "清河县人民法院；邢台市信都区人民法院"})
    case_id = cases.settle_full_case()
    add_document_provider(workspace_document_actions)
    ws = CaseWorkspace(SYSTEM, case_id)
    qtbot.addWidget(ws)
    ws.show()
    assert ws.header.judicial.text() == "2026-12-21（正常）"
    assert "record_confirmation" not in ws.action_buttons

    dialog = _open_dialog(qtbot, ws, "file_confirmation")
    court = dialog.fields.widget("court")
    assert isinstance(court, QComboBox) and court.currentText() == "清河县人民法院"
    pick(court, "邢台市信都区人民法院")
    click(qtbot, dialog.save_button)
    assert ws.header.judicial.text() == "已于2026-11-30向邢台市信都区人民法院申请"
    assert case_detail(case_id).agreement["confirm_court"] == "邢台市信都区人民法院"

    dialog = _open_dialog(qtbot, ws, "record_confirmation")
    pick(dialog.fields.widget("decision"), "确认有效")
    click(qtbot, dialog.save_button)
    assert ws.header.judicial.text() == "法院裁定确认有效（2026-11-30）"
    assert "file_confirmation" not in ws.action_buttons
    assert [h["action"] for h in case_detail(case_id).history][-2:] == ["file_confirmation", "record_confirmation"]

    preview = next(b for b in ws.documents_bar.findChildren(QPushButton) if b.text() == "预览/打印文书…")
    click(qtbot, preview)
    documents = next(w for w in QApplication.topLevelWidgets() if isinstance(w, DocumentsDialog) and w.isVisible())
    item = next(documents.kinds.item(i) for i in range(documents.kinds.count())
                if documents.kinds.item(i).text() == "司法确认申请书")
    rect = documents.kinds.visualItemRect(item)
    qtbot.mouseClick(documents.kinds.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: documents.document is not None and documents.document.kind == "judicial_confirmation",
                    timeout=20000)
    assert documents.status.text() == "司法确认申请书，共3页"
    documents.close()
