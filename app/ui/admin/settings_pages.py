"""Settings pages with their own save: the holiday table (one year's schedule at a time) and
the classification dictionaries (labels, active flag, new entries)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QSplitter, QVBoxLayout,
    QWidget,
)

from app.domain.calendar import missing_festivals
from app.domain.codes import CATEGORY_LEVELS, DICTIONARY_KINDS, HOLIDAY_DAY_KINDS, HOLIDAY_SOURCES
from app.domain.errors import ValidationFailed
from app.services.context import Actor, today
from app.services.settings import (
    add_dictionary_entry, dictionary, holiday_years, holidays_of_year, set_dictionary_label, set_year_schedule,
)
from app.ui import worker
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, CodeCombo, DataTable, DateEdit, muted_label, primary_button



def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row


def year_summary(year: int, days: list[dict]) -> str:
    """What a year's table holds, and what it still lacks before it counts as entered."""
    holidays = [d["day"] for d in days if d["kind"] == "holiday"]
    if not days:
        return f"{year}年：尚未录入"
    text = f"{year}年：放假 {len(holidays)} 天，调休上班 {len(days) - len(holidays)} 天"
    missing = missing_festivals(year, holidays)
    if missing:
        text += f"；尚缺{'、'.join(missing)}（全部录入后该年才算录入完成）"
    return text


class HolidaysPage(QWidget):
    """The office's holiday table; a year missing here is counted Monday–Friday with a warning."""

    recomputed = Signal()      # a saved schedule changed the open cases' deadlines

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.year: int | None = None
        self.days: list[dict] = []
        self._saved_days: list[dict] = []
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label("国务院办公厅一般在每年11月前后公布下一年的放假安排。公布后请在此录入该年的"
                                     "放假日期和调休上班日期；保存后，办理中案件的期限会重新计算。"))
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.years = ListTableModel([
            Column("year", "年份", 60, text=lambda y: f"{y.year}年"),
            Column("source", "来源", 90, text=lambda y: HOLIDAY_SOURCES.label(y.source), stretch=True)])
        self.years_table = DataTable(self.years)
        self.years_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._year_chosen(cur.row()))
        left_layout.addWidget(self.years_table, 1)
        self.new_year = QSpinBox()
        self.new_year.setRange(2004, 2100)
        self.new_year.setSuffix(" 年")
        self.add_year_button = QPushButton("录入新年份")
        self.add_year_button.clicked.connect(lambda: self.show_year(self.new_year.value()))
        left_layout.addLayout(_row(self.new_year, self.add_year_button))
        self.notice_button = QPushButton("从国务院通知导入…")
        self.notice_button.setToolTip("粘贴或打开国务院办公厅的放假通知，自动识别放假和调休上班日期")
        self.notice_button.clicked.connect(self.import_notice)
        left_layout.addWidget(self.notice_button)
        self.notice_dialog = None
        splitter.addWidget(left)
        splitter.addWidget(self._days_panel())
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.reload_years()

    def _days_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.year_title = QLabel()
        self.year_title.setWordWrap(True)         # a long "尚缺…" wraps instead of widening the dialog,
        self.year_title.setMinimumHeight(self.year_title.fontMetrics().lineSpacing() * 2 + 4)   # in place
        layout.addWidget(self.year_title)
        self.days_model = ListTableModel([
            Column("day", "日期", 100, sort_key="day"),
            Column("weekday", "星期", 50, text=lambda d: "一二三四五六日"[d["day"].weekday()]),
            Column("kind", "类型", 80, text=lambda d: HOLIDAY_DAY_KINDS.label(d["kind"])),
            Column("name", "名称", 120, stretch=True)])
        self.days_model.sort_column = "day"
        self.days_table = DataTable(self.days_model)
        layout.addWidget(self.days_table, 1)
        self.day_edit, self.kind, self.name = DateEdit(today()), CodeCombo(HOLIDAY_DAY_KINDS), QLineEdit()
        self.name.setPlaceholderText("如：春节")
        self.add_button, self.remove_button = QPushButton("添加"), QPushButton("删除所选")
        self.add_button.clicked.connect(self.add_day)
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addLayout(_row(self.day_edit, self.kind, self.name, self.add_button, self.remove_button))
        self.save_button = primary_button("保存该年安排")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save_year())   # `checked` must not become `wait`
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        return panel

    def reload_years(self) -> None:
        years = holiday_years()
        self.years.set_rows(years)
        covered = {y.year for y in years}
        self.new_year.setValue(next(y for y in range(today().year, 2101) if y not in covered))
        if years and self.year is None:
            self.years_table.selectRow(len(years) - 1)

    def import_notice(self) -> None:
        from app.ui.holiday_notice_dialog import HolidayNoticeDialog

        self.notice_dialog = HolidayNoticeDialog(self.actor, self)
        self.notice_dialog.saved_year.connect(self._notice_saved)
        self.notice_dialog.open()

    def _notice_saved(self, year: int) -> None:
        """The notice replaced the year: show it as saved (nothing typed here is lost unasked)."""
        if self.year == year:
            self._saved_days = list(self.days)     # the saved table replaces what was on screen
        self.reload_years()
        if not self.is_dirty():
            self.show_year(year)
        self.recomputed.emit()

    def _year_chosen(self, row: int) -> None:
        entry = self.years.row_at(row)
        if entry is not None and entry.year != self.year:
            self.show_year(entry.year)

    def show_year(self, year: int) -> None:
        if self.is_dirty() and QMessageBox.question(self, "尚未保存", f"{self.year}年的修改尚未保存，要放弃吗？") \
                != QMessageBox.StandardButton.Yes:
            return
        self.year = year
        self.days = [{"day": h.day, "kind": "workday" if h.is_workday else "holiday", "name": h.name}
                     for h in holidays_of_year(year)]
        self._saved_days = list(self.days)
        self.days_model.set_rows(self.days)
        self.year_title.setText(year_summary(year, self.days))
        self.day_edit.set_value(self.day_edit.value().replace(year=year))
        self.banner.show_message("")

    def add_day(self) -> None:
        if not self.day_edit.commit():          # a wrong date stays typed: nothing is added for it
            return
        day = self.day_edit.value()
        if self.year is None or day.year != self.year:
            self.banner.show_message(f"请添加 {self.year} 年的日期")
            return
        self.days = [d for d in self.days if d["day"] != day] + [
            {"day": day, "kind": self.kind.code(), "name": self.name.text().strip()}]
        self.days_model.set_rows(self.days)
        self.year_title.setText(year_summary(self.year, self.days))
        self.banner.show_message("")

    def remove_selected(self) -> None:
        entry = self.days_model.row_at(self.days_table.current_row())
        if entry is not None:
            self.days = [d for d in self.days if d is not entry]
            self.days_model.set_rows(self.days)
            self.year_title.setText(year_summary(self.year, self.days))

    def is_dirty(self) -> bool:
        return self.days != self._saved_days

    def save_year(self, wait: bool = False):
        """Saved off the UI thread: the deadlines of every open case are recomputed."""
        self.banner.show_message("")
        holidays = [(d["day"], d["name"]) for d in self.days if d["kind"] == "holiday"]
        workdays = [(d["day"], d["name"]) for d in self.days if d["kind"] == "workday"]
        year, sent = self.year, list(self.days)
        return worker.run_with_progress(self, f"正在保存{year}年节假日安排并重新计算期限…", set_year_schedule,
                                        self.actor, year, holidays, workdays,
                                        on_done=lambda changed: self._saved(year, changed, sent),
                                        on_error=self._failed, cancellable=False)

    def _saved(self, year: int, changed: int, sent: list[dict]) -> None:
        self._saved_days = sent        # what was sent is saved; a day added meanwhile is still to save
        self.reload_years()
        self.banner.show_message("")
        self.year_title.setText(f"{year}年安排已保存，{changed} 件办理中案件的期限已重新计算。"
                                + year_summary(year, self.days))
        self.recomputed.emit()

    def _failed(self, exc: Exception) -> None:
        self.banner.show_message(exc.message if isinstance(exc, ValidationFailed) else f"保存失败：{exc}")


