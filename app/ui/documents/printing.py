"""Printing and saving a document the clerk sees in the preview.

The system's print and file dialogs are asked for here (one place, which the tests answer with
doubles). What goes to the printer, sharpest first:
- a file printer (Qt's "print to file", PDF): the document's own PDF, the chosen pages only;
- a CUPS printer (Linux, `lp` installed): the PDF itself handed to the print system, which
  rasterises it at the printer's resolution (an 18-page 卷宗 spools ~0.2 MB instead of 15 MB);
- any other printer (Windows): bitmaps at the printer's own resolution (600 dpi on a 600-dpi laser).
Every failure is an OutputFailed with one Chinese line saying what happened and what to do.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from app.file_modes import as_saved_by_user
from app.ui.documents.render import PdfPages, a4_printer, print_pages

LP_TIMEOUT_S = 60
NO_PRINTER = "没有找到可用的打印机：请在系统设置中添加打印机，或先「另存为PDF…」再到有打印机的电脑上打印。"


class OutputFailed(Exception):
    """Nothing (or not everything) reached the printer or the file; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Printed:
    numbers: tuple[int, ...]     # the pages sent, 1-based
    total: int                   # pages of the document
    where: str                   # 「打印机名」 or the file written

    def status(self) -> str:
        return f"已发送{len(self.numbers)}页到{self.where}"

    def range_label(self) -> str:
        """'' for the whole document, else e.g. 第2-3、6页 (for the case's history)."""
        if len(self.numbers) == self.total:
            return ""
        spans: list[list[int]] = []
        for n in self.numbers:
            if spans and n == spans[-1][1] + 1:
                spans[-1][1] = n
            else:
                spans.append([n, n])
        return "第" + "、".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans) + "页"


# ------------------------------------------------------------------ the system dialogs
def ask_printer(parent, title: str, doc_name: str, page_count: int) -> QPrinter | None:
    """The print dialog on an A4 printer set up for the document; None when the clerk cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    a4_printer(printer)
    printer.setDocName(doc_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setMinMax(1, page_count)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    a4_printer(printer)              # the dialog may have changed the paper; the pages are A4
    return printer


def ask_save_path(parent, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "另存为PDF", str(suggested), "PDF 文件 (*.pdf)")
    if not path:
        return None
    target = Path(path)
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


# ------------------------------------------------------------------ which pages
def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The 1-based page numbers the print dialog asked for (all, or its ranges such as 2-4,7)."""
    if printer.printRange() != QPrinter.PrintRange.PageRange:
        return list(range(1, count + 1))
    ranges = printer.pageRanges()
    spans = ([(r.from_, r.to) for r in ranges.toRangeList()] if not ranges.isEmpty()
             else [(printer.fromPage(), printer.toPage() or count)])
    numbers = sorted({n for first, last in spans for n in range(max(1, first), min(count, last) + 1)})
    if not numbers:
        raise OutputFailed(f"所选的页码不在这份文书内（共{count}页），请重新选择页码范围。")
    return numbers


# ------------------------------------------------------------------ sending
def print_document(pages: PdfPages, pdf: bytes, printer: QPrinter, title: str,
                   progress: Callable[[int, int], None] | None = None) -> Printed:
    numbers = chosen_pages(printer, len(pages))
    data = pdf if len(numbers) == len(pages) else None        # the subset only when needed
    name = printer.printerName()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        target = Path(printer.outputFileName())
        write_file(target, data or pages.subset(numbers))
        return Printed(tuple(numbers), len(pages), f"文件 {target}")
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat or not name:
        raise OutputFailed(NO_PRINTER)         # Qt without any printer falls back to an unnamed PDF file
    if takes_pdf(printer):
        _lp(printer, data or pages.subset(numbers), title)
    elif not printer.isValid():
        raise OutputFailed(NO_PRINTER)
    else:
        try:
            print_pages(pages, printer, numbers, progress)
        except OSError as exc:
            raise OutputFailed(f"打印机「{name}」{exc}。") from exc
    return Printed(tuple(numbers), len(pages), f"打印机「{name}」")


def takes_pdf(printer: QPrinter) -> bool:
    """A CUPS queue takes the PDF itself (and renders it at the printer's resolution)."""
    return sys.platform != "win32" and bool(printer.printerName()) and shutil.which("lp") is not None


def lp_command(printer: QPrinter, title: str) -> list[str]:
    command = ["lp", "-d", printer.printerName(), "-t", title, "-n", str(max(1, printer.copyCount()))]
    if printer.copyCount() > 1 and printer.collateCopies():
        command += ["-o", "collate=true"]
    sides = {QPrinter.DuplexMode.DuplexNone: "one-sided",
             QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
             QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge"}.get(printer.duplex())
    if sides:
        command += ["-o", f"sides={sides}"]
    if printer.colorMode() == QPrinter.ColorMode.GrayScale:
        command += ["-o", "print-color-mode=monochrome"]
    return command + ["-"]            # the PDF on standard input: no temporary file left behind


def _lp(printer: QPrinter, data: bytes, title: str) -> None:
    name = printer.printerName()
    try:
        done = subprocess.run(lp_command(printer, title), input=data, capture_output=True, timeout=LP_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputFailed(f"未能把文书交给打印机「{name}」：打印服务没有响应（{exc}），请稍后再试。") from exc
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise OutputFailed(f"打印机「{name}」没有接受这份文书，请检查打印机是否开机、是否已暂停"
                           + (f"（系统提示：{detail[-1]}）" if detail else "") + "。")


# ------------------------------------------------------------------ files
def write_file(target: Path, data: bytes) -> None:
    """Write all of it or nothing: a half-written PDF never takes the name of the document."""
    part = target.with_name(target.name + ".part")
    try:
        part.write_bytes(data)
        os.replace(part, target)
        as_saved_by_user(target)
    except OSError as exc:
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass                  # it was never created (a read-only folder)
        raise OutputFailed(_why_not_written(target, exc)) from exc


def _why_not_written(target: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
        return (f"无法保存到「{target.parent}」：没有写入这个文件夹的权限，或同名文件正被其他程序打开。"
                "请换一个文件夹（例如「文档」）或先关闭该文件再保存。")
    if exc.errno == errno.ENOSPC:
        return f"无法保存到「{target.parent}」：磁盘空间不足，请清理磁盘或换一个位置再保存。"
    if isinstance(exc, FileNotFoundError):
        return f"无法保存：文件夹「{target.parent}」不存在，请重新选择保存位置。"
    return f"无法保存到「{target}」：{exc.strerror or exc}。请换一个位置再保存。"
