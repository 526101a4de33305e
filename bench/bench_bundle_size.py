"""Size of the installed program and of its compressed installer next to a bare PySide6 window
frozen the same way.

Both are built in this run (or reused while their sources are unchanged) by installer/build.py
from the same spec — same Qt plugins, translations, strip and excludes — so the ratio shows what
the program itself adds: its fonts (~17 MB: a Song face with every basic ideograph, Ext. A and the
Ext. B characters of names, a Hei face of the common ones), PDFium, reportlab, openpyxl, psycopg2
(Pillow is left out: installer/no_pillow.py).
The compressed figure packs each folder the way the installers do (xz preset 6, as dpkg-deb
builds the .deb; Inno Setup's LZMA2 is the same family), so it is the download a clerk waits for.
Budget (DESIGN): the compressed installer within 1.5× of the bare window's. Also prints where
the size goes. Last measured (2026-12-03): 38.7 MB against 25.8 MB, 1.499× (0.02 MB under the
limit), installed 138.8 against 100.2 MB. Both bundles' bytecode has no docstrings and no column
positions, so a cut of what both carry shrinks the bare window too and raises the ratio.

    .venv/bin/python bench/run_all.py bundle_size
"""
from __future__ import annotations

import io
import lzma
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, BenchResult

OUT = ROOT / "build" / "bench-bundle"
BUDGET = 1.5
# Where the size goes: a label and the path patterns (relative to _internal) that belong to it.
PARTS = [
    ("Qt libraries (without ICU)", ["PySide6/Qt/lib/libQt6*", "PySide6/Qt/lib/Qt6*"]),
    ("ICU (Qt's Unicode data)", ["PySide6/Qt/lib/libicu*"]),
    ("Qt plugins", ["PySide6/Qt/plugins/**/*"]),
    ("Qt translations", ["PySide6/Qt/translations/*"]),
    ("PySide6/shiboken bindings", ["PySide6/*.so", "PySide6/*.pyd", "libpyside6*", "shiboken6/*",
                                   "libshiboken6*", "pyside6*.dll", "shiboken6*.dll"]),
    ("fonts (resources/fonts)", ["resources/fonts/*"]),
    ("Python runtime", ["libpython*", "python3*.dll", "base_library.zip", "python3.11/**/*", "lib-dynload/*"]),
    ("psycopg2 + libpq/openssl/krb5", ["psycopg2/**/*", "psycopg2_binary.libs/*"]),
    ("Pillow (left out: installer/no_pillow.py)", ["PIL/**/*", "pillow.libs/*"]),
    ("openpyxl + python-calamine", ["openpyxl/**/*", "python_calamine/**/*"]),
    ("PDFium (document preview and printing)", ["pypdfium2_raw/*", "pypdfium2/*"]),
]


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in _files(folder)) / 2**20


def breakdown(bundle: Path) -> list[tuple[str, float]]:
    """(label, MB) per part, the rest last; each file is counted once, in the first part it matches."""
    internal = bundle / "_internal"
    counted: set[Path] = set()
    rows = []
    for label, patterns in PARTS:
        files = {p for pattern in patterns for p in internal.glob(pattern)
                 if p.is_file() and not p.is_symlink()} - counted
        counted |= files
        rows.append((label, sum(p.stat().st_size for p in files) / 2**20))
    rest = [p for p in _files(bundle) if p not in counted]
    rows.append(("the rest: launcher + .pyz (all pure-Python code), libs", sum(p.stat().st_size for p in rest) / 2**20))
    return rows


class _Counter(io.RawIOBase):
    """A file that only counts what is written to it."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def compressed_mb(folder: Path) -> float:
    """The folder as a tar compressed with xz preset 6 (what the .deb holds), in MB."""
    counter = _Counter()
    with lzma.open(counter, "wb", preset=6) as packed, tarfile.open(fileobj=packed, mode="w") as tar:
        tar.add(folder, arcname=folder.name)
    return counter.size / 2**20


def build(*extra: str) -> Path:
    name = "bare-window" if "--bare-window" in extra else "xiehui-tiaojie"
    subprocess.run([PYTHON, str(ROOT / "installer/build.py"), "--reuse", "--bundle-only", *extra,
                    "--dist", str(OUT / "dist"), "--work", str(OUT / "work")], check=True, cwd=ROOT,
                   stdout=sys.stderr)
    return OUT / "dist" / name


def run() -> list[BenchResult]:
    program, bare = build(), build("--bare-window")
    program_mb, bare_mb = size_mb(program), size_mb(bare)
    print(f"\n{'where the size goes':52} {'program':>9} {'bare window':>12}", file=sys.stderr)
    for (label, mb), (_, bare_part) in zip(breakdown(program), breakdown(bare)):
        print(f"{label:52} {mb:>6.1f} MB {bare_part:>9.1f} MB", file=sys.stderr)
    fonts = program / "_internal" / "resources" / "fonts"
    fonts_packed = compressed_mb(fonts)
    program_packed, bare_packed = compressed_mb(program), compressed_mb(bare)
    print(f"compressed (xz -6): program {program_packed:.1f} MB, of it fonts {fonts_packed:.1f} MB; "
          f"without the fonts {(program_packed - fonts_packed) / bare_packed:.2f}× the bare window", file=sys.stderr)
    return [BenchResult(name="compressed installer (tar.xz of the bundle)", figure=program_packed,
                        baseline_name="bare PySide6 window, same way", baseline=bare_packed, unit="MB",
                        budget=f"≤ {BUDGET}× baseline", within_budget=program_packed <= BUDGET * bare_packed),
            BenchResult(name="installed program (one-folder bundle)", figure=program_mb,
                        baseline_name="bare PySide6 window", baseline=bare_mb, unit="MB",
                        budget="(the compressed figure is the budget)", within_budget=True)]


if __name__ == "__main__":
    from bench.common import print_table
    print_table(run())
