"""The birth date's example in the empty field is a plausible birth date in the past, whatever
the day (the walk-through saw 如 20261205 — a future date — as a birth date's example)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from app.domain.date_input import read_date
from app.services.context import freeze_today
from app.ui.cases.complaint_form import ComplaintForm


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 12, 4), date(2031, 3, 15)])
def test_the_birth_date_example_is_in_the_past(qtbot, sqlite_db, day):
    freeze_today(day)
    form = ComplaintForm()
    qtbot.addWidget(form)
    form.show()
    shown = form.birth_date.edit.placeholderText()
    assert form.birth_date.text() == "" and shown.startswith("可不填")
    example = read_date(re.search(r"\d{8}", shown).group(), day).day
    assert example is not None and 18 <= (day - example).days / 365.25 <= 80, shown
    assert form.fields.run_check("complainant.birth_date", touch=True) is None   # empty: nothing to say
