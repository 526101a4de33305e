"""The printed documents, read back from the PDF the way a clerk would check them."""
from __future__ import annotations

import re

import pytest

from app.db.models import AuditLog, Setting
from app.reports.documents import DocumentUnavailable, make_document
from app.reports.documents.textflow import NO_LINE_END, NO_LINE_START
from app.reports.pdf_fonts import font_kit
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from tests.reports import document_cases as cases
from tests.reports.pdf_check import A4, all_text, flat, fonts, page_sizes, page_texts

from tests.reports.document_cases import ORG
FULL_CASE_KINDS = ["registration", "acceptance", "mediation_notice", "mediation_record", "agreement",
                   "followup", "cover", "archive"]




def _number(case_id: int) -> str:
    return case_detail(case_id).case["number"]


def test_agreement_shows_parties_terms_in_figures_and_capitals(full_case):
    text = all_text(make_document("agreement", full_case).pdf)
    for expected in ("调解协议书", _number(full_case), "王堃", "11010519491231002X", "李喆", cases.BUSINESS_RARE,
                     "91110000600037341L", "法定代表人（负责人）：李四",
                     "3,999.00元", "人民币叁仟玖佰玖拾玖元整", "120.50元", "人民币壹佰贰拾元伍角整",
                     "人民币4,119.50元", "人民币肆仟壹佰壹拾玖元伍角整", "于2026年11月27日前履行完毕",
                     "履行方式：经营者当场以银行转账方式支付", "本协议自双方当事人签字（盖章）之日起生效",
                     "本协议一式三份", "投诉人（签名）", "被投诉人（盖章）", "调解员：王建国（签名）", "（盖章）",
                     "2026年11月20日"):
        assert expected in text, expected


def test_every_document_of_a_case_is_a4_with_the_association_and_case_number_on_each_page(full_case):
    number = _number(full_case)
    for kind in FULL_CASE_KINDS:
        pdf = make_document(kind, full_case).pdf
        assert pdf.startswith(b"%PDF")
        assert all(abs(w - A4[0]) < 0.01 and abs(h - A4[1]) < 0.01 for w, h in page_sizes(pdf)), kind
        for page, text in enumerate(page_texts(pdf), start=1):
            assert ORG in text and number in text, f"{kind} page {page}"


def test_rejection_notice_states_the_article_16_ground_and_the_article_39_channels(office):
    case_id = cases.rejected_case()
    text = all_text(make_document("rejection", case_id).pdf)
    for expected in ("不予受理通知书", "张頔：", _number(case_id), "《市场监督管理投诉举报处理办法》第十六条第一款第（四）项",
                     "消费者知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年", "至今已超过三年",
                     "（一）与经营者协商和解", "（五）向人民法院提起诉讼", "第三十九条", "2026年11月6日"):
        assert expected in text, expected


def test_termination_notice_goes_to_both_parties_with_the_article_23_ground(office):
    case_id = cases.terminated_case()
    pages = page_texts(make_document("termination", case_id).pdf)
    assert len(pages) == 2
    assert pages[0].split("\n")[3].startswith("𠮷田丽：")          # astral character searchable in the PDF
    assert "某县鑫源家电商行：" in pages[1]
    for text in pages:
        assert "《市场监督管理投诉举报处理办法》第二十三条第一款第（二）项" in flat(text)
        assert "无正当理由拒绝参加或者不按时参加调解" in flat(text)
        assert "（四）根据与经营者达成的仲裁协议提请仲裁机构仲裁" in flat(text)


def test_acceptance_notice_and_mediation_notice(office):
    case_id = cases.scheduled_case()
    acceptance = all_text(make_document("acceptance", case_id).pdf)
    assert "李喆：" in acceptance and "本会决定于2026年11月3日予以受理" in acceptance
    notice = page_texts(make_document("mediation_notice", case_id).pdf)
    assert [p.split("\n")[3] for p in notice] == ["李喆：", "某县鑫源家电商行："]
    assert "2026年12月3日（星期四）上午9时30分在本会调解室组织调解" in flat(notice[0])


def test_record_has_the_transcript_confirmation_line_and_signature_lines(full_case):
    text = all_text(make_document("mediation_record", full_case).pdf)
    for expected in ("调解笔录", "投诉人：空调不制冷。", "以上笔录已阅，与所述一致。", "投诉人（签名）",
                     "被投诉人（签名）", "调解员（签名）", "记录人（签名）", "王建国", "吴敏"):
        assert expected in text, expected


def test_registration_form_and_followup_record(full_case):
    registration = all_text(make_document("registration", full_case).pdf)
    for expected in ("消费者投诉登记表", "王堃", "13812345678", cases.BUSINESS_RARE, "3,999.00元",
                     "投诉人购买的空调安装后不制冷", "退货、退款", "李喆"):
        assert expected in registration, expected
    followup = all_text(make_document("followup", full_case).pdf)
    assert "■满意" in followup and "□不满意" in followup and "周红" in followup and "4,119.50元" in followup


