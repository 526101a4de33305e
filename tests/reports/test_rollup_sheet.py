"""The report workbook's hidden sheet 汇总数据: what a city's roll-up reads back, checked against
figures the test counts itself from the scenario's facts (never through the code under test)."""
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.domain import periods
from app.reports.excel.report_workbook import write_report
from app.services.statistics_report import build_report
from tests.reports import report_scenario as sc


@pytest.fixture
def data_sheet(sqlite_db, tmp_path):
    scenario = sc.build()
    path = write_report(build_report(periods.month(2026, 11)), tmp_path / "月报.xlsx")
    return scenario, load_workbook(path)


def _rows(ws) -> list[tuple]:
    out = []
    for row in ws.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(tuple(row))
    return out


def test_the_sheet_is_hidden_plain_and_names_the_report(data_sheet):
    _, wb = data_sheet
    ws = wb["汇总数据"]
    assert ws.sheet_state == "hidden"
    assert wb.active.title == "汇总"
    assert not wb.defined_names
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(type(c.value) in (str, int) for c in cells)
    assert not [c for c in cells if c.data_type == "f"]
    meta = {row[1]: (row[2] if len(row) > 2 else "") for row in _rows(ws) if row[0] == "meta"}
    assert meta == {"format": "1", "program": "0.1.0", "association": "某某县消费者协会", "unit": "",
                    "period_kind": "month", "period_start": "2026-11-01", "period_end": "2026-11-30",
                    "columns": 4, "cases_from": "2025-03-03"}      # L, the earliest fact


def test_every_column_carries_the_raw_figures(data_sheet):
    scenario, wb = data_sheet
    facts = scenario.facts
    rows = _rows(wb["汇总数据"])
    counts = {(r[1], r[2]): r[3] for r in rows if r[0] == "count"}
    money = {(r[1], r[2]): r[3] for r in rows if r[0] == "money"}
    rates = {(r[1], r[2]): (r[3], r[4]) for r in rows if r[0] == "rate"}
    by = {(r[1], r[2], r[3]): r[4] for r in rows if r[0] == "by"}
    for column, span in enumerate(sc.COLUMNS):
        accepted = sc.count(facts, "accepted", span)
        resolved = sc.resolved(facts, span)
        assert counts[(column, "accepted")] == accepted
        assert counts[(column, "resolved")] == resolved
        assert counts[(column, "closed")] == sc.count(facts, "closed", span)
        assert counts[(column, "registered")] == sc.count(facts, "received", span)
        assert counts[(column, "consultations")] == sum(n for d, n, _ in scenario.consultations if sc.within(d, span))
        assert money[(column, "recovered")] == str(sc.money(facts, "recovered", span))
        assert Decimal(money[(column, "punitive_sum")]) == sc.money(facts, "punitive", span)
        assert rates[(column, "resolution_parts")] == (resolved, accepted)
        mediated = sc.count(facts, "closed", span, outcome="mediated")
        terminated = sc.count(facts, "closed", span, outcome="terminated")
        assert rates[(column, "mediation_success_parts")] == (mediated, mediated + terminated)
        for nature in {f.nature for f in facts}:
            n = sc.count(facts, "accepted", span, nature=nature)
            assert by.get((column, "by_nature", nature), 0) == n
    # Mediators by name and units by label, not by this database's user ids and codes.
    assert by[(0, "by_mediator", "王建国")] == sc.count(facts, "accepted", sc.MONTH, mediator="王建国")
    assert by[(0, "by_unit", "城关分会")] == sc.count(facts, "accepted", sc.MONTH, unit="U01")
    assert by[(0, "by_unit", "本会")] == sc.count(facts, "accepted", sc.MONTH, unit="U00")


def test_businesses_and_typical_cases_are_carried(data_sheet):
    scenario, wb = data_sheet
    rows = _rows(wb["汇总数据"])
    chunks = [json.loads(r[1]) for r in rows if r[0] == "businesses"]
    assert len(chunks) == 1 and all(len(r[1]) <= 30_000 for r in rows if r[0] == "businesses")
    businesses = {name: (code, accepted, resolved) for name, code, accepted, resolved in chunks[0]}
    month = [f for f in scenario.facts if sc.within(f.accepted, sc.MONTH)]
    assert set(businesses) == {f"某县{f.business}" for f in month}
    assert businesses["某县鑫源家电"] == ("91110000600037341L", 3, 2)   # A, B, E accepted; A, B resolved
    assert businesses["某县好味餐馆"] == ("", 2, 0)                     # C, D accepted; none resolved
    typical = [r for r in rows if r[0] == "typical"]
    assert len(typical) == 1 and typical[0][2] == date(2026, 11, 20).isoformat()
    assert typical[0][-1] == "空调安装后不制冷，经调解经营者退货退款。"


def test_many_businesses_are_split_into_cells_a_workbook_keeps():
    from app.services.report_data import business_chunks
    businesses = [(f"经营者{i:05d}" + "店" * (i % 37), f"9111{i:014d}", i % 7 + 1, i % 3) for i in range(5000)]
    chunks = business_chunks(businesses)
    assert len(chunks) > 3 and all(len(c) <= 30_000 for c in chunks)
    assert [tuple(b) for c in chunks for b in json.loads(c)] == businesses
    for width in range(2, 40):          # names whose lengths land a cell on 30,000 characters exactly
        same_length = [("店" * (i % width), "", 1, 0) for i in range(3000)]
        assert max(len(c) for c in business_chunks(same_length)) <= 30_000, width
