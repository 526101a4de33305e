"""停用 a user who still mediates open cases: says how many, offers to hand them to another
mediator (the default when someone can take them), or to stop the account and leave the cases
as they are. 取消 is the default button: nothing happens by pressing Enter."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.users import UserRow
from app.ui.widgets import Banner, muted_label


class HandOverDialog(QDialog):
    """After accept(): `hand_to` is the chosen successor's id, or None to stop without handing over."""

    def __init__(self, row: UserRow, open_cases: int, successors: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("停用账户")
        self.hand_to: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"停用 {row.display_name}（{row.username}）的账户后，此人不能再登录。"))
        warning = Banner("warning")
        warning.show_message(f"{row.display_name} 还是 {open_cases} 件未办结案件的调解员。")
        layout.addWidget(warning)
        self.successor = QComboBox()
        for user_id, name in successors:
            self.successor.addItem(name, user_id)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("把这些案件移交给："))
        choose.addWidget(self.successor, 1)
        layout.addLayout(choose)
        layout.addWidget(muted_label("每件案件的操作日志都会记下这次移交。也可以只停用账户，案件的调解员以后再逐件更换。"))
        self.hand_over_button = QPushButton(f"移交 {open_cases} 件并停用")
        self.stop_only_button = QPushButton("仅停用")
        self.cancel_button = QPushButton("取消")
        box = QDialogButtonBox()
        for button, role in ((self.hand_over_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.stop_only_button, QDialogButtonBox.ButtonRole.DestructiveRole),
                             (self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)):
            button.setAutoDefault(False)
            box.addButton(button, role)
        self.cancel_button.setDefault(True)
        self.hand_over_button.clicked.connect(self._hand_over)
        self.stop_only_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        if not successors:
            self.successor.setEnabled(False)
            self.hand_over_button.setEnabled(False)
            self.hand_over_button.setToolTip("没有其他在用的调解员可以接手")
        layout.addWidget(box)
        self.setMinimumWidth(460)

    def _hand_over(self) -> None:
        self.hand_to = self.successor.currentData()
        self.accept()
