"""The text of a saved holiday notice: .txt (UTF-8 or GBK, as Windows Notepad saves it), .docx
(its XML, read with the standard library) or .pdf (its text layer, through PDFium — the
program already ships pypdfium2 for the document preview, so this adds no dependency).

Files are treated as hostile: size limits before reading, no DOCTYPE in the Word XML (entity
tricks), a cap on unpacked size and on PDF pages, and one Chinese line for every refusal.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from app.domain.errors import ValidationFailed

MAX_FILE_BYTES = 20 * 1024 * 1024       # a notice is a few kB; a scanned PDF a few MB
MAX_XML_BYTES = 30 * 1024 * 1024
MAX_PDF_PAGES = 30
SUFFIXES = (".txt", ".docx", ".pdf")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class NoticeFileError(ValidationFailed):
    def __init__(self, message: str):
        super().__init__({"file": message}, message)


def read_notice_file(path: Path | str) -> str:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps", ".rtf"):
        raise NoticeFileError(f"不能读取 {suffix} 文件：请在 Word 或 WPS 中另存为 .docx 或 .txt 后再打开")
    if suffix not in SUFFIXES:
        raise NoticeFileError(f"不支持的文件类型：{path.name}（可打开 .txt、.docx、.pdf，或直接粘贴通知文字）")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NoticeFileError(f"无法打开文件 {path.name}：{exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise NoticeFileError(f"文件 {path.name} 太大（{size // 1024 // 1024} MB），不像是一份放假通知")
    reader = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[suffix]
    return reader(path)


# ---------------------------------------------------------------- .txt
def decode_text(data: bytes, name: str) -> str:
    # a byte-order mark says UTF-16 (Notepad's "Unicode"): an odd length or a lone surrogate
    # is then a damaged file, not a reason to try the 8-bit encodings
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeFileError(f"无法识别 {name} 的文字编码：请另存为 UTF-8 文本后再打开")


def _read_txt(path: Path) -> str:
    return decode_text(path.read_bytes(), path.name)


# ---------------------------------------------------------------- .docx
def _read_docx(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                member = archive.getinfo("word/document.xml")
            except KeyError:
                raise NoticeFileError(f"{path.name} 不是 Word 文档（缺少正文）") from None
            if member.file_size > MAX_XML_BYTES:
                raise NoticeFileError(f"{path.name} 的正文解压后过大，已拒绝读取")
            data = archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise NoticeFileError(f"{path.name} 已损坏或不是 .docx 文件") from None
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise NoticeFileError(f"{path.name} 的正文含有不允许的声明，已拒绝读取")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise NoticeFileError(f"{path.name} 的正文已损坏，无法读取") from None
    return "\n".join(_paragraph_text(p) for p in root.iter(f"{_W}p"))


def _paragraph_text(paragraph) -> str:
    """Text runs in order; tabs and line breaks kept; deleted (tracked) text left out."""
    parts = []
    for element in paragraph.iter():
        if element.tag == f"{_W}t":
            parts.append(element.text or "")
        elif element.tag == f"{_W}tab":
            parts.append("\t")
        elif element.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


# ---------------------------------------------------------------- .pdf
def _read_pdf(path: Path) -> str:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = "有密码保护" if "password" in str(exc).lower() else "已损坏或不是 PDF 文件"
        raise NoticeFileError(f"无法读取 {path.name}：{reason}") from None
    try:
        if len(document) > MAX_PDF_PAGES:
            raise NoticeFileError(f"{path.name} 有 {len(document)} 页，不像是一份放假通知（最多 {MAX_PDF_PAGES} 页）")
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    text = "\n".join(pages)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise NoticeFileError(f"{path.name} 中没有可复制的文字（可能是扫描件）：请复制通知网页上的文字粘贴进来")
    return text
