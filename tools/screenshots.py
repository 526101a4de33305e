"""Render every main screen of the client with demo data to PNG files, to look at them.

    .venv/bin/python tools/screenshots.py OUT_DIR [--cases 3000] [--data-dir DIR]

Without --data-dir a temporary data folder is filled with demo cases, plus one case taken
through the whole story by the services (so that every workspace tab has content). Runs
offscreen; nothing of the user's own data or window layout is touched.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WINDOW_SIZE = (1366, 840)


def _story_case(actor) -> int:
    """One complaint registered, accepted, mediated twice, agreed, closed and followed up."""
    from app.services import agreements, followups, mediation, registration, workflow
    from app.services.context import today
    from app.services.inputs import (
        AgentInput, AgreementInput, BusinessInput, ComplaintInput, FollowUpInput, PersonInput, SessionInput,
        TermInput,
    )

    day = today()
    received = day - timedelta(days=20)
    data = ComplaintInput(
        complainant=PersonInput("刘晓敏", "13805718842", "某县城关镇解放路36号3幢201室", id_number="11010519491231002X"),
        business=BusinessInput("某县鑫源家电商行", "某县城关镇建设路8号", "91110000600037341L", "李建华", "0571-87654321",
                               "王店长"),
        agents=[AgentInput("刘建国", "agent", "13905712233", relation="父亲", authorization="代为参加调解、签署调解协议")],
        received_date=received, channel="visit", category_code="G0101", nature_code="N01", goods_name="变频空调 KFR-35GW",
        purchase_date=received - timedelta(days=30), purchase_place="鑫源家电商行门店", quantity=1, amount="3999.00",
        facts="投诉人在被投诉人处购买变频空调一台，安装后制冷效果差，经两次上门维修仍不能正常制冷。",
        request_types=["return", "refund"], request_text="要求退货并退还货款3999元，赔偿误工费。")
    case_id = registration.register(actor, data).case_id
    workflow.accept(actor, case_id, received + timedelta(days=1))
    for offset, form, text in ((3, "consumer_only", "调解员：请陈述空调的问题。\n投诉人：安装后一直不制冷，维修两次无效。"),
                               (8, "joint", "调解员：经检测，压缩机存在质量问题，双方是否同意退货退款？\n"
                                            "经营者：同意退货退款，并补偿交通费。\n投诉人：同意。")):
        moment = datetime.combine(received + timedelta(days=offset), datetime.min.time()).replace(hour=9, minute=30)
        mediation.record_session(actor, case_id, SessionInput(
            scheduled_at=moment, place="本会调解室", form=form, mediators="王建国", recorder="吴敏",
            present="刘晓敏、李建华", record_text=text, result="双方同意继续协商" if offset == 3 else "达成一致"))
    signed = received + timedelta(days=8)
    agreements.record_agreement(actor, case_id, AgreementInput(
        signed_date=signed, place="本会调解室", performance_way="经营者当场以银行转账方式支付",
        performance_deadline=signed + timedelta(days=7),
        terms=[TermInput("return", "投诉人退回所购空调，经营者负责上门拆机", None, signed + timedelta(days=3)),
               TermInput("refund", "经营者退还投诉人货款", "3999.00", signed + timedelta(days=3)),
               TermInput("compensate", "经营者补偿投诉人交通费、误工费", "300.00", signed + timedelta(days=3))]))
    agreements.record_performance(actor, case_id, "performed", signed + timedelta(days=2), "款项已到账")
    workflow.close_mediated(actor, case_id, signed + timedelta(days=3))
    followups.record_follow_up(actor, case_id, FollowUpInput(signed + timedelta(days=5), "phone", "very_satisfied",
                                                             True, "消费者表示款项已收到，对调解结果满意"))
    return case_id


def _prepare_data(args) -> Path:
    from app.db.bootstrap import open_database
    from app.services.context import SYSTEM
    from app.services.demo import generate_demo

    if args.data_dir:
        open_database(args.data_dir)
        return Path(args.data_dir)
    folder = Path(tempfile.mkdtemp(prefix="xiehui-screens-"))
    open_database(folder)
    generate_demo(SYSTEM, args.cases, seed=7)
    return folder


class Shooter:
    def __init__(self, app, out: Path):
        self.app, self.out, self.files = app, out, []

    def settle(self) -> None:
        from PySide6.QtCore import QThreadPool
        for _ in range(3):
            self.app.processEvents()
            QThreadPool.globalInstance().waitForDone(3000)
        self.app.processEvents()

    def __call__(self, widget, name: str) -> None:
        self.settle()
        path = self.out / f"{len(self.files) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        self.files.append(path)


def _main_window_shots(shoot, window) -> None:
    shoot(window, "main-window")
    window.navigation.select_queue("overdue")
    shoot(window, "main-overdue-queue")
    window.navigation.select_queue("all")
    window.case_list.filters.search.setText("空调")
    window.case_list.filters._emit_now()
    shoot(window, "main-search")
    window.case_list.filters.clear()


def _registration_shots(shoot, window) -> None:
    from app.ui.cases.registration_form import RegistrationDialog

    dialog = RegistrationDialog(window.actor, window)
    dialog.show()
    shoot(dialog, "registration-empty")
    form = dialog.form
    form.person_name.setText("张三")
    form.person_phone.setText("1381234567")
    form.id_number.setText("110105194912310021")
    form.business_name.setText("某县鑫源家电商行")
    dialog.save()                                  # shows every message beside its field
    shoot(dialog, "registration-messages")
    dialog.scroll.verticalScrollBar().setValue(dialog.scroll.verticalScrollBar().maximum())
    shoot(dialog, "registration-bottom")
    form.mark_saved()
    dialog.files.add_paths([])
    dialog.done(0)


def _workspace_shots(shoot, window, case_id: int, prefix: str) -> None:
    workspace = window.open_case(case_id)
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        if workspace.tabs.tabText(index) == "操作日志" and workspace.page("操作日志").model.rowCount():
            workspace.page("操作日志").table.selectRow(0)
        shoot(window, f"{prefix}-{index + 1}-{workspace.tabs.tabText(index)}")


def _dialog_shots(shoot, window, case_id: int) -> None:
    from app.ui.cases.consultation_dialog import ConsultationDialog
    from app.ui.admin.settings_dialog import SettingsDialog

    workspace = window.open_case(case_id)
    for action in ("accept", "reject"):
        if action in workspace.detail.actions:
            dialog = workspace.run_action(action)
            shoot(dialog, f"action-{action}")
            dialog.done(0)
    consultation = ConsultationDialog(window.actor, window)
    consultation.show()
    shoot(consultation, "consultation")
    consultation.done(0)
    settings = SettingsDialog(window.actor, window)
    settings.show()
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        shoot(settings, f"settings-{index + 1}-{settings.tabs.tabText(index)}")
    settings.done(0)


def main() -> int:
    parser = argparse.ArgumentParser(description="把客户端各主要界面渲染为PNG图片")
    parser.add_argument("out", help="保存图片的文件夹")
    parser.add_argument("--cases", type=int, default=3000, help="演示案件数（未指定 --data-dir 时）")
    parser.add_argument("--data-dir", help="使用已有的数据文件夹（会在其中新增一件示例案件）")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings

    from app.services.context import SYSTEM
    from app.ui.app import create_application

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="xiehui-qs-"))
    app = create_application(["screenshots"])
    app.setApplicationName("XiehuiTiaojieScreenshots")
    folder = _prepare_data(args)
    story = _story_case(SYSTEM)

    from app.db.models import Case
    from app.ui.main_window import MainWindow

    window = MainWindow(SYSTEM, str(folder / "cases.sqlite3"))
    window.ask_before_closing = False
    window.resize(*WINDOW_SIZE)
    window.show()
    window.start()
    shoot = Shooter(app, out)
    _main_window_shots(shoot, window)
    _registration_shots(shoot, window)
    _workspace_shots(shoot, window, story, "workspace-closed")
    mediating = Case.select(Case.id).where(Case.state == "mediating").order_by(Case.id.desc()).first()
    if mediating:
        _workspace_shots(shoot, window, mediating.id, "workspace-mediating")
    registered = Case.select(Case.id).where(Case.state == "registered").order_by(Case.id.desc()).first()
    if registered:
        _dialog_shots(shoot, window, registered.id)
    window.close()
    for path in shoot.files:
        print(path)
    print(f"共 {len(shoot.files)} 张，数据：{folder}（{date.today().isoformat()}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
