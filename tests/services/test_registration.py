"""Registration details: reuse of parties, warnings, search, queues, consultations, attachments."""
from datetime import date

import pytest

from app.db.models import Business, Case, Complainant, Consultation
from app.domain.errors import NotAllowed, ValidationFailed
from app.services import attachments, consultations, parties, registration, settings, workflow
from app.services.context import SYSTEM, Actor
from app.services.queries import CaseFilter, case_ids, case_rows, count_cases, queue_counts
from tests.factories import GOOD_ID, complaint

READONLY = Actor(None, "guest", "访客", "readonly")


def test_business_is_reused_by_credit_code_and_by_name_and_address(db):
    registration.register(SYSTEM, complaint())
    registration.register(SYSTEM, complaint(business_kw={"name": "换了招牌的名字", "credit_code": "91110000600037341l"}))
    registration.register(SYSTEM, complaint(business_kw={"name": "某县老街小吃店", "credit_code": "",
                                                         "address": "某县 老街 3号"}))
    registration.register(SYSTEM, complaint(business_kw={"name": "某县老街小吃店", "credit_code": "",
                                                         "address": "某县老街3号"}))
    assert Business.select().count() == 2
    assert [b["name"] for b in parties.search_businesses("老街")] == ["某县老街小吃店"]
    assert parties.search_businesses("600037")[0]["cases"] == 2


def test_complainant_is_reused_by_id_number(db):
    registration.register(SYSTEM, complaint(person_kw={"id_number": GOOD_ID}))
    registration.register(SYSTEM, complaint(person_kw={"id_number": GOOD_ID, "phone": "13900001111",
                                                       "address": "新地址8号"}))
    person = Complainant.get()
    assert Complainant.select().count() == 1 and person.phone == "13900001111"
    # The older case is found by the new phone too.
    assert count_cases(CaseFilter(text="13900001111")) == 2


def test_duplicate_and_professional_claimant_warnings(db):
    registration.register(SYSTEM, complaint())
    second = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 5)))
    kinds = {w.kind for w in second.warnings}
    assert "duplicate" in kinds
    duplicate = next(w for w in second.warnings if w.kind == "duplicate")
    assert duplicate.case_numbers == ["消调〔2026〕第1号"]
    other = registration.register(SYSTEM, complaint(person_kw={"name": "赵六"}, quantity=50,
                                                    business_kw={"name": "另一家店", "credit_code": "", "address": "某处1号"}))
    messages = " ".join(w.message for w in other.warnings)
    assert "13812345678" in messages and "张三" in messages      # same phone, another name
    assert "购买数量 50 件" in messages
    third = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 20)))
    assert any(w.kind == "repeat" for w in third.warnings)       # 3rd complaint about the same business


def test_search_finds_numbers_names_phones_businesses_and_text(db):
    first = registration.register(SYSTEM, complaint(person_kw={"name": "欧阳頔"}))
    registration.register(SYSTEM, complaint(person_kw={"name": "李四", "phone": "13700000000"},
                                            facts="预付卡充值后门店关闭", business_kw={"name": "某县健身会所",
                                                                                  "credit_code": "", "address": "体育路1号"}))
    assert case_rows(case_ids(CaseFilter(text="欧阳")))[0].number == first.number
    assert count_cases(CaseFilter(text="第1号")) == 1
    assert count_cases(CaseFilter(text="3700000")) == 1
    assert count_cases(CaseFilter(text="健身会所")) == 1
    assert count_cases(CaseFilter(text="门店关闭")) == 1
    assert count_cases(CaseFilter(text="100%")) == 0            # no wildcard surprises


def test_queues_follow_state_and_deadlines(db):
    old = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 2)))      # due 11 Nov: overdue
    soon = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 23),   # due 2 Dec: due soon
                                                   person_kw={"name": "钱七", "phone": "13600000000"}))
    done = registration.register(SYSTEM, complaint(person_kw={"name": "孙八", "phone": "13500000000"}))
    workflow.accept(SYSTEM, done.case_id)
    workflow.settle(SYSTEM, done.case_id, recovered="100")
    counts = queue_counts()
    assert counts["to_accept"] == 2 and counts["overdue"] == 1 and counts["due_soon"] == 1
    assert counts["closed"] == 1 and counts["to_follow_up"] == 1 and counts["all"] == 3
    assert case_ids(CaseFilter(queue="overdue")) == [old.case_id]
    assert case_rows([soon.case_id])[0].deadline_status == "due_soon"


