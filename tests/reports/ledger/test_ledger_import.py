"""Ledger import: every row checked, good rows in, bad rows reported with row, column and reason,
nothing half-written, the same file twice adds nothing, a missing required column stops it all."""
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from app.db.models import AuditLog, Business, Case, Complainant
from app.domain.errors import NotAllowed, ValidationFailed
from app.reports.excel.ledger.xlsx_import_files import write_import_errors
from app.reports.excel.ledger.xlsx_reader import read_ledger
from app.services import registration, users
from app.services.context import SYSTEM, Actor
from app.services.ledger.importer import import_ledger
from tests.factories import GOOD_CREDIT, GOOD_ID, complaint

HEADER = ["案件编号", "登记日期", "来源渠道", "投诉人", "性别", "身份证号", "联系电话", "联系地址", "被投诉人",
          "统一社会信用代码", "被投诉人地址", "被投诉人电话", "类别大类", "类别细类", "投诉性质", "购买日期",
          "涉案金额(元)", "投诉内容", "投诉请求", "处理状态", "受理日期", "不予受理理由", "调解员", "办结日期",
          "处理结果", "挽回经济损失(元)", "加倍赔偿金额(元)", "回访满意度", "备注"]


def row(**values) -> dict:
    base = {"案件编号": "消调〔2025〕第57号", "登记日期": date(2025, 3, 10), "来源渠道": "电话", "投诉人": "周明",
            "联系电话": "13912345678", "联系地址": "某县城关镇解放路3号", "被投诉人": "某县鑫源家电商行",
            "统一社会信用代码": GOOD_CREDIT, "被投诉人地址": "某县城关镇建设路8号", "类别大类": "家用电子电器类",
            "类别细类": "家用电器", "投诉性质": "质量", "购买日期": "2025-02-01", "涉案金额(元)": 2999,
            "投诉内容": "冰箱不制冷。", "投诉请求": "要求更换。", "处理状态": "已办结", "受理日期": "2025-03-11",
            "办结日期": date(2025, 4, 2), "处理结果": "调解成功", "挽回经济损失(元)": "2999.00",
            "回访满意度": "满意", "调解员": "王建国"}
    base.update(values)
    return base


