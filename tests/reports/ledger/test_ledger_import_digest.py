"""The guard of the import's speed-ups: one fixture ledger of good and bad rows — every kind of
cell and check the import has — leaves exactly what the import left before them. Every column of
the cases (money in 分, the deadlines), parties, search rows and counters, the import's audit rows
and the report (rejected rows with their messages, skipped rows, warnings, party differences) go
into one digest per part; EXPECTED holds the digests main's import gave for this fixture before
the speed-ups (computed on main, not on the code under test). A change of what an import stores
or says on purpose changes them on purpose: print `_parts()` on the old code and on the new, and
compare."""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from app.db.models import AuditLog, Business, Case, CaseSearch, CaseSequence, Complainant
from app.services import settings, users
from app.services.context import SYSTEM
from app.reports.excel.ledger.xlsx_reader import read_ledger
from app.services.ledger import importer
from app.services.ledger.importer import import_ledger
from tests.factories import GOOD_CREDIT, GOOD_ID
from tests.reports.ledger.test_ledger_import import HEADER, mediator, mixed_rows, row, write_file  # noqa: F401 - the fixture
from tests.reports.ledger.test_ledger_import_same_result import _rows as repeated_rows

MOMENTS = ("created_at", "updated_at", "at", "chain_seq", "prev_hash", "row_hash")   # of the writing itself
WIDE_HEADER = HEADER + ["承办单位", "证件类型"]
CLOSED_NONE = dict(处理状态="调解中", 处理结果=None, 办结日期=None, 回访满意度=None, **{"挽回经济损失(元)": None})

# main's import of this fixture (b009b9b), on SQLite and PostgreSQL alike
EXPECTED = {"audit": "25c7f5f18a40ecbc", "businesses": "5dd863e9d653dd66", "cases": "3ca8697742d0eac5",
            "counters": "b687a2f2f5ff705f", "people": "23b9f593d7ee813f", "report": "e2d6f497e1189e90",
            "search": "f65d57f2dd352352"}


def _variety() -> list[dict]:
    """Rows for the cells' types and the checks the repeated rows do not reach."""
    n = iter(range(300, 400))

    def numbered(**values):
        k = next(n)
        return row(**{"案件编号": f"消调〔2025〕第{k}号", **values, "投诉内容": f"第{k}件：" + values.get("投诉内容", "冰箱坏了。")})
    return [
        numbered(联系电话=13812345678.0, 被投诉人电话=57187654321),                # numbers stored by Excel
        numbered(身份证号=110105194912310021),                                       # an ID number stored as a number
        numbered(身份证号="110105********002X"),                                     # a masked number
        numbered(联系电话="139****5678"),
        numbered(投诉内容="第一行\n第二行\t（附表）"),                                 # breaks allowed in multi-line text
        numbered(联系地址="某县\u200b城关镇解放路3号"),                               # an invisible character, removed
        numbered(联系电话="１３９１２３４５６７８", 统一社会信用代码=GOOD_CREDIT.lower()),  # full-width, lower case
        numbered(备注="=SUM(A1:A3)"),
        numbered(联系地址="长" * 201),
        numbered(**{"涉案金额(元)": "1,234.50"}), numbered(**{"涉案金额(元)": "￥100元"}),
        numbered(**{"涉案金额(元)": 3999.1}), numbered(**{"涉案金额(元)": "100.123"}),
        numbered(**{"涉案金额(元)": True}), numbered(**{"涉案金额(元)": "一百元"}),
        numbered(登记日期=datetime(2025, 3, 10, 9, 30)), numbered(登记日期="2025/3/9"),
        numbered(登记日期="2025年3月8日"), numbered(登记日期=date(2027, 1, 1)),       # the last in the future
        numbered(购买日期="2025-04-01"),                                             # bought after the receipt
        numbered(受理日期="2025-03-01"),                                             # accepted before the receipt
        numbered(来源渠道="全国12315平台转办"), numbered(来源渠道="web"), numbered(来源渠道="信鸽"),
        numbered(性别="未知"), numbered(性别="男"),
        numbered(处理结果="调解成功（达成协议）"), numbered(类别细类="服装"),        # a minor of another major
        numbered(类别大类="", 类别细类=""), numbered(投诉性质="闲聊"),
        numbered(处理状态="待受理", 受理日期=None, **{k: v for k, v in CLOSED_NONE.items() if k != "处理状态"}),
        numbered(处理状态="已受理", **{k: v for k, v in CLOSED_NONE.items() if k != "处理状态"}),
        numbered(**CLOSED_NONE), numbered(**{**CLOSED_NONE, "回访满意度": "满意"}),
        numbered(**{**CLOSED_NONE, "挽回经济损失(元)": "10.00"}),
        numbered(处理状态="", 处理结果="调解成功"), numbered(处理状态="", 处理结果=None),
        numbered(处理结果="不予受理", 受理日期=None, 不予受理理由="不属于本会受理范围", **{"挽回经济损失(元)": None}),
        numbered(调解员="李同名", **CLOSED_NONE), numbered(调解员="张老调", **CLOSED_NONE),
        numbered(承办单位="城关分会"), numbered(承办单位="U01"), numbered(承办单位="火星分会"),
        numbered(证件类型="护照", 身份证号="E12345678", 投诉人="John Smith"),
        numbered(证件类型="外星证", 身份证号="E12345678"), numbered(身份证号="ABC"),
        numbered(身份证号=GOOD_ID, 投诉人="吴芳", 联系电话="13700001111"),             # the same person again …
        numbered(身份证号=GOOD_ID, 投诉人="吴芳", 联系电话="13700001111", 联系地址="某县新城区幸福路9号"),  # … elsewhere
        numbered(被投诉人="某县鑫源家电商行", 被投诉人地址="某县 城关镇 建设路8号", 统一社会信用代码=""),
        numbered(被投诉人="某县鑫源家电商行", 被投诉人地址="某县城关镇建设路8号", 被投诉人电话="0571-87654321"),
        numbered(投诉人="王\U00020001", 投诉内容="店招上写着“😀面馆”。"),             # not printable
        {},                                                                          # a blank row
        numbered(案件编号="消调〔2025〕第99999999号"),                                # beyond the sane range
        row(案件编号="自编-001", 投诉内容="自编号"), row(案件编号="", 投诉内容="公式行"),   # the last: a formula below
    ]


