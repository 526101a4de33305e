"""The menu bar as Windows office software has it: every menu opens with Alt and its letter
(文件(&F)), the letters unique in the bar, the most used entries with letters unique in their menu;
the toolbar's buttons show the words without the bracketed letter."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from app.ui.admin.office import OfficeMenu
from app.ui.documents import actions as document_actions
from app.ui.ledger.dialogs import LedgerExportDialog

TITLE = re.compile(r"^[^&()]+\(&([A-Z])\)$")          # 文件(&F): the Chinese title, then (&X)
ENTRY_KEY = re.compile(r"\(&([A-Z])\)(…)?$")


def _letter(text: str) -> str | None:
    found = ENTRY_KEY.search(text)
    return found.group(1) if found else None


def _full_bar(window):
    window.office_menu = OfficeMenu(window).menu          # 管理, as office.install adds it
    document_actions.install(window)                       # 文书, shown once it has an entry
    return [a for a in window.menuBar().actions() if a.isVisible()]


def test_every_menu_has_its_own_alt_letter_and_its_entries_theirs(window):
    menus = _full_bar(window)
    titles = [a.text() for a in menus]
    assert titles == ["文件(&F)", "案件(&C)", "文书(&D)", "管理(&M)", "帮助(&H)"]
    letters = [TITLE.match(t).group(1) for t in titles]
    assert len(set(letters)) == len(letters)
    for menu in (a.menu() for a in menus):
        entries = [a.text() for a in menu.actions() if not a.isSeparator()]
        keyed = [_letter(t) for t in entries if _letter(t)]
        assert len(set(keyed)) == len(keyed), (menu.title(), entries)
    # the most used ones have one
    for action in (window.register_action, window.consult_action, window.import_ledger_action,
                   window.export_ledger_action, window.quit_action, window.find_action, window.refresh_action,
                   window.open_action, window.about_action):
        assert _letter(action.text()), action.text()


def test_alt_f_opens_the_file_menu_and_e_there_opens_the_ledger_export(window, qtbot):
    _full_bar(window)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.file_menu)
    qtbot.keyClick(window.file_menu, Qt.Key.Key_E)                     # 导出台账(&E)…
    qtbot.waitUntil(lambda: any(isinstance(w, LedgerExportDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    for dialog in [w for w in QApplication.topLevelWidgets() if isinstance(w, LedgerExportDialog)]:
        dialog.reject()
    assert QApplication.activePopupWidget() is None
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)   # 管理(&M)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.office_menu)
    qtbot.keyClick(window.office_menu, Qt.Key.Key_Escape)


def test_the_toolbar_shows_the_words_without_the_letter(window):
    shown = [b.text() for b in window.toolbar.findChildren(QToolButton) if b.defaultAction() is not None]
    assert shown == ["投诉登记…", "咨询登记…", "刷新", "设置…"]
    assert window.register_action.toolTip() == "投诉登记…"


def test_the_short_menus_have_a_letter_on_every_entry(window):
    bar = {a.text(): a for a in _full_bar(window)}
    for title in ("文书(&D)", "管理(&M)", "帮助(&H)"):
        entries = [a.text() for a in bar[title].menu().actions() if not a.isSeparator()]
        assert entries and all(_letter(t) for t in entries), (title, entries)


def test_alt_d_then_w_opens_the_wording_editor(window, qtbot):
    from PySide6.QtCore import QTimer

    from app.ui.documents.templates import TemplatesDialog
    _full_bar(window)
    window.activateWindow()
    qtbot.waitActive(window)
    opened = []

    def close_editor():
        editor = QApplication.activeModalWidget()
        opened.append(type(editor))
        editor.reject()
    QTimer.singleShot(300, close_editor)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)      # 文书(&D)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.documents_menu)
    qtbot.keyClick(window.documents_menu, Qt.Key.Key_W)                       # 文书措辞(&W)…
    qtbot.waitUntil(lambda: opened == [TemplatesDialog])