def write_file(path, rows: list[dict], header=HEADER, title=True):
    """A ledger as offices keep it: a title row above the header, an extra column of their own."""
    wb = Workbook()
    ws = wb.active
    columns = list(header) + ["经办人电话"]
    if title:
        ws.append(["某县消费者协会投诉台账（2025年）"])
    ws.append(columns)
    for values in rows:
        ws.append([None] * len(columns))
        for col, name in enumerate(columns, 1):
            value = values.get(name)
            if value is not None:
                cell = ws.cell(ws.max_row, col, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"          # typed text, as a clerk's =… cell with a quote prefix
    wb.save(path)
    return path


def run_import(path, actor=SYSTEM):
    sheet = read_ledger(path)
    return import_ledger(actor, sheet.header, sheet.rows, sheet.first_row, path.name), sheet


BAD_ROWS = {   # Excel row → (column, words of the reason); the header is row 2, data from row 3
    4: ("身份证号", "校验位不符"),
    5: ("统一社会信用代码", "校验位不符"),
    6: ("联系电话", "手机号应为以13–19开头的11位数字"),
    7: ("涉案金额(元)", "不能为负数"),
    8: ("登记日期", "应为日期"),
    9: ("类别细类", "“飞行汽车”不在类别细类列表中"),
    11: ("投诉请求", "像是公式"),
    12: ("投诉内容", "内容过长（20000字，最多10000字）"),
}


def mixed_rows() -> list[dict]:
    return [
        row(),                                                                              # 3 good
        row(案件编号="消调〔2025〕第58号", 身份证号="110105194912310021"),                      # 4
        row(案件编号="消调〔2025〕第59号", 统一社会信用代码="91110000600037341A"),               # 5
        row(案件编号="消调〔2025〕第60号", 联系电话="12345"),                                    # 6
        row(案件编号="消调〔2025〕第61号", **{"涉案金额(元)": -100}),                            # 7
        row(案件编号="消调〔2025〕第62号", 登记日期="去年三月"),                                  # 8
        row(案件编号="消调〔2025〕第63号", 类别细类="飞行汽车"),                                  # 9
        row(案件编号="消调〔2025〕第64号", 投诉人="", 投诉内容=""),                              # 10
        row(案件编号="消调〔2025〕第65号", 投诉请求="=1+1"),                                     # 11
        row(案件编号="消调〔2025〕第66号", 投诉内容="长" * 20000),                               # 12
        row(案件编号="", 投诉人="吴芳", 联系电话="13700001111", 身份证号=GOOD_ID, 性别="女",          # 13 good, no number
            处理状态="已办结", 处理结果="终止调解", 不予受理理由="经营者拒不到场", 回访满意度=None,
            **{"挽回经济损失(元)": None}),
        row(案件编号="消调〔2025〕第70号", 处理状态="已办结", 处理结果="不予受理", 受理日期=None,     # 14 good
            不予受理理由="已向法院起诉", 调解员="", 回访满意度=None, **{"挽回经济损失(元)": None}),
        row(案件编号="消调〔2025〕第71号", 处理状态="调解中", 处理结果=None, 办结日期=None,           # 15 good
            调解员="张老调", 回访满意度=None, **{"挽回经济损失(元)": None}),
    ]


@pytest.fixture
def mediator(db):
    return users.create_user(SYSTEM, "wangjg", "王建国", "mediator", "Xiehui#2026")


def test_good_rows_in_bad_rows_reported_precisely(mediator, tmp_path):
    existing = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 2)))   # same business
    result, sheet = run_import(write_file(tmp_path / "台账.xlsx", mixed_rows()))
    assert sheet.first_row == 3
    assert (result.imported, result.rejected, len(result.skipped)) == (4, 9, 0)
    by_row = {}
    for problem in result.problems:
        by_row.setdefault(problem.row, []).append((problem.column, problem.reason))
    for excel_row, (column, words) in BAD_ROWS.items():
        assert any(c == column and words in r for c, r in by_row[excel_row]), (excel_row, by_row[excel_row])
    assert sorted(by_row[10]) == [("投诉人", "请填写投诉人姓名"), ("投诉内容", "请填写投诉内容")]
    assert set(by_row) == set(BAD_ROWS) | {10}
    assert "以下列不属于台账格式，已忽略：经办人电话" in result.warnings
    assert any("张老调" in w for w in result.warnings)
    numbers = [n for (n,) in Case.select(Case.number).where(Case.source == "import").order_by(Case.id).tuples()]
    assert numbers == ["消调〔2025〕第57号", "消调〔2025〕第72号", "消调〔2025〕第70号", "消调〔2025〕第71号"]
    assert Business.select().count() == 1                       # matched by credit code to the existing one
    assert Case.get(Case.number == "消调〔2025〕第57号").business_id == Case.get_by_id(existing.case_id).business_id


def test_imported_cases_hold_what_the_ledger_says_and_nothing_more(mediator, tmp_path):
    run_import(write_file(tmp_path / "台账.xlsx", mixed_rows()))
    good = Case.get(Case.number == "消调〔2025〕第57号")
    assert (good.state, good.outcome, good.accepted_date, good.closed_date) == (
        "closed", "mediated", date(2025, 3, 11), date(2025, 4, 2))
    assert (good.recovered, good.amount, good.mediator_id, good.source) == (
        Decimal("2999.00"), Decimal("2999.00"), mediator, "import")
    assert "回访满意度：满意（原台账未记录回访日期）" in good.import_note
    terminated = Case.get(Case.number == "消调〔2025〕第72号")
    assert (terminated.terminate_ground, terminated.terminate_text) == ("unrecorded", "经营者拒不到场")
    assert Complainant.get_by_id(terminated.complainant_id).id_number == GOOD_ID
    rejected = Case.get(Case.number == "消调〔2025〕第70号")
    assert (rejected.outcome, rejected.reject_ground, rejected.reject_text) == ("rejected", "unrecorded", "已向法院起诉")
    assert rejected.accepted_date is None
    mediating = Case.get(Case.number == "消调〔2025〕第71号")
    assert mediating.mediator_id is None and "调解员：张老调（系统中没有此调解员）" in mediating.import_note
    assert mediating.next_deadline_kind == "mediate" and mediating.next_deadline is not None
    # the numbers in the office's format moved the 2025 sequence past 第71号 (incl. rejected rows' numbers)
    later = registration.register(SYSTEM, complaint(received_date=date(2025, 12, 1), purchase_date=date(2025, 11, 1)))
    assert later.number == "消调〔2025〕第73号"


