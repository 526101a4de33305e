"""The statutory clock against real 2026 dates (the official schedule as seeded from
chinesecalendar), both rule sets, Art. 45 roll-over, pauses and a year without data."""
from datetime import date

import pytest

from app.db.seed import packaged_holidays
from app.domain.calendar import WorkCalendar
from app.domain.clock import ClockFacts, Pause, compute_clock, deadline_status, rule_set_for
from app.domain.settings_spec import SPECS


@pytest.fixture(scope="module")
def cal():
    rows, years = packaged_holidays()
    return WorkCalendar({r["day"]: r["is_workday"] for r in rows}, frozenset(years))


@pytest.fixture
def settings():
    return {s.key: s.default for s in SPECS}


def test_make_up_saturdays_are_workdays(cal):
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    assert not cal.is_workday(date(2026, 2, 16))       # Spring Festival Monday
    assert not cal.is_workday(date(2026, 3, 7))        # ordinary Saturday


def test_acceptance_deadline_over_spring_festival(cal, settings):
    # Received Friday 13 Feb: 14th (make-up Saturday) = 1, 24–27 Feb = 2–5, 28th (make-up Saturday) = 6,
    # Monday 2 March = 7.
    result = compute_clock(ClockFacts(date(2026, 2, 13), "own", "registered"), cal, settings)
    assert result.accept_due == date(2026, 3, 2)
    assert (result.next_kind, result.next_due) == ("accept", date(2026, 3, 2))
    assert result.warnings == []


def test_rule_set_by_receipt_date():
    assert rule_set_for(date(2026, 4, 14), "entrusted") == "O20"
    assert rule_set_for(date(2026, 4, 15), "entrusted") == "O121"
    assert rule_set_for(date(2026, 4, 14), "own") == "OWN"


def test_o20_counts_45_working_days_ending_on_a_make_up_saturday(cal, settings):
    facts = ClockFacts(date(2026, 3, 2), "entrusted", "mediating", accepted=date(2026, 3, 3))
    result = compute_clock(facts, cal, settings)
    assert result.rule_set == "O20"
    assert result.mediate_due == date(2026, 5, 9)      # Saturday 9 May is a workday (劳动节调休)


def test_o121_sixty_natural_days_roll_past_national_day(cal, settings):
    facts = ClockFacts(date(2026, 8, 1), "entrusted", "mediating", accepted=date(2026, 8, 2))
    result = compute_clock(facts, cal, settings)
    assert result.rule_set == "O121"
    assert result.mediate_due == date(2026, 10, 8)     # 1 Oct + holiday to 7 Oct → Thursday 8 Oct


def test_own_limits_default_to_o121_and_roll_past_labour_day(cal, settings):
    facts = ClockFacts(date(2026, 3, 2), "own", "mediating", accepted=date(2026, 3, 3))
    assert compute_clock(facts, cal, settings).mediate_due == date(2026, 5, 6)   # 2 May holiday → 6 May


def test_weekend_roll_over_is_a_setting(cal, settings):
    facts = ClockFacts(date(2026, 9, 28), "entrusted", "mediating", accepted=date(2026, 9, 29))
    assert compute_clock(facts, cal, settings).mediate_due == date(2026, 11, 30)   # Sat 28 Nov → Mon
    settings["limits.roll_weekends"] = False
    assert compute_clock(facts, cal, settings).mediate_due == date(2026, 11, 28)


def test_own_limits_are_settings(cal, settings):
    settings.update({"limits.own.mediate_days": 30, "limits.own.mediate_unit": "working"})
    facts = ClockFacts(date(2026, 6, 1), "own", "mediating", accepted=date(2026, 6, 1))
    # 30 working days after 1 June, skipping the Dragon Boat Friday 19 June: 20 in June, 10 in July → 14 July.
    assert compute_clock(facts, cal, settings).mediate_due == date(2026, 7, 14)


def test_appraisal_pause_extends_the_period(cal, settings):
    base = dict(received=date(2026, 6, 1), basis="entrusted", state="mediating", accepted=date(2026, 6, 1))
    plain = compute_clock(ClockFacts(**base), cal, settings).mediate_due
    paused = compute_clock(ClockFacts(**base, pauses=(Pause(date(2026, 6, 10), date(2026, 6, 20)),)), cal, settings)
    assert plain == date(2026, 7, 31)
    assert paused.mediate_due == date(2026, 8, 10)      # 10 paused days (11–20 June) added


def test_open_pause_has_no_running_deadline(cal, settings):
    facts = ClockFacts(date(2026, 6, 1), "entrusted", "suspended", accepted=date(2026, 6, 1),
                       pauses=(Pause(date(2026, 6, 10)),))
    result = compute_clock(facts, cal, settings)
    assert result.paused and result.mediate_due is None and result.next_due is None


def test_a_2027_deadline_is_given_with_a_warning(cal, settings):
    result = compute_clock(ClockFacts(date(2026, 12, 28), "own", "registered"), cal, settings)
    # 29–31 Dec, then Mon–Fri without data: 1 Jan 2027 (Fri) counts, 4–6 Jan.
    assert result.accept_due == date(2027, 1, 6)
    assert len(result.warnings) == 1 and "2027年" in result.warnings[0]


def test_termination_notice_deadline(cal, settings):
    facts = ClockFacts(date(2026, 9, 1), "own", "closed", accepted=date(2026, 9, 2), closed=date(2026, 9, 30),
                       outcome="terminated")
    result = compute_clock(facts, cal, settings)
    # 7 working days after Wed 30 Sep: the National Day week is off, 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 Oct.
    assert (result.next_kind, result.notify_due) == ("notify", date(2026, 10, 15))


@pytest.mark.parametrize("due, expected", [
    (date(2026, 11, 27), "overdue"),
    (date(2026, 11, 30), "due_soon"),
    (date(2026, 12, 2), "due_soon"),
    (date(2026, 12, 3), "ok"),
    (None, "none"),
])
def test_deadline_status(cal, due, expected):
    assert deadline_status(due, date(2026, 11, 30), cal, 2) == expected


def test_paused_status(cal):
    assert deadline_status(None, date(2026, 11, 30), cal, 2, paused=True) == "paused"


def test_a_year_entered_in_part_counts_its_days_but_still_warns_with_what_is_missing(cal, settings):
    """Only 元旦 and one 调休 workday saved for 2027: those days count, the year is not known."""
    from app.domain.calendar import DayException

    packaged, years = packaged_holidays()
    rows = [DayException(r["day"], r["is_workday"], r["name"]) for r in packaged]
    rows += [DayException(date(2027, 1, 1), False, "元旦"), DayException(date(2027, 2, 20), True, "春节调休")]
    partial = WorkCalendar.from_rows(rows, [*years, 2027])
    result = compute_clock(ClockFacts(date(2026, 12, 28), "own", "registered"), partial, settings)
    assert result.accept_due == date(2027, 1, 7)              # 1 Jan no longer a working day
    assert result.warnings == ["2027年的节假日安排不完整（尚缺春节、清明节、劳动节、端午节、中秋节、国庆节），"
                               "期限除已录入的日期外暂按周一至周五推算；请管理员在“设置 → 节假日”中录入该年安排"]
    assert partial.missing_years(date(2027, 1, 1), date(2027, 3, 1)) == [2027] and not partial.is_covered(2027)


def test_every_packaged_year_is_complete_and_a_mid_autumn_inside_national_day_counts(cal):
    from app.domain.calendar import missing_festivals

    rows, years = packaged_holidays()
    holidays = [r["day"] for r in rows if not r["is_workday"]]
    assert all(missing_festivals(y, holidays) == [] for y in years)
    national_day_2025 = [date(2025, 10, d) for d in range(1, 9)]       # 中秋 on 6 Oct
    assert missing_festivals(2025, national_day_2025) == ["元旦", "春节", "清明节", "劳动节", "端午节"]
    assert missing_festivals(2007, [date(2007, 1, 1), date(2007, 2, 18), date(2007, 5, 1), date(2007, 10, 1)]) == []
