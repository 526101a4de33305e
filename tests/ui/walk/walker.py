"""The generic walk: every visible, enabled button and every action of a screen is clicked (or
triggered) once, as a person would, in every tab page of the screen; a click that closes the screen
reopens it and the walk goes on with the next control. A window that a click opens is walked the
same way (reopened by clicking the same control again), then closed.

Coverage is by construction: a walk clicks what it finds. What it records, per screen, is every
control that exists (`present`) and every control it clicked (`clicked`); `assert_complete` fails
for a control that exists but was never enabled and visible while walked (a new button the walk
cannot reach), unless a test says why with `unreachable`."""
from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QCalendarWidget, QComboBox, QDialog, QGroupBox,
    QHeaderView, QLineEdit, QMenu, QMessageBox, QProgressDialog, QScrollArea, QScrollBar, QStackedWidget, QTabBar,
    QTabWidget, QWidget, QWidgetAction,
)

from tests.ui.walk import texts

# Clicked after every other control of a screen: they end it (the walk then reopens it).
# Cancelling ones before saving ones: the dialog is reopened for the next.
CLOSERS = ("取消", "关闭", "不保存", "退出", "注销", "切换用户…", "确定", "保存", "保存设置", "登录", "完成")
# Qt's own parts of a composite widget (spin-box arrows, the calendar's month buttons, a table's
# corner button, tab scrollers): not the program's controls.
COMPOSITES = (QAbstractSpinBox, QCalendarWidget, QComboBox, QLineEdit, QScrollBar, QTabBar)
ROWS = 3                 # the rows of a list the walk picks, one after the other
MAX_DEPTH = 3            # main window → workspace dialog → a dialog that one opens
MAX_CLICKS = 400         # per screen: a walk that does not end is a defect of the walk


@dataclass
class Record:
    present: set[str] = field(default_factory=set)     # on the screen (perhaps greyed)
    offered: set[str] = field(default_factory=set)     # visible and enabled at some moment
    clicked: set[str] = field(default_factory=set)
    english: dict[str, str] = field(default_factory=dict)     # text on the screen → after which click


@dataclass
class Coverage:
    """Per screen (a name, or a window's class and title): what exists, what was clicked."""
    screens: dict[str, Record] = field(default_factory=lambda: defaultdict(Record))
    trail: list[str] = field(default_factory=list)        # "screen › control", in click order


COVERAGE = Coverage()          # the whole session's (the meta-check reads it)
CONTEXT = [""]                 # the context of the walk going on (for windows opened with exec())
ASKED: set[str] = set()        # the windows that asked a question (walked again where answered otherwise)


def asked(parent) -> None:
    """A question was put over `parent`: its window is walked again in a walk that answers otherwise."""
    if isinstance(parent, QWidget):
        ASKED.add(window_name(parent.window()))
        while parent is not None:               # a part of the main window (the tasks screen)
            ASKED.add(type(parent).__name__)
            parent = parent.parentWidget()


def in_context(name: str, context: str) -> str:
    """A window is walked once per session, where it is first met; in a context ("（答是）") those
    that asked a question are walked again (the others would only repeat themselves)."""
    return name + context if context and name in ASKED else name


def _closing_rank(key: str) -> int:
    """0 for a control that leaves the screen open; else its place in CLOSERS, plus one."""
    # "登录(S)", "切换用户(U)…": the access letter before a closing "…" too
    label = re.sub(r"\(&?\w\)(…?)$", r"\1", key.split(":", 1)[1].split("#")[0].split("/")[-1])
    return CLOSERS.index(label) + 1 if label in CLOSERS else 0


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _label(obj) -> str:
    text = _plain(obj.text()) if hasattr(obj, "text") else ""
    return text or obj.objectName() or _plain(obj.toolTip()) or obj.accessibleName() or type(obj).__name__


_PARTS: dict[int, list[QWidget]] = {}      # id(screen) → its parts walked as screens of their own


def _part_of_composite(widget: QWidget, root: QWidget) -> bool:
    """The month menu of a calendar and the like: Qt's own."""
    while widget is not None and widget is not root:
        if isinstance(widget, COMPOSITES):
            return True
        widget = widget.parentWidget()
    return False


