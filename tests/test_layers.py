"""Layers point one way: nothing below app/ui imports Qt, even indirectly."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BELOW_UI = ["app/domain", "app/db", "app/services", "app/reports", "app/cli"]


def _modules_below_ui() -> list[str]:
    names = []
    for folder in BELOW_UI:
        for path in sorted((ROOT / folder).rglob("*.py")):
            names.append(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))
    return names


def test_no_qt_import_below_ui_in_the_source():
    offenders = []
    for folder in BELOW_UI:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                if any(n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for n in names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_module_below_ui_imports_with_pyside6_unimportable():
    modules = _modules_below_ui()
    assert "app.services.registration" in modules and "app.domain.clock" in modules
    script = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"     # any `import PySide6...` now raises ImportError
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_start_up_does_not_import_heavy_libraries():
    script = ("import sys; sys.argv=['main.py','--help']\n"
              "import app.cli\n"
              "parser = app.cli.build_parser()\n"
              "print(sorted(m for m in ('reportlab', 'openpyxl', 'PySide6') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


def test_screens_and_commands_reach_the_database_only_through_services():
    offenders = [f"{path.relative_to(ROOT)}: {name}"
                 for folder in ("app/ui", "app/cli") for path in sorted((ROOT / folder).rglob("*.py"))
                 for name in _imports(path) if name == "app.db" or name.startswith("app.db.")]
    assert offenders == []


def test_services_hand_out_plain_data_not_peewee_internals():
    """Rows leave the services as dataclasses or model_to_dict, never as `__data__`."""
    offenders = [str(path.relative_to(ROOT)) for folder in ("app/services", "app/ui", "app/cli", "app/reports")
                 for path in (ROOT / folder).rglob("*.py") if "__data__" in path.read_text(encoding="utf-8")]
    assert offenders == []
