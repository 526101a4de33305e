"""司法确认: the application and its cover sheet read back from the PDF (text and layout, as the
other documents), the actions that record the filing and the court's ruling (audited, through
the executor), the window in the case file, the statistics and the command line."""
from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.db.models import AuditLog
from app.domain.errors import NotAllowed, ValidationFailed
from app.domain.periods import date_range
from app.reports.documents import DocumentUnavailable, make_document
from app.services import judicial
from app.services.casefile import case_detail
from app.services.context import SYSTEM, freeze_today
from app.services.settings import update_settings
from app.services.statistics import period_figures
from tests.reports import document_cases as cases
from tests.reports.pdf_check import all_text, flat, page_texts
from tests.reports.test_documents_lengths import check_layout

from tests.reports.document_cases import ORG




def test_application_names_both_applicants_the_agreement_the_request_and_the_declaration(full_case):
    number = case_detail(full_case).case["number"]
    document = make_document("judicial_confirmation", full_case)
    pages = page_texts(document.pdf)
    text = all_text(document.pdf)
    for expected in ("申请人（投诉人）：王堃", "11010519491231002X", "委托代理人：李喆",
                     f"申请人（经营者）：{cases.BUSINESS_RARE}", "统一社会信用代码：91110000600037341L",
                     f"请求清河县人民法院依法确认申请人于2026年11月20日经{ORG}调解达成的《调解协议书》（{number}）有效",
                     "人民币3,999.00元", "《中华人民共和国民事诉讼法》第二百零五条", "平等自愿", "真实意思表示",
                     "不违反法律、行政法规的强制性规定", "此致清河县人民法院", "申请人（投诉人）（签名）：",
                     "申请人（经营者）（盖章）：", "日期：", "附件", f"1．调解协议书（{number}）一份"):
        assert expected in text, expected
    assert document.title == "司法确认申请书" and document.filename == f"{number}-司法确认申请书.pdf"
    assert pages[0].count("申请司法确认须知") == 1 and "司法确认申请书" not in pages[0].split("\n")[1]


def test_cover_sheet_lists_what_to_bring_and_the_last_day(full_case):
    cover = flat(page_texts(make_document("judicial_confirmation", full_case).pdf)[0])
    for expected in (ORG, "申请司法确认须知", "2026年12月21日前", "共同向清河县人民法院申请司法确认",
                     "1．司法确认申请书", "2．调解协议书原件", "居民身份证", "营业执照", "购物凭证",
                     "委托代理人参加的，另带授权委托书", "联系电话：0315-1234567"):
        assert expected in cover, expected


def test_pages_read_back_clean_like_the_other_documents(full_case):
    pdf = make_document("judicial_confirmation", full_case).pdf
    detail = case_detail(full_case)
    pages = check_layout(pdf, [t["description"] for t in detail.terms])
    assert pages == 3                # the cover sheet, and the application on two pages
    texts = page_texts(pdf)
    assert all(ORG in t and detail.case["number"] in t for t in texts)      # the footer on every page


def test_a_long_case_keeps_its_terms_in_order_without_overlaps(office):
    case_id = cases.long_agreement_case(14)
    detail = case_detail(case_id)
    pdf = make_document("judicial_confirmation", case_id).pdf
    check_layout(pdf, [t["description"] for t in detail.terms])


def test_the_court_comes_from_the_settings_list_or_the_filing(full_case):
    update_settings(SYSTEM, {"judicial.courts": "邢台市信都区人民法院；清河县人民法院"})
    assert judicial.courts() == ["邢台市信都区人民法院", "清河县人民法院"]
    assert "此致邢台市信都区人民法院" in all_text(make_document("judicial_confirmation", full_case).pdf)
    picked = make_document("judicial_confirmation", full_case, court="清河县人民法院")
    assert "此致清河县人民法院" in all_text(picked.pdf)
    judicial.file_confirmation(SYSTEM, full_case, date(2026, 11, 28), "威县人民法院")
    assert "此致威县人民法院" in all_text(make_document("judicial_confirmation", full_case).pdf)
    with pytest.raises(ValidationFailed, match="人民法院的全称"):
        update_settings(SYSTEM, {"judicial.courts": "清河县人民法院；县公安局"})


