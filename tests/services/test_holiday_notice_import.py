"""Importing a holiday notice: from pasted text or a .txt/.docx/.pdf file, saved in one audited
transaction, the open cases' deadlines recomputed and counted; hostile files refused in one line."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest

from app.db.models import AuditLog, Case, Holiday, HolidayYear
from app.domain.errors import NotAllowed, ValidationFailed
from app.services import registration
from app.services.context import SYSTEM, Actor, freeze_today
from app.services.holiday_notice import preview_notice, preview_notice_file, save_notice
from app.services.notice_files import NoticeFileError, read_notice_file
from app.services.settings import work_calendar
from tests.factories import complaint

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "domain" / "fixtures" / "holiday_notices"
CLERK = Actor(None, "clerk1", "周文", "clerk")


def notice(name) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def write_docx(path: Path, paragraphs: list[str], extra_xml: str = "") -> Path:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + extra_xml +
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return path


def write_pdf(path: Path, text: str) -> Path:
    """The notice typeset with the program's own fonts, as a saved PDF of the notice would be."""
    from app.reports.documents.layout import BODY, DocWriter, PageInfo
    from app.reports.pdf_fonts import font_kit

    writer = DocWriter(font_kit("bundled"), PageInfo("国务院办公厅", ""))
    writer.start("通知")
    for line in text.splitlines():
        writer.para(line, "正文", BODY)
    path.write_bytes(writer.build("通知"))
    return path


@pytest.fixture
def late_december(db):
    """28 December 2026: deadlines of cases received now run into 2027, a year the table lacks."""
    freeze_today(date(2026, 12, 28))
    yield db
    freeze_today(date(2026, 11, 30))


# ---------------------------------------------------------------- saving and the recount
def test_import_saves_the_year_audited_and_recounts_open_cases(late_december):
    reg = registration.register(SYSTEM, complaint(received_date=date(2026, 12, 28), purchase_date=date(2026, 12, 1)))
    other = registration.register(SYSTEM, complaint(received_date=date(2026, 12, 1), purchase_date=date(2026, 11, 1)))
    before = Case.get_by_id(reg.case_id).next_deadline
    assert before == date(2027, 1, 6)          # Monday–Friday: 1 January 2027 counted as a workday
    assert not work_calendar().is_covered(2027)

    preview = preview_notice(notice("2027-example"))
    assert preview.replaces is None and preview.summary() == "2027年：放假 28 天，调休上班 5 天"
    assert preview.lines()[0] == "元旦：1月1日至1月3日放假（共3天）"
    changed = save_notice(SYSTEM, preview.schedule)

    assert changed == 1
    assert Case.get_by_id(reg.case_id).next_deadline == date(2027, 1, 7)
    assert Case.get_by_id(other.case_id).next_deadline == date(2026, 12, 10)
    assert HolidayYear.get_by_id(2027).source == "notice"
    cal = work_calendar()
    assert cal.is_covered(2027) and cal.is_workday(date(2027, 2, 20)) and not cal.is_workday(date(2027, 2, 8))
    row = AuditLog.select().where(AuditLog.action == "set_holidays").get()
    assert row.summary == "据国务院办公厅通知导入2027年节假日安排"
    changes = {c["field"]: c for c in json.loads(row.changes)}
    assert changes["days"]["new"] == 33 and "春节：2月5日至2月12日放假（共8天）；2月20日上班" in changes["items"]["new"]


def test_importing_the_known_year_again_changes_nothing(db):
    preview = preview_notice(notice(2026))
    assert preview.replaces == "chinesecalendar" and preview.changes == []
    assert preview.summary().endswith("与现有安排相同")
    names_before = {h.day: h.name for h in Holiday.select() if h.day.year == 2026}
    assert save_notice(SYSTEM, preview.schedule) == 0
    assert {h.day for h in Holiday.select() if h.day.year == 2026} == set(names_before)


def test_days_of_the_year_before_are_put_in_too(db):
    Holiday.delete().where(Holiday.day == date(2022, 12, 31)).execute()
    preview = preview_notice(notice(2023))
    assert "另有上一年的 2022年12月31日" in preview.summary()
    save_notice(SYSTEM, preview.schedule)
    assert Holiday.get(Holiday.day == date(2022, 12, 31)).name == "元旦"


def test_only_an_administrator_imports(db):
    preview = preview_notice(notice("2027-example"))
    with pytest.raises(NotAllowed):
        save_notice(CLERK, preview.schedule)
    assert HolidayYear.get_or_none(HolidayYear.year == 2027) is None


