"""备份与恢复: the backups in the backup folder, a backup now (or to a chosen file, e.g. a USB
stick), a check of a backup, and restore (administrators; the current data is backed up first and
the program restarts afterwards). Also the automatic backups: daily while running, and on exit."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QProgressDialog, QVBoxLayout

from app.config import default_data_dir
from app.domain.audit_actions import BACKUP_KINDS
from app.services import backup
from app.services.backup import BackupInfo
from app.services.data_access import data_folder, on_server, release_connection
from app.services.context import Actor
from app.services.settings import get_settings
from app.ui import worker
from app.ui.admin.parts import button_row, close_box
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, DataTable, confirm, muted_label, primary_button, show_failure
from app.ui.screen_fit import fit_on_screen

DAILY_CHECK_MS = 60 * 60 * 1000


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, size // 1024)} KB"


BACKUP_COLUMNS = [
    Column("created_at", "备份时间", 150, text=lambda b: b.created_at.replace("T", " ") if b.created_at else "—"),
    Column("kind", "类型", 100, text=lambda b: BACKUP_KINDS.label(b.kind, "—") if b.kind else "无法读取"),
    Column("cases", "案件数", 80, align="right", text=lambda b: str(b.cases) if b.kind else ""),
    Column("size", "大小", 90, align="right", text=lambda b: _size(b.size)),
    Column("name", "文件", 300, value=lambda b: b.path.name, tooltip=lambda b: b.problem or str(b.path), stretch=True),
]


def _describe(result: backup.BackupResult) -> str:
    counts = result.manifest["counts"]
    lines = [f"已备份并校验：{result.path}",
             f"案件 {counts.get('complaint_case', 0)} 件，附件 {counts.get('attachment', 0)} 个，大小 {_size(result.size)}"]
    lines += [f"已复制到：{copy}" for copy in result.copies]
    lines += [f"注意：{w}" for w in result.warnings]
    return "\n".join(lines)


class BackupDialog(QDialog):
    def __init__(self, actor: Actor, parent=None, folder: Path | None = None):
        super().__init__(parent)
        self.actor = actor
        self.folder = Path(folder) if folder else backup.default_folder()
        self.setWindowTitle("备份与恢复")
        layout = QVBoxLayout(self)
        self.banner = Banner("warning")
        layout.addWidget(self.banner)
        layout.addWidget(muted_label(self._where()))
        self.model = ListTableModel(BACKUP_COLUMNS)
        self.table = DataTable(self.model)
        layout.addWidget(self.table, 1)
        server = on_server()
        entries = [("to_file", "备份到…", self.backup_to_file), ("verify", "校验所选", self.verify),
                   ("restore", "从备份恢复…", self.restore), ("open", "打开备份文件夹", self.open_folder)]
        row, self.buttons = button_row(entries[1:] if server else entries)
        self.backup_button = primary_button("导出整个数据库…" if server else "立即备份")
        self.backup_button.setAutoDefault(False)
        self.backup_button.clicked.connect(self.backup_to_file if server else self.backup_now)
        row.insertWidget(0, self.backup_button)
        layout.addLayout(row)
        layout.addWidget(close_box(self))
        for button in (self.backup_button, self.buttons.get("to_file")):
            if button is not None and not actor.may("backup"):
                button.setEnabled(False)
                button.setToolTip("只有管理员可以备份数据（备份含全部身份证号、电话和密码哈希）")
        if not actor.may("restore"):
            self.buttons["restore"].setEnabled(False)
            self.buttons["restore"].setToolTip("只有管理员可以从备份恢复数据")
        if server:
            self.banner.show_message("服务器模式：数据在服务器上，日常备份应由服务器负责；"
                                     "这里可以把整个数据库导出为一个文件，需要时用“从备份恢复”导入。")
        self.refresh()
        fit_on_screen(self, 820, 480)

    def _where(self) -> str:
        settings = get_settings()
        second = settings["backup.second_folder"] or "未设置"
        return (f"备份文件夹：{self.folder}\n第二备份位置：{second}　　自动备份保留 {settings['backup.keep']} 天"
                "（每天一份，退出程序时更新；可在“设置 → 备份与安全”中修改）")

    def refresh(self) -> None:
        self.model.set_rows(backup.list_backups(self.folder) if self.folder.exists() else [])

    def selected(self) -> BackupInfo | None:
        return self.model.row_at(self.table.current_row())

    # ---------------------------------------------------------------- backup
    def backup_now(self) -> None:
        worker.run_with_progress(self, "正在备份数据…", backup.backup_now, self.actor,
                                 on_done=self._backed_up, on_error=lambda exc: show_failure(self, exc, "备份未完成"))

    def backup_to_file(self) -> None:
        prefix = "服务器导出" if on_server() else "消协数据备份"
        start = str(Path.home() / f"{prefix}-{backup.stamp()}.zip")
        path, _ = QFileDialog.getSaveFileName(self, "备份到", start, "备份文件 (*.zip)")
        if path:
            target = Path(path) if path.lower().endswith(".zip") else Path(path + ".zip")
            worker.run_with_progress(self, "正在备份数据…", backup.backup_now, self.actor, target,
                                     on_done=self._backed_up, on_error=lambda exc: show_failure(self, exc, "备份未完成"))

    def _backed_up(self, result: backup.BackupResult) -> None:
        self.refresh()
        QMessageBox.information(self, "备份完成", _describe(result))

    def verify(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        problems = backup.verify_backup(chosen.path)
        if problems:
            QMessageBox.warning(self, "备份已损坏", "此备份未通过校验：\n" + "\n".join(problems[:8]))
        else:
            QMessageBox.information(self, "校验通过", f"{chosen.path.name} 的每个文件都与备份时记录的校验值一致。")

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # ---------------------------------------------------------------- restore
    def restore(self) -> None:
        chosen = self.selected()
        start = str(chosen.path) if chosen else str(self.folder)
        path, _ = QFileDialog.getOpenFileName(self, "选择要恢复的备份", start, "备份文件 (*.zip *.sqlite3 *.db)")
        if not path:
            return
        try:
            manifest = backup.read_manifest(Path(path)) if path.lower().endswith(".zip") else None
        except backup.BackupFailed as exc:
            show_failure(self, exc, "不能恢复")
            return
        what = (f"备份时间：{manifest['created_at'].replace('T', ' ')}，案件 {manifest['counts'].get('complaint_case', 0)} 件"
                if manifest else f"数据库文件：{Path(path).name}")
        others = "\n服务器模式：请先让其他电脑上的用户退出程序。" if on_server() else ""
        if not confirm(self, "从备份恢复", f"将用备份替换当前的全部数据。\n{what}\n\n当前数据会先自动备份；"
                       f"恢复完成后程序将重新启动。{others}\n确定要恢复吗？", "恢复", "取消", default_no=True):
            return
        run_restore(self, self.actor, Path(path))


def run_restore(parent, actor: Actor, path: Path) -> None:
    """Restore in the background (this thread's connection closed first), then restart."""
    from app.services.restore import restore_server, restore_sqlite

    data_dir = data_folder()

    def call(progress=None):
        if data_dir is not None:
            return restore_sqlite(actor, path, data_dir)
        return restore_server(actor, path, default_data_dir() / "backups")
    release_connection()

    def done(result) -> None:
        lines = [f"已从 {path.name} 恢复：案件 {result.counts.get('complaint_case', 0)} 件。"]
        if result.safety_backup:
            lines.append(f"恢复前的数据已备份到：{result.safety_backup}")
        if result.migrated_from:
            lines.append(f"备份的数据结构较旧（版本 {result.migrated_from}），已自动升级。")
        lines += [f"注意：{w}" for w in result.warnings]
        if result.missing_attachments:
            lines.append(f"注意：有 {len(result.missing_attachments)} 个附件在备份中也找不到。")
        QMessageBox.information(parent, "恢复完成", "\n".join(lines) + "\n\n程序将重新启动，请重新登录。")
        restart_program()

    worker.run_with_progress(parent, "正在恢复数据，请勿关闭程序…", call, cancellable=False, on_done=done,
                             on_error=lambda exc: show_failure(parent, exc, "恢复未完成"))


_restart = {"requested": False, "backup": False}


def restart_program(backup_on_exit: bool = False) -> None:
    """End this session so that the program starts again: the new process is started by
    `after_exit` once this one has let go of the data. After a restore the windows close without
    the unsaved-changes prompt — what was typed belongs to the data just replaced — and without
    the exit backup."""
    _restart.update(requested=True, backup=backup_on_exit)
    if not backup_on_exit:
        for widget in QApplication.topLevelWidgets():
            if hasattr(widget, "ask_before_closing"):
                widget.ask_before_closing = False
    QApplication.quit()


def restart_requested() -> bool:
    return _restart["requested"]


def backup_before_restart() -> bool:
    return _restart["backup"]


def relaunch_command() -> tuple[str, list[str]]:
    """The command that started this process: the installed program, or python with main.py
    (made absolute, so that it does not depend on the working folder)."""
    if getattr(sys, "frozen", False):
        return sys.executable, sys.argv[1:]
    script = Path(sys.argv[0])
    first = str(script.resolve()) if script.is_file() else sys.argv[0]
    return sys.executable, [first, *sys.argv[1:]]


def relaunch() -> bool:
    program, arguments = relaunch_command()
    started = QProcess.startDetached(program, arguments, str(Path.cwd()))
    return bool(started[0] if isinstance(started, tuple) else started)


# ---------------------------------------------------------------- automatic backups
def run_exit_backup(parent=None) -> backup.BackupResult | None:
    """On exit: refresh today's automatic backup (skipped when nothing changed). Runs on the UI
    thread after the main window closed, with a small progress window; a failure is shown."""
    dialog = QProgressDialog("正在备份数据…", "", 0, 0, parent)
    dialog.setWindowTitle("退出前备份")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(300)

    def progress(done: int, total: int, text: str = "") -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        QApplication.processEvents()
    try:
        return backup.automatic_backup(progress=progress)
    except Exception as exc:  # noqa: BLE001 - the clerk must know the backup failed
        QMessageBox.warning(parent, "自动备份未完成", f"退出前的自动备份没有完成：{exc}\n数据本身不受影响。")
        return None
    finally:
        dialog.hide()
        dialog.deleteLater()


class DailyBackups(QObject):
    """While the program runs: today's automatic backup soon after start, then checked hourly
    (a PC left on overnight makes the next day's). Failures go to the status bar."""

    def __init__(self, window):
        super().__init__(window)
        self.hourly, self.first = QTimer(self), QTimer(self)
        self.hourly.setInterval(DAILY_CHECK_MS)
        self.first.setSingleShot(True)
        for timer in (self.hourly, self.first):
            timer.timeout.connect(self.run)
        self.hourly.start()
        self.first.start(30_000)

    def run(self) -> None:
        worker.run_in_background(backup.automatic_backup, on_error=self.failed)

    def failed(self, exc: Exception) -> None:
        self.parent().statusBar().showMessage(f"自动备份未完成：{exc}", 60_000)


def start_daily_backups(window) -> DailyBackups:
    return DailyBackups(window)
