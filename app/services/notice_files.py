"""The text of a saved holiday notice: .txt (UTF-8 or GBK, as Windows Notepad saves it), .docx
(its XML, read with the standard library) or .pdf (its text layer, through PDFium — the
program already ships pypdfium2 for the document preview, so this adds no dependency).

Files are treated as hostile: size limits before reading, no DOCTYPE in the Word XML (entity
tricks), a cap on unpacked size and on PDF pages, and one Chinese line for every refusal.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from app.domain.errors import ValidationFailed
from app.domain.holiday_notice import MAX_NOTICE_CHARS, MAX_NOTICE_LINES
from app.services.pdf_measure import uncounted_filter, unpacked_bytes

MAX_FILE_BYTES = 20 * 1024 * 1024       # a notice is a few kB; a scanned PDF a few MB
MAX_XML_BYTES = 30 * 1024 * 1024
MAX_PDF_PAGES = 30
# a notice's PDF unpacks to a few hundred KB (its fonts subset); a fully embedded CJK font is 10–20 MB
MAX_PDF_UNPACKED = 50 * 1024 * 1024
SUFFIXES = (".txt", ".docx", ".pdf")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "       # expat's "namespace tag"
_W_P, _W_T, _W_TAB, _W_BREAKS = _W + "p", _W + "t", _W + "tab", (_W + "br", _W + "cr")
_CHUNK = 1 << 16


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
            with archive.open(member) as stream:
                return _docx_text(stream, path.name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, zlib.error):
        raise NoticeFileError(f"{path.name} 已损坏或不是 .docx 文件") from None


class _DocxText:
    """The paragraphs' text, gathered by expat as the XML streams in: text runs in order, tabs and
    line breaks kept, deleted (tracked) text (w:delText) left out. Streamed, so what the zip's
    header claims does not matter (archive.read() inflated a member that lied about its size whole:
    2 GB for a 1.5 MB file) and the text stops at the notice's limit, not at the XML's."""

    def __init__(self, name: str):
        self.name, self.lines, self.parts = name, [], []
        self.in_text, self.paragraphs, self.chars = 0, 0, 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        # Word never writes a DTD; refusing its start (in whatever encoding expat decoded) stops
        # entity tricks, which a byte search for b"<!ENTITY" missed in UTF-16 (8.3 GB from 69 KB)
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

    def _refuse(self, *_args) -> None:
        raise NoticeFileError(f"{self.name} 的正文含有不允许的声明，已拒绝读取")

    def _start(self, tag: str, _attributes) -> None:
        if tag == _W_P:
            if self.paragraphs:                     # a paragraph inside one (a text box): its own line
                self._flush()
            self.paragraphs += 1
        elif tag == _W_T:
            self.in_text += 1
        elif self.paragraphs and tag == _W_TAB:
            self._add("\t")
        elif self.paragraphs and tag in _W_BREAKS:
            self._add("\n")

    def _end(self, tag: str) -> None:
        if tag == _W_P:
            self.paragraphs -= 1
            self._flush()
        elif tag == _W_T:
            self.in_text -= 1

    def _text(self, data: str) -> None:
        if self.in_text and self.paragraphs:
            self._add(data)

    def _add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_NOTICE_CHARS:
            self._too_long()
        self.parts.append(text)

    def _flush(self) -> None:
        if len(self.lines) >= MAX_NOTICE_LINES:
            self._too_long()
        self.lines.append("".join(self.parts))
        self.parts = []

    def _too_long(self) -> None:
        raise NoticeFileError(f"{self.name} 的正文太长（超过 {MAX_NOTICE_CHARS:,} 字或 {MAX_NOTICE_LINES:,} 段），"
                              "不像是一份放假通知")


def _docx_text(stream, name: str) -> str:
    reader = _DocxText(name)
    read = 0
    try:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > MAX_XML_BYTES:
                raise NoticeFileError(f"{name} 的正文解压后过大，已拒绝读取")
            reader.parser.Parse(chunk, False)
        reader.parser.Parse(b"", True)
    except expat.ExpatError:
        raise NoticeFileError(f"{name} 的正文已损坏，无法读取") from None
    return "\n".join(reader.lines)


# ---------------------------------------------------------------- .pdf
def _read_pdf(path: Path) -> str:
    import pypdfium2 as pdfium

    data = path.read_bytes()
    _check_pdf_bytes(data, path.name)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "有密码保护" if "password" in str(exc).lower() else "已损坏或不是 PDF 文件"
        raise NoticeFileError(f"无法读取 {path.name}：{reason}") from None
    try:
        return _pdf_text(document, path.name)
    except pdfium.PdfiumError:          # a page that cannot be loaded (a page tree pointing to itself)
        raise NoticeFileError(f"无法读取 {path.name}：已损坏或不是 PDF 文件") from None
    finally:
        document.close()


def _check_pdf_bytes(data: bytes, name: str) -> None:
    """What PDFium would unpack, measured before it sees the file (app/services/pdf_measure.py)."""
    if unpacked_bytes(data, MAX_PDF_UNPACKED) > MAX_PDF_UNPACKED:
        raise NoticeFileError(f"{name} 解压后超过 {MAX_PDF_UNPACKED >> 20} MB，不像是一份放假通知，已拒绝读取")
    uncounted = uncounted_filter(data)
    if uncounted:
        raise NoticeFileError(f"{name} 使用了不支持的压缩方式（{uncounted}）：请复制通知网页上的文字粘贴进来")


def _pdf_text(document, name: str) -> str:
    import pypdfium2.raw as pdfium_c

    # an encrypted stream is not measured by _check_pdf_bytes (its bytes are ciphertext); a file
    # that opens without a password yet is encrypted only restricts copying or printing
    if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
        raise NoticeFileError(f"无法读取 {name}：有加密保护，请复制通知网页上的文字粘贴进来")
    if len(document) > MAX_PDF_PAGES:
        raise NoticeFileError(f"{name} 有 {len(document)} 页，不像是一份放假通知（最多 {MAX_PDF_PAGES} 页）")
    pages, chars = [], 0
    for index in range(len(document)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            chars += textpage.count_chars()
            if chars > MAX_NOTICE_CHARS:
                raise NoticeFileError(f"{name} 的文字太长（超过 {MAX_NOTICE_CHARS:,} 字），不像是一份放假通知")
            pages.append(textpage.get_text_bounded())
            textpage.close()
        finally:
            page.close()
    text = "\n".join(pages)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise NoticeFileError(f"{name} 中没有可复制的文字（可能是扫描件）：请复制通知网页上的文字粘贴进来")
    return text
