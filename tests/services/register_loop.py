"""Child process of the concurrency and crash tests: registers complaints one at a time and
prints each case number as soon as its transaction has committed (flushed at once), so that a
parent that kills it knows exactly which cases must be in the database.

    python tests/services/register_loop.py DATA_DIR_OR_URL TAG COUNT     (COUNT 0: until killed)
"""
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(where: str, tag: str, count: int) -> None:
    from app.db.bootstrap import open_database
    from app.services import registration
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
        data = complaint(person_kw={"name": f"{tag}{i}", "phone": f"139{i % 10**8:08d}"},
                         facts=f"{tag} 第{i}次登记：空调安装后不制冷，多次维修未果。" * 3)
        print(registration.register(SYSTEM, data).number, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
