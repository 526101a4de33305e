"""English on the screen: what a person reads after a click (titles, labels, buttons and their
tooltips, group and tab titles, table headers) and what a message box says, with an English word
in it. Paths, addresses, rich-text tags and commands to type are not text to translate."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QHeaderView, QLabel, QTabWidget, QWidget

ENGLISH = re.compile(r"[A-Za-z]{2,}")
# Names that are the same in Chinese office software: formats, products, keys, units.
NOT_ENGLISH = {"PDF", "Excel", "WPS", "PostgreSQL", "SQLite", "Ctrl", "Shift", "Alt", "Tab", "Enter", "Esc", "Del",
               "ID", "IP", "SSL", "KB", "MB", "GB", "xlsx", "zip", "pdf", "png", "jpg", "jpeg", "txt", "docx", "doc",
               "guanli", "li", "zhao", "an"}        # the user names the walks log in with (typed data, not text)


def visible_texts(root: QWidget, qt_part=lambda _widget, _root: False) -> list[str]:
    """What a person reads on the screen: the title, labels, buttons, group and tab titles, the
    column headers of its tables."""
    texts = [root.windowTitle()] if root.isWindow() else []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or qt_part(widget, root):     # Qt's own parts (a calendar's)
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts += [widget.text(), widget.toolTip()]
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal and widget.model():
            texts += [str(widget.model().headerData(c, Qt.Orientation.Horizontal) or "") for c in range(widget.count())]
    return texts


def english(root: QWidget, qt_part=lambda _widget, _root: False) -> list[str]:
    """Texts on the screen with an English word in them (paths and addresses left aside)."""
    return english_in(visible_texts(root, qt_part))


def english_in(texts) -> list[str]:
    from app.runtime import command_line_name
    command = re.compile(re.escape(command_line_name()) + r"( [\w-]+)*")     # a command to type
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", "", command.sub("", text))            # rich-text tags
        plain = re.sub(r"(?<![\w\u4e00-\u9fff])(/|[A-Za-z]:\\)[\x21-\x7e…]*|\S+@\S+|https?://\S+", "", plain)
        words = set(ENGLISH.findall(plain)) - NOT_ENGLISH
        if words:
            found.append(text)
    return found
