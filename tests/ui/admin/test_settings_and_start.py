"""Settings (administrator only), the holiday table saved in the background, 咨询登记,
attachments, and `main.py --smoke`."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from app.db.models import Case, Consultation
from app.services import registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM, Actor
from app.services.settings import get_settings, holidays_of_year, work_calendar
from tests import factories
from tests.ui.helpers import click, pick, type_into

ROOT = Path(__file__).resolve().parents[3]
CLERK = Actor(None, "clerk", "登记员甲", "clerk")


def test_administrator_changes_the_profile_and_a_clerk_is_refused(qtbot, window, message_boxes):
    dialog = window.open_settings()
    type_into(qtbot, dialog.editors["org.name"], "城关县消费者协会")
    type_into(qtbot, dialog.editors["org.short_code"], "城消")
    assert dialog.number_preview.text() == "示例：城消〔2026〕第12号"
    click(qtbot, dialog.save_button)
    assert get_settings()["org.name"] == "城关县消费者协会"
    assert window.windowTitle().endswith("城关县消费者协会")

    from app.ui.admin.settings_dialog import SettingsDialog
    refused = SettingsDialog(CLERK, window)
    qtbot.addWidget(refused)
    refused.show()
    type_into(qtbot, refused.editors["org.name"], "别的名字")
    click(qtbot, refused.save_button)
    assert "无权修改设置" in refused.banner.text()
    assert get_settings()["org.name"] == "城关县消费者协会"
    refused.editors["org.name"].setText("城关县消费者协会")     # back to saved: closes without a prompt


def _add_days(qtbot, page, days) -> None:
    for day, kind, name in days:
        page.day_edit.set_value(day)
        pick(page.kind, kind)
        type_into(qtbot, page.name, name, leave=False)
        click(qtbot, page.add_button)


def _open_from_list(qtbot, window, number: str):
    """Click the case's row in the list and press Enter, as the clerk opens a case."""
    table, model = window.case_list.table, window.case_list.model

    def row_of_case():
        return next((r for r in range(model.rowCount()) if getattr(model.row_at(r), "number", None) == number), None)
    qtbot.waitUntil(lambda: row_of_case() is not None, timeout=5000)
    rect = table.visualRect(model.index(row_of_case(), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    return window.tabs.currentWidget()


def test_a_half_entered_year_still_warns_and_open_cases_follow_each_save(qtbot, window):
    """Only 元旦 and one workday of 2027 saved: the year is not yet entered, the warning says what
    is missing; the open case shows its new deadline and warning after each save."""
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    workflow.accept(SYSTEM, case_id, date(2026, 11, 2))       # 60 days: mediation ends 2027-01-01
    window.case_list.refresh()
    workspace = _open_from_list(qtbot, window, Case.get_by_id(case_id).number)
    mediate = workspace.header.deadlines["mediate"]
    assert mediate.text().startswith("2027-01-01")
    assert "2027年的节假日安排尚未录入" in workspace.header.clock_warning.text()
    assert window.clock_warning.isHidden()                   # said once, in the case's header

    dialog = window.open_settings()
    page = dialog.holidays
    dialog.tabs.setCurrentWidget(page)
    page.new_year.setValue(2027)
    click(qtbot, page.add_year_button)
    _add_days(qtbot, page, ((date(2027, 1, 1), "放假", "元旦"), (date(2027, 2, 20), "调休上班", "春节调休")))
    assert "尚缺春节、清明节、劳动节、端午节、中秋节、国庆节" in page.year_title.text()
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: not page.is_dirty(), timeout=20000)
    incomplete = "2027年的节假日安排不完整（尚缺春节、清明节、劳动节、端午节、中秋节、国庆节）"
    qtbot.waitUntil(lambda: incomplete in workspace.header.clock_warning.text(), timeout=5000)
    assert mediate.text().startswith("2027-01-04")           # 元旦 a holiday, the weekend rolled over
    assert incomplete in window.clock_warning.toolTip() and window.clock_warning.isHidden()

    _add_days(qtbot, page, ((date(2027, 2, 6), "放假", "春节"), (date(2027, 4, 5), "放假", "清明节"),
                            (date(2027, 5, 1), "放假", "劳动节"), (date(2027, 6, 9), "放假", "端午节"),
                            (date(2027, 9, 15), "放假", "中秋节"), (date(2027, 10, 1), "放假", "国庆节")))
    assert "尚缺" not in page.year_title.text()
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: workspace.header.clock_warning.text() == "", timeout=20000)
    assert work_calendar().is_covered(2027) and window.clock_warning.toolTip() == ""
    assert [(h.day, h.is_workday) for h in holidays_of_year(2027)][:3] == [
        (date(2027, 1, 1), False), (date(2027, 2, 6), False), (date(2027, 2, 20), True)]
    dialog.reject()


