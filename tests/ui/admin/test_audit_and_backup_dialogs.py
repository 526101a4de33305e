"""The audit viewer (filters, paging as the list scrolls, nothing editable) and the backup dialog
(backup now, check, restore) as an administrator uses them."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from app.db.models import AuditLog, Case
from app.domain.errors import NotAllowed
from app.services import backup, consultations, registration, users
from app.services.context import Actor
from app.ui.admin import backup_dialog, office
from app.ui.admin.audit_viewer import AuditViewer
from app.ui.admin.backup_dialog import BackupDialog
from tests.factories import complaint
from tests.ui.helpers import click, pick, type_into


@pytest.fixture
def shown(monkeypatch):
    """Message boxes record their text instead of blocking the offscreen run."""
    messages = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, title, text, *a, **k: messages.append((title, text))
                            or QMessageBox.StandardButton.Ok)
    return messages


def test_audit_viewer_filters_pages_and_shows_changes(qtbot, sqlite_db):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    number = registration.register(admin, complaint()).number
    case_id = Case.get(Case.number == number).id
    registration.update_complaint(admin, case_id, complaint(amount="4100.00"), 1)
    for _ in range(450):
        consultations.log_consultation(admin, "phone", "law", 1, "咨询退货规定")
    viewer = AuditViewer(admin)
    qtbot.addWidget(viewer)
    viewer.show()
    total = AuditLog.select().count()
    assert viewer.model.total == total and viewer.model.rowCount() == 200       # one page read so far
    assert f"共 {total} 条记录" in viewer.count_label.text()
    viewer.table.scrollToBottom()
    qtbot.waitUntil(lambda: viewer.model.rowCount() == 400)                    # the next page, on demand
    index = viewer.model.index(0, 0)
    assert not viewer.model.flags(index) & Qt.ItemFlag.ItemIsEditable

    type_into(qtbot, viewer.case_number, number.split("第")[1])                # Enter searches
    assert [viewer.model.row_at(i).action_label for i in range(viewer.model.rowCount())] == ["修改登记信息", "登记投诉"]
    viewer.table.selectRow(0)
    shown = [(viewer.changes.row_at(i)) for i in range(viewer.changes.rowCount())]
    assert ("涉案金额", "3999.00", "4100.00") in shown
    assert "王主任" in viewer.summary.text()

    viewer.case_number.clear()
    pick(viewer.action, "咨询登记")
    click(qtbot, viewer.search_button)
    assert viewer.model.total == 450 and "共 450 条记录" in viewer.count_label.text()


def test_only_those_allowed_see_the_audit_log(qtbot, sqlite_db):
    with pytest.raises(NotAllowed, match="查看审计日志"):
        AuditViewer(Actor(None, "zhou", "周文", "clerk"))


def test_backup_now_check_and_restore_from_the_dialog(qtbot, sqlite_db, shown, monkeypatch):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    for i in range(3):
        registration.register(admin, complaint(person_kw={"name": f"客户{i}"}))
    dialog = BackupDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 0
    click(qtbot, dialog.backup_button)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    made = dialog.model.row_at(0)
    assert (made.kind, made.cases) == ("manual", 3)
    assert shown[-1][0] == "备份完成" and "案件 3 件" in shown[-1][1]
    dialog.table.selectRow(0)
    click(qtbot, dialog.buttons["verify"])
    assert shown[-1][0] == "校验通过"

    registration.register(admin, complaint(person_kw={"name": "备份之后"}))
    asked, quits, seen_at_result = _answer_restore(monkeypatch, made.path, "恢复")
    click(qtbot, dialog.buttons["restore"])
    qtbot.waitUntil(lambda: quits == [True], timeout=15000)
    QThreadPool.globalInstance().waitForDone(5000)
    assert asked == [("取消", "从备份恢复")]                 # Enter on the confirmation keeps the data
    assert Case.select().count() == 3
    assert shown[-1][0] == "恢复完成" and "恢复前的数据已备份到" in shown[-1][1]
    assert seen_at_result == [[]]                       # no progress box over (or coming over) the result
    assert backup_dialog.restart_requested()


def test_cancelling_the_restore_confirmation_keeps_the_data(qtbot, sqlite_db, shown, monkeypatch):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    made = backup.backup_now(admin)
    registration.register(admin, complaint())
    dialog = BackupDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    asked, quits, _seen = _answer_restore(monkeypatch, made.path, "取消")
    click(qtbot, dialog.buttons["restore"])
    qtbot.wait(300)
    assert asked and quits == [] and Case.select().count() == 1 and shown == []


def test_a_restore_that_finishes_at_once_leaves_no_progress_box_behind(qtbot, sqlite_db, shown, monkeypatch):
    """Work that ends before the progress box's delay must not let the box pop up afterwards,
    modal over the result (the box then blocked 确定 and the restart never came)."""
    from app.services import restore

    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    made = backup.backup_now(admin)
    monkeypatch.setattr(restore, "restore_sqlite", lambda *_a, **_k: restore.RestoreResult(made.path, 6))
    dialog = BackupDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    _asked, quits, seen_at_result = _answer_restore(monkeypatch, made.path, "恢复")
    click(qtbot, dialog.buttons["restore"])
    qtbot.waitUntil(lambda: quits == [True], timeout=5000)
    assert seen_at_result == [[]] and shown[-1][0] == "恢复完成"
    qtbot.wait(600)                                     # past the box's show delay
    assert _progress_boxes() == []


def test_after_a_restore_the_program_starts_again_with_the_same_command(monkeypatch, tmp_path):
    started, backed_up = [], []
    monkeypatch.setattr(backup_dialog, "_restart", {"requested": True, "backup": False})
    monkeypatch.setattr(backup_dialog, "run_exit_backup", lambda: backed_up.append(True))
    monkeypatch.setattr(backup_dialog.QProcess, "startDetached",
                        staticmethod(lambda program, args, folder: started.append((program, args)) or (True, 1)))
    script = tmp_path / "main.py"
    script.write_text("")
    monkeypatch.setattr(sys, "argv", [str(script), "--data-dir", "数据"])
    office.after_exit()
    assert started == [(sys.executable, [str(script.resolve()), "--data-dir", "数据"])] and backed_up == []
    backup_dialog._restart["backup"] = True          # a restart for new server settings: backup first
    office.after_exit()
    assert len(started) == 2 and backed_up == [True]


def _progress_boxes() -> list[str]:
    """Progress boxes on screen, or about to appear (their show-after-delay timer running)."""
    return [box.labelText() for box in QApplication.topLevelWidgets() if isinstance(box, QProgressDialog)
            and (box.isVisible() or any(timer.isActive() for timer in box.findChildren(QTimer)))]


def _answer_restore(monkeypatch, path: Path, answer: str):
    """The file dialog picks `path`; the confirmation is answered with `answer` (its default
    button recorded); 恢复完成 notes the progress boxes then; quitting is recorded."""
    asked, quits, seen = [], [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))

    def exec_box(box):
        asked.append((box.defaultButton().text(), box.windowTitle()))
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    original = QMessageBox.information

    def information(parent, title, text, *a, **k):
        if title == "恢复完成":
            seen.append(_progress_boxes())
        return original(parent, title, text, *a, **k)
    monkeypatch.setattr(QMessageBox, "information", information)
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    monkeypatch.setattr(backup_dialog, "_restart", {"requested": False, "backup": False})
    return asked, quits, seen


def test_a_clerk_may_neither_back_up_nor_restore(qtbot, sqlite_db):
    """A backup holds every full ID, phone and password hash: an administrator's action (issue 14)."""
    dialog = BackupDialog(Actor(None, "zhou", "周文", "clerk"))
    qtbot.addWidget(dialog)
    assert not dialog.backup_button.isEnabled() and not dialog.buttons["to_file"].isEnabled()
    assert dialog.backup_button.toolTip() == "只有管理员可以备份数据（备份含全部身份证号、电话和密码哈希）"
    assert not dialog.buttons["restore"].isEnabled()
    assert dialog.buttons["restore"].toolTip() == "只有管理员可以从备份恢复数据"


