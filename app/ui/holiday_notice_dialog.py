"""设置 → 节假日 → 从通知导入: paste the State Council's notice (or open a saved .txt/.docx/.pdf),
see the year as the program understood it, save on confirmation. Saving recomputes every open
case's deadlines off the UI thread and says how many changed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QPushButton, QSpinBox, QSplitter,
    QVBoxLayout, QWidget,
)

from app.domain.errors import ValidationFailed
from app.domain.holiday_notice import LAST_YEAR
from app.services.context import Actor
from app.services.holiday_notice import NoticePreview, preview_notice, save_notice
from app.services.notice_files import read_notice_file
from app.ui import worker
from app.ui.widgets import Banner, muted_label, primary_button, title_label
from app.ui.year_calendar import KIND_COLOURS, YearCalendar
from app.ui.screen_fit import fit_on_screen
from app.ui.file_places import remember, start_at

FILE_FILTER = "放假通知 (*.txt *.docx *.pdf);;所有文件 (*)"
AUTO_YEAR = 2003          # the spin box's "按通知" position (chinesecalendar starts at 2004)


def _legend() -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for kind, text in (("holiday", "休 放假"), ("workday", "班 调休上班")):
        fg, bg = KIND_COLOURS[kind]
        label = QLabel(f"<span style='color:{fg};background:{bg}'>&nbsp;{text}&nbsp;</span>")
        row.addWidget(label)
    row.addWidget(QLabel("<span style='color:#9aa0a6'>灰字 周末</span>"))
    row.addWidget(QLabel("<span style='border:1px solid #1f6feb'>蓝框</span> 与现有安排不同"))
    row.addStretch(1)
    return holder


class HolidayNoticeDialog(QDialog):
    saved_year = Signal(int)

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.preview: NoticePreview | None = None
        self.setWindowTitle("从国务院放假通知导入节假日安排")
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(
            "把国务院办公厅《关于某年部分节假日安排的通知》的正文粘贴到左边（或打开保存的 .txt、.docx、.pdf 文件），"
            "点“识别”后在右边核对放假和调休上班日期，确认无误再保存。"))
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        splitter = QSplitter()
        splitter.addWidget(self._input_panel())
        splitter.addWidget(self._preview_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 760])
        layout.addWidget(splitter, 1)
        self.save_button = primary_button("保存该年安排(&S)")
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("关闭")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        self.result_label = QLabel()
        buttons.addWidget(self.result_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        fit_on_screen(self, 1180, 680)

    def _input_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("在此粘贴通知全文，如：\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
                                     "二、春节：……放假调休，共8天。2月20日（周六）上班。")
        self.text.textChanged.connect(self._text_changed)
        column.addWidget(self.text, 1)
        self.year = QSpinBox()
        self.year.setRange(AUTO_YEAR, LAST_YEAR)
        self.year.setSpecialValueText("按通知中的年份")
        self.year.setSuffix(" 年")
        self.year.setValue(AUTO_YEAR)
        self.year.valueChanged.connect(self._text_changed)
        self.open_button = QPushButton("打开文件…")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_file)
        self.read_button = QPushButton("识别")
        self.read_button.setAutoDefault(False)
        self.read_button.clicked.connect(self.read_text)
        row = QHBoxLayout()
        row.addWidget(QLabel("年份："))
        row.addWidget(self.year)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.read_button)
        column.addLayout(row)
        return panel

    def _preview_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = title_label("尚未识别")
        column.addWidget(self.summary)
        self.calendar = YearCalendar()
        column.addWidget(self.calendar, 3)
        column.addWidget(_legend())
        self.items = QListWidget()
        self.items.setWordWrap(True)
        column.addWidget(self.items, 1)
        return panel

    # ---------------------------------------------------------------- reading
    def _text_changed(self) -> None:
        """What was read no longer matches the text: save only what is shown."""
        if self.preview is not None:
            self.preview = None
            self.save_button.setEnabled(False)
            self.summary.setText("内容已改动，请重新识别")

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开放假通知", start_at(), FILE_FILTER)
        if not path:
            return
        remember(path)
        try:
            text = read_notice_file(path)
        except ValidationFailed as exc:
            self.banner.show_message(exc.message)
            return
        self.text.setPlainText(text)
        self.result_label.setText(f"已打开 {Path(path).name}")
        self.read_text()

    def read_text(self) -> None:
        self.banner.show_message("")
        year = None if self.year.value() == AUTO_YEAR else self.year.value()
        try:
            preview = preview_notice(self.text.toPlainText(), year)
        except ValidationFailed as exc:
            self._show_refusal(exc.message)
            return
        self.preview = preview
        self.summary.setText(preview.summary())
        kinds = {d: "holiday" for d, _ in preview.schedule.holidays()} | {
            d: "workday" for d, _ in preview.schedule.workdays()}
        # a year new to the table differs everywhere: outlines only when it replaces a schedule
        self.calendar.show_year(preview.year, kinds, {c.day for c in preview.changes} if preview.replaces else set())
        self.items.clear()
        self.items.addItems(preview.lines())
        self.save_button.setEnabled(True)
        self.result_label.setText("")

    def _show_refusal(self, message: str) -> None:
        self.preview = None
        self.save_button.setEnabled(False)
        self.banner.show_message(message)
        self.summary.setText("未能识别，没有保存任何内容")
        self.items.clear()
        self.calendar.show_year(self.calendar.year, {})

    # ---------------------------------------------------------------- saving
    def save(self):
        if self.preview is None:
            return None
        schedule = self.preview.schedule
        self.save_button.setEnabled(False)
        return worker.run_with_progress(
            self, f"正在保存{schedule.year}年节假日安排并重新计算期限…", save_notice, self.actor, schedule,
            on_done=lambda changed: self._saved(schedule.year, changed), on_error=self._failed, cancellable=False)

    def _saved(self, year: int, changed: int) -> None:
        self.result_label.setText(f"已保存{year}年节假日安排，{changed} 件办理中案件的期限已重新计算")
        self.summary.setText(f"{year}年安排已保存")
        self.preview = None
        self.saved_year.emit(year)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.preview is not None)
        self.banner.show_message(exc.message if isinstance(exc, ValidationFailed) else f"保存失败：{exc}")

