"""The streamed ledger export (xlsx_stream) against openpyxl's own writing of the same rows
(xlsx_writer.write_table, the path it replaced): on one shared set of cases — the report scenario
plus text that looks like a formula or an error, control characters, markup characters, edge
spaces, a text beyond Excel's cell limit — the two files read back the same in openpyxl cell by
cell (value, type, number format, every style), with the same column widths, header, freeze panes,
filter, print setup and properties; their sheet XML is the same once style numbers are read as the
styles they stand for; and LibreOffice opens both to the same CSV."""
from __future__ import annotations

import re
import zipfile
from copy import copy
from datetime import date

import pytest
from openpyxl import load_workbook

from app.db.models import Case, database
from app.reports.excel.ledger.print_setup import for_period
from app.reports.excel.ledger.xlsx_stream import MAX_TEXT
from app.reports.excel.ledger.xlsx_writer import write_ledger, write_table
from app.services import registration
from app.services.context import SYSTEM
from app.services.ledger.export import export_ledger
from app.services.settings import update_settings
from tests import libreoffice
from tests.factories import complaint, session
from tests.reports import report_scenario as sc

SPAN = (date(2025, 1, 1), date(2026, 11, 30))
TRICKY = [  # (facts, request, note) written straight into the table, as data from before the checks
    ("=HYPERLINK(\"http://example.com\",\"点此\")", "+86 的号码", "@经营者"),
    ("-5 元差价", "#N/A", "=1+2"),
    ("冰箱\x07不制冷\x1b了", "  前后有空格  ", "   "),
    ("价格 <199> & 赠品 \"说好\" 'x'", "第一行\r\n第二行\n", "\t制表"),
    ("长" * (MAX_TEXT + 50), "😀 表情", "#DIV/0!"),
    ("事实", "退" + " " * MAX_TEXT + "\x07过长", "备注"),     # a control character only past the data cell's cut
]


@pytest.fixture
def cases(sqlite_db):
    update_settings(SYSTEM, {"org.name": "清河县消费者协会"})
    sc.build()
    for i, (facts, request, note) in enumerate(TRICKY):
        case_id = registration.register(SYSTEM, complaint(
            person_kw={"name": f"赵{i}", "phone": f"1390000{i:04d}"}, received_date=date(2026, 11, 3))).case_id
        database.execute_sql(f"UPDATE complaint_case SET facts = {database.param}, request_text = {database.param}, "
                             f"note = {database.param} WHERE id = {database.param}", (facts, request, note, case_id))
    return sqlite_db


def _both(tmp_path):
    """The ledger streamed (what the program writes) and written by openpyxl cell by cell."""
    streamed, reference = tmp_path / "streamed.xlsx", tmp_path / "reference.xlsx"
    printing = for_period(*SPAN)
    written = write_ledger(export_ledger(SYSTEM, *SPAN, unmasked=True), streamed, printing=printing)
    export = export_ledger(SYSTEM, *SPAN, unmasked=True)
    assert write_table(reference, "台账", export.header, export.rows, export.number_columns,
                       printing=printing) == written
    return streamed, reference, written


def _cell(c) -> tuple:
    styles = tuple(copy(s) for s in (c.font, c.fill, c.border, c.alignment, c.protection))   # proxies → styles
    return (c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix) + styles


def _sheet_setup(ws) -> tuple:
    page, margins = ws.page_setup, ws.page_margins
    return (ws.title, ws.max_row, ws.max_column, ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows,
            ws.print_area, {k: d.width for k, d in ws.column_dimensions.items()},
            (page.orientation, page.paperSize, page.fitToWidth, page.fitToHeight),
            ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_options.horizontalCentered,
            (margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer),
            [(p.text, p.size) for p in (ws.oddHeader.left, ws.oddHeader.center, ws.oddFooter.center,
                                        ws.oddFooter.right)],
            ws.data_validations.dataValidation)