class DictionaryPage(QWidget):
    """Labels change over the years (人格尊严 → 人格权益); codes never do."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label("分类的代码固定不变，统计按代码汇总；名称可以修改，停用的分类不再出现在登记表中。"))
        self.banner = Banner("error")
        layout.addWidget(self.banner)
        self.kind = CodeCombo(DICTIONARY_KINDS)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        layout.addLayout(_row(QLabel("分类表："), self.kind))
        self.labels: dict[str, str] = {}
        self.model = ListTableModel([
            Column("code", "代码", 70), Column("label", "名称", 200, stretch=True),
            Column("level", "层级", 60, text=lambda e: CATEGORY_LEVELS.label(e.level) if e.level else ""),
            Column("parent", "上级", 140, text=lambda e: self.labels.get(e.parent or "", "")),
            Column("active", "状态", 60, text=lambda e: "启用" if e.active else "停用")])
        self.table = DataTable(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._chosen(cur.row()))
        layout.addWidget(self.table, 1)
        self.label_edit, self.active = QLineEdit(), QCheckBox("启用")
        save = QPushButton("保存名称和状态")
        save.clicked.connect(self.save_entry)
        layout.addLayout(_row(QLabel("名称："), self.label_edit, self.active, save))
        self.new_label, self.parent_combo = QLineEdit(), CodeCombo([])
        self.new_label.setPlaceholderText("新分类的名称")
        add = QPushButton("新增")
        add.clicked.connect(self.add_entry)
        self.parent_label = QLabel("所属大类：")
        layout.addLayout(_row(QLabel("新增："), self.new_label, self.parent_label, self.parent_combo, add))
        self.reload()

    def reload(self, select_code: str | None = None) -> None:
        kind = self.kind.code()
        entries = dictionary(kind)
        self.labels = {e.code: e.label for e in entries}
        self.model.set_rows(entries)
        is_category = kind == "category"
        self.parent_label.setVisible(is_category)
        self.parent_combo.setVisible(is_category)
        if is_category:
            self.parent_combo.set_pairs([(e.code, e.label) for e in entries if e.level == "major"])
        if select_code:
            row = next((i for i, e in enumerate(entries) if e.code == select_code), -1)
            self.table.selectRow(row)

    def _chosen(self, row: int) -> None:
        entry = self.model.row_at(row)
        if entry is not None:
            self.label_edit.setText(entry.label)
            self.active.setChecked(entry.active)

    def save_entry(self) -> None:
        entry = self.model.row_at(self.table.current_row())
        if entry is None:
            self.banner.show_message("请先在表中选择一个分类")
            return
        try:
            set_dictionary_label(self.actor, self.kind.code(), entry.code, self.label_edit.text(),
                                 self.active.isChecked())
        except ValidationFailed as exc:
            self.banner.show_message(exc.message)
            return
        self.banner.show_message("")
        self.reload(entry.code)

    def add_entry(self) -> None:
        parent = self.parent_combo.code() if self.kind.code() == "category" else None
        try:
            code = add_dictionary_entry(self.actor, self.kind.code(), self.new_label.text(), parent)
        except ValidationFailed as exc:
            self.banner.show_message(exc.message)
            return
        self.banner.show_message("")
        self.new_label.clear()
        self.reload(code)