def test_exit_backup_is_made_once_per_change(qtbot, sqlite_db, shown):
    registration.register(users.create_first_admin("zhuren", "王主任", "Xiehui#2026"), complaint())
    first = backup_dialog.run_exit_backup()
    again = backup_dialog.run_exit_backup()
    assert first.path.name.startswith("自动备份-") and not first.skipped and again.skipped
    assert Path(first.path).exists() and shown == []


def _select_action(qtbot, viewer, label: str) -> None:
    pick(viewer.action, label)
    click(qtbot, viewer.search_button)
    viewer.table.selectRow(0)


def test_the_audit_viewer_names_template_parts_and_changed_holiday_dates(qtbot, sqlite_db):
    from datetime import date

    from app.services.doc_templates import save_template, template_texts
    from app.services.settings import set_year_schedule

    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    save_template(admin, "acceptance", "title", template_texts("acceptance")["title"] + "（本会）")
    set_year_schedule(admin, 2027, [(date(2027, 1, 1), "元旦")], [])
    set_year_schedule(admin, 2027, [(date(2027, 1, 1), "元旦"), (date(2027, 2, 6), "春节")],
                      [(date(2027, 2, 20), "春节调休")])
    viewer = AuditViewer(admin)
    qtbot.addWidget(viewer)
    viewer.show()
    _select_action(qtbot, viewer, "修改文书模板")
    field = viewer.changes.row_at(0)[0]
    assert field == "文书措辞：受理通知书·标题" and "template." not in field
    _select_action(qtbot, viewer, "录入节假日")              # the newer of the two saves
    shown = [viewer.changes.row_at(i) for i in range(viewer.changes.rowCount())]
    assert ("2027-02-06（周六）", "（无）", "放假（春节）") in shown
    assert ("2027-02-20（周六）", "（无）", "调休上班（春节调休）") in shown
    assert not any(row[0].startswith("2027-01-01") for row in shown)        # unchanged: not listed


def test_the_audit_log_is_exported_to_excel_formula_safe(qtbot, sqlite_db, shown, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    admin = users.create_first_admin("zhuren", "=1+2", "Xiehui#2026")       # a name Excel would compute
    consultations.log_consultation(admin, "phone", "law", 1, "=HYPERLINK(\"http://x\",\"点我\")")
    viewer = AuditViewer(admin)
    qtbot.addWidget(viewer)
    viewer.show()
    target = tmp_path / "审计"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    click(qtbot, viewer.export_button)
    qtbot.waitUntil(lambda: bool(shown) and shown[-1][0] == "导出完成", timeout=10000)
    sheet = load_workbook(tmp_path / "审计.xlsx").active
    assert [c.value for c in sheet[3]] == ["时间", "用户", "操作", "对象", "案件编号", "内容", "改动"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    consult = next(r for r in rows if r[2] == "咨询登记")
    assert "备注：（空） → =HYPERLINK" in consult[6] and consult[1] == "=1+2"      # kept as text
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=4) for cell in row[1:] if cell.value)
    assert isinstance(consult[0], datetime)
    assert AuditLog.get(AuditLog.action == "export_audit").summary == f"导出审计日志（{len(rows)} 条）"
    assert viewer.model.row_at(0).action_label == "导出审计日志"