def test_the_streamed_ledger_reads_back_as_openpyxls_own(cases, tmp_path):
    streamed, reference, written = _both(tmp_path)
    assert written > len(TRICKY)
    ours, theirs = load_workbook(streamed), load_workbook(reference)
    assert ours.sheetnames == theirs.sheetnames == ["台账", "打印版"]
    assert ours.active.freeze_panes == "B2" and ours.active.print_area == f"'台账'!$A$1:$AH${written + 1}"
    assert ours["打印版"].print_area == f"'打印版'!$A$1:$L${written + 1}"
    for title in ours.sheetnames:
        assert _sheet_setup(ours[title]) == _sheet_setup(theirs[title]), title
        assert ({r: d.height for r, d in ours[title].row_dimensions.items()}
                == {r: d.height for r, d in theirs[title].row_dimensions.items()})
        for a, b in zip(ours[title].iter_rows(), theirs[title].iter_rows(), strict=True):
            assert [_cell(c) for c in a] == [_cell(c) for c in b]
    props = ("title", "creator", "subject", "description", "keywords", "category")
    assert [getattr(ours.properties, p) for p in props] == [getattr(theirs.properties, p) for p in props]


def test_formula_like_and_control_character_text_stays_plain_text(cases, tmp_path):
    streamed, _, _ = _both(tmp_path)
    wb = load_workbook(streamed)
    ws = wb.active
    printed = {r[1].value: r for r in wb["打印版"].iter_rows(min_row=2)}
    header = [c.value for c in ws[1]]
    rows = {r[header.index("投诉人")].value: dict(zip(header, r)) for r in ws.iter_rows(min_row=2)}
    for i, (facts, request, note) in enumerate(TRICKY):
        row = rows[f"赵{i}"]
        for column, text in (("投诉内容", facts), ("投诉请求", request), ("备注", note)):
            cell, expected = row[column], re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)[:MAX_TEXT]
            assert cell.data_type == "s" and cell.value == expected.replace("\r", ""), column   # XML reads \r\n as \n
            assert cell.quotePrefix == (expected[0] in "=+-@" or expected in ("#N/A", "#DIV/0!")), column
        summary = printed[row["案件编号"].value][6]          # the 打印版's 诉求摘要: the request, one paragraph
        request = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", request).split())
        assert summary.data_type == "s" and summary.value == request and summary.value.strip()
        assert summary.quotePrefix == (request[0] in "=+-@" or request == "#N/A")


def test_the_sheet_xml_is_openpyxls_byte_for_byte_but_for_style_numbers(cases, tmp_path):
    streamed, reference, _ = _both(tmp_path)

    def sheet(path, number: int) -> str:
        with zipfile.ZipFile(path) as zf:
            xfs = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", zf.read("xl/styles.xml").decode().split("<cellXfs")[1])
            xml = zf.read(f"xl/worksheets/sheet{number}.xml").decode()
        return re.sub(r' s="(\d+)"', lambda m: f' s="{xfs[int(m.group(1))]}"', xml)
    for number in (1, 2):               # the data sheet and the 打印版
        assert sheet(streamed, number) == sheet(reference, number), number


def test_a_failed_export_leaves_no_file_behind(cases, tmp_path):
    export = export_ledger(SYSTEM, *SPAN)
    first = list(export.rows)[:3]

    def rows():
        yield from first
        raise RuntimeError("数据库连接中断")
    export.rows = rows()
    target = tmp_path / "台账.xlsx"
    with pytest.raises(RuntimeError):
        write_ledger(export, target)
    assert list(tmp_path.glob("台账*")) == []


