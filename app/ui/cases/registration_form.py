"""投诉登记 (Ctrl+N): the complaint form, evidence files, warnings before saving, and nothing
saved until the whole form is valid."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QStackedWidget, QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.services import registration
from app.services.attachments import ALLOWED_SUFFIXES, add_attachment
from app.services.context import Actor
from app.services.warnings import complaint_warnings
from app.ui.cases.complaint_form import ComplaintForm
from app.ui.dialogs import FormDialog, WarningsDialog
from app.ui.forms import FormSection, scrolling
from app.ui.widgets import Banner, muted_label
from app.ui.screen_fit import fit_on_screen
from app.ui.file_places import remember, start_at

IMAGE_AND_PDF = "*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.webp *.heic *.pdf"


def attachment_filter() -> str:
    every = " ".join(f"*{suffix}" for suffix in sorted(ALLOWED_SUFFIXES))
    return f"图片和PDF ({IMAGE_AND_PDF});;所有可添加的文件 ({every})"


class EvidenceFiles(QWidget):
    """Files chosen before the case exists; stored after registration."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setMaximumHeight(90)
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button, self.remove_button = QPushButton("添加文件…"), QPushButton("移除")
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择证据文件", start_at(), attachment_filter())
        remember(paths[0] if paths else None)
        self.add_paths(paths)

    def add_paths(self, paths) -> None:
        for path in paths:
            if path and path not in self.paths():
                item = QListWidgetItem(Path(path).name)
                item.setToolTip(str(path))
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                self.list.addItem(item)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def paths(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]


class RegistrationDialog(FormDialog):
    registered = Signal(int, str)        # case id, case number

    def __init__(self, actor: Actor, parent=None):
        super().__init__("投诉登记", parent, save_text="保存登记")
        self.actor = actor
        self.result = None
        self.problems: list[str] = []
        self._unplaced: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._top_line())
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        self.form = ComplaintForm()
        body_layout.addWidget(self.form)
        evidence = FormSection("证据材料（附件）", pairs=1)
        self.files = EvidenceFiles()
        evidence.add_widget(self.files)
        evidence.add_widget(QLabel("可添加照片、扫描件和 PDF；登记保存后存入案件附件。"))
        body_layout.addWidget(evidence)
        self.scroll = scrolling(body)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        self.form.fields.on_messages_changed.append(self._update_banner)
        self.form.agents.changed.connect(lambda: QTimer.singleShot(0, self.refresh_tab_order))
        fit_on_screen(self, 1080, 760)

    def _top_line(self) -> QStackedWidget:
        """The hint, or in its place the banner saying how many fields still need changing: a
        fixed-height line, so the banner coming and going never moves the form."""
        self.top_line = QStackedWidget()
        self.hint = muted_label("带 * 的为必填项。各项在填写后即时检查，全部无误才会保存。")
        self.banner = Banner("error")
        self.banner.label.setWordWrap(False)
        self.top_line.addWidget(self.hint)
        self.top_line.addWidget(self.banner)
        self.top_line.setFixedHeight(self.banner.sizeHint().height())
        return self.top_line

    def is_dirty(self) -> bool:
        return self.form.is_dirty() or bool(self.files.paths())

    def save(self) -> bool:
        self._show_banner("")
        data = self.form.value()
        local = self.form.fields.check_all()
        try:
            clean = registration.validate_complaint(data)
        except ValidationFailed as exc:
            self._show_errors({**local, **exc.errors} if exc.errors else local, exc.message)
            return False
        if local:
            self._show_errors(local, "")
            return False
        warnings = complaint_warnings(clean)
        if warnings and WarningsDialog(warnings, self).exec() != WarningsDialog.DialogCode.Accepted:
            return False
        try:
            self.result = registration.register(self.actor, data)
        except ValidationFailed as exc:
            self._show_errors(exc.errors, exc.message)
            return False
        self.problems = self._store_files(self.result.case_id)
        self.form.mark_saved()
        self.registered.emit(self.result.case_id, self.result.number)
        return True

    def _store_files(self, case_id: int) -> list[str]:
        problems = []
        for path in self.files.paths():
            try:
                add_attachment(self.actor, case_id, path)
            except (ValidationFailed, OSError) as exc:
                problems.append(f"{Path(path).name}：{exc}")
        return problems

    def _show_errors(self, errors: dict, message: str) -> None:
        self._unplaced = {}
        self._unplaced = self.form.fields.show_errors(errors)
        self._show_banner(self._summary() if errors else message)
        self.form.fields.focus_first_error(self.scroll)

    def _summary(self) -> str:
        count = len(self.form.fields.visible_errors()) + len(self._unplaced)
        if not count:
            return ""
        summary = f"还有 {count} 处需要修改，已在相应栏目旁用红字标出。"
        if self._unplaced:
            summary += " " + "；".join(self._unplaced.values())
        return summary

    def _update_banner(self) -> None:
        """Once the banner counts what is left, it counts again as each field is put right."""
        if self.banner.text().startswith("还有"):
            self._show_banner(self._summary())

    def _show_banner(self, message: str) -> None:
        self.banner.show_message(message)
        self.banner.setToolTip(message)
        self.top_line.setCurrentWidget(self.banner if message else self.hint)
