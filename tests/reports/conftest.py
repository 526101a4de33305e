"""The office every document test prints for: a named association with a phone and an address,
so that headers and footers carry real text, and the case with the most documents."""
from __future__ import annotations

import pytest

from app.services.context import SYSTEM
from app.services.settings import update_settings
from tests.reports import document_cases as cases
from tests.reports.document_cases import ORG


@pytest.fixture
def office(sqlite_db):
    update_settings(SYSTEM, {"org.name": ORG, "org.phone": "0315-1234567", "org.address": "清河县城关镇人民路1号"})
    return sqlite_db


@pytest.fixture
def full_case(office):
    return cases.settle_full_case()          # agreement signed 2026-11-20, closed as 调解成功


@pytest.fixture(scope="session")
def counties(tmp_path_factory):
    """Three counties' monthly reports and the report of one database holding all three
    (tests/reports/rollup_counties.py), built once for the roll-up tests."""
    from tests.reports import rollup_counties
    return rollup_counties.build(tmp_path_factory.mktemp("counties"))