def _ledger(tmp_path):
    path = write_file(tmp_path / "台账.xlsx", mixed_rows() + repeated_rows() + _variety(), header=WIDE_HEADER)
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.cell(sheet.max_row, WIDE_HEADER.index("涉案金额(元)") + 1, "=1+2")      # a real formula
    workbook.save(path)
    return path


def _import(tmp_path):
    """The fixture read as the program reads it, its formulas named; then rows with control
    characters, which no .xlsx writer writes (cells as calamine gives them)."""
    path = _ledger(tmp_path)
    sheet = read_ledger(path)
    position = {name: i for i, name in enumerate(sheet.header)}
    for k, (column, text) in enumerate((("投诉人", "周\x07明"), ("投诉内容", "冰箱\x07不制冷"), ("被投诉人", "鑫源\x1f商行"),
                                        ("备注", "\x08"), ("联系地址", "某县\n城关镇"), ("投诉人", "周\n明"))):
        cells = list(sheet.rows[0])
        cells[position["案件编号"]], cells[position[column]] = f"消调〔2025〕第{500 + k}号", text
        sheet.rows.append(cells)
    return import_ledger(SYSTEM, sheet.header, sheet.rows, sheet.first_row, path.name, formulas=sheet.formulas)


def _plain(value):
    """Values as they are stored, the same on SQLite and PostgreSQL: money in 分."""
    if isinstance(value, Decimal):
        return ["分", int(value * 100)]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _parts(result) -> dict:
    """What the import left and said, ids as positions (a PostgreSQL serial counts otherwise)."""
    def table(model, order):
        return [{k: v for k, v in r.items() if k not in MOMENTS} for r in model.select().order_by(*order).dicts()]
    cases, people, businesses = table(Case, [Case.id]), table(Complainant, [Complainant.id]), table(Business, [Business.id])
    audit = [r for r in table(AuditLog, [AuditLog.id]) if r["action"] == "import_ledger"]
    at = {name: {r["id"]: n for n, r in enumerate(rows)} for name, rows in
          (("case", cases), ("complainant", people), ("business", businesses))}
    for r in cases:
        r.update(complainant=at["complainant"][r["complainant"]], business=at["business"][r["business"]],
                 mediator=r["mediator"] is not None, registered_by=r["registered_by"])
    search = [{**r, "case": at["case"][r["case"]]} for r in table(CaseSearch, [CaseSearch.case])]
    for rows in (cases, people, businesses):
        for r in rows:
            r.pop("id")
    for r in audit:
        r.pop("id")
        r["changes"] = json.loads(r["changes"])
    report = {"total": result.total_rows, "summary": result.summary(), "numbers": result.imported_numbers,
              "skipped": [(s.row, s.number, s.reason) for s in result.skipped],
              "problems": [(p.row, p.column, p.value, p.reason) for p in result.problems],
              "rejected": [(r, [repr(c) for c in cells]) for r, cells in result.rejected_rows.items()],
              "rejected_count": result.rejected_count, "warnings": result.warnings,
              "party_changes": [(c.kind, at[c.kind][c.record_id], c.record_name, c.field, c.old, c.new, c.row, c.rows,
                                 c.blocked) for c in result.party_changes]}
    return _plain({"cases": cases, "people": people, "businesses": businesses, "search": search, "audit": audit,
                   "counters": table(CaseSequence, [CaseSequence.year]), "report": report})


def _digest(part) -> str:
    return hashlib.sha256(json.dumps(part, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def test_the_fixture_ledger_leaves_what_main_left_before_the_speed_ups(mediator, tmp_path, monkeypatch):  # noqa: F811 - the fixture
    settings.add_dictionary_entry(SYSTEM, "unit", "城关分会")
    for login in ("litm1", "litm2"):
        users.create_user(SYSTEM, login, "李同名", "mediator", "Xiehui#2026")
    monkeypatch.setattr(importer, "BATCH_ROWS", 7)       # several batches: one audit row each
    result = _import(tmp_path)
    parts = _parts(result)
    assert result.imported and result.skipped and result.rejected and result.party_changes
    assert {name: _digest(part) for name, part in parts.items()} == EXPECTED