def test_filing_and_ruling_are_audited_actions_and_the_statistics_count_confirmations(full_case):
    detail = case_detail(full_case)
    assert detail.judicial.stage == "open" and detail.judicial.due == date(2026, 12, 21)
    assert detail.judicial.deadline == "ok"
    assert "file_confirmation" in detail.actions and "record_confirmation" not in detail.actions
    with pytest.raises(NotAllowed, match="尚未登记司法确认申请"):
        judicial.record_confirmation(SYSTEM, full_case, "confirmed", date(2026, 11, 30))
    with pytest.raises(ValidationFailed):
        judicial.file_confirmation(SYSTEM, full_case, date(2026, 11, 19), "清河县人民法院")   # before signing
    change = judicial.file_confirmation(SYSTEM, full_case, date(2026, 11, 27), "清河县人民法院")
    assert change.warnings == [] and "申请司法确认（清河县人民法院）" in change.summary
    detail = case_detail(full_case)
    assert (detail.judicial.stage, detail.judicial.filed_date) == ("filed", date(2026, 11, 27))
    assert "record_confirmation" in detail.actions
    with pytest.raises(ValidationFailed, match="不能早于申请日期"):
        judicial.record_confirmation(SYSTEM, full_case, "confirmed", date(2026, 11, 26))
    judicial.record_confirmation(SYSTEM, full_case, "confirmed", date(2026, 11, 30), note="（2026）冀0534民特12号")
    detail = case_detail(full_case)
    assert detail.judicial.stage == "confirmed" and "file_confirmation" not in detail.actions
    rows = list(AuditLog.select().where(AuditLog.case == full_case, AuditLog.action.in_(
        ["file_confirmation", "record_confirmation"])).order_by(AuditLog.id))
    assert [r.action for r in rows] == ["file_confirmation", "record_confirmation"]
    assert "confirm_court" in rows[0].changes and "确认有效" in rows[1].summary
    with pytest.raises(NotAllowed, match="已裁定"):
        judicial.file_confirmation(SYSTEM, full_case, date(2026, 11, 28), "清河县人民法院")
    assert period_figures(date_range(date(2026, 11, 1), date(2026, 11, 30))).judicial_confirmed == 1
    assert period_figures(date_range(date(2026, 12, 1), date(2026, 12, 31))).judicial_confirmed == 0


def test_a_late_filing_is_recorded_with_a_warning(full_case):
    freeze_today(date(2026, 12, 28))
    change = judicial.file_confirmation(SYSTEM, full_case, date(2026, 12, 22), "清河县人民法院")
    assert "已超过" in change.warnings[0] and "2026-12-21" in change.warnings[0]


def test_no_application_without_an_agreement_and_none_after_a_termination(office):
    terminated = cases.terminated_case()
    with pytest.raises(DocumentUnavailable, match="调解协议"):
        make_document("judicial_confirmation", terminated)
    with pytest.raises(NotAllowed):
        judicial.file_confirmation(SYSTEM, terminated, date(2026, 11, 28), "清河县人民法院")


def test_from_the_command_line(full_case, office, tmp_path, capsys):
    number = case_detail(full_case).case["number"]
    out = tmp_path / "jc.pdf"
    args = ["--data-dir", str(office.data_dir), "document", "judicial_confirmation", number, "--out", str(out)]
    assert main(args) == 0
    assert f"已生成司法确认申请书（{number}，3页）" in capsys.readouterr().out
    assert "此致清河县人民法院" in all_text(out.read_bytes())
    assert main(args + ["--court", "清河县消协"]) != 0
    assert "人民法院的全称" in capsys.readouterr().err