def test_a_bad_day_leaves_nothing_half_written(db, monkeypatch):
    preview = preview_notice(notice(2023))
    Holiday.delete().where(Holiday.day == date(2022, 12, 31)).execute()
    from app.services import settings

    def broken(*args, **kwargs):
        raise ValidationFailed.single("day", "模拟失败")
    monkeypatch.setattr("app.services.holiday_notice.set_year_schedule", broken)
    with pytest.raises(ValidationFailed):
        save_notice(SYSTEM, preview.schedule)
    assert Holiday.get_or_none(Holiday.day == date(2022, 12, 31)) is None
    assert settings.holidays_of_year(2023)


# ---------------------------------------------------------------- files
def test_txt_in_utf8_gbk_and_utf16(tmp_path):
    text = notice(2026)
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert read_notice_file(path).replace("\r\n", "\n") == text


def test_docx_and_pdf_read_the_same_as_the_text(db, tmp_path):
    text = notice(2026)
    expected = preview_notice(text).schedule
    docx = write_docx(tmp_path / "通知.docx", text.splitlines())
    pdf = write_pdf(tmp_path / "通知.pdf", text)
    for path in (docx, pdf):
        got = preview_notice_file(path).schedule
        assert (got.holidays(), got.workdays()) == (expected.holidays(), expected.workdays()), path.name


@pytest.mark.parametrize("name, content, message", [
    ("通知.doc", b"\xd0\xcf\x11\xe0", "请在 Word 或 WPS 中另存为 .docx 或 .txt"),
    ("通知.xlsx", b"PK", "不支持的文件类型"),
    ("通知.docx", b"not a zip", "已损坏或不是 .docx 文件"),
    ("通知.pdf", b"%PDF-1.4 broken", "已损坏或不是 PDF 文件"),
    ("通知.txt", b"\xff\xfe\x00\xd8", "无法识别 通知.txt 的文字编码"),                  # lone surrogate
    ("通知.txt", b"\xff\xfe" + "关于2027年".encode("utf-16-le") + b"A", "文字编码"),   # odd length
    ("通知.txt", b"\xfe\xff\x00", "文字编码"),                                      # big-endian, 3 bytes
])
def test_hostile_or_wrong_files_are_refused_in_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(NoticeFileError) as caught:
        read_notice_file(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_docx_with_entities_or_no_body_is_refused(tmp_path):
    bomb = '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    with pytest.raises(NoticeFileError, match="不允许的声明"):
        read_notice_file(write_docx(tmp_path / "bomb.docx", ["&b;"], bomb))
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(NoticeFileError, match="缺少正文"):
        read_notice_file(empty)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def utf16_docx(path: Path, dtd: str, body: str) -> Path:
    xml = (f'<?xml version="1.0" encoding="UTF-16"?>{dtd}<w:document xmlns:w="{W_NS}"><w:body>'
           f"{body}</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml.encode("utf-16"))
    return path


def test_a_dtd_is_refused_in_utf16_too(tmp_path):
    """The old guard looked for the bytes b"<!ENTITY", which UTF-16 does not contain: a 69 KB file
    reached ElementTree and unpacked to 600 million characters."""
    paragraph = "<w:p><w:r><w:t>关于2027年&e;</w:t><w:tab/><w:t>元旦</w:t><w:br/><w:delText>删</w:delText></w:r></w:p>"
    bomb = utf16_docx(tmp_path / "bomb.docx", '<!DOCTYPE d [<!ENTITY e "aaaa">]>', paragraph)
    with pytest.raises(NoticeFileError, match="不允许的声明"):
        read_notice_file(bomb)
    plain = utf16_docx(tmp_path / "plain.docx", "", paragraph.replace("&e;", "&amp;"))
    assert read_notice_file(plain) == "关于2027年&\t元旦\n"


def test_a_docx_member_is_unpacked_streamed_whatever_its_header_says(tmp_path):
    """The zip header says 1,000 bytes, the member holds 16 MB: archive.read() inflated all of it
    in one piece before cutting it to the declared size (2 GB measured from a 1.5 MB file)."""
    import struct
    import tracemalloc

    path = tmp_path / "lie.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b'<?xml version="1.0"?><d>' + b" " * (16 << 20) + b"</d>")
    raw = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature) + offset
        raw[at:at + 4] = struct.pack("<I", 1000)
    path.write_bytes(raw)
    tracemalloc.start()
    try:
        with pytest.raises(NoticeFileError, match="已损坏") as caught:
            read_notice_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20 and "\n" not in str(caught.value)


def test_a_docx_of_too_many_paragraphs_is_refused_while_reading(tmp_path):
    """1.2 million one-letter paragraphs in 67 KB took 107 s through the quadratic line join."""
    from app.domain.holiday_notice import MAX_NOTICE_LINES

    path = write_docx(tmp_path / "many.docx", ["关于2027年"] + ["a"] * MAX_NOTICE_LINES)
    with pytest.raises(NoticeFileError, match="正文太长"):
        read_notice_file(path)
    assert read_notice_file(write_docx(tmp_path / "some.docx", ["a"] * 1000)) == "\n".join(["a"] * 1000)


def test_a_pdf_without_text_is_refused(tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(100, 100, 200, 200, fill=1)
    canvas.save()
    with pytest.raises(NoticeFileError, match="可能是扫描件"):
        read_notice_file(path)


def small_pdf(contents: list[bytes], filter_name: str = "/FlateDecode") -> bytes:
    """A hand-written PDF, one page per content stream (objects: catalog, pages, page/stream pairs)."""
    n = len(contents)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(n))}] /Count {n} >>".encode()]
    for i, content in enumerate(contents):
        packed = zlib.compress(content, 9)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(packed)} /Filter {filter_name} >>\nstream\n".encode() + packed + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


