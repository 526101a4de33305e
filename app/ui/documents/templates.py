"""文书措辞: the administrator adapts the fixed wording of each document (titles, effect clause,
channels text …). Placeholders are picked from a list; an unknown one is refused on saving, with
the message under the text."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from app.domain.errors import ValidationFailed
from app.services import doc_templates
from app.services.context import Actor
from app.ui.screen_fit import fit_on_screen
from app.ui.widgets import ErrorLabel, discard_changes, muted_label, primary_button, show_failure, title_label

PART_ROLE = Qt.ItemDataRole.UserRole


class TemplatesDialog(QDialog):
    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.current: doc_templates.TemplatePart | None = None
        self.setWindowTitle("文书措辞")
        fit_on_screen(self, 980, 640)
        self._build()
        self._fill_tree()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(230)
        self.tree.currentItemChanged.connect(self._part_changed)
        self.heading = title_label()
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("文书中的固定文字；{投诉人} 这样的占位符在打印时换成本案的内容")
        self.editor.textChanged.connect(lambda: self.error.show_message(None))
        self.error = ErrorLabel()
        self.default_text = muted_label()
        self.default_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.placeholders = QListWidget()
        self.placeholders.setMaximumWidth(300)
        self.placeholders.setWordWrap(True)     # a long meaning wraps instead of hiding behind a scroll bar
        self.placeholders.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.placeholders.itemDoubleClicked.connect(self._insert_placeholder)
        self.save_button = primary_button("保存(&S)")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("恢复默认")
        self.reset_button.clicked.connect(self.reset)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)

        editor_column = QVBoxLayout()
        editor_column.addWidget(self.heading)
        editor_column.addWidget(self.editor, 1)
        editor_column.addWidget(self.error)
        editor_column.addWidget(QLabel("默认内容："))
        editor_column.addWidget(self.default_text)
        hints = QVBoxLayout()
        hints.addWidget(QLabel("可用的占位符（双击插入）："))
        hints.addWidget(self.placeholders, 1)
        hints.addWidget(muted_label("某一行用到的可选内容（如单位电话、具体说明）为空时，打印时整行省略。"))
        body = QHBoxLayout()
        body.addLayout(editor_column, 1)
        body.addLayout(hints)
        right = QWidget()
        right.setLayout(body)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        if not self.actor.may("settings"):
            buttons.addWidget(muted_label("只有管理员可以修改文书措辞。"))
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        may_edit = self.actor.may("settings")
        self.editor.setReadOnly(not may_edit)
        self.save_button.setEnabled(may_edit)
        self.reset_button.setEnabled(may_edit)

    def _fill_tree(self, select: tuple[str, str] | None = None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        kinds: dict[str, QTreeWidgetItem] = {}
        chosen = None
        for part in doc_templates.all_templates():
            parent = kinds.get(part.kind)
            if parent is None:
                parent = kinds[part.kind] = QTreeWidgetItem(self.tree, [part.kind_label])
                parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                parent.setExpanded(True)
            item = QTreeWidgetItem(parent, [part.label + ("（已修改）" if part.customised else "")])
            item.setData(0, PART_ROLE, part)
            if chosen is None or (part.kind, part.part) == select:
                chosen = item
        self.tree.blockSignals(False)
        self.tree.setCurrentItem(chosen)

    # ------------------------------------------------------------ editing
    def is_dirty(self) -> bool:
        return self.current is not None and self.editor.toPlainText().strip() != self.current.text

    def _part_changed(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        part = item.data(0, PART_ROLE) if item else None
        if part is None:
            return
        if self.is_dirty() and not discard_changes(self):
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(previous)
            self.tree.blockSignals(False)
            return
        self.current = part
        self.heading.setText(f"{part.kind_label} · {part.label}")
        self.editor.setPlainText(part.text)
        self.default_text.setText(part.default)
        self.placeholders.clear()
        for name, meaning in part.placeholders.items():
            entry = QListWidgetItem(f"{{{name}}}　{meaning}")
            entry.setData(PART_ROLE, name)
            self.placeholders.addItem(entry)
        self.error.show_message(None)

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        if not self.editor.isReadOnly():
            self.editor.insertPlainText("{" + item.data(PART_ROLE) + "}")
            self.editor.setFocus()

    def save(self) -> bool:
        if self.current is None:
            return False
        try:
            doc_templates.save_template(self.actor, self.current.kind, self.current.part, self.editor.toPlainText())
        except ValidationFailed as exc:
            self.error.show_message(exc.errors.get("text") or exc.message)
            return False
        selected = (self.current.kind, self.current.part)
        self.current = None          # saved: reload it from the service
        self._fill_tree(selected)
        return True

    def reset(self) -> None:
        if self.current is None:
            return
        selected = (self.current.kind, self.current.part)
        try:
            doc_templates.reset_template(self.actor, *selected)
        except ValidationFailed as exc:
            show_failure(self, exc)
            return
        self.current = None          # nothing unsaved: the reloaded text is the default
        self._fill_tree(selected)

    def reject(self) -> None:
        if self.is_dirty() and not discard_changes(self):
            return
        super().reject()