def test_progress_is_reported_as_rows_are_written(cases, tmp_path, monkeypatch):
    from app.reports.excel.ledger import xlsx_stream
    monkeypatch.setattr(xlsx_stream, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(xlsx_stream, "CHUNK_ROWS", 1)
    seen = []
    written = write_ledger(export_ledger(SYSTEM, *SPAN), tmp_path / "台账.xlsx", lambda done, total: seen.append(done))
    assert seen[-1] == written and seen[:2] == [2, 4]


def test_libreoffice_opens_the_streamed_ledger_as_it_opens_openpyxls(cases, tmp_path):
    libreoffice.soffice_or_skip()
    streamed, reference, written = _both(tmp_path)
    to = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    ours = libreoffice.convert(streamed, to, tmp_path).read_text(encoding="utf-8")
    theirs = libreoffice.convert(reference, to, tmp_path).read_text(encoding="utf-8")
    assert ours == theirs
    assert ours.count("消调〔") >= written and "=HYPERLINK" in ours and "2026-11-03" in ours


def test_the_export_reads_the_cases_as_peewee_would(db):
    from app.services.ledger import export
    sc.build()
    query = export._query(*SPAN)
    rows = [list(r) for r in query.tuples()]
    assert len(rows) > 10 and any(r[17] is not None for r in rows)      # with dates and amounts
    assert [row for chunk in export._tuples(query, 7) for row in chunk] == rows
    ids = [r[0] for r in rows]
    for make in (export._satisfaction_query, export._pauses_query):     # their SQL made once, on either database
        of_cases = export._OfCases(make)
        assert [of_cases.rows(ids[i:i + 4]) for i in (0, 4)] == [[list(r) for r in make(ids[i:i + 4]).tuples()]
                                                                 for i in (0, 4)]
    assert export._OfCases(export._satisfaction_query).rows(ids)      # the scenario's follow-ups


def test_the_export_reads_through_a_small_page_cache_and_sets_the_connections_back(cases, monkeypatch):
    """A 100,000-row export filled SQLite's 32 MB page cache with pages it never reads again."""
    from app.db.sql import ONE_PASS_CACHE_KIB
    from app.services.ledger import export

    def cache() -> int:
        return database.execute_sql("PRAGMA cache_size").fetchone()[0]
    before, seen = cache(), []
    audit_export = export._audit_export
    monkeypatch.setattr(export, "_audit_export", lambda *args: (seen.append(cache()), audit_export(*args)))
    rows = export_ledger(SYSTEM, *SPAN, unmasked=True).rows
    assert cache() == before
    next(rows)
    seen.append(cache())
    assert list(rows) and cache() == before == -32000
    assert seen == [-ONE_PASS_CACHE_KIB] * 2
    rows = export_ledger(SYSTEM, *SPAN).rows
    next(rows)
    rows.close()                      # an export cancelled part-way
    assert cache() == before


def test_follow_ups_and_pauses_are_read_chunk_by_chunk_as_for_all_at_once(cases, monkeypatch):
    from app.services import mediation, workflow
    from app.services.ledger import export
    paused = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 2))).case_id
    workflow.accept(SYSTEM, paused, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, paused, session(date(2026, 11, 10)))
    mediation.pause_clock(SYSTEM, paused, day=date(2026, 11, 12), reason="空调压缩机送检")
    whole = list(export_ledger(SYSTEM, *SPAN).rows)
    monkeypatch.setattr(export, "CHUNK", 3)
    chunked = list(export_ledger(SYSTEM, *SPAN).rows)
    assert chunked == whole and len(whole) > 3 * 3
    header = export_ledger(SYSTEM, *SPAN).header
    assert {r[header.index("回访满意度")] for r in whole} >= {"满意", "不满意"}
    row = next(r for r in whole if r[header.index("案件编号")] == Case.get_by_id(paused).number)
    assert row[header.index("处理状态")].startswith("中止") and row[header.index("调解期限")] is None  # no end while paused
    ids = [c.id for c in Case.select(Case.id).order_by(Case.id)]
    for make in (export._satisfaction_query, export._pauses_query):     # each chunk's SQL made once, rows as peewee's
        of_cases = export._OfCases(make)
        chunks = [ids[i:i + 3] for i in range(0, len(ids), 3)]
        assert [of_cases.rows(c) for c in chunks] == [[list(r) for r in make(c).tuples()] for c in chunks]
        assert len(of_cases.made) == len({len(c) for c in chunks}) and any(of_cases.rows(c) for c in chunks)
