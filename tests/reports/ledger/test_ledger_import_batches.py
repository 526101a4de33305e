"""A ledger batch is written in one piece, and again row by row when the database refuses a row:
the refused row stays out alone — with its new parties, its search row and its counter move — and
the rows around it go in as if it had never been there."""
from __future__ import annotations

from datetime import date

from app.db.models import AuditLog, Business, Case, CaseSearch, CaseSequence, Complainant
from app.services import registration
from app.services.context import SYSTEM
from app.services.ledger import db_writer
from tests.factories import complaint
from tests.reports.ledger.test_ledger_import import mediator, row, run_import, write_file  # noqa: F401 - the fixture

NEWCOMER = {"投诉人": "钱新", "联系电话": "13800000002", "被投诉人": "某县新开张便利店", "统一社会信用代码": "",
            "被投诉人地址": "某县城关镇新街1号"}


def _file(tmp_path, taken: str):
    return write_file(tmp_path / "台账.xlsx", [
        row(案件编号="消调〔2025〕第5号"),
        row(案件编号=taken, 投诉内容="另一件", **NEWCOMER),       # refused: the number is another case's
        row(案件编号="消调〔2025〕第7号", 投诉内容="第三件", **NEWCOMER),
    ])


def test_a_refused_row_stays_out_alone_and_the_batch_goes_on(mediator, tmp_path, monkeypatch):  # noqa: F811 - the fixture
    taken = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 2))).number
    # as if another clerk had registered the number after the batch looked for it
    monkeypatch.setattr(db_writer, "_numbers_taken", lambda numbers: set())
    result, _ = run_import(_file(tmp_path, taken))
    assert (result.imported, result.rejected, result.imported_numbers) == (2, 1, ["消调〔2025〕第5号", "消调〔2025〕第7号"])
    assert [(p.row, p.reason[:7]) for p in result.problems] == [(4, "写入数据库失败")]
    assert Case.select().count() == 3 and CaseSearch.select().count() == 3
    newcomer = Complainant.get(Complainant.name == "钱新")         # made once, by the row that went in
    third = Case.get(Case.number == "消调〔2025〕第7号")
    assert Complainant.select().where(Complainant.name == "钱新").count() == 1 and third.complainant_id == newcomer.id
    assert Business.select().where(Business.name == "某县新开张便利店").count() == 1
    assert CaseSequence.get_by_id(2025).last == 7 and CaseSequence.get_by_id(2026).last == 1
    logged = AuditLog.get(AuditLog.action == "import_ledger")
    assert "新增 2 件" in logged.summary and "（新建当事人 3 个）" in logged.summary and taken not in logged.changes


def test_in_one_piece_and_row_by_row_write_the_same(mediator, tmp_path, monkeypatch):  # noqa: F811 - the fixture
    def imported():
        cases = Case.select().order_by(Case.id)
        return ([(c.number, c.complainant.name, c.business.name, c.facts, c.next_deadline, c.import_note)
                 for c in cases], [s.text for s in CaseSearch.select().order_by(CaseSearch.case)],
                list(CaseSequence.select().tuples()))
    first, _ = run_import(_file(tmp_path, "消调〔2025〕第6号"))
    in_one_piece = imported()
    for model in (CaseSearch, Case, Complainant, Business, CaseSequence):
        model.delete().execute()
    monkeypatch.setattr(db_writer.BatchWriter, "_in_one_piece", lambda self, rows: None)
    second, _ = run_import(_file(tmp_path, "消调〔2025〕第6号"))
    assert (first.imported, first.summary()) == (second.imported, second.summary()) and first.imported == 3
    assert imported()[0] == in_one_piece[0] and imported()[1:] == in_one_piece[1:]


def test_each_imported_case_stores_the_clock_its_own_columns_give(mediator, tmp_path):  # noqa: F811 - the fixture
    from app.services.clock import refresh_case_clock
    from tests.reports.ledger.test_ledger_import import mixed_rows
    result, _ = run_import(write_file(tmp_path / "台账.xlsx", mixed_rows()))
    assert result.imported == 4
    kinds = set()
    for case in Case.select():
        stored = (case.rule_set, case.next_deadline, case.next_deadline_kind, case.clock_paused)
        refresh_case_clock(case)              # what the case's stored columns give, through the model
        assert (case.rule_set, case.next_deadline, case.next_deadline_kind, case.clock_paused) == stored
        kinds.add(case.next_deadline_kind)
    assert "mediate" in kinds
