"""The walk checks itself. Run after the walks of this folder (the name sorts last):
- every window and screen the program has (each QDialog and QMainWindow of app/ui, the screens of
  the navigation, the case workspace) was walked;
- every window a walk reached, there or in a window a click opened, had each control it offered
  clicked; and every control of a screen, over all the states it was walked in, was clicked in one
  of them (or is named below with the reason it cannot be);
- and the walk can fail: a button that raises, a new button, a new button nobody can press."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QPushButton, QVBoxLayout

from tests.ui.walk import walker

pytestmark = [pytest.mark.qt_no_exception_capture]

# Controls present in a state but never pressable there, walked in every state they appear in.
UNREACHABLE = {
    r"按钮:调解记录/(已安排的调解（只读）|已进行的调解（只读）|案件当前状态下不能安排或记录调解)/▾(#\d)?":
        "the calendar button of a read-only date: greyed, there is nothing to pick",
    r"菜单:案件\(C\)/关闭当前页(\(C\))?":   # (C): its access letter
        "greyed while the case list is in front, where the main window's walk runs its menus (an open "
        "case's tab is walked as a screen of its own); Ctrl+W is clicked in tests/ui/cases/test_clean_after_save.py",
}
# Windows that show a record read-only: their controls are greyed on purpose.
READ_ONLY = {"PrecedentViewer": "a precedent is a closed case of another consumer, shown read-only"}
SCREENS = ("CaseWorkspace", "TasksScreen", "StatisticsScreen")     # screens that are not windows


def _walked_session(request) -> None:
    here = {item.originalname for item in request.session.items if item.path.parent == request.path.parent}
    if not set(_walk_tests(request)) <= here:
        pytest.skip("the meta-check reads what the walks of tests/ui/walk did: run the whole folder")


def _walk_tests(request):
    for module in sorted(request.path.parent.glob("test_*.py")):
        if module.name != request.path.name:
            yield from re.findall(r"^def (test_\w+)", module.read_text(encoding="utf-8"), re.M)


def _class_of(name: str) -> str:
    return re.match(r"[A-Za-z]*", name).group(0)


def windows_of_the_program() -> set[str]:
    """Every window class of app/ui: the dialogs and main windows defined there, and the screens."""
    import app.ui
    found = set(SCREENS)
    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, (QDialog, QMainWindow)):
                found.add(name)
    return found - {"FormDialog"}             # the base of the forms: walked as each of them


def test_every_window_and_screen_of_the_program_is_walked(request):
    _walked_session(request)
    walked = {_class_of(name) for name, record in walker.COVERAGE.screens.items() if record.clicked}
    assert not windows_of_the_program() - walked, f"never walked: {sorted(windows_of_the_program() - walked)}"


def test_every_control_offered_was_clicked_and_every_control_was_reached_in_some_state(request):
    _walked_session(request)
    screens = walker.COVERAGE.screens
    for name, record in screens.items():
        assert record.offered <= record.clicked, f"{name}: offered, not clicked: {sorted(record.offered - record.clicked)}"
    groups: dict[str, list[str]] = {}
    for name in screens:                   # one screen walked in several states or contexts
        groups.setdefault(re.sub(r"（[^「」]*$", "", name), []).append(name)
    for group, names in groups.items():
        if _class_of(group) in READ_ONLY:
            continue
        unreachable = {p: why for p, why in UNREACHABLE.items()
                       if any(re.fullmatch(p, k) for n in names for k in screens[n].present - screens[n].clicked)}
        walker.assert_all_reached(names, unreachable)


# ---------------------------------------------------------------- the walk can fail
class _Probe(QDialog):
    """A window as a developer might add one."""

    def __init__(self, extra: str = "", enabled: bool = True, says: str = ""):
        super().__init__()
        self.setWindowTitle("探针")
        layout = QVBoxLayout(self)
        message = QLabel()
        layout.addWidget(message)
        ok = QPushButton("确定")
        ok.clicked.connect(self.accept)
        check = QPushButton("测试连接")
        check.clicked.connect(lambda: message.setText(says))
        layout.addWidget(check)
        layout.addWidget(ok)
        if extra:
            button = QPushButton(extra)
            button.setEnabled(enabled)
            button.clicked.connect(lambda: 1 / 0)       # a slot with a defect
            layout.addWidget(button)


def _probe(qtbot, **kw):
    def opener():
        dialog = _Probe(**kw)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return opener


@pytest.mark.usefixtures("sqlite_db")
def test_a_button_that_raises_fails_the_walk_naming_the_click(qtbot, doubles, unexpected_errors):
    with pytest.raises(AssertionError, match=r"after 探针（坏按钮） › 按钮:导出….*ZeroDivisionError"):
        walker.walk(qtbot, "探针（坏按钮）", _probe(qtbot, extra="导出…"), check=doubles.check)
    walker.COVERAGE.screens.pop("探针（坏按钮）")
    unexpected_errors.clear()


@pytest.mark.usefixtures("sqlite_db")
def test_a_new_button_is_walked_and_one_nobody_can_press_is_reported(qtbot, doubles, unexpected_errors):
    walker.walk(qtbot, "探针（新按钮）", _probe(qtbot, extra="新按钮"), check=lambda _where: None)
    assert "按钮:新按钮" in walker.COVERAGE.screens.pop("探针（新按钮）").clicked
    unexpected_errors.clear()
    walker.walk(qtbot, "探针（灰按钮）", _probe(qtbot, extra="灰按钮", enabled=False), check=doubles.check)
    with pytest.raises(AssertionError, match="never visible and enabled while walked: .*按钮:灰按钮"):
        walker.assert_all_reached(["探针（灰按钮）"])
    walker.COVERAGE.screens.pop("探针（灰按钮）")


@pytest.mark.usefixtures("sqlite_db")
def test_english_that_a_click_brings_fails_the_walk(qtbot, doubles):
    walker.walk(qtbot, "探针（英文）", _probe(qtbot, says="Connection refused: is the server running?"), check=doubles.check)
    with pytest.raises(AssertionError, match=r"English on the screen: .*Connection refused"):
        walker.assert_complete("探针（英文）")
    walker.COVERAGE.screens.pop("探针（英文）")
