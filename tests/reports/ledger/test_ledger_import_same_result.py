"""How many rows go into one transaction (importer.BATCH_ROWS, a speed setting) changes nothing an
import leaves behind: the same cases, parties, search rows and counters, column by column, the
same report of bad and skipped rows, and every imported case named in exactly one audit row. Nor
does the way a batch is written: gathered and written in one executemany/COPY per table with the
ids given beforehand (db_writer._in_one_piece), or one INSERT per row (the path after a refusal)."""
from __future__ import annotations

import json

from app.db.models import AuditLog, Business, Case, CaseSearch, CaseSequence, Complainant
from app.services.ledger import db_writer, importer, row_checks
from tests.reports.ledger.test_ledger_import import mediator, mixed_rows, row, run_import, write_file  # noqa: F401 - the fixture

AS_SHIPPED = importer.BATCH_ROWS
MOMENTS = ("created_at", "updated_at")      # the time of the writing itself


def _rows() -> list[dict]:
    """Good and bad rows, the same complainant and business again in later batches, a number
    given twice, unnumbered rows (numbered after the file's own numbers)."""
    again = [row(案件编号=f"消调〔2025〕第{n}号", 投诉内容=f"第{n}件", 投诉人="周明" if n % 2 else f"李{n}",
                 联系电话="13912345678" if n % 2 else f"1391234{n:04d}") for n in range(100, 112)]
    unnumbered = [row(案件编号="", 投诉内容=f"未编号第{n}件", 投诉人=f"赵{n}", 联系电话=f"1370000{n:04d}")
                  for n in range(4)]
    # unnumbered rows whose content an earlier row of the file has (in the same batch or not): found
    # in the database, so what the batch gathered must be written before they are looked up
    same = [row(案件编号="", 投诉内容="第101件", 投诉人="周明", 联系电话="13912345678"),
            row(案件编号="", 投诉内容="未编号第2件", 投诉人="赵2", 联系电话="13700000002")]
    return (mixed_rows() + again + unnumbered + [row(案件编号="消调〔2025〕第100号", 投诉内容="编号重复")]
            + same + [row(案件编号="", 投诉内容="新客户", 投诉人="孙新", 联系电话="13600000001",
                          被投诉人="某县新开张超市", 统一社会信用代码="", 被投诉人地址="某县新街2号")])


def _left_behind() -> dict:
    """The rows written, ids as positions (a PostgreSQL serial does not start again after a delete)."""
    def table(model, order):
        return [{k: v for k, v in r.items() if k not in MOMENTS} for r in model.select().order_by(order).dicts()]
    cases, people, businesses = table(Case, Case.id), table(Complainant, Complainant.id), table(Business, Business.id)
    search = table(CaseSearch, CaseSearch.case)
    at = {name: {r["id"]: n for n, r in enumerate(rows)} for name, rows in
          (("case", cases), ("complainant", people), ("business", businesses))}
    for rows, links in ((cases, ("complainant", "business")), (people, ()), (businesses, ()), (search, ("case",))):
        for r in rows:
            r.pop("id", None)
            r.update({link: at[link][r[link]] for link in links})
    return {"cases": cases, "people": people, "businesses": businesses, "search": search,
            "counters": table(CaseSequence, CaseSequence.year)}


def _audited(since: int) -> list[str]:
    """Every case number the import's audit rows name, in order (one row per batch)."""
    named = []
    for logged in AuditLog.select().where((AuditLog.id > since) & (AuditLog.action == "import_ledger")).order_by(AuditLog.id):
        named += next(c["new"] for c in json.loads(logged.changes) if c["field"] == "number")
    return named


def _report(result) -> tuple:
    return (result.imported_numbers, [(s.row, s.number, s.reason) for s in result.skipped],
            [(p.row, p.column, p.value, p.reason) for p in result.problems], result.rejected_rows,
            result.warnings, [(c.kind, c.field, c.new, c.row, c.rows) for c in result.party_changes])


def _import(path, batch_rows: int, monkeypatch, row_by_row: bool = False):
    monkeypatch.setattr(importer, "BATCH_ROWS", batch_rows)
    if row_by_row:
        monkeypatch.setattr(db_writer.BatchWriter, "_in_one_piece", lambda self, rows: None)
    since = AuditLog.select().count() and AuditLog.select(AuditLog.id).order_by(AuditLog.id.desc()).scalar()
    result, _ = run_import(path)
    return _report(result), _left_behind(), _audited(since)


def test_small_and_large_batches_leave_the_same_import(mediator, tmp_path, monkeypatch):  # noqa: F811 - the fixture
    path = write_file(tmp_path / "台账.xlsx", _rows())
    small = _import(path, 3, monkeypatch)
    _empty()
    large = _import(path, AS_SHIPPED, monkeypatch)
    assert small[0][0] and small[0][1] and small[0][2]      # rows went in, were skipped and were refused
    assert {s[1] for s in small[0][1]} >= {"消调〔2025〕第101号"}   # an unnumbered row found by its content
    assert small[0] == large[0]
    assert small[1] == large[1]
    assert small[2] == large[2] == small[0][0]


def test_a_batch_in_one_piece_leaves_what_one_insert_per_row_leaves(mediator, tmp_path, monkeypatch):  # noqa: F811 - the fixture
    path = write_file(tmp_path / "台账.xlsx", _rows())
    gathered = _import(path, AS_SHIPPED, monkeypatch)
    _empty()
    one_by_one = _import(path, AS_SHIPPED, monkeypatch, row_by_row=True)
    assert gathered[1]["cases"] and gathered[1]["people"] and gathered[1]["businesses"]
    assert gathered == one_by_one


def test_a_business_checked_once_per_file_is_reported_on_every_row_as_if_checked_there(mediator, tmp_path, monkeypatch):  # noqa: F811 - the fixture
    """row_checks.Lookups.business answers the same business cells once per import: each row that
    names them gets the same problems, in the same place among its others, as a check of its own."""
    bad = {"统一社会信用代码": "91110000600037341A", "被投诉人电话": "12"}
    rows = _rows() + [row(案件编号=f"消调〔2025〕第{n}号", 联系电话="123" if n % 2 else "13912345678", **bad)
                      for n in range(120, 124)] + [row(案件编号="消调〔2025〕第125号", 被投诉人电话=13812345678)]
    path = write_file(tmp_path / "台账.xlsx", rows)
    remembered = _import(path, AS_SHIPPED, monkeypatch)
    _empty()
    monkeypatch.setattr(row_checks, "REMEMBERED", 0)
    each_row = _import(path, AS_SHIPPED, monkeypatch)
    assert [p for p in remembered[0][2] if p[1] == "统一社会信用代码" and p[0] > 30]   # the bad rows were refused
    assert remembered == each_row


def _empty() -> None:
    for model in (CaseSearch, Case, Complainant, Business, CaseSequence):
        model.delete().execute()