TEXT_OP = b"BT 72 700 Td (Hello) Tj ET\n"


def test_a_pdf_page_that_cannot_be_loaded_is_refused_in_one_line(tmp_path):
    """A page tree whose Kids point to itself: PDFium opens the file, then fails to load the page."""
    path = tmp_path / "loop.pdf"
    path.write_bytes(small_pdf([TEXT_OP]).replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]"))
    with pytest.raises(NoticeFileError, match="无法读取 loop.pdf：已损坏或不是 PDF 文件"):
        read_notice_file(path)


def test_what_a_pdf_unpacks_to_is_measured_before_pdfium_sees_it(tmp_path, monkeypatch):
    """One page of 400 MB unpacked (1.6 MB of file) took 5.3 GB in PDFium; here 2 MB against a 1 MB limit."""
    from app.services import notice_files, pdf_measure

    page = TEXT_OP * ((1 << 20) // len(TEXT_OP))                   # 1 MB unpacked
    assert pdf_measure.unpacked_bytes(small_pdf([page, page[:1000]]), 10 << 20) == len(page) + 1000
    monkeypatch.setattr(notice_files, "MAX_PDF_UNPACKED", 1 << 20)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(small_pdf([page, page]))
    with pytest.raises(NoticeFileError, match="解压后超过 1 MB"):
        read_notice_file(path)
    path.write_bytes(small_pdf([page[:-1000]]))
    with pytest.raises(NoticeFileError, match="没有可复制的文字"):    # under the limit: read as before
        read_notice_file(path)


@pytest.mark.parametrize("filter_name", ["/LZWDecode", "/RunLength#44ecode", "[/FlateDecode /RL]"])
def test_a_pdf_filter_that_multiplies_uncounted_is_refused(tmp_path, filter_name):
    path = tmp_path / "filter.pdf"
    path.write_bytes(small_pdf([TEXT_OP], filter_name))
    with pytest.raises(NoticeFileError, match="不支持的压缩方式"):
        read_notice_file(path)


def test_an_encrypted_pdf_is_refused_even_without_a_password(tmp_path):
    """Its streams are ciphertext, which the measuring cannot see into."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("", "owner", canCopy=0))
    canvas.drawString(100, 700, "Hello")
    canvas.save()
    with pytest.raises(NoticeFileError, match="有加密保护"):
        read_notice_file(path)


def test_a_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        out.truncate(25 * 1024 * 1024)
    with pytest.raises(NoticeFileError, match="太大"):
        read_notice_file(path)


# ---------------------------------------------------------------- the command line
def run(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_import_check_then_save(tmp_path):
    source = tmp_path / "2027.txt"
    source.write_text(notice("2027-example"), encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    checked = run(*data, "holidays", "import", str(source), "--check")
    assert checked.returncode == 0, checked.stderr
    assert "春节：2月5日至2月12日放假（共8天）；2月20日上班" in checked.stdout
    assert "未保存" in checked.stderr
    saved = run(*data, "holidays", "import", str(source))
    assert saved.returncode == 0, saved.stderr
    assert "已保存2027年节假日安排，0 件办理中案件的期限已重新计算" in saved.stdout


def test_cli_refuses_an_unreadable_notice_with_its_line(tmp_path):
    source = tmp_path / "bad.txt"
    source.write_text(notice(2026).replace("2月15日（农历腊月二十八、周日）", "2月15日（农历腊月二十八、周一）"),
                      encoding="utf-8")
    result = run("--data-dir", str(tmp_path / "data"), "holidays", "import", str(source))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "错误：第9行无法识别：春节：2026年2月15日是星期日，通知写的是周一（请核对年份）"
        "（原文：二、春节：2月15日（农历腊月二十八、周一）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。）"]
    missing = run("--data-dir", str(tmp_path / "data"), "holidays", "import", str(tmp_path / "none.txt"))
    assert missing.returncode == 1 and "找不到文件" in missing.stderr
    wrong_year = run("--data-dir", str(tmp_path / "data"), "holidays", "import", str(source), "--year", "2027")
    assert "与所选的2027年不一致" in wrong_year.stderr
