"""Ledger export: the docs/rules.md §10 columns in order, real dates and amounts, masked personal
numbers unless the role may and the clerk asks (then audited), text never turned into a formula,
and the computed deadline columns."""
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.db.models import AuditLog
from app.domain.errors import NotAllowed
from app.reports.excel.ledger.xlsx_writer import write_ledger
from app.services import registration, users, workflow
from app.services.context import SYSTEM, Actor
from app.services.ledger.export import export_ledger
from tests.factories import GOOD_ID, complaint

LAYOUT = ["案件编号", "登记日期", "来源渠道", "投诉人", "性别", "身份证号", "联系电话", "联系地址", "被投诉人",
          "统一社会信用代码", "被投诉人地址", "被投诉人电话", "类别大类", "类别细类", "投诉性质", "购买日期",
          "涉案金额(元)", "投诉内容", "投诉请求", "处理状态", "受理日期", "不予受理理由", "调解员", "办结日期",
          "处理结果", "挽回经济损失(元)", "加倍赔偿金额(元)", "回访满意度", "备注"]


def clerk() -> Actor:
    return Actor(users.create_user(SYSTEM, "dengji", "刘登记", "clerk", "Xiehui#2026"), "dengji", "刘登记", "clerk")


def _export(tmp_path, actor=SYSTEM, unmasked=False, name="台账.xlsx"):
    path = tmp_path / name
    write_ledger(export_ledger(actor, date(2026, 11, 1), date(2026, 11, 30), unmasked), path)
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, row)) for row in ws.iter_rows(min_row=2)]
    return header, rows


@pytest.fixture
def cases(db):
    first = registration.register(SYSTEM, complaint(
        person_kw={"id_number": GOOD_ID, "gender": "female"},
        facts="=HYPERLINK(\"http://example.com\",\"点此\")", request_text="+86 的号码打不通，要求退款",
        note="@经营者 -请尽快处理"))
    second = registration.register(SYSTEM, complaint(person_kw={"name": "李四", "phone": "13900001111"},
                                                     received_date=date(2026, 11, 3), amount="1234.50"))
    workflow.accept(SYSTEM, second.case_id, day=date(2026, 11, 4))
    registration.register(SYSTEM, complaint(person_kw={"name": "王五", "phone": "13900002222"},
                                            received_date=date(2026, 10, 30)))
    return first, second


def test_columns_in_the_layout_order_and_values_as_excel_types(cases, tmp_path):
    header, rows = _export(tmp_path)
    assert header == LAYOUT + ["承办单位", "证件类型", "受理期限", "调解期限", "是否超期"]
    assert [r["案件编号"].value for r in rows] == ["消调〔2026〕第1号", "消调〔2026〕第2号"]   # 10-30 is outside
    first, second = rows
    assert first["登记日期"].value.date() == date(2026, 11, 2) and first["登记日期"].number_format == "yyyy-mm-dd"
    assert second["涉案金额(元)"].value == 1234.5 and second["涉案金额(元)"].number_format == "#,##0.00"
    assert (first["来源渠道"].value, first["性别"].value, first["类别大类"].value, first["类别细类"].value,
            first["投诉性质"].value, first["处理状态"].value, first["承办单位"].value) == (
        "来访", "女", "家用电子电器类", "家用电器", "质量", "待受理", "本会")
    # received Mon 2026-11-02: 7 working days → Wed 11-11, long past on 11-30 with no decision
    assert first["受理期限"].value.date() == date(2026, 11, 11) and first["是否超期"].value == "是"
    # decided on 11-04 (due 11-12); 60 natural days from 11-04 end Sun 2027-01-03 → rolled to Mon 01-04
    assert second["受理期限"].value.date() == date(2026, 11, 12)
    assert second["调解期限"].value.date() == date(2027, 1, 4) and second["是否超期"].value == "否"


def test_text_that_looks_like_a_formula_stays_text(cases, tmp_path):
    _, rows = _export(tmp_path)
    first = rows[0]
    for column, text in (("投诉内容", "=HYPERLINK(\"http://example.com\",\"点此\")"),
                         ("投诉请求", "+86 的号码打不通，要求退款"), ("备注", "@经营者 -请尽快处理")):
        cell = first[column]
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix, column


def test_personal_numbers_masked_unless_asked_and_allowed(cases, tmp_path):
    _, rows = _export(tmp_path)
    assert (rows[0]["身份证号"].value, rows[0]["联系电话"].value) == ("110105********002X", "138****5678")
    assert rows[0]["被投诉人电话"].value == "0571-87654321"          # a business number is not personal
    with pytest.raises(NotAllowed, match="导出完整个人信息"):
        export_ledger(clerk(), date(2026, 11, 1), date(2026, 11, 30), unmasked=True)
    _, rows = _export(tmp_path, unmasked=True, name="完整.xlsx")
    assert (rows[0]["身份证号"].value, rows[0]["联系电话"].value) == (GOOD_ID, "13812345678")
    logged = AuditLog.select().where(AuditLog.action == "export_ledger_unmasked").get()
    assert "2026-11-01至2026-11-30" in logged.summary and "其中 1 件含身份证号" in logged.summary
    assert json.loads(logged.changes)[0]["new"] == ["消调〔2026〕第1号"]
    assert AuditLog.select().where(AuditLog.action == "export_ledger").count() == 1   # the masked one


def test_a_clerk_may_export_masked(cases, tmp_path):
    _, rows = _export(tmp_path, actor=clerk())
    assert len(rows) == 2 and rows[0]["联系电话"].value == "138****5678"
    assert Decimal(str(rows[1]["涉案金额(元)"].value)) == Decimal("1234.5")