def test_consultation_is_logged(qtbot, window):
    dialog = window.log_consultation()
    pick(dialog.topic, "法律政策")
    dialog.count.setValue(2)
    type_into(qtbot, dialog.note, "询问网购七日无理由退货的规定")
    click(qtbot, dialog.save_button)
    row = Consultation.get()
    assert (row.topic, row.count, row.channel, row.day) == ("law", 2, "phone", date(2026, 11, 30))


def test_attachments_are_added_and_opened(qtbot, window, tmp_path, monkeypatch):
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    ws = window.open_case(case_id)
    tab = ws.page("附件")
    receipt = tmp_path / "购物小票.png"
    receipt.write_bytes(b"\x89PNG\r\n\x1a\nfake image content")
    chosen = [str(receipt), str(tmp_path / "没有这个文件.pdf")]
    monkeypatch.setattr("app.ui.cases.workspace.clock_tab.QFileDialog.getOpenFileNames",
                        lambda *args, **kwargs: (chosen, ""))
    ws.tabs.setCurrentWidget(tab)
    click(qtbot, tab.add_button)                 # the file dialog answers with the two paths
    assert "找不到文件" in tab.banner.text()
    assert window.statusBar().currentMessage() == "已添加附件 1 个"
    assert [a["filename"] for a in case_detail(case_id).attachments] == ["购物小票.png"]
    opened = []
    monkeypatch.setattr("app.ui.cases.workspace.clock_tab.QDesktopServices.openUrl", lambda url: opened.append(url))
    path = tab.open_row(0)
    assert path.read_bytes() == receipt.read_bytes() and len(opened) == 1


def test_smoke_start_paints_the_list_and_reports_milliseconds(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "--smoke"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    match = re.search(r"启动至案件列表绘制完成：(\d+) ms（案件 0 件）", result.stdout)
    assert match and 0 < int(match.group(1)) < 60_000


def test_smoke_start_of_more_than_a_page_defers_the_heavy_work_and_exits_cleanly(tmp_path):
    """Issue 17, item 3: the first paint imports no document, spreadsheet or PDF library and
    hashes no password; the other ids, fetched after the paint, are let finish before the
    process ends (a pool thread still running then crashed or hung the exit)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    made = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "demo", "--cases", "450"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    result = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--data-dir", str(tmp_path),
                             "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "（案件 450 件）" in result.stdout
    imported = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", result.stderr, re.M))
    assert "app.ui.main_window" in imported                     # the timing lines were read
    for heavy in ("reportlab", "openpyxl", "python_calamine", "pypdfium2", "app.reports.documents",
                  "app.services.casefile", "app.db.migrations.m0010_identity_types", "app.cli.reports",
                  "app.cli.documents"):
        assert heavy not in imported, heavy
    assert "Signal source has been deleted" not in result.stderr and "Traceback" not in result.stderr


def test_escape_asks_before_dropping_what_was_typed(qtbot, window, message_boxes):
    dialog = window.register_complaint()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()                       # nothing typed: closes at once

    dialog = window.register_complaint()
    type_into(qtbot, dialog.form.person_name, "张三")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert message_boxes[-1] == "填写的内容尚未保存，确定要放弃吗？"
    assert dialog.isVisible()                           # the answer was 继续编辑
    assert dialog.form.person_name.text() == "张三"


def test_a_five_digit_postcode_is_refused_and_six_digits_saved(qtbot, window):
    dialog = window.open_settings()
    type_into(qtbot, dialog.editors["org.postcode"], "31110")
    click(qtbot, dialog.save_button)
    assert dialog.fields.error_of("org.postcode") == "邮政编码应为6位数字（如 311100），或留空"
    assert get_settings()["org.postcode"] == ""
    type_into(qtbot, dialog.editors["org.postcode"], "311100")
    click(qtbot, dialog.save_button)
    assert get_settings()["org.postcode"] == "311100"


def test_units_are_shown_with_the_association_and_the_main_unit_cannot_be_stopped(qtbot, window):
    from app.services.settings import add_dictionary_entry, dictionary

    add_dictionary_entry(SYSTEM, "unit", "城关分会")
    dialog = window.open_settings()
    assert "本会、城关分会" in dialog.units_label.text() and "未选择时记在“本会”名下" in dialog.units_label.text()
    click(qtbot, dialog.units_button)
    page = dialog.dictionaries
    assert dialog.tabs.currentWidget() is page and page.kind.code() == "unit"
    page.table.selectRow(0)                                       # 本会
    click(qtbot, page.active)                                     # unticked: 停用
    save = next(b for b in page.findChildren(type(dialog.units_button)) if b.text() == "保存名称和状态")
    click(qtbot, save)
    assert "是默认的承办单位" in page.banner.text() and "不能停用" in page.banner.text()
    assert next(u for u in dictionary("unit") if u.code == "U00").active
    page.table.selectRow(1)                                       # another unit may be stopped
    click(qtbot, page.active)
    click(qtbot, save)
    assert not next(u for u in dictionary("unit") if u.label == "城关分会").active
    dialog.tabs.setCurrentIndex(0)
    assert "城关分会（停用）" in dialog.units_label.text()
