"""The preview/print dialog and the wording editor, driven as a clerk would."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import doc_templates
from app.services.context import SYSTEM, Actor
from tests.reports import document_cases as cases

pytestmark = pytest.mark.usefixtures("sqlite_db")
CLERK = Actor(None, "clerk", "登记员甲", "clerk")


def _dialog(qtbot, case_id: int, kind: str):
    from app.ui.documents.preview import DocumentsDialog
    dialog = DocumentsDialog(SYSTEM, case_id, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None or bool(dialog.banner.text()), timeout=20000)
    return dialog


def _ink(label) -> int:
    """How many sampled pixels of a page image are not white (a blank page has none)."""
    image = label.pixmap().toImage()
    return sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 128)


def test_preview_shows_the_pages_and_greys_out_documents_the_case_cannot_have(qtbot):
    case_id = cases.settle_full_case()
    dialog = _dialog(qtbot, case_id, "agreement")
    assert dialog.document.kind == "agreement" and dialog.status.text() == "调解协议书，共1页"   # two terms: one page
    assert len(dialog.view.labels) == 1 and all(_ink(label) > 200 for label in dialog.view.labels)
    items = {dialog.kinds.item(i).text(): dialog.kinds.item(i) for i in range(dialog.kinds.count())}
    rejection = items["不予受理通知书"]
    assert not rejection.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "没有作出不予受理决定" in rejection.toolTip()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_session_choice_for_mediation_records(qtbot):
    case_id = cases.settle_full_case()
    dialog = _dialog(qtbot, case_id, "mediation_record")
    assert dialog.session_box.isVisible() and dialog.session_box.count() == 1
    assert dialog.session_box.currentText() == "第1次　2026年11月10日"


def test_an_unprintable_character_is_shown_and_nothing_can_be_printed(qtbot):
    from app.services.registration import register
    from tests.factories import complaint
    case_id = register(SYSTEM, complaint(person_kw=dict(name="张\ue000", phone="13700002222"),
                                         business_kw=cases.OTHER_BUSINESS)).case_id
    dialog = _dialog(qtbot, case_id, "registration")
    assert "U+E000" in dialog.banner.text() and "姓名" in dialog.banner.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.view.labels == []


def test_wording_editor_refuses_an_unknown_placeholder_and_saves_a_good_one(qtbot):
    from app.ui.documents.templates import TemplatesDialog
    dialog = TemplatesDialog(SYSTEM)
    qtbot.addWidget(dialog)
    dialog.show()
    target = next(dialog.tree.topLevelItem(k).child(c) for k in range(dialog.tree.topLevelItemCount())
                  for c in range(dialog.tree.topLevelItem(k).childCount())
                  if dialog.tree.topLevelItem(k).child(c).data(0, Qt.ItemDataRole.UserRole).part == "effect")
    dialog.tree.setCurrentItem(target)
    dialog.editor.setPlainText("本协议自{签字时间}起生效。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "{签字时间}" in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert doc_templates.template_texts("agreement")["effect"].startswith("本协议自双方当事人签字")
    dialog.editor.setPlainText("本协议一式{协议份数}份，自签字之日起生效。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert doc_templates.template_texts("agreement")["effect"] == "本协议一式{协议份数}份，自签字之日起生效。"
    assert dialog.tree.currentItem().text(0) == "生效条款（已修改）"


def test_wording_editor_is_read_only_without_the_settings_permission(qtbot):
    from app.ui.documents.templates import TemplatesDialog
    dialog = TemplatesDialog(CLERK)
    qtbot.addWidget(dialog)
    assert dialog.editor.isReadOnly() and not dialog.save_button.isEnabled()


def test_the_case_workspace_offers_the_document_buttons(qtbot):
    from PySide6.QtWidgets import QPushButton
    from app.ui.app import open_main_window
    case_id = cases.settle_full_case()
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    workspace = window.open_case(case_id)
    buttons = {b.text(): b for b in workspace.documents_bar.findChildren(QPushButton)}
    assert workspace.documents_bar.isVisibleTo(window) and {"预览/打印文书…", "打印卷宗…"} <= set(buttons)
    assert "文书措辞(&W)…" in [a.text() for a in window.documents_menu.actions()]
    qtbot.mouseClick(buttons["预览/打印文书…"], Qt.MouseButton.LeftButton)
    from app.ui.documents.preview import DocumentsDialog
    qtbot.waitUntil(lambda: any(d.document is not None for d in workspace.findChildren(DocumentsDialog)),
                    timeout=20000)
    dialog = workspace.findChildren(DocumentsDialog)[0]
    assert dialog.document.kind == "agreement"      # the case has a signed agreement: that comes first
    dialog.close()
