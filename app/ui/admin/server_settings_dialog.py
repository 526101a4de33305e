"""服务器设置: this PC keeps its data in its own file, or works on the office's PostgreSQL server
(every PC of the office then sees the same cases). Saved per Windows/Linux user and used from the
next start; the password is stored apart from the address (see app/db/server_config.py, reached through app/services/data_access.py)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup, QHBoxLayout, QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from app.services import data_access
from app.services.data_access import ServerSettings
from app.ui import worker
from app.ui.dialogs import FormDialog
from app.ui.forms import FieldRegistry, FormSection
from app.ui.widgets import Banner, muted_label

DEFAULT_DATABASE = ServerSettings().database


class ServerSettingsDialog(FormDialog):
    def __init__(self, parent=None, folder=None):
        super().__init__("服务器设置", parent, save_text="保存")
        self.folder = folder
        self.fields = FieldRegistry()
        layout = QVBoxLayout(self)
        self.banner = Banner("warning")
        layout.addWidget(self.banner)
        mode = FormSection("数据存放在哪里", pairs=1)
        self.single = QRadioButton("本机（数据文件在这台电脑上，只有这台电脑使用）")
        self.server = QRadioButton("服务器（单位的 PostgreSQL 服务器，多台电脑共用同一份数据）")
        group = QButtonGroup(self)
        group.addButton(self.single)
        group.addButton(self.server)
        mode.add_widget(self.single)
        mode.add_widget(self.server)
        layout.addWidget(mode)
        self.section = FormSection("服务器地址", pairs=1)
        self.host, self.database, self.user, self.schema = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setMaximumWidth(120)
        f = self.fields
        f.add(self.section, "host", "服务器", self.host, required=True, hint="如 192.168.1.10 或 server01",
              check=lambda: None if self.host.text().strip() or not self.server.isChecked() else "请填写服务器地址")
        f.add(self.section, "port", "端口", self.port)
        f.add(self.section, "database", "数据库名", self.database, hint=f"留空即为 {DEFAULT_DATABASE}")
        self.database.setPlaceholderText(DEFAULT_DATABASE)     # a placeholder: typing does not append to it
        f.add(self.section, "user", "用户名", self.user, required=True)
        f.add(self.section, "password", "密码", self.password, hint="服务器信任本机时可不填")
        f.add(self.section, "schema", "模式（可选）", self.schema, hint="一台服务器存放多个单位的数据时填写")
        row = QWidget()
        test_row = QHBoxLayout(row)
        test_row.setContentsMargins(0, 0, 0, 0)
        self.test_button = QPushButton("测试连接")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = muted_label()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        self.section.add_widget(row)
        layout.addWidget(self.section)
        if folder is not None:
            layout.addWidget(muted_label(f"本设置保存在数据文件夹 {folder} 中，用该文件夹启动程序时生效。"))
        layout.addWidget(muted_label("保存后，重新启动程序时生效。第一次连接新的服务器时，程序会自动建立数据表。"
                                     "原来在本机的数据可先“备份”，再在服务器模式下“从备份恢复”，即可迁移到服务器。"))
        layout.addWidget(self.buttons)
        self.server.toggled.connect(self._mode_changed)
        self._load()
        self.setMinimumWidth(560)

    def _load(self) -> None:
        saved = data_access.saved_server(self.folder)
        shown = saved or ServerSettings(database="")
        self.host.setText(shown.host)
        self.port.setValue(shown.port)
        self.database.setText(shown.database)
        self.user.setText(shown.user)
        self.password.setText(shown.password)
        self.schema.setText(shown.schema)
        (self.server if saved else self.single).setChecked(True)
        self._mode_changed()
        self._loaded = self.current()

    def _mode_changed(self) -> None:
        self.section.setEnabled(self.server.isChecked())

    def current(self) -> ServerSettings | None:
        if not self.server.isChecked():
            return None
        return ServerSettings(self.host.text().strip(), self.port.value(),
                              self.database.text().strip() or DEFAULT_DATABASE,
                              self.user.text().strip(), self.password.text(), self.schema.text().strip())

    def is_dirty(self) -> bool:
        return self.current() != self._loaded

    def _missing(self) -> dict[str, str]:
        settings = self.current()
        if settings is None:
            return {}
        missing = {key: f"请填写{label}" for key, label, value in (
            ("host", "服务器地址", settings.host), ("user", "用户名", settings.user)) if not value}
        self.fields.show_errors(missing)
        return missing

    def test_connection(self) -> None:
        if self._missing():
            return
        self.test_button.setEnabled(False)
        self.banner.show_message("")               # an earlier failure is not this attempt's answer
        self.test_result.setText("正在连接…")
        worker.run_in_background(data_access.try_server, self.current(),
                                 on_done=self._tested, on_error=self._test_failed)

    def _tested(self, version: str) -> None:
        self.test_button.setEnabled(True)
        self.banner.show_message("")
        self.test_result.setText(f"连接成功（PostgreSQL {version}）")

    def _test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText("")
        self.banner.show_message(str(exc))

    def save(self) -> bool:
        if self._missing():
            return False
        data_access.save_server(self.current(), self.folder)
        return True
