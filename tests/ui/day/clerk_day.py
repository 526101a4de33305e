"""The clerk's day of issue 10, on a real X server: run by tests/ui/test_clerk_day.py in a pytest
of its own (DISPLAY and QT_QPA_PLATFORM=xcb set, CLERK_DAY_OUT naming the screenshot folder).

Each step is a function of the Day, in the order of DAY_STEPS; a step acts only through what is
on the screen (clicks, typing, Tab/Enter), and the system's print, file and message dialogs are
answered by doubles. After each step the whole X screen is saved as a PNG, to look at.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget

from app.services.casefile import case_detail
from tests.reports.pdf_check import all_text, flat, reader
from tests.ui import doubles
from tests.ui.helpers import click, fill_complaint, type_into

MODAL_TIMEOUT_MS = 20_000
ASSOCIATION = "清河县消费者协会"


class Day:
    """What the clerk has in front of them, and the screenshots taken so far."""

    def __init__(self, qtbot, opened, out: Path, monkeypatch, tmp_path: Path):
        self.qtbot, self.opened, self.out, self.tmp = qtbot, opened, out, tmp_path
        self.prints, self.saves = doubles.install(monkeypatch)
        self.window = None
        self.case_id: int | None = None
        self.number = ""
        self.shots: list[Path] = []

    @property
    def ws(self):
        return self.window.workspaces[self.case_id]

    def shot(self, name: str) -> Path:
        """The whole X screen as the clerk sees it (every window, where the window system put it)."""
        QApplication.processEvents()
        self.qtbot.wait(150)            # let the last paint reach the X server
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        assert QApplication.primaryScreen().grabWindow(0).save(str(path)), path
        self.shots.append(path)
        return path

    def activate(self, window: QWidget) -> None:
        """Bring the window to the front as a click on it would (there is no window manager to do it
        when a dialog closes)."""
        window.raise_()
        window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    def button(self, text: str, within: QWidget | None = None) -> QPushButton:
        """The one visible button with this text (in `within`, else in the current workspace)."""
        def visible() -> list[QPushButton]:
            return [b for b in (within or self.ws).findChildren(QPushButton) if b.text() == text and b.isVisible()]
        try:          # buttons rebuilt after a save are shown by the next turn of the event loop
            self.qtbot.waitUntil(lambda: len(visible()) == 1, timeout=5000)
        except Exception:  # noqa: BLE001 - say what is on the screen instead
            offered = sorted({b.text() for b in (within or self.ws).findChildren(QPushButton) if b.isVisible()})
            raise AssertionError(f"no single visible button {text!r}; visible: {offered}") from None
        return visible()[0]


# ------------------------------------------------------------------ how a person does things
def choose(qtbot, combo: QComboBox, label: str) -> None:
    """Pick an entry with the keyboard, as a clerk does (focus the box, arrow down to it)."""
    assert combo.findText(label) >= 0, f"{label!r} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == label:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == label


def type_date(qtbot, field: QWidget, text: str) -> None:
    """A date typed over what the field shows (Ctrl+A, the digits and dashes, Tab to leave)."""
    field.setFocus(Qt.FocusReason.TabFocusReason)
    typing = field.focusProxy() or field      # the line edit the field gives its focus to
    qtbot.keyClick(typing, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typing, text)
    qtbot.keyClick(typing, Qt.Key.Key_Tab)


def answer_modal(qtbot, kind: type, act, run):
    """`run()` opens a modal dialog of `kind` (its own event loop); `act(dialog)` is what the
    clerk does in it. Returns what `run` returns."""
    problems: list[BaseException] = []
    waited = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            try:
                act(dialog)
            except BaseException as exc:  # noqa: BLE001 - re-raised below, outside the dialog's loop
                problems.append(exc)
                dialog.reject()
        elif waited[0] < MODAL_TIMEOUT_MS:
            waited[0] += 50
            QTimer.singleShot(50, look)
        else:
            problems.append(AssertionError(f"no {kind.__name__} appeared"))
    QTimer.singleShot(0, look)
    result = run()
    if problems:
        raise problems[0]
    return result


def newest(kind: type, parent: QWidget):
    found = [w for w in parent.findChildren(kind) if w.isVisible()]
    assert found, f"no {kind.__name__} on the screen"
    return found[-1]


# ------------------------------------------------------------------ the day, step by step
def first_start(day: Day) -> None:
    """The program starts on an empty data folder: the administrator is set up, then 本会信息, then
    the main window."""
    from app.ui.admin import office
    from app.ui.admin.login_dialog import FirstAdminDialog
    from app.ui.app import choose_actor, open_main_window

    def set_up(dialog: FirstAdminDialog) -> None:
        type_into(day.qtbot, dialog.display_name, "李静", leave=False)
        day.qtbot.keyClick(dialog.display_name, Qt.Key.Key_Tab)
        day.qtbot.keyClicks(dialog.password, "Qinghe-2026")
        day.qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
        day.qtbot.keyClicks(dialog.again, "Qinghe-2026")
        day.shot("首次使用")
        click(day.qtbot, dialog.save_button)
    actor = answer_modal(day.qtbot, FirstAdminDialog, set_up, lambda: choose_actor(day.opened))
    assert actor is not None and actor.display_name == "李静"
    day.actor = actor
    name_the_association(day)
    day.window = open_main_window(actor, day.opened.location)
    office.install(day.window)
    day.qtbot.addWidget(day.window)
    day.window.setGeometry(QApplication.primaryScreen().availableGeometry())   # no window manager maximises
    day.qtbot.waitExposed(day.window)
    day.activate(day.window)
    assert day.window.windowTitle().startswith(ASSOCIATION)


def name_the_association(day: Day) -> None:
    """The first start goes on to 本会信息: the association's name (on every document), the 代字
    of its case numbers and a handling unit, typed; the main window's title then names it."""
    from app.ui.association_dialog import AssociationDialog, offer_setup

    def fill(dialog: AssociationDialog) -> None:
        assert dialog.org_name.text() == ""               # the placeholder 某某县消费者协会 is not offered
        type_into(day.qtbot, dialog.org_name, ASSOCIATION)
        day.qtbot.keyClick(dialog.short_code, Qt.Key.Key_Tab)
        dialog.units.setFocus(Qt.FocusReason.TabFocusReason)
        type_into(day.qtbot, dialog.units, "城关分会")
        day.shot("本会信息")
        click(day.qtbot, dialog.save_button)
    # before the main window, as app/ui/app.py does after the login
    assert answer_modal(day.qtbot, AssociationDialog, fill, lambda: offer_setup(day.actor))


def register(day: Day) -> None:
    """Ctrl+N, the complaint typed field by field, saved."""
    from app.ui.cases.registration_form import RegistrationDialog
    day.activate(day.window)
    day.qtbot.keyClick(QApplication.focusWidget() or day.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = newest(RegistrationDialog, day.window)
    day.qtbot.waitExposed(dialog)
    day.activate(dialog)                    # keys and focus go to it, as to the window in front
    fill_complaint(day.qtbot, dialog.form)
    type_date(day.qtbot, dialog.form.received_date, "2026-11-27")     # came in on Friday, typed on Monday
    type_date(day.qtbot, dialog.form.purchase_date, "20261001")       # as written on the receipt
    assert (str(dialog.form.received_date.value()), str(dialog.form.purchase_date.value())) == (
        "2026-11-27", "2026-10-01")
    day.shot("投诉登记")
    with day.qtbot.waitSignal(dialog.registered, timeout=20000) as registered:
        click(day.qtbot, dialog.save_button)
    day.case_id, day.number = registered.args
    assert not dialog.isVisible()
    case = case_detail(day.case_id).case
    assert (str(case["received_date"]), str(case["purchase_date"])) == ("2026-11-27", "2026-10-01")


def open_the_case(day: Day) -> None:
    """The new case in the list; Enter opens its workspace."""
    table = day.window.case_list.table
    day.qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10000)
    table.setFocus()
    table.selectRow(0)
    day.qtbot.keyClick(table, Qt.Key.Key_Return)
    assert day.window.tabs.currentWidget() is day.ws
    day.shot("案件工作区")


def run_action(day: Day, label: str, fill=None) -> None:
    """A case action's button, its dialog filled by `fill(dialog)`, 确定."""
    from app.ui.cases.workspace.action_dialogs import ActionDialog
    click(day.qtbot, day.button(label))
    dialog = newest(ActionDialog, day.ws)
    if fill is not None:
        fill(dialog)
    day.shot(label)
    click(day.qtbot, dialog.save_button)
    day.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)


def accept(day: Day) -> None:
    run_action(day, "受理")
    assert case_detail(day.case_id).case["state"] == "accepted"


def schedule_session(day: Day) -> None:
    """安排调解: the day and the time typed, the place and the mediator, 保存为调解安排."""
    click(day.qtbot, day.button("安排调解"))
    tab = day.ws.page("调解记录")
    type_date(day.qtbot, tab.when.date_field, "11-30")
    type_date(day.qtbot, tab.when.time_field, "1430")
    type_into(day.qtbot, tab.place, "本会调解室")
    type_into(day.qtbot, tab.mediators, "王建国")
    type_date(day.qtbot, tab.notified, "20261130")
    day.shot("安排调解")
    click(day.qtbot, tab.schedule_button)
    assert tab.banner.text() == ""
    assert [(s["status"], f"{s['scheduled_at']:%Y-%m-%d %H:%M}", str(s["notified_date"]))
            for s in case_detail(day.case_id).sessions] == [("scheduled", "2026-11-30 14:30", "2026-11-30")]


def single_party_session(day: Day) -> None:
    """调解记录: a 单方 session with the consumer only."""
    click(day.qtbot, day.button("记录调解"))
    tab = day.ws.page("调解记录")
    choose(day.qtbot, tab.form, "单方（消费者）")
    type_into(day.qtbot, tab.place, "本会调解室")
    type_into(day.qtbot, tab.mediators, "王建国")
    type_into(day.qtbot, tab.record_text, "调解员：请陈述空调的问题。\n投诉人：安装后一直不制冷，维修两次无效。")
    day.shot("单方调解")
    click(day.qtbot, tab.record_button)
    assert tab.banner.text() == ""
    assert [s["form"] for s in case_detail(day.case_id).sessions] == ["consumer_only"]


def pause_and_resume(day: Day) -> None:
    """中止计时 for a test of the air conditioner, 恢复计时 when the report is back."""
    def pause(dialog):
        type_into(day.qtbot, dialog.fields.widget("reason"), "空调压缩机送检", leave=False)
        type_into(day.qtbot, dialog.fields.widget("agency"), "县产品质量检验所", leave=False)
    run_action(day, "中止计时", pause)
    assert case_detail(day.case_id).case["state"] == "suspended"
    run_action(day, "恢复计时")
    assert case_detail(day.case_id).case["state"] == "mediating"


def agreement(day: Day) -> None:
    """达成协议 with two terms."""
    click(day.qtbot, day.button("达成协议"))
    tab = day.ws.page("协议")
    type_into(day.qtbot, tab.way, "经营者当场以银行转账方式支付")
    type_into(day.qtbot, tab.rows[0].description, "经营者退还投诉人货款")
    type_into(day.qtbot, tab.rows[0].amount, "3999.00")
    click(day.qtbot, tab.add_term_button)
    choose(day.qtbot, tab.rows[1].term_type, "赔偿损失")
    type_into(day.qtbot, tab.rows[1].description, "经营者补偿投诉人交通费")
    type_into(day.qtbot, tab.rows[1].amount, "120.50")
    assert tab.total.text() == "合计：4,119.50 元（人民币肆仟壹佰壹拾玖元伍角整）"
    day.shot("调解协议")
    click(day.qtbot, tab.save_button)
    assert case_detail(day.case_id).case["state"] == "agreed"


def print_and_save(day: Day) -> None:
    """预览/打印文书…: the agreement printed to a file printer (Qt's PDF output) and saved as PDF."""
    from app.ui.documents.preview import DocumentsDialog
    click(day.qtbot, day.button("预览/打印文书…", day.ws.documents_bar))
    day.qtbot.waitUntil(lambda: any(d.isVisible() and d.document is not None
                                    for d in day.ws.findChildren(DocumentsDialog)), timeout=20000)
    dialog = newest(DocumentsDialog, day.ws)
    assert dialog.document.kind == "agreement"
    day.shot("文书预览")
    day.prints.to_file(day.tmp / "打印机.pdf")
    click(day.qtbot, dialog.print_button)
    day.saves.path = day.tmp / "调解协议书.pdf"
    click(day.qtbot, dialog.save_button)
    day.shot("已打印并保存")
    for made in (day.tmp / "打印机.pdf", day.tmp / "调解协议书.pdf"):
        pdf = made.read_bytes()
        text = all_text(pdf)
        assert len(reader(pdf).pages) == dialog.document.pages
        assert flat(ASSOCIATION) in text and "经营者退还投诉人货款" in text and day.number in text
    click(day.qtbot, day.button("关闭", dialog))
    assert not dialog.isVisible()


def close_the_case(day: Day) -> None:
    run_action(day, "办结（调解成功）")
    assert case_detail(day.case_id).case["state"] == "closed"


def unsatisfied_follow_up(day: Day) -> None:
    """回访: the consumer is not satisfied (the note says why; a task for the supervisor follows)."""
    click(day.qtbot, day.button("回访"))
    tab = day.ws.page("回访")
    choose(day.qtbot, tab.satisfaction, "不满意")
    type_into(day.qtbot, tab.note, "消费者称交通费尚未收到")
    day.shot("回访-不满意")
    click(day.qtbot, tab.save_button)
    assert [f["satisfaction"] for f in case_detail(day.case_id).followups] == ["unsatisfied"]


def close_the_tab(day: Day) -> None:
    """The case done for now: Ctrl+W closes its tab; everything was saved, so nothing asks."""
    asked = list(day.messages)
    workspace = day.ws
    day.activate(day.window)
    day.qtbot.keyClick(QApplication.focusWidget() or workspace, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert day.messages == asked and day.case_id not in day.window.workspaces
    assert day.window.tabs.indexOf(workspace) < 0
    day.shot("关闭案件")


def supervisor_task(day: Day) -> None:
    """待处理任务 lists the unsatisfied 回访; the supervisor records how it was handled."""
    from app.ui.cases.tasks_view import TasksScreen
    day.window.tasks_action.trigger()
    screen = day.window.tabs.currentWidget()
    assert isinstance(screen, TasksScreen)
    day.qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=20000)
    assert screen.selected().case_id == day.case_id and "交通费" in screen.selected().opinion
    day.shot("待处理任务")
    click(day.qtbot, screen.resolve_button)
    note = screen.dialog.fields.widget("note")
    type_into(day.qtbot, note, "已电话督促经营者三日内支付交通费，并答复消费者")
    click(day.qtbot, screen.dialog.save_button)
    day.qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=20000)
    day.shot("待处理任务-已处理")


def monthly_report(day: Day) -> None:
    """统计报表 for the month, exported as the workbook sent upward."""
    from openpyxl import load_workbook

    from app.ui.statistics.view import StatisticsScreen
    day.window.open_screen("statistics")
    screen = day.window.tabs.currentWidget()
    assert isinstance(screen, StatisticsScreen)
    choose(day.qtbot, screen.picker.kind, "月报")
    for spin, value in ((screen.picker.year, day.today.year), (screen.picker.month, day.today.month)):
        spin.setFocus(Qt.FocusReason.TabFocusReason)
        spin.selectAll()
        day.qtbot.keyClicks(spin, str(value))
        day.qtbot.keyClick(spin, Qt.Key.Key_Tab)
    day.qtbot.waitUntil(screen.compute_button.isEnabled, timeout=20000)
    click(day.qtbot, screen.compute_button)
    day.qtbot.waitUntil(lambda: screen.report is not None and screen.report.period.label
                        == f"{day.today.year}年{day.today.month}月", timeout=20000)
    assert screen.tiles["accepted"].value.text() == "1 件"
    day.shot("统计报表")
    target = day.tmp / "月报.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        from app.ui.statistics import view
        patch.setattr(view.QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(target), "")))
        click(day.qtbot, screen.export_report_button)
        day.qtbot.waitUntil(lambda: screen.status.text() == f"已导出：{target}", timeout=30000)
    workbook = load_workbook(target)
    assert workbook.sheetnames and any(ASSOCIATION in str(cell.value or "") for row in workbook.worksheets[0].iter_rows()
                                       for cell in row)


# The day in order. A part of the program that joins the day is a step function put in its place here.
DAY_STEPS = (first_start, register, open_the_case, accept, schedule_session, single_party_session,
             pause_and_resume, agreement, print_and_save, close_the_case, unsatisfied_follow_up, close_the_tab,
             supervisor_task, monthly_report)


def test_a_clerks_day(qtbot, sqlite_db, frozen_today, message_boxes, monkeypatch, tmp_path):
    assert QApplication.platformName() == "xcb", "the day runs on a real X server (tests/ui/test_clerk_day.py)"
    out = Path(os.environ.get("CLERK_DAY_OUT", tmp_path / "screens"))
    out.mkdir(parents=True, exist_ok=True)
    day = Day(qtbot, sqlite_db, out, monkeypatch, tmp_path)
    day.today, day.messages = frozen_today, message_boxes
    for step in DAY_STEPS:
        step(day)
    assert len(day.shots) >= len(DAY_STEPS)
    day.window.ask_before_closing = False
    day.window.close()
