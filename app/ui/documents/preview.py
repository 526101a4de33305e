"""文书预览与打印: pick a document of the case, see its pages, print it or save it as PDF.

The PDF is made off the UI thread; a document the case is not ready for is greyed out with the
reason, and a character no font can print is shown here — before anything reaches a printer.
Printing and saving leave a line in the case's history.
"""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QGraphicsDropShadowEffect, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QMessageBox, QPushButton, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout, QWidget,
)

from app.domain.codes import DOCUMENT_KINDS
from app.reports.documents.availability import available_documents, notice_sessions, record_sessions
from app.services.association import needs_setup
from app.services.casefile import case_detail
from app.services.context import Actor
from app.services.settings import get_settings
from app.ui import theme, worker
from app.ui.screen_fit import fit_on_screen
from app.ui.widgets import Banner, muted_label, primary_button
from app.ui.file_places import remember, start_at

ZOOMS = (("适合宽度", 0.0), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))
SCREEN_DPI = 96
SESSION_KINDS = ("mediation_notice", "mediation_record")
# as a clerk meets them; the cover and the whole 卷宗 come last
LIST_ORDER = ("registration", "acceptance", "rejection", "mediation_notice", "mediation_record", "agreement",
              "judicial_confirmation", "termination", "followup", "cover", "archive")


def _make(kind: str, case_id: int, session_id: int | None, actor: Actor):
    from app.reports.documents import make_document      # reportlab only when a document is made
    return make_document(kind, case_id, session_id, actor)


