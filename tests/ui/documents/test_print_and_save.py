"""打印… and 另存为PDF… clicked as the clerk clicks them, for every document kind and the 卷宗, with
the system's print and file dialogs answered by doubles (tests/ui/documents/conftest.py)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.casefile import case_detail
from app.services.context import SYSTEM
from tests.reports import document_cases as cases
from tests.reports.pdf_check import all_text, flat, page_sizes, page_texts, reader

pytestmark = pytest.mark.usefixtures("sqlite_db", "message_boxes")

# the case that can have each kind (a case has either an agreement, a rejection or a termination)
CASE_OF_KIND = {"registration": "settle_full_case", "acceptance": "settle_full_case",
                "rejection": "rejected_case", "mediation_notice": "settle_full_case",
                "mediation_record": "settle_full_case", "agreement": "settle_full_case",
                "judicial_confirmation": "settle_full_case",
                "termination": "terminated_case", "followup": "settle_full_case",
                "cover": "settle_full_case", "archive": "settle_full_case"}


def _dialog(qtbot, case_id: int, kind: str):
    from app.ui.documents.preview import DocumentsDialog
    dialog = DocumentsDialog(SYSTEM, case_id, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None or bool(dialog.banner.text()), timeout=20000)
    assert dialog.document is not None and dialog.document.kind == kind, dialog.banner.text()
    return dialog


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()} cannot be clicked"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_every_kind_in_the_list_has_a_case_here():
    from app.ui.documents.preview import LIST_ORDER
    assert set(CASE_OF_KIND) == set(LIST_ORDER)


@pytest.mark.parametrize("kind", list(CASE_OF_KIND))
def test_print_and_save_every_document_from_the_buttons(qtbot, tmp_path, print_dialog, save_dialog,
                                                         message_boxes, kind):
    case_id = getattr(cases, CASE_OF_KIND[kind])()
    dialog = _dialog(qtbot, case_id, kind)
    expected = dialog.document

    print_dialog.to_file(tmp_path / "打印机输出.pdf")
    _click(qtbot, dialog.print_button)
    assert print_dialog.asked == [{"title": f"打印{expected.title}", "range": (1, expected.pages),
                                   "doc": expected.filename}]
    printed = (tmp_path / "打印机输出.pdf").read_bytes()
    assert len(reader(printed).pages) == expected.pages
    assert all(abs(w - 595.28) < 1 and abs(h - 841.89) < 1 for w, h in page_sizes(printed))
    assert all_text(printed) == all_text(expected.pdf) and len(all_text(printed)) > 100   # text, not bitmaps
    assert dialog.status.text() == f"已发送{expected.pages}页到文件 {tmp_path / '打印机输出.pdf'}"

    save_dialog.path = tmp_path / "存档" / "文书"          # typed without .pdf; the folder exists
    save_dialog.path.parent.mkdir()
    _click(qtbot, dialog.save_button)
    saved = (tmp_path / "存档" / "文书.pdf").read_bytes()
    assert saved == expected.pdf and len(reader(saved).pages) == expected.pages
    assert flat(dialog.detail.case["number"]) in all_text(saved)
    assert save_dialog.suggested[0].endswith(expected.filename)
    assert message_boxes == []

    history = [h["summary"] for h in case_detail(case_id).history[-2:]]
    assert history[0].startswith("打印文书：") and history[1].startswith("导出PDF文书：")
    if kind == "archive":
        assert history[0].startswith("打印文书：全部文书（归档）")


def test_a_page_range_of_the_archive_prints_those_pages_only(qtbot, tmp_path, print_dialog):
    dialog = _dialog(qtbot, cases.settle_full_case(), "archive")
    whole = page_texts(dialog.document.pdf)
    assert len(whole) > 8
    print_dialog.to_file(tmp_path / "range.pdf", pages=[(2, 3), (6, 6)])
    _click(qtbot, dialog.print_button)
    printed = page_texts((tmp_path / "range.pdf").read_bytes())
    assert [flat(t) for t in printed] == [flat(whole[1]), flat(whole[2]), flat(whole[5])]
    assert dialog.status.text().startswith("已发送3页到文件")
    assert case_detail(dialog.case_id).history[-1]["summary"].startswith("打印文书：全部文书（归档）（第2-3、6页）")


def test_a_range_beyond_the_document_is_answered_in_one_line(qtbot, tmp_path, print_dialog, message_boxes):
    dialog = _dialog(qtbot, cases.rejected_case(), "rejection")
    print_dialog.to_file(tmp_path / "x.pdf", pages=[(5, 9)])
    _click(qtbot, dialog.print_button)
    assert message_boxes == [f"所选的页码不在这份文书内（共{dialog.document.pages}页），请重新选择页码范围。"]
    assert not (tmp_path / "x.pdf").exists() and dialog.print_button.isEnabled()


def test_cancelling_either_dialog_sends_and_writes_nothing(qtbot, tmp_path, print_dialog, save_dialog, message_boxes):
    case_id = cases.rejected_case()
    dialog = _dialog(qtbot, case_id, "rejection")
    before = len(case_detail(case_id).history)
    print_dialog.cancel = True
    _click(qtbot, dialog.print_button)
    assert dialog.status.text() == "已取消打印，没有发送任何页。"
    save_dialog.path = None
    _click(qtbot, dialog.save_button)
    assert dialog.status.text() == "已取消保存。"
    assert message_boxes == [] and len(case_detail(case_id).history) == before
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_saving_into_a_read_only_folder_says_so_and_leaves_nothing(qtbot, read_only_folder, save_dialog,
                                                                  message_boxes, unexpected_errors):
    case_id = cases.rejected_case()
    dialog = _dialog(qtbot, case_id, "rejection")
    before = len(case_detail(case_id).history)
    save_dialog.path = read_only_folder / "不予受理通知书.pdf"
    _click(qtbot, dialog.save_button)
    assert len(message_boxes) == 1 and "没有写入这个文件夹的权限" in message_boxes[0]
    assert "\n" not in message_boxes[0] and str(read_only_folder) in message_boxes[0]
    assert not list(read_only_folder.glob("不予受理通知书.pdf*"))
    assert dialog.status.text() == "未能保存" and unexpected_errors == []
    assert len(case_detail(case_id).history) == before
    assert dialog.save_button.isEnabled()


def test_printing_to_a_file_in_a_read_only_folder_says_so(qtbot, read_only_folder, print_dialog, message_boxes):
    dialog = _dialog(qtbot, cases.rejected_case(), "rejection")
    print_dialog.to_file(read_only_folder / "out.pdf")
    _click(qtbot, dialog.print_button)
    assert len(message_boxes) == 1 and "没有写入这个文件夹的权限" in message_boxes[0]
    assert dialog.status.text() == "未能打印"


def test_no_printer_is_answered_in_one_line(qtbot, monkeypatch, message_boxes):
    """Qt with no printer installed hands back an unnamed PDF "printer" when the dialog is accepted."""
    from app.ui.documents import printing

    class NoPrinterDialog:
        def __init__(self, printer, parent=None):
            pass
        setWindowTitle = setOption = setMinMax = lambda self, *args: None

        def exec(self):
            return 1
    monkeypatch.setattr(printing, "QPrintDialog", NoPrinterDialog)
    dialog = _dialog(qtbot, cases.rejected_case(), "rejection")
    _click(qtbot, dialog.print_button)
    assert message_boxes == [printing.NO_PRINTER]


def test_ctrl_p_and_ctrl_s_print_and_save(qtbot, tmp_path, print_dialog, save_dialog):
    case_id = cases.rejected_case()
    dialog = _dialog(qtbot, case_id, "rejection")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    print_dialog.cancel = True
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # a button's shortcut clicks it as the mouse would, after its pressed look (~100 ms)
    qtbot.waitUntil(lambda: dialog.status.text() == "已取消打印，没有发送任何页。")
    save_dialog.path = tmp_path / "不予受理通知书.pdf"
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: save_dialog.path.is_file(), timeout=10000)


@pytest.mark.skipif(__import__("os").name != "posix", reason="file modes are a Linux matter")
def test_a_saved_pdf_has_the_users_own_mode_not_the_data_folders(qtbot, tmp_path, save_dialog, monkeypatch):
    """Under the program's umask 077 a saved document was 0600: a colleague could not open it once
    copied to a shared folder. It gets what the user's umask (here 022) gives, 0644."""
    import os
    import stat

    from app import file_modes
    monkeypatch.setattr(file_modes, "_user_umask", 0o022)
    previous = os.umask(0o077)
    try:
        dialog = _dialog(qtbot, cases.rejected_case(), "rejection")
        save_dialog.path = tmp_path / "不予受理通知书.pdf"
        _click(qtbot, dialog.save_button)
        assert stat.S_IMODE(save_dialog.path.stat().st_mode) == 0o644
    finally:
        os.umask(previous)
