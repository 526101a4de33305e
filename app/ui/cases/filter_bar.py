"""Search box (debounced) and filters above the case list; emits a CaseFilter."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.codes import CHANNELS
from app.services.lookups import category_tree, choices, mediators
from app.services.queries import CaseFilter
from app.ui import theme
from app.ui.widgets import CodeCombo, OptionalDateEdit

SEARCH_DELAY_MS = 250
ALL = "全部"


def category_choices() -> list[tuple[str, str]]:
    """大类 and, indented under each, its 细类 (the filter accepts either code)."""
    pairs = []
    for major in category_tree(active_only=False):
        pairs.append((major.code, major.label))
        pairs.extend((minor.code, f"　　{minor.label}") for minor in major.minors)
    return pairs


class FilterBar(QWidget):
    changed = Signal(object)     # CaseFilter (queue left as it was)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = CaseFilter()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 4)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("搜索：案件编号、姓名、电话、经营者、投诉内容（Ctrl+F）")
        self.search.setMinimumWidth(360)
        top.addWidget(self.search, 1)
        self.result_label = QLabel()
        theme.mark_muted(self.result_label)
        self.result_label.setMinimumWidth(self.result_label.fontMetrics().horizontalAdvance("共 1,000,000 件") + 4)
        top.addWidget(self.result_label)
        outer.addLayout(top)

        row = QHBoxLayout()
        row.setSpacing(6)
        self.date_from, self.date_to = OptionalDateEdit("不限"), OptionalDateEdit("不限")
        self.category = CodeCombo(category_choices(), empty=ALL)
        self.nature = CodeCombo(choices("nature", active_only=False), empty=ALL)
        self.mediator = CodeCombo(mediators(), empty=ALL)
        self.channel = CodeCombo(CHANNELS, empty=ALL)
        self.clear_button = QPushButton("清除筛选")
        for label, widget in (("登记日期", self.date_from), ("至", self.date_to), ("类别", self.category),
                              ("性质", self.nature), ("调解员", self.mediator), ("渠道", self.channel)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        self.category.keep_labels_whole()         # its 大类 and indented 细类, never cut
        row.addWidget(self.clear_button)
        row.addStretch(1)
        outer.addLayout(row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._emit_now)
        for widget in (self.date_from, self.date_to):
            widget.dateChanged.connect(lambda _d: self._emit())
        for combo in (self.category, self.nature, self.mediator, self.channel):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.clear_button.clicked.connect(self.clear)

    def current(self, queue: str) -> CaseFilter:
        return self.filter._replace(queue=queue)

    def _emit_now(self) -> None:
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        mediator = self.mediator.code()
        flt = CaseFilter(
            queue=self.filter.queue, text=self.search.text().strip(), date_from=self.date_from.value(),
            date_to=self.date_to.value(), category=self.category.code() or "", nature=self.nature.code() or "",
            mediator_id=mediator if mediator != "" else None, channel=self.channel.code() or "")
        if flt != self.filter:
            self.filter = flt
            self.changed.emit(flt)

    def clear(self) -> None:
        for widget in (self.date_from, self.date_to, self.category, self.nature, self.mediator, self.channel,
                       self.search):
            widget.blockSignals(True)
        self.search.clear()
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        for combo in (self.category, self.nature, self.mediator, self.channel):
            combo.setCurrentIndex(0)
        for widget in (self.date_from, self.date_to, self.category, self.nature, self.mediator, self.channel,
                       self.search):
            widget.blockSignals(False)
        self._emit_now()

    def show_count(self, count: int) -> None:
        self.result_label.setText(f"共 {count:,} 件")

    def reload_choices(self) -> None:
        """After the dictionaries or the mediators changed (settings)."""
        self.category.set_pairs(category_choices(), empty=ALL)
        self.nature.set_pairs(choices("nature", active_only=False), empty=ALL)
        self.mediator.set_pairs(mediators(), empty=ALL)
