"""Every identity document a consumer brings (issue 12, item 5) and its mask (item 6)."""
from datetime import date

import pytest

from app.domain.codes import ID_TYPES
from app.domain.identity import check_id_number, facts_from_id, recognise_id_type, type_of_label
from app.domain.masking import mask_id_number
from app.domain.validators import CREDIT_ALPHABET, check_credit_code
from tests.identity_cases import FOREIGN_2023, HK_PERMIT_RESIDENT, INVALID, NOTED, VALID, with_check

TODAY = date(2026, 11, 30)


def test_every_type_has_its_label_once_and_the_table_covers_each():
    assert ID_TYPES.labels() == ["居民身份证", "港澳台居民居住证", "外国人永久居留身份证", "护照",
                                 "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他证件"]
    assert {t for t, *_ in VALID} == set(ID_TYPES.codes()) == {t for t, *_ in INVALID}


@pytest.mark.parametrize("id_type, number, born, gender", VALID)
def test_valid_numbers_are_accepted_and_tell_only_what_their_type_carries(id_type, number, born, gender):
    checked = check_id_number(id_type, number, TODAY)
    assert checked.error is None
    facts = facts_from_id(id_type, number, TODAY)
    assert (facts.birth_date, facts.gender) == (born, gender)


@pytest.mark.parametrize("id_type, number, reason", INVALID)
def test_invalid_numbers_are_refused_saying_why(id_type, number, reason):
    checked = check_id_number(id_type, number, TODAY)
    assert checked.error and reason in checked.error
    assert facts_from_id(id_type, number, TODAY).birth_date is None


def test_a_number_of_one_type_is_not_read_as_another():
    # a valid resident ID typed under 护照 is a passport number: checked as one, tells nothing
    assert check_id_number("passport", "11010519491231002X", TODAY).error is None
    assert facts_from_id("passport", "11010519491231002X", TODAY).birth_date is None
    assert check_id_number("hk_mo_permit", "11010519491231002X", TODAY).error


@pytest.mark.parametrize("number, words", NOTED)
def test_suspicious_resident_ids_pass_with_a_note(number, words):
    checked = check_id_number("resident", number, TODAY)
    assert checked.error is None
    assert any(words in note for note in checked.notes), checked.notes


def test_a_good_resident_id_has_no_note_and_the_number_is_stored_normalised():
    assert check_id_number("resident", " １１０１０５１９４９１２３１００２ｘ ", TODAY) == \
        check_id_number("resident", "11010519491231002X", TODAY)
    assert check_id_number("resident", "11010519491231002X", TODAY).notes == ()
    assert check_id_number("tw_permit", "0561682001（d）", TODAY).number == "0561682001(D)"
    assert check_id_number("other", "  军官证 123 ", TODAY).number == "军官证 123"     # free text keeps its spaces


def test_an_empty_number_is_fine_and_an_unknown_type_is_refused():
    assert check_id_number("passport", "  ", TODAY).error is None
    assert check_id_number("hk_mo_tw", "H12345678", TODAY).error == "请选择证件类型"


def test_a_future_birth_date_is_refused_for_every_type_that_carries_one():
    for body in ("11010520300101001", "81000020300101001", "91184020300101001"):
        id_type = recognise_id_type(with_check(body))
        assert "晚于今天" in check_id_number(id_type, with_check(body), TODAY).error


@pytest.mark.parametrize("number, id_type", [
    ("11010519491231002X", "resident"), ("110105491231003", "resident"), (HK_PERMIT_RESIDENT, "residence_permit"),
    (FOREIGN_2023, "foreign_permanent"), ("USA110085061510", "foreign_permanent"), ("H12345678", "hk_mo_permit"),
    ("M1234567801", "hk_mo_permit"), ("12345678", "tw_permit"), ("0561682001(D)", "tw_permit"),
    ("E12345678", "passport"), ("EA1234567", "passport"),
    ("1101051949123100", "resident"),        # a resident ID missing two digits: its check says what is wrong
    ("军官证123", None), ("", None),
])
def test_a_bare_number_is_recognised_by_its_shape(number, id_type):
    assert recognise_id_type(number) == id_type


@pytest.mark.parametrize("text, code", [("居民身份证", "resident"), ("身份证", "resident"), ("护照", "passport"),
                                        ("回乡证", "hk_mo_permit"), ("台胞证", "tw_permit"), ("其他", "other"),
                                        ("港澳台居民居住证", "residence_permit"), ("永居证", "foreign_permanent"),
                                        ("驾驶证", None)])
def test_type_names_as_offices_write_them(text, code):
    assert type_of_label(text) == code


@pytest.mark.parametrize("id_type, number, masked", [
    ("resident", "11010519491231002X", "110105********002X"),
    ("resident", "110105491231003", "110105******003"),
    ("residence_permit", HK_PERMIT_RESIDENT, HK_PERMIT_RESIDENT[:6] + "********" + HK_PERMIT_RESIDENT[-4:]),
    ("foreign_permanent", FOREIGN_2023, "911840********" + FOREIGN_2023[-4:]),
    ("passport", "E12345678", "E******78"),
    ("passport", "G1234567", "G*****67"),
    ("hk_mo_permit", "H1234567801", "H********01"),
    ("tw_permit", "12345678", "1*****78"),
    ("other", "军官证第0012345号", "军*********5号"),
    ("other", "1234", "****"),
])
def test_masking_follows_the_type(id_type, number, masked):
    assert mask_id_number(number, id_type) == masked
    assert len(masked) == len(number)
    if id_type not in ("resident", "residence_permit", "foreign_permanent"):   # those: docs/rules.md §11's form
        assert masked.count("*") * 2 >= len(number)


def test_a_mask_without_the_type_recognises_it_from_the_number():
    assert mask_id_number("E12345678") == "E******78"          # once shown whole as E123455678-like
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("") == ""


def _credit(body17: str) -> str:
    """GB 32100-2015's check character, written out from the standard (weights 3^i mod 31)."""
    total = sum(CREDIT_ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def test_credit_code_positions_3_to_8_are_a_region_code_of_digits():
    assert _credit("91110000600037341") == "91110000600037341L"
    assert check_credit_code(_credit("91110000600037341")) is None
    for body in ("91AB0000600037341", "9111000A600037341", "91LLLLLL600037341"):
        code = _credit(body)
        assert "第3–8位应为6位数字的行政区划代码" in check_credit_code(code), code