def _own(widget: QWidget, root: QWidget) -> bool:
    """Part of the screen itself, not of a window it opened (dialogs are children of their opener)
    nor of a part walked on its own (an open case in the main window). A menu is its opener's."""
    if isinstance(widget, QMenu) and widget.parentWidget() is not None:
        return _own(widget.parentWidget(), root)
    if widget.window() is not root.window() or not (root.isWindow() or root.isAncestorOf(widget)):
        return False
    return not any(part is widget or part.isAncestorOf(widget) for part in _PARTS.get(id(root), ()))


def _internal(obj) -> bool:
    return obj.objectName().startswith(("qt_", "_q_"))


@dataclass(frozen=True)
class Entry:
    """An action as a person reaches it: in a widget (menu bar, toolbar, a widget's own actions),
    through the menus `path` opens."""
    action: QAction
    owner: QWidget
    path: tuple[QAction, ...] = ()

    def open_to(self) -> bool:
        return all(step.isVisible() and step.isEnabled() for step in self.path)


def _entries(owner: QWidget, actions, path=(), depth: int = 0) -> list[Entry]:
    found = []
    for action in actions:
        if action.isSeparator() or isinstance(action, QWidgetAction) or _internal(action):
            continue
        if action.menu() is not None:
            if depth < 5:                       # a menu: its entries, one step further
                found += _entries(owner, action.menu().actions(), (*path, action), depth + 1)
        elif _plain(action.text()):
            found.append(Entry(action, owner, path))
    return found


def _actions_of(root: QWidget, widgets: list[QWidget]) -> list[Entry]:
    """Top down, from the widgets of the screen to the entries of their menus (never from an
    action up to the menus it is in, some of which Qt is taking down)."""
    found: list[Entry] = []
    for owner in [root, *widgets]:
        if isinstance(owner, QMenu):
            continue                           # reached through the action that opens it
        actions = owner.actions()              # most widgets have none: asked first, it is cheap
        if actions and (owner is root or _own(owner, root) and not _part_of_composite(owner, root)):
            found += _entries(owner, actions)
    unique, seen = [], set()
    for entry in found:
        if id(entry.action) not in seen:
            seen.add(id(entry.action))
            unique.append(entry)
    return unique


def _shown(widget: QWidget, root: QWidget) -> bool:
    """On the screen, or on a page of it that a tab shows (not hidden by the program, not a page
    that was taken away)."""
    while widget is not None and widget is not root:
        parent = widget.parentWidget()
        if widget.isHidden() and not (isinstance(parent, QStackedWidget) and parent.indexOf(widget) >= 0):
            return False
        widget = parent
    return widget is root


@dataclass(frozen=True)
class Row:
    """A row of a list or table, picked by a click (each of its first ROWS rows)."""
    view: QAbstractItemView
    row: int

    def isEnabled(self) -> bool:
        return self.view.isEnabled()

    def index(self):
        return self.view.model().index(self.row, 0)


def present(obj, root: QWidget) -> bool:
    if isinstance(obj, Row):                        # a list with that many rows: there is the row to pick
        return _shown(obj.view, root) and obj.view.model().rowCount() > obj.row
    if isinstance(obj, Entry):
        return obj.action.isVisible() and all(step.isVisible() for step in obj.path) and _shown(obj.owner, root)
    return _shown(obj, root)


def _place(obj, root: QWidget) -> str:
    """Where a control sits, as a person names it: the tab page and the titled group it is in."""
    widget = obj.parentWidget() if isinstance(obj, QWidget) else obj.parent() if isinstance(obj.parent(), QWidget) else None
    names = []
    while widget is not None and widget is not root:
        parent = widget.parentWidget()
        if isinstance(widget, QGroupBox) and widget.title():
            names.append(_plain(widget.title()))
        elif isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            if tabs.indexOf(widget) >= 0:
                names.append(_plain(tabs.tabText(tabs.indexOf(widget))))
        widget = parent
    return re.sub(r"\d+", "N", "/".join(reversed(names)))     # "代表人（第2位）": any row


