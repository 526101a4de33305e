"""What an ID number tells about its holder, and a birth date or gender that contradicts it."""
from datetime import date

from app.domain.identity import IdFacts, check_birth_date_against_id, check_gender_against_id, facts_from_id

TODAY = date(2026, 12, 2)
ID = "11010519491231002X"          # born 1949-12-31, 17th digit 2: female


def test_a_valid_resident_id_gives_birth_date_and_gender():
    assert facts_from_id("resident", ID, TODAY) == IdFacts(date(1949, 12, 31), "female")
    assert facts_from_id("resident", " 11010519491231002x ", TODAY) == IdFacts(date(1949, 12, 31), "female")


def test_nothing_from_a_wrong_number_or_another_document():
    assert facts_from_id("resident", "110105194912310021", TODAY) == IdFacts()      # check digit wrong
    assert facts_from_id("resident", "1101051949", TODAY) == IdFacts()
    assert facts_from_id("resident", "", TODAY) == IdFacts()
    assert facts_from_id("passport", ID, TODAY) == IdFacts()


def test_a_contradicting_birth_date_is_refused():
    facts = facts_from_id("resident", ID, TODAY)
    assert check_birth_date_against_id(date(1949, 10, 3), facts) == "出生日期与证件号码不一致（号码中为 1949-12-31）"
    assert check_birth_date_against_id(date(1949, 12, 31), facts) is None
    assert check_birth_date_against_id(None, facts) is None
    assert check_birth_date_against_id(date(1949, 10, 3), IdFacts()) is None


def test_a_contradicting_gender_is_refused():
    facts = facts_from_id("resident", ID, TODAY)
    assert check_gender_against_id("male", facts) == "性别与身份证号不一致"
    assert check_gender_against_id("female", facts) is None
    assert check_gender_against_id("unknown", facts) is None
    assert check_gender_against_id("male", IdFacts()) is None
