"""Office mode in the client: which database to open (this PC's file or the saved server), the
login step, the 管理 menu (users, audit log, backups, server, own password) and the automatic
backups (daily while running, on exit). app/ui/app.py calls these at start-up and exit."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
# QMessageBox and QDialog are imported where used: first touched, they have PySide6 build their
# enums, which the start-up does not need before the case list is painted.
from PySide6.QtWidgets import QApplication, QWidget

from app import APP_NAME
from app.services import data_access
from app.services.context import Actor


# Where 服务器设置 is kept: the --data-dir folder when one was given, else the user's own folder.
_settings_folder: dict[str, Path | None] = {"path": None}


def database_url(args) -> str | None:
    """--database, else the server saved in 服务器设置 of the data folder (--data-dir, or the
    user's own folder); None: that folder's own data file."""
    if getattr(args, "database", None):
        return args.database
    return data_access.saved_server_url(settings_folder(args))


def settings_folder(args) -> Path | None:
    return Path(args.data_dir) if getattr(args, "data_dir", None) else None


def open_server_settings(parent: QWidget | None = None) -> bool:
    """The dialog; once saved, the program can start again at once with the new setting."""
    from PySide6.QtWidgets import QDialog
    from app.ui.admin.server_settings_dialog import ServerSettingsDialog
    from app.ui.widgets import confirm

    dialog = ServerSettingsDialog(parent, folder=_settings_folder["path"])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if confirm(parent, "服务器设置", "已保存，重新启动程序后生效。现在重新启动吗？", "现在重新启动", "稍后"):
        restart_now(parent)
    return True


def restart_now(parent: QWidget | None) -> None:
    """With the main window open: close it (asking about unsaved input, then the exit backup) and
    start again. Before it (the login, a server that could not be reached): start again now and
    end this start-up."""
    from PySide6.QtWidgets import QDialog, QMessageBox
    from app.ui.admin.backup_dialog import relaunch, restart_program

    if any(hasattr(w, "ask_before_closing") and w.isVisible() for w in QApplication.topLevelWidgets()):
        restart_program(backup_on_exit=True)
        return
    if not relaunch():
        QMessageBox.warning(parent, APP_NAME, "程序未能自动重新启动，请手动启动程序。")
    elif isinstance(parent, QDialog):
        parent.reject()            # the login ends; this process exits, the new one shows the login


def open_database_for_gui(args):
    """The database for this session; when the saved server cannot be reached, the clerk may
    correct the server settings (used at the next start). None: nothing could be opened."""
    _settings_folder["path"] = settings_folder(args)
    url = database_url(args)
    try:
        return data_access.open_data(args.data_dir, url)
    except Exception as exc:  # noqa: BLE001 - shown to the clerk, not a traceback
        from PySide6.QtWidgets import QMessageBox
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, f"无法打开数据库：{exc}")
        settings = box.addButton("服务器设置…", QMessageBox.ButtonRole.ActionRole) if url else None
        box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if settings is not None and box.clickedButton() is settings:
            open_server_settings()
        return None


def login(opened) -> Actor | None:
    from app.ui.admin.login_dialog import login_flow
    return login_flow(opened.location, server_settings=open_server_settings)


class OfficeMenu(QObject):
    """The 管理 menu of a main window. Its slots are methods of this child object rather than
    lambdas holding the window, so nothing keeps the window alive after it is closed."""

    ENTRIES = (("用户管理(&U)…", "users", "open_users"), ("审计日志(&A)…", "audit", "open_audit"),
               ("备份与恢复(&B)…", "backup", "open_backup"), ("服务器设置(&S)…", "settings", "open_server"))

    def __init__(self, window):
        super().__init__(window)
        self.actor: Actor = window.actor
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
        self.menu = bar.addMenu("管理(&M)")
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)
        for text, permission, slot in self.ENTRIES:
            action = self.menu.addAction(text)
            action.triggered.connect(getattr(self, slot))
            action.setEnabled(self.actor.may(permission))
            if not self.actor.may(permission):
                action.setStatusTip("当前用户的角色不能使用此功能")
        self.menu.addSeparator()
        password = self.menu.addAction("修改密码(&P)…")
        password.triggered.connect(self.change_password)
        password.setEnabled(self.actor.user_id is not None)

    def window(self):
        return self.parent()

    def open_users(self) -> None:
        from app.ui.admin.users_dialog import UsersDialog
        UsersDialog(self.actor, self.window()).exec()
        self.window().refresh()          # cases handed to another mediator show their new name

    def open_audit(self) -> None:
        from app.ui.admin.audit_viewer import AuditViewer
        AuditViewer(self.actor, self.window()).exec()

    def open_backup(self) -> None:
        from app.ui.admin.backup_dialog import BackupDialog
        BackupDialog(self.actor, self.window()).exec()

    def open_server(self) -> None:
        open_server_settings(self.window())

    def change_password(self) -> None:
        from PySide6.QtWidgets import QDialog
        from app.ui.admin.login_dialog import ChangePasswordDialog
        if ChangePasswordDialog(self.actor, parent=self.window()).exec() == QDialog.DialogCode.Accepted:
            self.window().statusBar().showMessage("密码已修改", 10_000)


def install(window) -> None:
    """The 管理 menu before 帮助, and the daily automatic backup."""
    from app.ui.admin.backup_dialog import start_daily_backups

    window.office_menu = OfficeMenu(window).menu
    window.daily_backup_timer = start_daily_backups(window)


def after_exit() -> None:
    """The main window has closed: refresh today's automatic backup (single PC only); then, when
    asked for, start the program again. After a restore there is no exit backup: the data has
    just come from one, and the data as it was before is in the 恢复前备份."""
    from PySide6.QtWidgets import QMessageBox
    from app.ui.admin.backup_dialog import backup_before_restart, relaunch, restart_requested, run_exit_backup
    if not restart_requested() or backup_before_restart():
        run_exit_backup()
    if restart_requested() and not relaunch():
        QMessageBox.warning(None, APP_NAME, "数据已恢复，但程序未能自动重新启动，请手动启动程序。")