def controls(root: QWidget) -> list[tuple[str, object]]:
    """Every button and action of the screen, each with a key that stays the same when the screen
    is rebuilt: the tab page and group it is in, its label, numbered when several there share it."""
    widgets = root.findChildren(QWidget)          # once: asking Qt for children is what costs
    buttons = [b for b in widgets if isinstance(b, QAbstractButton)
               and _own(b, root) and not _internal(b) and not _part_of_composite(b.parentWidget(), root)
               and not isinstance(b.parentWidget(), QAbstractItemView)]      # a table's corner button
    views = [v for v in widgets if isinstance(v, QAbstractItemView)
             and _own(v, root) and not isinstance(v, QHeaderView) and not _part_of_composite(v.parentWidget(), root)
             and v.model() is not None
             and v.selectionMode() != QAbstractItemView.SelectionMode.NoSelection]
    counts: dict[str, int] = defaultdict(int)
    found = []
    rows = [Row(v, r) for v in views for r in range(min(ROWS, v.model().rowCount()))]
    for obj in [*buttons, *_actions_of(root, widgets), *rows]:
        kind = "菜单" if isinstance(obj, Entry) else f"第{obj.row + 1}行" if isinstance(obj, Row) else "按钮"
        place = _place(obj.view if isinstance(obj, Row) else obj, root) if not isinstance(obj, Entry) else ""
        name = (_label(obj) if kind == "按钮" else obj.view.objectName() or type(obj.view).__name__
                if isinstance(obj, Row) else "/".join(_plain(step.text()) for step in (*obj.path, obj.action)))
        label = f"{kind}:{place + '/' if place else ''}{name}"
        counts[label] += 1
        found.append((label if counts[label] == 1 else f"{label}#{counts[label]}", obj))
    return found


def usable(obj) -> bool:
    if isinstance(obj, Row):                        # a row of a list: clicked
        return obj.view.isVisible() and obj.view.isEnabled() and obj.view.model().rowCount() > obj.row \
            and obj.view.visualRect(obj.index()).isValid()
    if isinstance(obj, Entry):
        return obj.action.isEnabled() and obj.action.isVisible() and obj.open_to() and obj.owner.isVisible()
    return obj.isVisible() and obj.isEnabled()


def _tab_pages(root: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(tabs, i) for tabs in root.findChildren(QTabWidget) if _own(tabs, root) and tabs.isVisible()
            for i in range(tabs.count()) if tabs.isTabEnabled(i) and tabs.isTabVisible(i)
            and (_own(tabs.widget(i), root) or tabs.widget(i) is root)]


def _show_tab(qtbot, tabs: QTabWidget, index: int) -> None:
    """Click the tab, as a person changes page."""
    if tabs.currentIndex() == index:
        return
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    if tabs.currentIndex() != index:                  # scrolled out of the bar: the arrows would bring it
        tabs.setCurrentIndex(index)


def _keep_rows(found: list[tuple[str, object]], clicked: set[str]) -> None:
    """A row the walk picked stays picked when a reload clears the selection (the person would
    pick it again): the buttons that act on a row stay enabled."""
    for key, row in found:
        if key in clicked and isinstance(row, Row) and usable(row) \
                and row.view.selectionModel() is not None and not row.view.selectionModel().hasSelection():
            row.view.setCurrentIndex(row.index())