def test_fonts_are_embedded_subset_truetype_with_the_fallback_for_rare_characters(full_case):
    for kind in ("agreement", "registration", "archive"):
        used = fonts(make_document(kind, full_case).pdf)
        assert used, kind
        for font in used:
            assert font["subtype"] == "/TrueType" and font["embedded"], font
            assert re.match(r"^/[A-Z]{6}\+", font["name"]), font
        names = " ".join(f["name"] for f in used)
        assert "NotoSerifSCXH" in names and "NotoSansSCXH" in names
    # a name is printed in one face: the Song face has the basic block beyond GB 2312 (堃 喆 犇),
    # Ext. A (䶮) and the Ext. B characters of names (𠮷); the fallback only what it lacks.
    kit = font_kit()
    assert {kit.font_for(ch, "song") for ch in "王堃喆犇頔琍龘𠮷䶮"} == {"XH-Song"}
    assert kit.font_for("\U00020041", "song") == "XH-HanaMinA"       # 𠁁: an Ext. B character Noto lacks
    notice = fonts(make_document("termination", cases.terminated_case()).pdf)
    assert "HanaMinA" not in " ".join(f["name"] for f in notice)   # 𠮷田丽 in the Song face


def test_no_line_starts_or_ends_with_forbidden_punctuation_in_a_long_agreement(office):
    case_id = cases.long_agreement_case()
    pages = page_texts(make_document("agreement", case_id).pdf)
    lines = [line.strip() for page in pages for line in page.split("\n") if line.strip()]
    assert len(pages) >= 3 and len(lines) > 100
    starts = [line for line in lines if line[0] in NO_LINE_START]
    ends = [line for line in lines if line[-1] in NO_LINE_END]
    assert starts == [] and ends == []
    text = "".join(lines)
    assert "第14笔款项" in text and "人民币15,554.30元" in text     # all fourteen terms are there
    # a long section breaks across pages instead of leaving a page nearly empty before it
    assert all(len(page.strip().split("\n")) > 20 for page in pages[:-1])


def test_an_unprintable_character_is_reported_before_printing(office):
    from app.reports.documents import UnprintableCharacters
    from app.services.registration import register
    from tests.factories import complaint
    data = complaint(person_kw=dict(name="张頔", phone="13700002222"), business_kw=cases.OTHER_BUSINESS,
                     facts="投诉人称商品标签上有\ue000符号，另见\u0378。")
    case_id = register(SYSTEM, data).case_id
    with pytest.raises(UnprintableCharacters) as raised:
        make_document("registration", case_id)
    message = str(raised.value)
    assert "U+E000" in message and "U+0378" in message and "事实与理由" in message
    assert "私人使用区字符" in message and "未分配的码位" in message
    assert [ch for _, ch in raised.value.problems] == ["\ue000", "\u0378"]


def test_a_document_the_case_is_not_ready_for_is_refused_with_a_reason(office):
    case_id = cases.rejected_case()
    with pytest.raises(DocumentUnavailable, match="还没有登记调解协议"):
        make_document("agreement", case_id)
    with pytest.raises(DocumentUnavailable, match="尚未受理"):
        make_document("acceptance", case_id)


def test_the_archive_files_every_document_in_order_behind_a_table_of_contents(full_case):
    pages = page_texts(make_document("archive", full_case).pdf)
    assert "消费者投诉调解案卷" in pages[0]
    toc = pages[1]
    assert "卷内目录" in toc
    cover_pages = 2
    rows = re.findall(r"(\d+)\s*(投诉登记表|受理通知书|调解通知书|调解笔录|调解协议书|回访记录)\S*\s*2026年\d+月\d+日\s*(\d+)", toc)
    titles = [title for _, title, _ in rows]
    assert titles == ["投诉登记表", "受理通知书", "调解通知书", "调解笔录", "调解协议书", "回访记录"]
    for _, title, start in rows:
        page = pages[cover_pages + int(start) - 1]
        assert title in flat(page), title
    assert len(pages) > 8


def test_making_documents_does_not_write_to_the_database(full_case):
    audit_before, settings_before = AuditLog.select().count(), Setting.select().count()
    for kind in FULL_CASE_KINDS:
        make_document(kind, full_case)
    assert (AuditLog.select().count(), Setting.select().count()) == (audit_before, settings_before)


def test_a_print_is_recorded_in_the_case_history(full_case):
    from app.services.doc_templates import record_print
    record_print(SYSTEM, full_case, _number(full_case), ["agreement", "mediation_record"])
    last = case_detail(full_case).history[-1]
    assert last["action"] == "print_document" and "调解协议书、调解笔录" in last["summary"]
