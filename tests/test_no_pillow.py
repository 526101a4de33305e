"""The installed program carries no Pillow (installer/xiehui-tiaojie.spec excludes it; the runtime
hook installer/no_pillow.py stands in for reportlab's import), none of the library modules the spec
lists in LEFT_OUT, and bytecode without docstrings (optimize=2). Here, as in the frozen program —
Pillow and every LEFT_OUT module made unimportable, the hook run first, under python -OO — every
document of a case is made and rendered for the preview, the 台账 is exported and imported again,
the blank template and a report are written. And the program's own code never reaches the calls
that would need Pillow, nor imports a LEFT_OUT module."""
from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "xiehui-tiaojie.spec"


def left_out() -> list[str]:
    """The spec's LEFT_OUT list (the spec is not a module: read as text)."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["LEFT_OUT"]:
            return ast.literal_eval(node.value)
    raise AssertionError("installer/xiehui-tiaojie.spec has no LEFT_OUT list")


AS_IN_THE_BUNDLE = """
import importlib.abc, runpy, sys

def check(ok, why=""):        # asserts are gone under -OO
    if not ok:
        raise SystemExit(f"failed: {why}")

def documented():
    "a docstring"

check(sys.flags.optimize == 2 and documented.__doc__ is None, "run under -OO, as the bundle's bytecode is")
LEFT_OUT = tuple(sys.argv[2].split(","))

class NotInTheBundle(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "PIL" or name in LEFT_OUT or name.startswith(tuple(m + "." for m in LEFT_OUT)):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

check(not [m for m in LEFT_OUT if m in sys.modules], "imported before the finder could refuse it")
sys.meta_path.insert(0, NotInTheBundle())
runpy.run_path("installer/no_pillow.py")
check(sys.modules["PIL"].__path__ == [], "the stand-in, not Pillow")
"""

JOB = """
import sqlite3
from app.cli import main
folder = sys.argv[1]
check(main(["--data-dir", folder, "demo", "--cases", "30"]) == 0, "demo")
number = sqlite3.connect(folder + "/cases.sqlite3").execute(
    "SELECT c.number FROM agreement a JOIN complaint_case c ON c.id = a.case_id ORDER BY c.id LIMIT 1").fetchone()[0]
check(main(["--data-dir", folder, "document", "archive", number, "--out", folder + "/archive.pdf"]) == 0, "archive")
check(main(["--data-dir", folder, "export-ledger", "--from", "2000-01-01", "--to", "2099-12-31",
            "--out", folder + "/ledger.xlsx"]) == 0, "export-ledger")
check(main(["--data-dir", folder, "report", "--from", "2000-01-01", "--to", "2099-12-31",
            "--out", folder + "/report.xlsx"]) == 0, "report")
check(main(["--data-dir", folder, "ledger-template", "--out", folder + "/template.xlsx"]) == 0, "template")
check(main(["--data-dir", folder + "/other", "import-ledger", folder + "/ledger.xlsx"]) in (0, 3),  # 3: rows refused
      "import-ledger")

from PySide6.QtWidgets import QApplication
from app.ui.documents.render import PdfPages
app = QApplication([])
pages = PdfPages(open(folder + "/archive.pdf", "rb").read())
image = pages.image(len(pages) - 1, 96)
check(len(pages) > 3 and image.width() > 700 and not image.isNull(), "preview")
print("documents as in the bundle:", len(pages), "pages")
"""


def test_documents_and_workbooks_are_made_as_in_the_bundle(tmp_path):
    done = subprocess.run([sys.executable, "-OO", "-c", AS_IN_THE_BUNDLE + JOB, str(tmp_path), ",".join(left_out())],
                          cwd=ROOT, timeout=600, capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "documents as in the bundle:" in done.stdout


def test_every_module_left_out_exists_and_the_program_never_imports_one():
    """A misspelt name would leave nothing out; an import in app/ would fail in the bundle."""
    names = left_out()
    assert names and [name for name in names if importlib.util.find_spec(name) is None] == []
    found = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                imported = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in imported
                          if any(n == m or n.startswith(m + ".") for m in names)]
    assert not found, ("installer/xiehui-tiaojie.spec leaves these out of the bundle", found)


# What would need Pillow: raster images in a PDF (reportlab) or a workbook (openpyxl), PDFium's
# PIL conversions, Pillow itself, reportlab's drawings (left out of the bundle too).
NEEDS_PILLOW = {"drawImage", "drawInlineImage", "ImageReader", "to_pil", "from_pil"}
QT_TOO = {"drawImage"}          # QPainter's own, in modules that do not draw with reportlab
NEEDS_PILLOW_MODULES = ("PIL", "openpyxl.drawing.image", "reportlab.graphics")


def test_the_program_never_reaches_what_needs_pillow():
    found = []
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        wanted = NEEDS_PILLOW if "reportlab" in text else NEEDS_PILLOW - QT_TOO
        for node in ast.walk(ast.parse(text)):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr in wanted:
                found.append(f"{where} .{node.attr}")
            elif isinstance(node, ast.Name) and node.id in wanted:
                found.append(f"{where} {node.id}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.module == "reportlab.platypus":
                    names += ["PIL" for a in node.names if a.name == "Image"]      # the Image flowable
                found += [f"{where} import {n}" for n in names if n.startswith(NEEDS_PILLOW_MODULES)]
    assert not found, ("the installed program has no Pillow (installer/no_pillow.py): "
                       "add it back to the bundle before using images", found)