def click(qtbot, obj) -> None:
    if isinstance(obj, Entry):
        obj.action.trigger()
        return
    if isinstance(obj, Row):
        obj.view.scrollTo(obj.index())
        qtbot.mouseClick(obj.view.viewport(), Qt.MouseButton.LeftButton, pos=obj.view.visualRect(obj.index()).center())
        return
    parent = obj.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(obj)
        parent = parent.parentWidget()
    qtbot.mouseClick(obj, Qt.MouseButton.LeftButton, pos=QPoint(obj.width() // 2, obj.height() // 2))


def settle(qtbot) -> None:
    """Wait, as a person does, until what a click started in the background is on the screen."""
    from PySide6.QtCore import QThreadPool

    from app.ui import runner
    qtbot.waitUntil(lambda: runner.idle() and QThreadPool.globalInstance().activeThreadCount() == 0, timeout=30000)
    QApplication.processEvents()


def windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and not isinstance(w, (QMenu, QMessageBox, QProgressDialog)) and w.isWindow()
            and w.windowType() != Qt.WindowType.ToolTip and type(w).__module__.startswith("app.")]


def window_name(window: QWidget) -> str:
    title = window.windowTitle().split(" — ")[0]
    return f"{type(window).__name__}「{title}」" if title else type(window).__name__


def dismiss(window: QWidget) -> None:
    """Close a window the walk opened, whatever it would ask first."""
    if not window.isVisible():
        return
    if isinstance(window, QDialog):
        window.done(QDialog.DialogCode.Rejected.value)
    else:
        window.hide()           # a pop-up (the calendar) is hidden, as a click elsewhere does


class Walk:
    """One screen walked: `open_screen()` returns it (opening it again after a click closed it;
    a `_Gone` when it cannot be opened again). `parts(screen)` names the parts of the screen that
    are screens of their own (the main window's open cases): walked on their own when they appear."""

    def __init__(self, qtbot, name: str, open_screen: Callable[[], QWidget], depth: int = 0,
                 check: Callable[[str], None] | None = None, parts: Callable[[QWidget], list] | None = None,
                 stays: Callable[[QWidget], bool] | None = None, deep: Callable[[QWidget], bool] | None = None,
                 context: str = ""):
        self.qtbot, self.name, self.open_screen, self.depth = qtbot, name, open_screen, depth
        self.check = check or (lambda _where: None)
        self.parts = parts or (lambda _screen: [])
        self.stays = stays or (lambda _screen: True)     # False: the screen left the state walked
        self.deep = deep or (lambda _opened: True)        # False: what a click opened is walked elsewhere
        # A window a click opens is walked once per session and context (where it is first met);
        # a context ("（答是）") walks them again, answering otherwise.
        self.context = context
        self.waiting: set[str] = set()                    # enabled, not clicked yet (on any page)
        self.record = COVERAGE.screens[name]
        self.found: list | None = None         # the screen's controls since the last click

    def _controls(self, screen: QWidget) -> list[tuple[str, object]]:
        """Found once after each click (a walk spends its time finding them), then reused while
        the walk looks through the tab pages."""
        if self.found is None:
            self.found = [(k, o) for k, o in controls(screen) if present(o, screen)]
        return self.found

    def _candidates(self, screen: QWidget) -> list[tuple[str, object]]:
        found = self._controls(screen)
        _keep_rows(found, self.record.clicked)
        self.waiting = {k for k, o in found if k not in self.record.clicked
                        and (isinstance(o, Entry) or o.isEnabled())}
        self.record.present.update(key for key, _ in found)
        offered = [(k, o) for k, o in found if usable(o)]
        self.record.offered.update(key for key, _ in offered)
        ready = [(k, o) for k, o in offered if k not in self.record.clicked]
        return sorted(ready, key=lambda pair: _closing_rank(pair[0]))

    def _changed(self, screen: QWidget, waiting: set[str]) -> bool:
        """The click took away (or disabled) controls not clicked yet, or moved the screen out of
        the state walked (the case moved on): it is opened again, in the state it started in."""
        if not self.stays(screen):
            return True
        now = {k for k, o in self._controls(screen) if isinstance(o, Entry) or o.isEnabled()}
        return bool(waiting - now)

    def _next(self, screen: QWidget, fresh: bool = False):
        """The next control to click: on this page, else on another tab page (which is shown).
        Nothing left: looked for once more afresh (a page may build its controls when shown)."""
        if fresh:
            self.found = None
        _PARTS[id(screen)] = self.parts(screen)
        ready = self._candidates(screen)
        if ready:
            return ready[0]
        for tabs, index in _tab_pages(screen):
            if not (tabs.isVisible() and index < tabs.count()):
                continue
            _show_tab(self.qtbot, tabs, index)
            ready = self._candidates(screen)
            if ready:
                return ready[0]
        return None if fresh else self._next(screen, fresh=True)

    def run(self) -> Record:
        screen = self.open_screen()
        clicks = 0
        while not isinstance(screen, _Gone) and clicks < MAX_CLICKS:
            chosen = self._next(screen)
            if chosen is None:
                break
            waiting = self.waiting - {chosen[0]}
            self.press(screen, *chosen)
            clicks += 1
            if not _alive(screen) or not screen.isVisible() or self._changed(screen, waiting):
                screen = self.open_screen()
                self.found = None
        assert clicks < MAX_CLICKS, f"{self.name}: the walk does not end"
        if self.depth and not isinstance(screen, _Gone) and _alive(screen) and screen.isWindow():
            dismiss(screen)
        _PARTS.pop(id(screen), None)
        return self.record

    def press(self, screen: QWidget, key: str, obj) -> None:
        before = {id(w) for w in windows()}
        parts_before = {id(p) for p in self.parts(screen)}
        where = f"{self.name} › {key}"
        COVERAGE.trail.append(where)
        self.found = None
        if os.environ.get("WALK_TRAIL"):            # as it goes: a crash leaves its last click there
            with open(os.environ["WALK_TRAIL"] + ".live", "a", encoding="utf-8") as live:
                live.write(where + "\n")
        self.record.clicked.add(key)
        click(self.qtbot, obj)
        settle(self.qtbot)
        self.check(where)
        if _alive(screen) and screen.isVisible():
            for text in texts.english(screen, _part_of_composite):
                self.record.english.setdefault(text, where)
        for opened in [w for w in windows() if id(w) not in before]:
            self.walk_opened(screen, key, opened, lambda: [w for w in windows() if id(w) not in before])
            self.check(where)
        if _alive(screen):
            for part in [p for p in self.parts(screen) if id(p) not in parts_before]:
                self.walk_opened(screen, key, part, lambda: [p for p in self.parts(screen) if id(p) not in parts_before])
                self.check(where)

    def walk_opened(self, screen: QWidget, key: str, opened: QWidget, new_ones: Callable[[], list]) -> None:
        """A window (or part) the click opened: walked too, reopened by the same click."""
        if self.depth >= MAX_DEPTH or not self.deep(opened):
            if opened.isWindow():
                dismiss(opened)
            else:
                close_part(opened)
            return
        kind, first = type(opened), [opened]

        def reopen() -> QWidget:
            if first:
                return first.pop()
            again = dict(controls(screen)).get(key) if _alive(screen) else None
            if again is None or not usable(again):
                return _Gone()
            click(self.qtbot, again)
            settle(self.qtbot)
            return next((w for w in new_ones() if isinstance(w, kind) and w.isVisible()), _Gone())
        name = in_context(window_name(opened) if opened.isWindow() else type(opened).__name__, self.context)
        Walk(self.qtbot, name, reopen, self.depth + 1, self.check, context=self.context).run()
        for part in new_ones():
            if not part.isWindow():
                close_part(part)


def close_part(part: QWidget) -> None:
    """A part the walk opened (a case's tab in the main window) is closed again, whatever it asks."""
    tabs = part.parentWidget()
    while tabs is not None and not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    if tabs is not None and tabs.indexOf(part) >= 0:
        if hasattr(part, "is_dirty"):
            part.is_dirty = lambda: False
        tabs.tabCloseRequested.emit(tabs.indexOf(part))


class _Gone(QWidget):
    """What reopening gives when the opener is no longer there (its screen changed)."""


def _alive(widget: QWidget) -> bool:
    try:
        widget.isVisible()
    except RuntimeError:          # deleted on the C++ side
        return False
    return True


def walk(qtbot, name: str, open_screen: Callable[[], QWidget], check=None, parts=None, stays=None,
         deep=None, context: str = "") -> Record:
    CONTEXT[0] = context
    try:
        return Walk(qtbot, name, open_screen, check=check, parts=parts, stays=stays, deep=deep, context=context).run()
    finally:
        CONTEXT[0] = ""


def assert_complete(name: str) -> None:
    """The walk clicked every control the screen offered (visible and enabled) while walked."""
    record = COVERAGE.screens[name]
    assert record.clicked, f"{name}: nothing clicked"
    missing = record.offered - record.clicked
    assert not missing, f"{name}: offered but not clicked: {sorted(missing)}"
    assert not record.english, f"{name}: English on the screen: {record.english}"


def assert_all_reached(names: list[str], unreachable: dict[str, str] | None = None) -> None:
    """Every control of a screen, walked in all its states (`names`), was clicked in one of them,
    or `unreachable` (a regular expression of keys → the reason) says why it cannot be."""
    present = set().union(*(COVERAGE.screens[n].present for n in names))
    clicked = set().union(*(COVERAGE.screens[n].clicked for n in names))
    patterns = unreachable or {}
    missing = {k for k in present - clicked if not any(re.fullmatch(p, k) for p in patterns)}
    assert not missing, f"{names[0]}…: never visible and enabled while walked: {sorted(missing)}"
    stale = {p for p in patterns if not any(re.fullmatch(p, k) for k in present - clicked)}
    assert not stale, f"{names[0]}…: said to be unreachable, but clicked or not on the screen: {sorted(stale)}"
