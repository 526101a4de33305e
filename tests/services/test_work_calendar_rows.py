"""The office's calendar is read from the holiday table straight from the cursor (start-up): it is
the calendar the model rows give, on SQLite and on the server."""
from __future__ import annotations

from datetime import date

from app.db.models import Holiday, HolidayYear
from app.domain.calendar import WorkCalendar
from app.services import settings


def test_the_calendar_from_the_cursor_is_the_one_from_the_model_rows(db):
    settings._calendar_cache.clear()
    calendar = settings.work_calendar()
    rows = list(Holiday.select(Holiday.day, Holiday.is_workday, Holiday.name).namedtuples())
    by_model = WorkCalendar.from_rows(rows, [y for (y,) in HolidayYear.select(HolidayYear.year).tuples()])
    assert len(calendar.exceptions) > 700                      # the package's schedule, seeded
    assert calendar.exceptions == by_model.exceptions
    assert calendar.names == by_model.names and calendar.gaps == by_model.gaps
    assert calendar.covered_years == by_model.covered_years
    assert all(type(day) is date for day in calendar.exceptions)
    assert all(type(workday) is bool for workday in calendar.exceptions.values())


def test_a_stored_day_reads_as_a_date_however_the_database_gives_it():
    assert settings._stored_day(date(2026, 10, 1)) == date(2026, 10, 1)       # the server's driver
    assert settings._stored_day("2026-10-01") == date(2026, 10, 1)             # SQLite's text
    assert settings._stored_day("2026-10-01 00:00:00") == date(2026, 10, 1)    # as peewee reads it
