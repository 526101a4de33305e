"""Two clerks registering at the same moment never get the same case number."""
import multiprocessing as mp
from pathlib import Path

from app.db.models import Case


def _register_many(data_dir: str, name: str, count: int, queue) -> None:
    from datetime import date

    from app.db.bootstrap import open_database
    from app.services import registration
    from app.services.context import SYSTEM, freeze_today
    from tests.factories import complaint

    freeze_today(date(2026, 11, 30))
    open_database(Path(data_dir))
    numbers = []
    for i in range(count):
        person = {"name": f"{name}{i}", "phone": f"139{i:08d}"}
        numbers.append(registration.register(SYSTEM, complaint(person_kw=person)).number)
    queue.put(numbers)


def test_two_concurrent_writers_get_distinct_consecutive_numbers(sqlite_db):
    data_dir = str(sqlite_db.data_dir)
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_register_many, args=(data_dir, name, 15, queue)) for name in ("甲", "乙")]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers = results[0] + results[1]
    assert len(set(numbers)) == 30
    assert sorted(Case.select(Case.number).tuples()) == sorted((n,) for n in numbers)
    assert {f"消调〔2026〕第{i}号" for i in range(1, 31)} == set(numbers)