def test_importing_the_same_file_twice_adds_nothing(mediator, tmp_path):
    path = write_file(tmp_path / "台账.xlsx", mixed_rows())
    first, _ = run_import(path)
    counts = (Case.select().count(), Complainant.select().count(), Business.select().count())
    second, _ = run_import(path)
    assert second.imported == 0 and second.rejected == first.rejected
    assert (Case.select().count(), Complainant.select().count(), Business.select().count()) == counts
    skipped = {s.row: (s.number, s.reason) for s in second.skipped}
    assert set(skipped) == {3, 13, 14, 15}
    assert skipped[13] == ("消调〔2025〕第72号",
                           "与已有案件 消调〔2025〕第72号 的登记日期、投诉人、被投诉人和投诉内容相同，未重复导入")
    assert skipped[3][1] == "案件编号已存在，未重复导入"


def test_complainants_matched_by_id_number_and_new_details_listed_then_applied_when_confirmed(mediator, tmp_path):
    from app.services.ledger.party_changes import apply_party_changes
    known = registration.register(SYSTEM, complaint(person_kw={"name": "吴芳", "id_number": GOOD_ID,
                                                               "phone": "13700001111", "gender": "female"}))
    person_id = Case.get_by_id(known.case_id).complainant_id
    rows = [row(案件编号="消调〔2025〕第1号", 投诉人="吴芳", 身份证号=GOOD_ID, 联系电话="13700001111"),
            row(案件编号="消调〔2025〕第2号", 投诉人="吴芳", 身份证号=GOOD_ID, 联系电话="13700001111",
                联系地址="某县新城区幸福路9号", 处理状态="调解中", 处理结果=None, 办结日期=None, 回访满意度=None,
                **{"挽回经济损失(元)": None})]
    result, _ = run_import(write_file(tmp_path / "台账.xlsx", rows))
    assert result.imported == 2 and Complainant.select().count() == 1
    assert {c.complainant_id for c in Case.select()} == {person_id}
    assert Complainant.get_by_id(person_id).address == "某县城关镇人民路1号"     # nothing changed silently
    # both rows brought another address than the record's; the first row's case is closed (imported)
    addresses = [c for c in result.party_changes if c.field == "address"]
    assert [(c.row, c.old, c.new) for c in addresses] == [
        (3, "某县城关镇人民路1号", "某县城关镇解放路3号"), (4, "某县城关镇人民路1号", "某县新城区幸福路9号")]
    assert all("已办结" in c.blocked for c in addresses)    # the imported closed case now holds the record
    done, refused = apply_party_changes(SYSTEM, result.party_changes)
    assert done == [] and len(refused) == 2
    assert Complainant.get_by_id(person_id).address == "某县城关镇人民路1号"


def test_errors_file_lists_every_problem_and_the_rows_to_fix(mediator, tmp_path):
    result, sheet = run_import(write_file(tmp_path / "台账.xlsx", mixed_rows()))
    wb = load_workbook(write_import_errors(result, sheet.header, tmp_path / "未导入.xlsx"))
    reasons = [r for r in wb["未导入原因"].iter_rows(min_row=2, values_only=True)]
    assert len(reasons) == len(result.problems)
    assert ("7", "涉案金额(元)", "-100", "涉案金额不能为负数") in [(str(a), b, c, d) for a, b, c, d in reasons]
    rows = wb["未导入的行"]
    assert [c.value for c in rows[1]][:3] == ["原行号", "案件编号", "登记日期"]
    assert [rows.cell(r, 1).value for r in range(2, rows.max_row + 1)] == sorted(set(BAD_ROWS) | {10})
    formula_row = next(r for r in range(2, rows.max_row + 1) if rows.cell(r, 1).value == 11)
    cell = rows.cell(formula_row, 1 + HEADER.index("投诉请求") + 1)
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_a_missing_required_column_stops_before_anything_is_written(mediator, tmp_path):
    header = [h for h in HEADER if h not in ("投诉人", "投诉请求")]
    path = write_file(tmp_path / "台账.xlsx", [row()], header=header)
    before = AuditLog.select().count()
    with pytest.raises(ValidationFailed, match="文件缺少必需的列：投诉人、投诉请求；未导入任何数据"):
        run_import(path)
    assert Case.select().count() == 0 and AuditLog.select().count() == before


