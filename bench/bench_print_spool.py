"""What printing an 18-page 卷宗 sends to the print system: the PDF itself (CUPS, lp) against the
bitmaps the preview used to print at a fixed 300 dpi, both measured in the same run. Also shows
the bitmap spool at 600 dpi (printers that cannot take PDF get their own resolution now), written
through Qt's PDF engine, which is what Qt on Linux spools for a printer. Budget: under 1 MB.

Usage: .venv/bin/python bench/bench_print_spool.py
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import BenchResult, print_table

BUDGET_MB = 1.0
MB = 1024 * 1024


def _archive_pdf() -> bytes:
    """The 卷宗 of a case whose free texts are 3,000 characters long: 18 pages."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    import render_documents
    from app.reports.documents import make_document
    return make_document("archive", render_documents._case(3000)).pdf


def _bitmap_spool(pdf: bytes, dpi: int, folder: Path) -> int:
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.documents.render import PdfPages, a4_printer, print_pages
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = folder / f"spool-{dpi}.pdf"
    printer.setOutputFileName(str(target))
    printer.setResolution(dpi)
    a4_printer(printer)
    pages = PdfPages(pdf)
    try:
        print_pages(pages, printer, list(range(1, len(pages) + 1)))
    finally:
        pages.close()
    return target.stat().st_size


def run() -> list[BenchResult]:
    from PySide6.QtWidgets import QApplication

    from app.db.bootstrap import open_database
    from app.services.context import freeze_today
    from app.ui.documents.render import PdfPages
    app = QApplication.instance() or QApplication([])   # noqa: F841 - QPrinter needs one
    freeze_today(date(2026, 11, 30))
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(Path(folder) / "data")
        try:
            pdf = _archive_pdf()
            pages = len(PdfPages(pdf))
            before = _bitmap_spool(pdf, 300, Path(folder))
            at_600 = _bitmap_spool(pdf, 600, Path(folder))
        finally:
            opened.db.close()
            freeze_today(None)
    print(f"卷宗 {pages} 页：PDF {len(pdf) / MB:.2f} MB；位图 300 dpi {before / MB:.1f} MB；位图 600 dpi {at_600 / MB:.1f} MB")
    return [BenchResult(f"{pages}-page 卷宗 to CUPS (the PDF)", len(pdf) / MB, "300-dpi bitmaps (before)",
                        before / MB, "MB", f"< {BUDGET_MB:.0f} MB", len(pdf) / MB < BUDGET_MB)]


if __name__ == "__main__":
    results = run()
    print_table(results)
    sys.exit(0 if all(r.within_budget for r in results) else 1)