def test_readonly_role_cannot_register_and_sees_masked_phones(db):
    with pytest.raises(NotAllowed, match="无权登记投诉"):
        registration.register(READONLY, complaint())
    registration.register(SYSTEM, complaint())
    assert case_rows(case_ids(CaseFilter()), READONLY)[0].phone == "138****5678"


def test_consultations_are_logged(db):
    consultations.log_consultation(SYSTEM, channel="phone", topic="law", count=3, note="询问七日无理由退货")
    assert Consultation.get().count == 3
    with pytest.raises(ValidationFailed, match="人次"):
        consultations.log_consultation(SYSTEM, count=0)


def test_a_new_years_schedule_recomputes_open_deadlines(db):
    settings.update_settings(SYSTEM, {"limits.own.mediate_days": 30, "limits.own.mediate_unit": "working"})
    reg = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 30)))
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 30))
    # 30 working days: 23 in December, then 2027 without data counted Monday–Friday (1 Jan counts).
    assert Case.get_by_id(reg.case_id).next_deadline == date(2027, 1, 11)
    from app.services.casefile import case_detail
    assert "2027年" in case_detail(reg.case_id).warnings[0]
    changed = settings.set_year_schedule(SYSTEM, 2027, holidays=[(date(2027, 1, 1), "元旦")], workdays=[])
    assert changed == 1
    assert Case.get_by_id(reg.case_id).next_deadline == date(2027, 1, 12)
    # only 元旦 entered: the days entered count, and the warning now says what is still missing
    warning, = case_detail(reg.case_id).warnings
    assert "2027年的节假日安排不完整" in warning and "春节" in warning and "元旦" not in warning.split("尚缺")[1]
    with pytest.raises(ValidationFailed, match="本来就是工作日"):
        settings.set_year_schedule(SYSTEM, 2027, holidays=[], workdays=[(date(2027, 1, 5), "调休")])


def test_attachments_are_stored_once_by_content(db, tmp_path):
    reg = registration.register(SYSTEM, complaint())
    scan = tmp_path / "发票.pdf"
    scan.write_bytes(b"%PDF-1.4 invoice")
    first = attachments.add_attachment(SYSTEM, reg.case_id, scan, "购物发票")
    second = attachments.add_attachment(SYSTEM, reg.case_id, scan)
    assert (first.already_stored, second.already_stored) == (False, True)
    copy = attachments.attachment_content_path(first.attachment_id, tmp_path / "out")
    assert copy.read_bytes() == b"%PDF-1.4 invoice" and copy.name.endswith("发票.pdf")
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(ValidationFailed, match="不支持的文件类型"):
        attachments.add_attachment(SYSTEM, reg.case_id, exe)


def test_same_name_and_address_with_another_credit_code_is_another_business(db):
    registration.register(SYSTEM, complaint())
    registration.register(SYSTEM, complaint(business_kw={"credit_code": ""}))
    assert Business.select().count() == 1            # no code given: the known record is reused
    from app.domain.validators import credit_code_check_char
    other = "92330102MA2H00001"
    registration.register(SYSTEM, complaint(business_kw={"credit_code": other + credit_code_check_char(other)}))
    assert Business.select().count() == 2


def test_chinese_punctuation_in_names_and_addresses_stays_as_typed(db):
    reg = registration.register(SYSTEM, complaint(person_kw={"address": "某县人民路１号（东门）"},
                                                  business_kw={"name": "某县惠民超市（城关店）"}))
    case = Case.get_by_id(reg.case_id)
    assert case.complainant.address == "某县人民路１号（东门）"
    assert case.business.name == "某县惠民超市（城关店）"


def test_a_birth_date_or_gender_contradicting_the_id_is_refused_and_nothing_is_saved(db):
    # GOOD_ID is of a woman born 1949-12-31
    with pytest.raises(ValidationFailed) as refused:
        registration.register(SYSTEM, complaint(person_kw={"id_number": GOOD_ID, "birth_date": date(1949, 10, 3),
                                                           "gender": "male"}))
    assert refused.value.errors == {"complainant.birth_date": "出生日期与证件号码不一致（号码中为 1949-12-31）",
                                    "complainant.gender": "性别与身份证号不一致"}
    assert Case.select().count() == 0 and Complainant.select().count() == 0
    registration.register(SYSTEM, complaint(person_kw={"id_number": GOOD_ID}))
    assert Complainant.get().birth_date == date(1949, 12, 31) and Complainant.get().gender == "female"
