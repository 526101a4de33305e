"""The program's "today" held at a chosen day for a test, so dates typed as "the future" or "this
month" mean the same on any day the suite runs."""
from __future__ import annotations

from datetime import date

import pytest


def frozen_on(day: date, autouse: bool = False):
    """A fixture that freezes the services' today at `day` (yielded) and lets it go after."""
    @pytest.fixture(autouse=autouse)
    def frozen_today():
        from app.services.context import freeze_today
        freeze_today(day)
        yield day
        freeze_today(None)
    return frozen_today
