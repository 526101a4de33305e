"""The ledger import never changes a known party silently (issue 14, item 2): a row with the same
credit code but another name links to the business as it is and lists every difference; the
clerk's confirmation (the dialog's button, or --update-parties) changes it, audited — never for a
business of a closed case or a case with an agreement, whose regenerated agreement would print
the new name — on SQLite and PostgreSQL."""
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.db.models import AuditLog, Business, Case
from app.services import agreements, mediation, registration, workflow
from app.services.context import SYSTEM
from app.services.ledger.importer import import_ledger
from app.services.ledger.party_changes import apply_party_changes
from tests.factories import GOOD_CREDIT, agreement, complaint, session
from tests.reports.ledger.test_ledger_import import HEADER, row, write_file

ROOT = Path(__file__).resolve().parents[2]
RENAMED = dict(被投诉人="某县鑫源电器有限公司", 被投诉人地址="某县开发区创业路1号", 统一社会信用代码=GOOD_CREDIT,
               案件编号="消调〔2026〕第50号", 登记日期=date(2026, 11, 5), 购买日期="2026-10-01", 受理日期=None,
               处理状态="待受理", 处理结果=None, 办结日期=None, 回访满意度=None, 调解员="",
               **{"挽回经济损失(元)": None})


def _import(**values):
    cells = row(**{**RENAMED, **values})
    return import_ledger(SYSTEM, HEADER, [[cells.get(h) for h in HEADER]], 2, "台账.xlsx")


def _signed_case() -> int:
    case_id = registration.register(SYSTEM, complaint()).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.schedule_session(SYSTEM, case_id, session(date(2026, 11, 10)))
    agreements.record_agreement(SYSTEM, case_id, agreement())
    return case_id


def test_a_renaming_row_on_a_business_with_an_agreement_changes_nothing_and_says_so(db):
    case_id = _signed_case()
    business_id = Case.get_by_id(case_id).business_id
    result = _import()
    assert result.imported == 1
    assert Case.get(Case.number == RENAMED["案件编号"]).business_id == business_id        # linked to it
    listed = {c.field: (c.old, c.new) for c in result.party_changes}
    assert listed == {"name": ("某县鑫源家电商行", "某县鑫源电器有限公司"),
                      "address": ("某县城关镇建设路8号", "某县开发区创业路1号")}
    assert all("已签调解协议" in c.blocked for c in result.party_changes)
    assert "2 处当事人信息与系统中不同，未修改（需确认）" in result.summary()
    done, refused = apply_party_changes(SYSTEM, result.party_changes)       # even when confirmed
    assert done == [] and len(refused) == 2
    business = Business.get_by_id(business_id)
    assert (business.name, business.address) == ("某县鑫源家电商行", "某县城关镇建设路8号")
    assert not AuditLog.select().where(AuditLog.action == "update", AuditLog.entity == "business").exists()


def test_differences_of_an_open_case_party_apply_only_when_confirmed_audited(db):
    case_id = registration.register(SYSTEM, complaint()).case_id
    business_id = Case.get_by_id(case_id).business_id
    result = _import()
    assert Business.get_by_id(business_id).name == "某县鑫源家电商行"
    assert [c.blocked for c in result.party_changes] == ["", ""]
    done, refused = apply_party_changes(SYSTEM, result.party_changes)
    assert len(done) == 2 and refused == []
    business = Business.get_by_id(business_id)
    assert (business.name, business.address, business.version) == ("某县鑫源电器有限公司", "某县开发区创业路1号", 2)
    logged = AuditLog.select().where(AuditLog.action == "update", AuditLog.entity == "business").get()
    assert "某县鑫源家电商行" in logged.changes and "某县鑫源电器有限公司" in logged.changes


def test_the_command_line_lists_and_with_update_parties_applies(sqlite_db, tmp_path):
    registration.register(SYSTEM, complaint())
    path = write_file(tmp_path / "台账.xlsx", [row(**RENAMED)])
    sqlite_db.db.close()
    base = [sys.executable, "main.py", "--data-dir", str(sqlite_db.data_dir), "import-ledger", str(path)]
    listed = subprocess.run(base, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "--update-parties" in listed.stderr and "某县鑫源电器有限公司" in listed.stderr
    path2 = write_file(tmp_path / "台账2.xlsx", [row(**{**RENAMED, "案件编号": "消调〔2026〕第51号",
                                                      "投诉内容": "另一件"})])
    applied = subprocess.run(base[:-1] + [str(path2), "--update-parties"], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
    assert applied.returncode == 0, applied.stderr
    assert "已按台账修改：" in applied.stdout and "某县鑫源电器有限公司" in applied.stdout


@pytest.mark.parametrize("signed", [False, True])
def test_the_import_dialog_confirms_party_changes_by_a_click(qtbot, sqlite_db, tmp_path, monkeypatch, signed):
    from app.ui.ledger import dialogs
    from tests.ui.helpers import click
    case_id = _signed_case() if signed else registration.register(SYSTEM, complaint()).case_id
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, *a: asked.append(text) or True)
    dialog = dialogs.LedgerImportDialog(SYSTEM)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(write_file(tmp_path / "台账.xlsx", [row(**RENAMED)])))
    dialog.show()
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.party_rows.rowCount() == 2 and dialog.party_table.isVisible()
    name = Business.get_by_id(Case.get_by_id(case_id).business_id).name
    if signed:
        assert not dialog.update_parties_button.isVisible() and name == "某县鑫源家电商行"
        return
    assert dialog.update_parties_button.isVisible()
    click(qtbot, dialog.update_parties_button)
    assert asked and "2 处" in asked[0]
    assert Business.get_by_id(Case.get_by_id(case_id).business_id).name == "某县鑫源电器有限公司"
    assert "已按台账修改 2 处" in dialog.parties_note.text() and not dialog.update_parties_button.isVisible()
