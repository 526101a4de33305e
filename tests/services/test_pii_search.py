"""The search box is no oracle for personal numbers (issue 14, item 4): a role without "view_pii"
finds an ID or phone number only in full or by its last 4 characters, never by a fragment, so the
masked 310104********750X cannot be completed one digit at a time; roles with it search freely. A
NUL in the search box is harmless on PostgreSQL too. An older database gets its index split."""
import shutil
from pathlib import Path

import pytest

from app.db.bootstrap import open_database
from app.db.models import CaseSearch
from app.services import registration
from app.services.context import SYSTEM, Actor
from app.services.queries import CaseFilter, case_ids, count_cases
from tests.factories import complaint

ID = "11010519491231002X"
PHONE = "13812345678"
READONLY = Actor(None, "kan", "只读甲", "readonly")
CLERK = Actor(None, "zhou", "周登记", "clerk")


def _found(actor, text: str) -> int:
    return len(case_ids(CaseFilter(text=text), actor=actor))


@pytest.fixture
def one_case(db):
    registration.register(SYSTEM, complaint(person_kw={"id_number": ID, "phone": PHONE}))
    registration.register(SYSTEM, complaint(person_kw={"name": "李四", "phone": "13900001111"}))


def test_the_oracle_of_the_attack_learns_nothing(one_case):
    """From 110105********002X, guessing the hidden digits one at a time: not a single hit."""
    known_head, known_tail = ID[:6], ID[-4:]
    hits = 0
    for position in range(6, 14):
        for digit in "0123456789":
            hits += _found(READONLY, known_head + ID[6:position] + digit)
            hits += _found(READONLY, ID[position:position + 1] + digit + known_tail.lower())
    assert hits == 0
    for fragment in (ID[:10], ID[3:15], ID[-6:], PHONE[:7], PHONE[3:9], PHONE[-5:]):
        assert _found(READONLY, fragment) == 0, fragment
        assert _found(CLERK, fragment) == 1, fragment           # the clerk sees full numbers anyway


@pytest.mark.parametrize("term", [ID, ID.lower(), ID[-4:], "002x", PHONE, "138 1234 5678", "+8613812345678",
                                  PHONE[-4:]])
def test_a_whole_number_or_its_last_four_still_finds_the_case(one_case, term):
    assert _found(READONLY, term) == 1 and count_cases(CaseFilter(text=term), READONLY) == 1


def test_names_and_facts_are_found_by_any_fragment(one_case):
    assert _found(READONLY, "张") == 1 and _found(READONLY, "不制冷") == 2 and _found(READONLY, "鑫源") == 2


def test_a_nul_or_control_character_in_the_search_is_harmless(one_case):
    assert _found(READONLY, "张\x00") == 1 and _found(CLERK, "\x00") == 2 and _found(READONLY, "\x07不制冷") == 2


def test_the_case_list_model_searches_as_its_user(qtbot, one_case):
    from app.ui.cases.list_model import CaseListModel
    model = CaseListModel(READONLY)
    model.set_filter(CaseFilter(text=ID[:8]))
    assert model.rowCount() == 0
    model.set_filter(CaseFilter(text=ID))
    assert model.rowCount() == 1


def test_an_older_database_gets_its_search_index_split(tmp_path, frozen_today):
    fixture = Path(__file__).resolve().parents[1] / "db" / "fixtures" / "schema_v1.sqlite3"
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copyfile(fixture, folder / "cases.sqlite3")
    opened = open_database(folder)
    rows = list(CaseSearch.select())
    assert rows and all(r.pii.startswith("\x01") for r in rows)
    phone = rows[0].pii.split("\x01")[1]
    assert phone not in rows[0].text
    assert _found(READONLY, phone) >= 1 and _found(READONLY, phone[:6]) == 0
    opened.db.close()
