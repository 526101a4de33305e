"""Several clerks at once: case numbers stay unique and gap-free under concurrent registration
(PostgreSQL with threads, SQLite with processes), and a stale save is refused with who and when
while the clerk's typed input stays usable."""
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.db.audit_chain import verify_chain
from app.db.models import Case, CaseSequence, Complainant, database
from app.domain.errors import Conflict
from app.services import registration, workflow
from app.services.context import SYSTEM, Actor
from tests.factories import GOOD_ID, complaint

ROOT = Path(__file__).resolve().parents[2]
LOOP = ROOT / "tests" / "services" / "register_loop.py"
LI = Actor(None, "li", "李调解", "mediator")
ZHOU = Actor(None, "zhou", "周登记", "clerk")


def _expected(n: int) -> set[str]:
    return {f"消调〔2026〕第{i}号" for i in range(1, n + 1)}


def _in_threads(count: int, work) -> list:
    results, errors = [None] * count, []

    def run(i):
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            database.close()          # each thread's own connection
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


@pytest.mark.postgres
def test_concurrent_registration_on_postgresql_gives_unique_gap_free_numbers(pg_schema_url, tmp_path, frozen_today):
    from app.db.bootstrap import open_database
    open_database(tmp_path, pg_schema_url)
    writers, each = 6, 12

    def register_many(writer: int) -> list[str]:
        return [registration.register(SYSTEM, complaint(person_kw={"name": f"客户{writer}-{i}",
                                                                   "phone": f"1390{writer:03d}{i:04d}"})).number
                for i in range(each)]
    numbers = [n for batch in _in_threads(writers, register_many) for n in batch]
    assert len(numbers) == len(set(numbers)) == writers * each
    assert set(numbers) == _expected(writers * each)
    assert sorted(n for (n,) in Case.select(Case.number).tuples()) == sorted(numbers)
    assert CaseSequence.get_by_id(2026).last == writers * each
    assert verify_chain(database.obj).problem is None      # concurrent commits queued on the chain head


@pytest.mark.postgres
def test_concurrent_registration_from_several_processes_on_postgresql(pg_schema_url, tmp_path, frozen_today):
    from app.db.bootstrap import open_database
    open_database(tmp_path, pg_schema_url)
    numbers = _run_loops(pg_schema_url, writers=3, each=10)
    assert set(numbers) == _expected(30) and len(numbers) == 30
    assert verify_chain(database.obj).problem is None


def test_concurrent_registration_from_several_processes_on_sqlite(sqlite_db):
    numbers = _run_loops(str(sqlite_db.data_dir), writers=4, each=12)
    assert len(numbers) == 48 and set(numbers) == _expected(48)
    assert Case.select().count() == 48
    assert verify_chain(database.obj).problem is None


def _run_loops(where: str, writers: int, each: int) -> list[str]:
    children = [subprocess.Popen([sys.executable, str(LOOP), where, f"进程{w}", str(each)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for w in range(writers)]
    numbers = []
    for child in children:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        numbers += [line for line in out.splitlines() if line != "ready"]
    return numbers


@pytest.mark.postgres
def test_two_mediators_accepting_the_same_case_at_once_one_is_refused(pg_schema_url, tmp_path, frozen_today):
    from app.db.bootstrap import open_database
    open_database(tmp_path, pg_schema_url)
    case_id = registration.register(SYSTEM, complaint()).case_id
    barrier = threading.Barrier(4)

    def accept(i: int):
        actor = Actor(None, f"m{i}", f"调解员{i}", "mediator")
        barrier.wait()
        try:
            workflow.accept(actor, case_id, expected_version=1)
            return "ok"
        except Conflict as conflict:
            return conflict.changed_by
    outcomes = _in_threads(4, accept)
    assert outcomes.count("ok") == 1
    winner = Case.get_by_id(case_id).updated_by_name
    assert sorted(o for o in outcomes if o != "ok") == [winner] * 3
    assert Case.get_by_id(case_id).version == 2


def test_a_stale_edit_is_refused_with_who_and_when_and_the_typed_input_can_be_saved_after_refresh(db):
    case_id = registration.register(SYSTEM, complaint()).case_id
    loaded = Case.get_by_id(case_id).version                 # both clerks open the case
    workflow.accept(LI, case_id, expected_version=loaded)    # 李调解 saves first
    typed = complaint(facts="周登记补充：空调外机噪音超标，已录像。", amount="4200.00")
    with pytest.raises(Conflict) as caught:
        registration.update_complaint(ZHOU, case_id, typed, loaded)
    conflict = caught.value
    assert conflict.changed_by == "李调解" and conflict.changed_at == Case.get_by_id(case_id).updated_at
    assert "李调解" in conflict.message and "您填写的内容已保留" in conflict.message
    assert Case.get_by_id(case_id).facts != typed.facts      # nothing of the stale save was written
    assert typed.facts == "周登记补充：空调外机噪音超标，已录像。"     # the clerk's input is untouched
    # after refreshing, the same typed input saves on top of the other clerk's change
    registration.update_complaint(ZHOU, case_id, typed, Case.get_by_id(case_id).version)
    case = Case.get_by_id(case_id)
    assert (case.facts, case.state, str(case.amount)) == (typed.facts, "accepted", "4200.00")


def test_a_stale_complainant_edit_from_another_case_is_refused(db):
    known = {"id_number": GOOD_ID}                            # the same person in both cases
    first = registration.register(SYSTEM, complaint(person_kw=known)).case_id
    second = registration.register(SYSTEM, complaint(person_kw=known, goods_name="冰箱")).case_id
    form_version = Complainant.get().version                  # 周登记 opens case 2 to edit it
    registration.update_complaint(LI, first, complaint(person_kw={**known, "phone": "13911112222"}),
                                  Case.get_by_id(first).version)
    stale = complaint(goods_name="冰箱", person_kw={**known, "phone": "13812345678"})
    stale.complainant.version = form_version
    with pytest.raises(Conflict) as caught:
        registration.update_complaint(ZHOU, second, stale, Case.get_by_id(second).version)
    assert "投诉人“张三”的信息已被 李调解" in caught.value.message and caught.value.changed_by == "李调解"
    assert Complainant.get().phone == "13911112222"           # 李调解's change was not overwritten
    stale.complainant.version = Complainant.get().version     # refreshed: now it is a deliberate change
    registration.update_complaint(ZHOU, second, stale, Case.get_by_id(second).version)
    assert Complainant.get().phone == "13812345678"
