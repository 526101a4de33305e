"""A button's `clicked` and an action's `triggered` pass `checked` (a bool) to the slot they call:
connected to a method that takes a parameter, the bool lands in it (打印… once printed to
`False`, issue 10). Every such connection in app/ui goes to a method without parameters, or to a
lambda that calls it."""
from __future__ import annotations

import ast
from pathlib import Path

APP_UI = Path(__file__).resolve().parents[2] / "app" / "ui"
PASSING_CHECKED = ("clicked", "triggered")
# A signal of that name that passes a value the slot wants: the calendar's clicked(QDate).
WANTED = {("date_field.py", "_take")}


def _methods(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def connections_with_a_parameter() -> list[str]:
    found = []
    for path in sorted(APP_UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        methods = _methods(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in PASSING_CHECKED
                    and node.args and isinstance(node.args[0], ast.Attribute)
                    and isinstance(node.args[0].value, ast.Name) and node.args[0].value.id == "self"):
                continue
            name = node.args[0].attr
            method = methods.get(name)
            if method is None or (path.name, name) in WANTED:
                continue
            parameters = method.args.args[1:] + method.args.kwonlyargs
            if parameters:
                found.append(f"{path.relative_to(APP_UI)}:{node.lineno} {node.func.value.attr} → {name}"
                             f"({', '.join(a.arg for a in parameters)})")
    return found


def test_clicked_and_triggered_go_to_slots_without_parameters():
    assert connections_with_a_parameter() == []


def test_the_check_finds_a_slot_with_a_parameter(tmp_path, monkeypatch):
    (tmp_path / "screen.py").write_text(
        "class Screen:\n"
        "    def __init__(self):\n"
        "        self.print_button.clicked.connect(self.print_document)\n"
        "    def print_document(self, printer=None):\n"
        "        pass\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["APP_UI"]), "APP_UI", tmp_path)
    assert connections_with_a_parameter() == ["screen.py:3 clicked → print_document(printer)"]
