"""The installed program carries no Pillow (installer/xiehui-tiaojie.spec excludes it; the runtime
hook installer/no_pillow.py stands in for reportlab's import). Here, with Pillow made unimportable
and the hook run first, as in the frozen program: every document of a case is made and rendered
for the preview, the 台账 is exported and imported again, and the blank template is written. And
the program's own code never reaches the calls that would need Pillow."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WITHOUT_PILLOW = """
import importlib.abc, runpy, sys

class NoPillow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PIL" or name.startswith("PIL."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, NoPillow())
runpy.run_path("installer/no_pillow.py")
assert sys.modules["PIL"].__path__ == [], "the stand-in, not Pillow"
"""

JOB = """
import sqlite3
from app.cli import main
folder = sys.argv[1]
assert main(["--data-dir", folder, "demo", "--cases", "30"]) == 0
number = sqlite3.connect(folder + "/cases.sqlite3").execute(
    "SELECT c.number FROM agreement a JOIN complaint_case c ON c.id = a.case_id ORDER BY c.id LIMIT 1").fetchone()[0]
assert main(["--data-dir", folder, "document", "archive", number, "--out", folder + "/archive.pdf"]) == 0
assert main(["--data-dir", folder, "export-ledger", "--from", "2000-01-01", "--to", "2099-12-31",
             "--out", folder + "/ledger.xlsx"]) == 0
assert main(["--data-dir", folder, "report", "--from", "2000-01-01", "--to", "2099-12-31",
             "--out", folder + "/report.xlsx"]) == 0
assert main(["--data-dir", folder, "ledger-template", "--out", folder + "/template.xlsx"]) == 0
assert main(["--data-dir", folder + "/other", "import-ledger", folder + "/ledger.xlsx"]) in (0, 3)   # 3: rows refused

from PySide6.QtWidgets import QApplication
from app.ui.documents.render import PdfPages
app = QApplication([])
pages = PdfPages(open(folder + "/archive.pdf", "rb").read())
image = pages.image(len(pages) - 1, 96)
assert len(pages) > 3 and image.width() > 700 and not image.isNull()
print("documents without Pillow:", len(pages), "pages")
"""


def test_documents_and_workbooks_are_made_without_pillow(tmp_path):
    done = subprocess.run([sys.executable, "-c", WITHOUT_PILLOW + JOB, str(tmp_path)], cwd=ROOT, timeout=600,
                          capture_output=True, text=True, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "documents without Pillow:" in done.stdout


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