class PageView(QScrollArea):
    """The pages one under another on a grey desk, like a print preview."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setStyleSheet("QScrollArea { background: #8a8f96; border: none; }")
        self._pages = None
        self.zoom = 0.0
        self._holder = QWidget()
        self._holder.setStyleSheet("background: #8a8f96;")
        self._layout = QVBoxLayout(self._holder)
        self._layout.setContentsMargins(24, 24, 24, 24)
        self._layout.setSpacing(18)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._holder)
        self.labels: list[QLabel] = []
        self._resize_timer = QTimer(self, singleShot=True, interval=150, timeout=self.render)

    def show_pages(self, pages) -> None:
        self._pages = pages
        self.render()

    def clear(self) -> None:
        self._resize_timer.stop()
        self._pages = None
        self.render()

    def _dpi(self) -> float:
        if self.zoom:
            return SCREEN_DPI * self.zoom
        bar = self.verticalScrollBar()       # A4 pages at full width always need it: leave its room
        width = self.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width()) - 2 * 24 - 6
        return max(30.0, width / 595.28 * 72)

    def render(self) -> None:
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        if self._pages is None:
            return
        ratio = self.devicePixelRatioF()
        dpi = self._dpi()
        for index in range(len(self._pages)):
            image = self._pages.image(index, dpi * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setToolTip(f"第{index + 1}页")
            shadow = QGraphicsDropShadowEffect(label, blurRadius=12, offset=0, color=QColor(0, 0, 0, 110))
            label.setGraphicsEffect(shadow)
            self._layout.addWidget(label)
            self.labels.append(label)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.zoom and self._pages is not None:
            self._resize_timer.start()


class StatusLine(QLabel):
    """One line beside the buttons: a long text (a folder path) is shortened in the middle, whole in
    the tooltip, and never wraps — the pages below do not move when it changes."""

    def __init__(self):
        super().__init__()
        theme.mark_muted(self)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text if text else "")
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, max(self.width(), 80)))


def placeholder_name_banner() -> Banner:
    """While the association is still 「某某县消费者协会」, every document would print that."""
    banner = Banner("warning")
    if needs_setup():
        banner.show_message(f"文书中的单位名称还是示例「{get_settings()['org.name']}」。"
                            "请管理员在 文件 → 设置… → 单位信息 中填写本会的实际名称后再打印。")
    return banner


class DocumentsDialog(QDialog):
    """All documents of one case: a list on the left, the pages on the right."""

    def __init__(self, actor: Actor, case_id: int, kind: str | None = None, parent=None):
        super().__init__(parent)
        self.actor, self.case_id = actor, case_id
        self.detail = case_detail(case_id, actor)
        self.document = None          # the GeneratedDocument on show
        self.pages = None
        self._task = None
        self._request = 0            # only the answer to the latest request is shown
        self.setWindowTitle(f"文书预览与打印 — {self.detail.case['number']}")
        fit_on_screen(self, 1100, 820)
        self._build()
        self._fill_list(kind)

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.kinds = QListWidget()
        self.kinds.setMinimumWidth(200)
        self.kinds.setSpacing(3)
        self.kinds.currentItemChanged.connect(self._kind_changed)
        self.session_box = QComboBox()
        self.session_box.currentIndexChanged.connect(self.load)
        self.session_label = QLabel("调解场次：")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("文书："))
        left_layout.addWidget(self.kinds, 1)
        left_layout.addWidget(self.session_label)
        left_layout.addWidget(self.session_box)
        left_layout.addWidget(muted_label("灰色的文书在本案当前阶段还不能出具，将鼠标停在上面可看原因。"))

        self.zoom_box = QComboBox()
        for text, _ in ZOOMS:
            self.zoom_box.addItem(text)
        self.zoom_box.currentIndexChanged.connect(self._zoom_changed)
        self.print_button = primary_button("打印…")
        self.print_button.clicked.connect(lambda: self.print_document())     # not `checked` as an argument
        self.save_button = QPushButton("另存为PDF…")
        self.save_button.clicked.connect(lambda: self.save_pdf())
        # the keys of every office program's print and save (there were none: walk-through)
        for button, keys, tip in ((self.print_button, QKeySequence.StandardKey.Print, "打印（Ctrl+P）"),
                                  (self.save_button, QKeySequence.StandardKey.Save, "另存为PDF（Ctrl+S）")):
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(tip)
        self.status = StatusLine()
        tools = QHBoxLayout()
        tools.addWidget(QLabel("缩放："))
        tools.addWidget(self.zoom_box)
        tools.addWidget(self.status, 1)
        tools.addWidget(self.save_button)
        tools.addWidget(self.print_button)
        self.banner = Banner("error")
        self.placeholder_banner = placeholder_name_banner()
        self.view = PageView()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.placeholder_banner)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.view, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 880])
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._set_ready(False)

    def _fill_list(self, wanted: str | None) -> None:
        problems = available_documents(self.detail)
        chosen = None
        self.kinds.blockSignals(True)      # one load, for the document finally chosen
        for kind in LIST_ORDER:
            item = QListWidgetItem(DOCUMENT_KINDS.label(kind))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            if problems[kind]:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(problems[kind])
            elif chosen is None or kind == wanted:
                chosen = item        # the document asked for, else the first one available
            self.kinds.addItem(item)
        self.kinds.setCurrentItem(None)
        self.kinds.blockSignals(False)
        if chosen is not None:
            self.kinds.setCurrentItem(chosen)

    # ------------------------------------------------------------ loading
    def current_kind(self) -> str | None:
        item = self.kinds.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _fill_sessions(self, kind: str) -> None:
        sessions = notice_sessions(self.detail) if kind == "mediation_notice" else record_sessions(self.detail)
        self.session_box.blockSignals(True)
        self.session_box.clear()
        for number, session in enumerate(sessions, start=1):
            when = session["scheduled_at"]
            self.session_box.addItem(f"第{number}次　{when.year}年{when.month}月{when.day}日", session["id"])
        self.session_box.setCurrentIndex(len(sessions) - 1)
        self.session_box.blockSignals(False)

    def _kind_changed(self, *_) -> None:
        kind = self.current_kind()
        if kind in SESSION_KINDS:
            self._fill_sessions(kind)
        self.load()

    def load(self, *_) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        with_sessions = kind in SESSION_KINDS
        self.session_label.setVisible(with_sessions)
        self.session_box.setVisible(with_sessions)
        session_id = self.session_box.currentData() if with_sessions else None
        self._set_ready(False)
        self.banner.show_message("")
        self.status.setText("正在生成……")
        self._request += 1
        request = self._request
        self._task = worker.run_in_background(_make, kind, self.case_id, session_id, self.actor,
                                              on_done=lambda document: self._loaded(document, request),
                                              on_error=lambda exc: self._failed(exc, request))

    def _loaded(self, document, request: int) -> None:
        if not shiboken6.isValid(self) or request != self._request or not self.isVisible():
            return                   # the clerk has already picked another document, or closed (the case's tab too)
        from app.ui.documents.render import PdfPages
        self.view.clear()
        if self.pages is not None:
            self.pages.close()
        self.document, self.pages = document, PdfPages(document.pdf)
        self.view.show_pages(self.pages)
        self.status.setText(f"{document.title}，共{document.pages}页")
        self._set_ready(True)

    def _failed(self, exc: Exception, request: int) -> None:
        if not shiboken6.isValid(self) or request != self._request:
            return
        self.document = None
        self.view.clear()
        self.status.setText("")
        self.banner.show_message(getattr(exc, "message", None) or f"未能生成文书：{exc}")

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _zoom_changed(self, index: int) -> None:
        self.view.zoom = ZOOMS[index][1]
        self.view.render()

    # ------------------------------------------------------------ output
    def print_document(self) -> bool:
        """Ask the system's print dialog for a printer and pages, then send them."""
        from app.ui.documents import printing
        if self.document is None:
            return False
        printer = printing.ask_printer(self, f"打印{self.document.title}", self.document.filename, self.document.pages)
        if printer is None:
            self.status.setText("已取消打印，没有发送任何页。")
            return False

        def send() -> tuple[str, str]:
            printed = printing.print_document(self.pages, self.document.pdf, printer, self.document.title,
                                              self._show_progress)
            return printed.status(), printed.range_label()
        return self._output("print", send)

    def save_pdf(self) -> bool:
        from app.ui.documents import printing
        if self.document is None:
            return False
        target = printing.ask_save_path(self, Path(start_at(self.document.filename)))
        if target is None:
            self.status.setText("已取消保存。")
            return False

        def write() -> tuple[str, str]:
            printing.write_file(target, self.document.pdf)
            return f"已保存到 {target}", ""
        done = self._output("pdf", write)
        if done:
            remember(target)
        return done

    def _output(self, how: str, send) -> bool:
        """Run one print or save (`send` returns the status line and the pages sent, '' for all) with
        the buttons held; answer a failure with its one line."""
        from app.ui.documents.printing import OutputFailed
        title = "未能打印" if how == "print" else "未能保存"
        self._set_ready(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            status, pages = send()
        except OutputFailed as exc:
            status = pages = None
            failure = exc.message
        finally:
            QApplication.restoreOverrideCursor()
            self._set_ready(self.document is not None)
        if status is None:
            self.status.setText(title)
            QMessageBox.warning(self, title, failure)
            return False
        self.status.setText(status)
        self._record(how, pages)
        return True

    def _show_progress(self, page: int, total: int) -> None:
        self.status.setText(f"正在打印第{page}/{total}页……")
        self.status.repaint()        # no event loop here: a click must not close the pages being printed

    def _record(self, how: str, pages: str) -> None:
        from app.services.doc_templates import record_print
        kinds = [self.document.kind]
        try:
            record_print(self.actor, self.case_id, self.detail.case["number"], kinds, how, pages)
        except Exception as exc:  # noqa: BLE001 - the paper is out; a failed log line is only reported
            self.banner.show_message(f"文书已{'打印' if how == 'print' else '保存'}，但未能记入案件历史：{exc}")

    def done(self, result: int) -> None:
        self._request += 1           # a PDF still being made is not shown any more
        self.view.clear()
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        super().done(result)


def open_documents_dialog(parent, actor: Actor, case_id: int, kind: str | None = None) -> DocumentsDialog:
    dialog = DocumentsDialog(actor, case_id, kind, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog

