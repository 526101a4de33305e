"""The agreement prints 纠纷事实及请求 as the mediator wrote it, in one section, and the later
sections move up by one; without it (every agreement signed before schema 19) the complaint's facts
and request are printed whole under their two headings as before. At every length the field takes
(and beyond), read back with pdfplumber: nothing overlaps, leaves the type area or runs over a
signature line, and the signatures never stand alone on a page."""
from __future__ import annotations

from datetime import date

import pytest

from app.db.models import Agreement
from app.domain.agreement_facts import MAX_DISPUTE_FACTS
from app.reports.documents import make_document
from app.reports.documents.agreement import _one_part_earlier
from app.services import agreements, doc_templates
from app.services.context import SYSTEM
from app.services.inputs import TermInput
from tests.factories import agreement
from tests.reports import pdf_layout as pl
from tests.reports.pdf_check import all_text, flat
from tests.reports.test_documents_lengths import _agreement_case, check_layout

TERMS = [TermInput("refund", "经营者退还投诉人货款", "3999.00", date(2026, 11, 27)),
         TermInput("compensate", "经营者补偿投诉人交通费", "120.50", date(2026, 11, 27))]
STATED = "投诉人于2026年10月1日在被投诉人处购买空调一台，安装后不制冷，经三次维修未修好。投诉人请求退货并退还货款3999元。"


def _with_stated(case_id: int, text: str) -> None:
    agreements.record_agreement(SYSTEM, case_id, agreement(date(2026, 11, 20), terms=TERMS, dispute_facts=text))


def test_the_mediators_statement_is_printed_instead_of_the_complaint(office):
    complaint_facts = pl.mixed_text(3000, 21)
    case_id = _agreement_case(complaint_facts, TERMS)
    _with_stated(case_id, STATED)
    text = all_text(make_document("agreement", case_id).pdf)
    assert "一、纠纷事实及请求" + flat(STATED) in text
    for heading in ("二、协议内容", "三、履行方式、地点和期限", "四、协议效力"):
        assert heading in text, heading
    for gone in ("二、投诉请求", "五、协议效力", flat(complaint_facts)[:40], "要求退货并退还货款3999元。"):
        assert gone not in text, gone


def test_an_agreement_without_it_prints_the_whole_complaint_as_before(office):
    complaint_facts = pl.mixed_text(10000, 22)
    case_id = _agreement_case(complaint_facts, TERMS)
    assert Agreement.get(Agreement.case == case_id).dispute_facts is None
    pdf = make_document("agreement", case_id).pdf
    check_layout(pdf, [complaint_facts])             # every character of it, in order
    text = all_text(pdf)
    for heading in ("一、纠纷事实", "二、投诉请求投诉人请求：退货、退款。要求退货并退还货款3999元。", "三、协议内容",
                    "四、履行方式、地点和期限", "五、协议效力"):
        assert heading in text, heading
    assert "纠纷事实及请求" not in text


# pages at each length, under the 10,000-character complaint the statement replaces: what a draft
# of ~300 characters holds keeps the three-term agreement on one page; the whole 2,000 takes two
# (measured with pdftoppm at 60 dpi: the signature block whole at the end, never alone)
PAGES = {0: 7, 1: 1, 300: 1, 600: 2, MAX_DISPUTE_FACTS: 2}


@pytest.mark.parametrize("length", list(PAGES))
def test_the_agreement_at_every_length_of_the_statement(office, length):
    stated = pl.mixed_text(length, 23)
    case_id = _agreement_case(pl.mixed_text(10000, 24), TERMS)
    _with_stated(case_id, stated)
    pdf = make_document("agreement", case_id).pdf
    assert check_layout(pdf, [stated] if stated else []) == PAGES[length]      # 0: the complaint, as before
    assert ("纠纷事实及请求" in all_text(pdf)) == bool(stated)


def test_a_statement_longer_than_the_limit_still_prints_cleanly(office):
    """3,000 characters cannot be typed (the limit is 2,000); a row written otherwise — a future
    limit, a repaired database — still prints without a line over another."""
    stated = pl.mixed_text(3000, 25)
    case_id = _agreement_case("空调不制冷。", TERMS)
    Agreement.update(dispute_facts=stated).where(Agreement.case == case_id).execute()
    assert check_layout(make_document("agreement", case_id).pdf, [stated]) == 3


def test_an_offices_own_headings_move_up_when_they_are_numbered():
    assert [_one_part_earlier(h) for h in ("三、协议内容", "四、履行", "五、协议效力", "十、其他")] \
        == ["二、协议内容", "三、履行", "四、协议效力", "九、其他"]
    for unnumbered in ("协议内容", "第三部分 协议内容", "十一、其他", "一、纠纷事实"):
        assert _one_part_earlier(unnumbered) == unnumbered


def test_the_heading_is_a_wording_the_office_may_change(office):
    case_id = _agreement_case("空调不制冷。", TERMS)
    _with_stated(case_id, STATED)
    doc_templates.save_template(SYSTEM, "agreement", "heading_dispute", "一、争议事实和请求")
    doc_templates.save_template(SYSTEM, "agreement", "heading_terms", "协议内容")
    text = all_text(make_document("agreement", case_id).pdf)
    assert "一、争议事实和请求" in text and "二、协议内容" not in text and "协议内容" in text
    assert "三、履行方式、地点和期限" in text