def test_import_needs_its_permission_and_is_audited_per_batch(mediator, tmp_path):
    path = write_file(tmp_path / "台账.xlsx", [row()])
    clerk = Actor(users.create_user(SYSTEM, "dengji", "刘登记", "clerk", "Xiehui#2026"), "dengji", "刘登记", "clerk")
    with pytest.raises(NotAllowed, match="导入台账"):
        run_import(path, clerk)
    run_import(path)
    logged = AuditLog.get(AuditLog.action == "import_ledger")
    assert logged.summary == "导入台账“台账.xlsx”第3–3行：新增 1 件（新建当事人 2 个）"
    assert "消调〔2025〕第57号" in logged.changes and "新建投诉人：周明（消调〔2025〕第57号）" in logged.changes


def test_cancel_keeps_whole_rows_and_a_rerun_carries_on(mediator, tmp_path, monkeypatch):
    from app.services.ledger import importer as ledger_import
    monkeypatch.setattr(ledger_import, "BATCH_ROWS", 2)
    rows = [row(案件编号=f"消调〔2025〕第{n}号", 投诉内容=f"第{n}件") for n in range(1, 6)]
    path = write_file(tmp_path / "台账.xlsx", rows)
    calls = []
    sheet = read_ledger(path)
    result = import_ledger(SYSTEM, sheet.header, sheet.rows, sheet.first_row, "台账.xlsx",
                           progress=lambda done, total: calls.append((done, total)), cancelled=lambda: len(calls) >= 1)
    assert result.cancelled and result.imported == 2 and calls == [(2, 5)]
    again, _ = run_import(path)
    assert (again.imported, len(again.skipped)) == (3, 2)


def test_a_character_no_document_font_has_is_flagged_on_import_and_the_row_still_goes_in(mediator, tmp_path):
    rows = [row(投诉人="王\U00020001", 投诉内容="店招上写着“😀面馆”。")]
    result, _ = run_import(write_file(tmp_path / "台账.xlsx", rows))
    assert result.imported == 1
    [warning] = [w for w in result.warnings if "无法打印" in w]
    assert warning.startswith("第3行") and "投诉人中的“𠀁”（U+20001）" in warning and "投诉内容中的“😀”（U+1F600）" in warning


def test_a_ledger_ground_counts_only_when_it_is_of_the_order_of_the_day_of_receipt(mediator, tmp_path):
    """Issue 12: a 2025 row naming an Order 20 ground gets it; the same row naming an Order 121
    ground keeps the words as text with the ground 未记录（导入）; a 2026-05 row the other way round."""
    from app.domain import grounds
    o20, o121 = grounds.ground("o20_a15_2"), grounds.ground("a16_2")
    rejected = dict(处理状态="已办结", 处理结果="不予受理", 受理日期=None, 调解员="", 回访满意度=None,
                    **{"挽回经济损失(元)": None})
    later = dict(登记日期=date(2026, 5, 6), 购买日期="2026-05-01", 办结日期=date(2026, 5, 8))
    rows = [row(案件编号="消调〔2025〕第80号", 不予受理理由=f"{o20.label}；已向法院起诉", **rejected),
            row(案件编号="消调〔2025〕第81号", 不予受理理由=o121.label, **rejected),
            row(案件编号="消调〔2026〕第82号", 不予受理理由=o121.label, **rejected, **later),
            row(案件编号="消调〔2026〕第83号", 不予受理理由=o20.label, **rejected, **later)]
    result, _ = run_import(write_file(tmp_path / "台账.xlsx", rows))
    assert (result.imported, result.rejected) == (4, 0)
    got = {c.number: (c.reject_ground, c.reject_text) for c in Case.select()}
    assert got == {"消调〔2025〕第80号": ("o20_a15_2", "已向法院起诉"),
                   "消调〔2025〕第81号": ("unrecorded", o121.label),
                   "消调〔2026〕第82号": ("a16_2", ""),
                   "消调〔2026〕第83号": ("unrecorded", o20.label)}


def test_the_objects_set_aside_from_the_collector_are_given_back_however_the_import_ends(mediator, tmp_path, monkeypatch):
    """importer._collector_passes_over_what_stays: gc.freeze during the import, nothing frozen after."""
    import gc
    from app.services.ledger.db_writer import BatchWriter
    path = write_file(tmp_path / "台账.xlsx", [row()])
    run_import(path)
    assert gc.get_freeze_count() == 0

    def refused(*_):
        assert gc.get_freeze_count() > 0        # set aside while the batch is written
        raise OSError("disk full")
    monkeypatch.setattr(BatchWriter, "write_batch", refused)
    with pytest.raises(OSError):
        run_import(write_file(tmp_path / "台账2.xlsx", [row(案件编号="消调〔2025〕第58号")]))
    assert gc.get_freeze_count() == 0
