"""The 司法确认 window (民事诉讼法 Art. 205: 30 days from the day the agreement takes effect),
counted as the Code counts periods (Art. 85): natural days, the start day not counted, a last
day on a holiday or weekend moves to the next working day; and the courts offered."""
from datetime import date

import pytest

from app.db.seed import packaged_holidays
from app.domain.calendar import WorkCalendar
from app.domain.judicial import (
    application_court, confirmation_due, court_choices, court_problem, courts_problem, hidden_actions,
    judicial_state, local_basic_court,
)


@pytest.fixture(scope="module")
def cal():
    rows, years = packaged_holidays()
    return WorkCalendar({r["day"]: r["is_workday"] for r in rows}, frozenset(years))


def test_thirty_natural_days_from_the_effective_date(cal):
    # 2026-06-03 (Wed) + 30 days = 2026-07-03 (Fri): no holiday, no weekend in the way
    assert confirmation_due(cal, date(2026, 6, 3)) == (date(2026, 7, 3), [])
    # natural days: the Labour Day holiday inside the window does not lengthen it
    assert confirmation_due(cal, date(2026, 4, 20))[0] == date(2026, 5, 20)


def test_a_last_day_on_a_holiday_or_weekend_moves_to_the_next_working_day(cal):
    assert confirmation_due(cal, date(2026, 11, 20))[0] == date(2026, 12, 21)   # 12-20 is a Sunday
    assert confirmation_due(cal, date(2026, 9, 1))[0] == date(2026, 10, 8)      # 10-01: National Day week
    assert confirmation_due(cal, date(2026, 5, 20))[0] == date(2026, 6, 22)     # 06-19: Dragon Boat Festival


def test_a_year_without_holiday_data_is_reported(cal):
    due, missing = confirmation_due(cal, date(2027, 3, 1))
    assert due == date(2027, 3, 31) and missing == [2027]


def test_stage_and_badge_of_the_window(cal):
    open_ = judicial_state(date(2026, 11, 20), None, "", None, None, cal, date(2026, 11, 30), 2)
    assert (open_.stage, open_.deadline, open_.due) == ("open", "ok", date(2026, 12, 21))
    soon = judicial_state(date(2026, 11, 20), None, "", None, None, cal, date(2026, 12, 17), 2)
    assert soon.deadline == "due_soon"
    late = judicial_state(date(2026, 11, 20), None, "", None, None, cal, date(2026, 12, 22), 2)
    assert late.deadline == "overdue"
    filed = judicial_state(date(2026, 11, 20), date(2026, 12, 22), "清河县人民法院", None, None, cal,
                           date(2026, 12, 23), 2)
    assert (filed.stage, filed.deadline, filed.late) == ("filed", "none", True)
    ruled = judicial_state(date(2026, 11, 20), date(2026, 12, 1), "清河县人民法院", "confirmed", date(2026, 12, 10),
                           cal, date(2026, 12, 23), 2)
    assert (ruled.stage, ruled.late) == ("confirmed", False)


def test_the_local_basic_court_and_the_settings_list():
    assert local_basic_court("清河县消费者协会") == "清河县人民法院"
    assert local_basic_court("朝阳区消费者权益保护委员会") == "朝阳区人民法院"
    assert local_basic_court("消费者协会") == ""
    assert court_choices("", "清河县消费者协会") == ["清河县人民法院"]
    assert court_choices("清河县人民法院；邢台市信都区人民法院\n清河县人民法院", "x") == [
        "清河县人民法院", "邢台市信都区人民法院"]
    assert application_court(None, "", ["清河县人民法院"]) == "清河县人民法院"
    assert application_court(None, "威县人民法院", ["清河县人民法院"]) == "威县人民法院"
    assert application_court(" 南宫市人民法院 ", "威县人民法院", ["清河县人民法院"]) == "南宫市人民法院"


def test_court_names_are_checked():
    assert court_problem("") and court_problem("清河县消协") and court_problem("法" * 61 + "院")
    assert court_problem("清河县人民法院") is None
    assert courts_problem("清河县人民法院；清河县公安局") == "“清河县公安局”：请填写人民法院的全称，如：清河县人民法院"
    assert courts_problem("") is None


def test_actions_follow_the_stage_of_the_application():
    assert hidden_actions(None) == {"file_confirmation", "record_confirmation"}
    assert hidden_actions("open") == {"record_confirmation"}
    assert hidden_actions("filed") == set()
    assert hidden_actions("confirmed") == {"file_confirmation"}
