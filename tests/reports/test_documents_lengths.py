"""Every form with free text, at any length a clerk can type (0 to 10,000 characters of mixed
Chinese, Latin, figures and punctuation), read back with pdfplumber: no two lines overlap, nothing
leaves the type area or runs over a rule, every typed character is there in order; signatures and
headings never stand alone on a page; ordinary cases take the pages a clerk expects."""
from __future__ import annotations

import re
from datetime import date

import pytest

from app.reports.documents import make_document
from app.reports.documents.layout import MARGIN_BOTTOM, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH
from app.services import agreements, followups, mediation, registration, workflow
from app.services.context import SYSTEM
from app.services.inputs import TermInput
from tests.factories import agreement, complaint, follow_up, session
from tests.reports import pdf_layout as pl

from tests.reports.document_cases import ORG
LENGTHS = [0, 1, 100, 400, 600, 1000, 3000, 10000]
SHORTER = [1, 600, 3000, 10000]           # the other forms: the lengths that change their pages
SIGNATURE_TEXT = re.compile(r"(投诉人|被投诉人|登记人|委托代理人|经营者代表|调解员|记录人|回访人)(：[\u4e00-\u9fff]{1,6})?"
                            r"（(签名|盖章)）：|日期：|（盖章）|\d{4}年\d{1,2}月\d{1,2}日|" + ORG)



def check_layout(pdf: bytes, typed: list[str]) -> int:
    """The proof-reader's checks; returns the number of pages."""
    glyphs, rules, pages = pl.read(pdf)
    assert pl.overlapping_glyphs(glyphs) == []
    assert pl.outside_type_area(glyphs) == []
    assert [(g.text, g.page) for g, _ in pl.glyphs_over_rules(glyphs, rules)] == []
    for text in typed:
        gaps = pl.order_gaps(text, glyphs)
        assert gaps is not None, "a typed character is missing or out of order"
        assert gaps <= 3 * pages
    for page in range(1, pages + 1):
        body = "".join(g.text for g in glyphs if g.page == page and MARGIN_BOTTOM < g.baseline < PAGE_HEIGHT - MARGIN_TOP)
        assert len(SIGNATURE_TEXT.sub("", body)) >= 10, f"page {page} holds only a signature block"
        assert not _heading_at_foot(glyphs, page, pages), f"a heading stands alone at the foot of page {page}"
    return pages


def _heading_at_foot(glyphs, page: int, pages: int) -> bool:
    """The last body line of a page that does not end its document (its footer says 第X页 共Y页,
    X < Y), set in the Hei face alone: a section heading."""
    footer = "".join(g.text for g in glyphs if g.page == page and g.baseline < MARGIN_BOTTOM)
    counted = re.search(r"第(\d+)页共(\d+)页", footer)
    if page == pages or (counted and counted.group(1) == counted.group(2)):
        return False
    body = [g for g in glyphs if g.page == page and MARGIN_BOTTOM < g.baseline < PAGE_HEIGHT - MARGIN_TOP]
    lowest = min(g.baseline for g in body)
    line = [g for g in body if abs(g.baseline - lowest) < 1]
    return all("Sans" in g.font for g in line) and len(line) > 1


def _registered(facts: str, **kw) -> int:
    return registration.register(SYSTEM, complaint(facts=facts or "无", **kw)).case_id


@pytest.mark.parametrize("length", LENGTHS)
def test_registration_form_at_every_length(office, length):
    facts = pl.mixed_text(length) or ""
    pdf = make_document("registration", _registered(facts)).pdf
    pages = check_layout(pdf, [facts])
    if length <= 400:
        assert pages == 1            # an ordinary registration: one page, declaration and signatures on it


def test_registration_with_every_free_text_field_long(office):
    facts, request, evidence = pl.mixed_text(3000, 2), pl.mixed_text(3000, 3), pl.mixed_text(600, 4)
    case_id = _registered(facts, request_text=request, evidence_note=evidence, purchase_place=pl.mixed_text(200, 5))
    check_layout(make_document("registration", case_id).pdf, [facts, request, evidence])


@pytest.mark.parametrize("length", [0, 1, 600, 3000, 5000])      # a follow-up note holds 5,000
def test_followup_record_at_every_length(office, length):
    note = pl.mixed_text(length, 6)
    case_id = _settled_case()
    followups.record_follow_up(SYSTEM, case_id, follow_up(note=note))
    check_layout(make_document("followup", case_id).pdf, [note])


def _settled_case() -> int:
    from tests.reports.document_cases import settle_full_case
    return settle_full_case()


@pytest.mark.parametrize("length", SHORTER)
def test_mediation_record_at_every_length(office, length):
    text, present = pl.mixed_text(length, 7), pl.mixed_text(min(length, 600), 8)
    case_id = _registered("投诉人购买的空调安装后不制冷。")
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 5), record_text=text, present=present))
    check_layout(make_document("mediation_record", case_id).pdf, [text, present])


def _agreement_case(facts: str, terms: list[TermInput], **kw) -> int:
    case_id = _registered(facts)
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 5)))
    agreements.record_agreement(SYSTEM, case_id, agreement(date(2026, 11, 20), terms=terms, **kw))
    return case_id


@pytest.mark.parametrize("length", SHORTER)
def test_agreement_at_every_length(office, length):
    facts, term = pl.mixed_text(length, 9), pl.mixed_text(min(length, 1000), 10)
    terms = [TermInput("refund", term or "退款", "3999.00", date(2026, 11, 27)),
             TermInput("compensate", "经营者补偿投诉人交通费", "120.50", date(2026, 11, 27))]
    check_layout(make_document("agreement", _agreement_case(facts, terms)).pdf, [facts, term])


def test_an_agreement_of_three_terms_and_short_facts_is_one_page(office):
    terms = [TermInput("refund", "经营者退还投诉人货款", "3999.00", date(2026, 11, 27)),
             TermInput("compensate", "经营者补偿投诉人交通费、误工费", "320.50", date(2026, 11, 27)),
             TermInput("other", "经营者向投诉人赔礼道歉", None, None)]
    case_id = _agreement_case("投诉人于2026年10月1日购买空调一台，安装后不制冷，经三次维修仍未修好，要求退货退款。", terms)
    pdf = make_document("agreement", case_id).pdf
    assert check_layout(pdf, []) == 1


def test_the_archive_of_a_long_case_numbers_its_pages_as_its_table_of_contents_says(office):
    from tests.reports.document_cases import settle_full_case
    from app.services.casefile import case_detail
    case_id = settle_full_case()
    note = pl.mixed_text(1500, 11)
    followups.record_follow_up(SYSTEM, case_id, follow_up(note=note))
    number = case_detail(case_id).case["number"]
    document = make_document("archive", case_id)
    check_layout(document.pdf, [note])
    glyphs, _, pages = pl.read(document.pdf)
    marks = {}
    for page in range(1, pages + 1):
        top_right = [g for g in glyphs if g.page == page and g.baseline > PAGE_HEIGHT - MARGIN_TOP
                     and g.x0 > PAGE_WIDTH - MARGIN_RIGHT]
        digits = "".join(g.text for g in sorted(top_right, key=lambda g: g.x0) if g.text.isdigit())
        marks[page] = int(digits) if digits else None
    # the cover and the 目录 carry no number; from the first document on, 1, 2, 3 … to the end
    assert marks[1] is None and marks[2] is None
    assert [marks[p] for p in range(3, pages + 1)] == list(range(1, pages - 1))
    cover = "".join(g.text for g in glyphs if g.page == 1)
    assert f"卷内文件{pages - 2}页" in cover and f"全卷共{pages}页" in cover and number in cover
