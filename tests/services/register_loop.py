"""Child process of the concurrency and crash tests: registers complaints one at a time and
prints each case number as soon as its transaction has committed (flushed at once), so that a
parent that kills it knows exactly which cases must be in the database.

    python tests/services/register_loop.py DATA_DIR_OR_URL TAG COUNT [HOLD_AFTER]
    (COUNT 0: until killed)

With HOLD_AFTER, the registration after that many commits stops inside its transaction — the
case row is written, the audit row not yet — prints "mid-write" and waits to be killed, so a
crash test kills it in the middle of a write for certain.
"""
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _hold_in_the_transaction(audit) -> None:
    def record(*args, **kwargs):
        print("mid-write", flush=True)
        time.sleep(120)
    audit.record = record


def main(where: str, tag: str, count: int, hold_after: int | None = None) -> None:
    from app.db.bootstrap import open_database
    from app.services import audit, registration
    from app.services.context import SYSTEM, freeze_today
    from tests.factories import complaint

    freeze_today(date(2026, 11, 30))
    if where.startswith("postgresql"):
        open_database(Path(tempfile.gettempdir()), where)
    else:
        open_database(where)
    print("ready", flush=True)
    i = 0
    while count == 0 or i < count:
        if hold_after is not None and i == hold_after:
            _hold_in_the_transaction(audit)
        data = complaint(person_kw={"name": f"{tag}{i}", "phone": f"139{i % 10**8:08d}"},
                         facts=f"{tag} 第{i}次登记：空调安装后不制冷，多次维修未果。" * 3)
        print(registration.register(SYSTEM, data).number, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else None)
