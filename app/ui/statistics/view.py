"""统计报表: pick a period (month, quarter, year or any range) and a handling unit, read the
headline figures beside last year's, look at one breakdown as a chart and a table, and export the
report workbook, the ledger, or a blank ledger template; import a ledger."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox, QSplitter,
    QVBoxLayout, QWidget,
)

from app.domain import periods
from app.domain.codes import INDICATORS, PERIOD_KINDS
from app.domain.money import format_yuan
from app.services.context import Actor, today
from app.services.lookups import choices
from app.services.settings import get_settings
from app.ui import worker
from app.ui.date_field import commit_typed_dates
from app.ui.statistics.chart import Bar, BarChart
from app.ui.table_model import Column, ListTableModel
from app.ui.widgets import Banner, CodeCombo, DataTable, DateEdit, muted_label, primary_button, show_failure, title_label
from app.ui.file_places import remember, start_at

BREAKDOWN_ROWS = 6       # rows of a breakdown always in view, however short the screen
CHART_TABLES = ("nature", "goods", "services", "channel", "outcome", "category_top", "minor_top", "satisfaction")


class PeriodPicker(QWidget):
    """月报 2026年11月 / 季报 2026年第四季度 / 年报 2026年 / 任意期间 from–to."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        now = today()
        last_month = periods.last_complete_month(now).start       # what a monthly report is made for
        self.kind = CodeCombo(PERIOD_KINDS)
        self.year = QSpinBox()
        self.year.setRange(2000, now.year + 1)
        self.year.setValue(last_month.year)
        self.year.setSuffix(" 年")
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(last_month.month)
        self.month.setSuffix(" 月")
        self.quarter = CodeCombo([(str(q), name) for q, name in enumerate(periods.QUARTER_NAMES, 1)])
        self.quarter.set_code(str((periods.last_complete_quarter(now).start.month - 1) // 3 + 1))
        self.date_from = DateEdit(date(now.year, 1, 1))
        self.date_to = DateEdit(now)
        self.to_label = QLabel("至")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.year, self.month, self.quarter, self.date_from, self.to_label, self.date_to):
            layout.addWidget(widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.year.valueChanged, self.month.valueChanged, self.quarter.currentIndexChanged,
                       self.date_from.dateChanged, self.date_to.dateChanged):
            signal.connect(lambda *_: self.changed.emit())
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.code()
        self.year.setVisible(kind != "range")
        self.month.setVisible(kind == "month")
        self.quarter.setVisible(kind == "quarter")
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(kind == "range")
        self.changed.emit()

    def set_month(self, year: int, month: int) -> None:
        self.kind.set_code("month")
        self.year.setValue(year)
        self.month.setValue(month)

    def period(self) -> periods.Period:
        kind, year = self.kind.code(), self.year.value()
        if kind == "month":
            return periods.month(year, self.month.value())
        if kind == "quarter":
            return periods.quarter(year, int(self.quarter.code()))
        if kind == "year":
            return periods.year(year)
        return periods.date_range(self.date_from.value(), self.date_to.value())


class FigureTile(QFrame):
    """One headline figure: its name, the value large, last year's beside it."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setStyleSheet("QFrame#figureTile { background: #ffffff; border: 1px solid #dfe3e8; border-radius: 6px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.title = muted_label(title)
        self.value = QLabel("—")
        self.value.setStyleSheet("QLabel { font-size: 17pt; font-weight: bold; color: #1f2328; }")
        self.detail = muted_label("")
        for widget in (self.title, self.value, self.detail):
            layout.addWidget(widget)

    def show_figure(self, value: str, detail: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)


def _arrow(change, unit: str = "") -> str:
    if change is None:
        return ""
    if change == 0:
        return "持平"
    return f"{'↑' if change > 0 else '↓'}{abs(change)}{unit}"


def _number(value, suffix: str) -> str:
    if value is None:
        return "—"
    return f"{value}{suffix}"


class StatisticsScreen(QWidget):
    """The statistics tab of the main window (also usable on its own)."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.report = None
        self.picker = PeriodPicker()
        self.unit = CodeCombo(choices("unit"), empty="全部承办单位")
        self.compute_button = primary_button("统计")
        self.compute_button.clicked.connect(self.refresh)
        self.banner = Banner("error")
        self.status = muted_label("")
        self.status.setWordWrap(False)
        self._shown_once = False
        self.tiles = {key: FigureTile(INDICATORS.label(indicator)) for key, indicator in (
            ("accepted", "accepted"), ("resolved", "resolved"), ("resolution_rate", "resolution_rate"),
            ("recovered", "recovered"), ("punitive", "punitive_count"), ("reception", "reception"),
            ("mediation_success_rate", "mediation_success_rate"), ("satisfied_rate", "satisfied_rate"))}
        self.breakdown = QComboBox()
        # the breakdowns arrive with the first report: sized to them then, not to the empty box
        self.breakdown.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.breakdown.currentIndexChanged.connect(self._show_breakdown)
        self.chart = BarChart()
        self.table_model = ListTableModel([])
        self.table = DataTable(self.table_model)
        self._build_layout()
        self._build_buttons()

    # ---------------------------------------------------------------- layout
    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title_label("统计报表"))
        top.addSpacing(16)
        top.addWidget(self.picker)
        top.addWidget(self.unit)
        top.addWidget(self.compute_button)
        top.addStretch(1)
        tiles = QGridLayout()
        for index, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, index // 4, index % 4)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("分类统计："))
        choose.addWidget(self.breakdown)
        choose.addStretch(1)
        choose.addWidget(self.status)
        # The chart is as tall as its rows (never squeezed: its own scroll area takes what the
        # screen cannot show); the breakdown keeps BREAKDOWN_ROWS rows in view, and on a short
        # screen (1280×720 at 150 %) the figures and the breakdown scroll together.
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)        # fills the area, white to the bottom
        self.chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_area.setWidget(self.chart)
        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart_area)
        split.addWidget(self.table)
        split.setSizes([520, 600])
        split.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * (BREAKDOWN_ROWS + 1)
                               + self.table.horizontalHeader().sizeHint().height())
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(tiles)
        column.addLayout(choose)
        column.addWidget(split, 1)
        self.body_area = QScrollArea()
        self.body_area.setWidgetResizable(True)
        self.body_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_area.setWidget(body)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.body_area, 1)
        layout.addLayout(self.buttons)

    def _build_buttons(self) -> None:
        may_export, may_import = self.actor.may("export"), self.actor.may("import")
        self.export_report_button = QPushButton("导出统计报表…")
        self.export_report_button.setToolTip("Excel 工作簿：汇总表、分类统计表和图表，可直接打印上报")
        self.export_report_button.clicked.connect(lambda: self.export_report())
        self.export_ledger_button = QPushButton("导出台账…")
        self.export_ledger_button.clicked.connect(self.open_ledger_export)
        self.import_ledger_button = QPushButton("导入台账…")
        self.import_ledger_button.clicked.connect(self.open_ledger_import)
        self.template_button = QPushButton("空白台账模板…")
        self.template_button.setToolTip("带表头和下拉列表的空白台账，填好后可导入")
        self.template_button.clicked.connect(lambda: self.save_template())
        for button, allowed in ((self.export_report_button, may_export), (self.export_ledger_button, may_export),
                                (self.import_ledger_button, may_import), (self.template_button, True)):
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip("您的角色没有此权限")
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:       # the current month's figures as soon as the tab opens
            self._shown_once = True
            self.refresh()

    # ---------------------------------------------------------------- computing
    def refresh(self) -> None:
        try:
            period = self.picker.period()
        except periods.PeriodError as exc:
            self.banner.show_message(str(exc))
            return
        self.banner.show_message("")
        self.status.setText("正在统计…")
        self.compute_button.setEnabled(False)
        from app.services.statistics_report import build_report
        # the screen shows no list of every business: that is the exported workbook's (data sheet)
        worker.run_in_background(build_report, period, self.unit.code() or None, with_businesses=False,
                                 on_done=self.show_report, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText("")
        self.banner.show_message(f"统计未完成：{getattr(exc, 'message', exc)}")

    def show_report(self, report) -> None:
        self.report = report
        self.compute_button.setEnabled(True)
        self.status.setText(f"{report.period.label}（{report.period.dates}）"
                            + (f" · {report.unit_label}" if report.unit else ""))
        rows = {row.key: row for row in report.headline}
        before = report.column_names[1]

        def detail(key: str, suffix: str, rate: bool = False) -> str:
            row = rows[key]
            text = f"{before} {_number(row.values[1], suffix)}"
            change = _arrow(row.change(0), "个百分点") if rate else _arrow(row.growth(0), "%")
            return f"{text} · {change}" if change else text
        tiles = self.tiles
        tiles["accepted"].show_figure(_number(rows["accepted"].values[0], " 件"), detail("accepted", " 件"))
        tiles["resolved"].show_figure(_number(rows["resolved"].values[0], " 件"), detail("resolved", " 件"))
        for key in ("resolution_rate", "mediation_success_rate", "satisfied_rate"):
            tiles[key].show_figure(_number(rows[key].values[0], "%"), detail(key, "%", rate=True))
        tiles["recovered"].show_figure(f"{rows['recovered_wan'].values[0]} 万元",
                                       f"{format_yuan(rows['recovered'].values[0])} 元 · {before} "
                                       f"{rows['recovered_wan'].values[1]} 万元")
        tiles["punitive"].show_figure(f"{rows['punitive_count'].values[0]} 件",
                                      f"{format_yuan(rows['punitive_sum'].values[0])} 元 · {before} "
                                      f"{rows['punitive_count'].values[1]} 件")
        tiles["reception"].show_figure(_number(rows["reception"].values[0], " 人次"),
                                       f"{before} {rows['reception'].values[1]} 人次 · 登记投诉另计 "
                                       f"{rows['registered'].values[0]} 件")
        current = self.breakdown.currentData()
        self.breakdown.blockSignals(True)
        self.breakdown.clear()
        for table in report.tables:
            if table.key in CHART_TABLES:
                self.breakdown.addItem(table.title, table.key)
        self.breakdown.blockSignals(False)
        index = self.breakdown.findData(current) if current else 0
        self.breakdown.setCurrentIndex(max(0, index))
        self._show_breakdown()

    def _show_breakdown(self) -> None:
        if self.report is None or self.breakdown.currentData() is None:
            return
        table = self.report.table(self.breakdown.currentData())
        now, before = self.report.column_names[0], self.report.column_names[1]
        bars = [Bar(r.label, r.cells[0].count, r.cells[1].count) for r in table.rows if not r.total]
        self.chart.set_data(f"{table.title}（件）", bars, (now, before))
        columns = [
            Column("label", table.title, 150, stretch=True),
            Column("now", f"{now}件数", 80, align="right", value=lambda r: r.cells[0].count),
            Column("share", f"{now}占比", 80, align="right", text=lambda r: _number(r.cells[0].share, "%")),
            Column("before", f"{before}件数", 90, align="right", value=lambda r: r.cells[1].count),
            Column("before_share", f"{before}占比", 90, align="right", text=lambda r: _number(r.cells[1].share, "%")),
            Column("change", "占比变化", 90, align="right", text=lambda r: _arrow(r.change(0), "个百分点")),
        ]
        self.table_model.beginResetModel()
        self.table_model.columns = columns
        self.table_model.rows = list(table.rows)
        self.table_model.endResetModel()
        # the figures as wide as their titles and values, the category name takes the rest: the
        # table fits its half of the screen without scrolling sideways
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for index in range(1, len(columns)):
            header.setSectionResizeMode(index, header.ResizeMode.Interactive)
            self.table.resizeColumnToContents(index)
            self.table.setColumnWidth(index, max(self.table.columnWidth(index), self.table.title_room(index)))

    # ---------------------------------------------------------------- exports and imports
    def export_report(self, path: str | None = None):
        if not commit_typed_dates(self.picker):     # a wrong date stays typed: no report for the last good one
            return None
        try:
            period = self.picker.period()
        except periods.PeriodError as exc:
            self.banner.show_message(str(exc))
            return None
        unit = self.unit.code() or None
        if path is None:
            suggested = f"{get_settings()['org.name']}{period.label}投诉统计.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "导出统计报表", start_at(suggested), "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            remember(path)
        return worker.run_with_progress(self, "正在生成统计报表…", write_report_file, period, unit, path,
                                        cancellable=False, on_done=self._exported,
                                        on_error=lambda exc: show_failure(self, exc, "报表未导出"))

    def _exported(self, path) -> None:
        self.status.setText(f"已导出：{path}")

    def save_template(self, path: str | None = None):
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "保存空白台账模板", start_at("投诉台账模板.xlsx"), "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            remember(path)
        from app.reports.excel.ledger.xlsx_import_files import write_template
        try:
            write_template(path)
        except OSError as exc:
            show_failure(self, exc, "模板未保存")
            return None
        self.status.setText(f"已保存模板：{path}")
        return path

    def open_ledger_export(self):
        from app.ui.ledger.dialogs import LedgerExportDialog
        dialog = LedgerExportDialog(self.actor, self)
        dialog.open()
        return dialog

    def open_ledger_import(self):
        from app.ui.ledger.dialogs import LedgerImportDialog
        dialog = LedgerImportDialog(self.actor, self)
        dialog.imported.connect(lambda _n: self.refresh())
        dialog.open()
        return dialog


def write_report_file(period, unit, path):
    """Build and write the workbook (in a worker thread)."""
    from app.reports.excel.report_workbook import write_report
    from app.services.statistics_report import build_report
    return write_report(build_report(period, unit), path)
