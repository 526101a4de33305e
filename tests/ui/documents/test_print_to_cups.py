"""打印… clicked in 文书预览与打印 with a CUPS printer chosen in the print dialog: 2 copies, both
sides, greyscale, some pages. The print dialog and the CUPS queue behind it are doubles (no print
server runs here: without one Qt falls back to an unnamed PDF printer that holds no duplex), and
`lp` is a script first on PATH that keeps its arguments and the PDF it was handed.

Pages per sheet (CUPS number-up) is not offered: Qt 6's QPrinter has no such property (its Unix
dialog keeps it among private CUPS options that never reach a program calling `lp` itself)."""
from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt

from app.services.casefile import case_detail
from app.services.context import SYSTEM
from tests.reports import document_cases as cases
from tests.reports.pdf_check import flat, page_sizes, page_texts, reader
from tests.ui.doubles import QueuePrinter

pytestmark = [pytest.mark.usefixtures("sqlite_db"),
              pytest.mark.skipif(sys.platform == "win32", reason="the lp double is a script run by its #! line")]
QUEUE = "办公室HP"


def test_print_clicked_hands_cups_the_chosen_pages_with_copies_duplex_and_greyscale(
        qtbot, monkeypatch, fake_lp, print_dialog, message_boxes):
    from app.ui.documents import printing
    from app.ui.documents.preview import DocumentsDialog

    monkeypatch.setattr(printing, "QPrinter", QueuePrinter)
    print_dialog.to_queue(QUEUE, copies=2, pages=[(2, 3), (6, 6)])
    case_id = cases.settle_full_case()
    dialog = DocumentsDialog(SYSTEM, case_id, "archive")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=20000)
    document = dialog.document
    assert document.pages > 6
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (fake_lp / "lp-argv.txt").exists() and dialog.print_button.isEnabled(), timeout=20000)

    assert [(a["title"], a["range"]) for a in print_dialog.asked] == [(f"打印{document.title}", (1, document.pages))]
    argv = (fake_lp / "lp-argv.txt").read_text(encoding="utf-8").splitlines()
    assert argv == ["lp", "-d", QUEUE, "-t", document.title, "-n", "2", "-o", "collate=true",
                    "-o", "sides=two-sided-long-edge", "-o", "print-color-mode=monochrome", "-"]
    sent = (fake_lp / "lp-input.pdf").read_bytes()
    assert sent.startswith(b"%PDF-") and sent.rstrip().endswith(b"%%EOF")
    assert len(reader(sent).pages) == 3                                   # a PDF that parses, of 3 pages
    assert all(abs(w - 595.28) < 1 and abs(h - 841.89) < 1 for w, h in page_sizes(sent))
    whole = page_texts(document.pdf)
    assert [flat(t) for t in page_texts(sent)] == [flat(whole[1]), flat(whole[2]), flat(whole[5])]
    assert dialog.status.text() == f"已发送3页到打印机「{QUEUE}」"
    assert message_boxes == []
    assert case_detail(case_id).history[-1]["summary"].startswith("打印文书：全部文书（归档）（第2-3、6页）")
