"""Smoke test of a built or installed program, as a clerk's first day uses it: demo data, the
painted case list (--smoke, offscreen), an agreement PDF with the bundled fonts embedded, the
monthly report. Standard library only, so it runs beside any build:

    python installer/smoke_test.py dist/xiehui-tiaojie/xiehui-tiaojie            # Linux bundle
    python installer/smoke_test.py dist\\xiehui-tiaojie\\xiehui-tiaojie.exe       # Windows (CI)
    python installer/smoke_test.py /usr/bin/xiehui-tiaojie --chroot ROOT          # inside a root

With --chroot the program runs inside that system root (installer/linux/release_check.sh: the
Debian 11 root where the .deb was installed with apt), its data folder under ROOT/tmp.
Exit code 0 when every step worked; each step prints one line.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"


class Program:
    """Runs the program on one fresh data folder, directly or inside a chroot."""

    def __init__(self, executable: str, chroot: Path | None = None):
        self.executable, self.chroot = executable, chroot
        base = Path(tempfile.mkdtemp(prefix="xiehui-smoke-", dir=chroot / "tmp" if chroot else None))
        self.folder = base                      # seen from here
        self.inside = Path("/") / base.relative_to(chroot) if chroot else base   # seen by the program

    def path(self, name: str) -> tuple[Path, Path]:
        """(path seen from here, path seen by the program) of a file in the work folder."""
        return self.folder / name, self.inside / name

    def run(self, *args: str) -> str:
        command = [self.executable, "--data-dir", str(self.inside / "data"), *args]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if self.chroot:
            command = ["chroot", str(self.chroot), "/usr/bin/env", "-i", f"PATH={ROOT_PATH}", "HOME=/root",
                       "LANG=C.UTF-8", "QT_QPA_PLATFORM=offscreen", *command]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              env=env, timeout=600)
        # A windowed Windows build without a console writes to its log instead.
        log = self.folder / "data" / "logs" / "xiehui-tiaojie.log"
        output = done.stdout + done.stderr + (log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
        if done.returncode != 0:
            raise SystemExit(f"FAIL: {' '.join(args)} exited {done.returncode}\n{output[-3000:]}")
        return output

    def database(self) -> sqlite3.Connection:
        return sqlite3.connect(self.folder / "data" / "cases.sqlite3")


def case_with_agreement(db: sqlite3.Connection) -> str:
    row = db.execute("SELECT c.number FROM agreement a JOIN complaint_case c ON c.id = a.case_id "
                     "ORDER BY c.id LIMIT 1").fetchone()
    if not row:
        raise SystemExit("FAIL: the demo data has no case with an agreement")
    return row[0]


def busiest_month(db: sqlite3.Connection) -> str:
    return db.execute("SELECT substr(received_date, 1, 7) AS m FROM complaint_case "
                      "GROUP BY m ORDER BY count(*) DESC, m DESC LIMIT 1").fetchone()[0]


def embedded_subset_fonts(pdf: bytes) -> set[str]:
    """Names of the TrueType subsets a PDF embeds (reportlab names them ABCDEF+Face)."""
    return set(re.findall(rb"/BaseFont\s*/([A-Z]{6}\+[\w-]+)", pdf)) if b"/FontFile2" in pdf else set()


def counted_numbers(xlsx: Path) -> list[float]:
    """The numeric cells of every sheet of a workbook (<c t="n"><v>12</v></c>, or no t at all)."""
    numbers = []
    with zipfile.ZipFile(xlsx) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                xml = book.read(name).decode("utf-8")
                for cell in re.findall(r"<c\b([^>]*)>(.*?)</c>", xml, re.S):
                    value = re.search(r"<v>([^<]+)</v>", cell[1])
                    kind = re.search(r'\bt="(\w+)"', cell[0])
                    if value and (kind is None or kind.group(1) == "n"):     # openpyxl writes t="n"
                        numbers.append(float(value.group(1)))
    return numbers


def smoke(program: Program, cases: int = 200) -> None:
    out = program.run("demo", "--cases", str(cases))
    assert_in(f"已生成演示数据：案件 {cases} 件", out, "demo")
    print(f"ok demo: {cases} cases")

    out = program.run("--smoke")
    assert_in("案件列表绘制完成", out, "--smoke")
    print("ok --smoke: " + next(line for line in out.splitlines() if "案件列表绘制完成" in line).strip())

    with program.database() as db:
        number, month = case_with_agreement(db), busiest_month(db)
    here, there = program.path("agreement.pdf")
    program.run("document", "agreement", number, "--out", str(there))
    pdf = here.read_bytes()
    fonts = embedded_subset_fonts(pdf)
    if not pdf.startswith(b"%PDF-") or not fonts:
        raise SystemExit(f"FAIL: agreement {number}: not a PDF with embedded font subsets")
    print(f"ok agreement {number}: {len(pdf)} bytes, fonts {sorted(f.decode() for f in fonts)}")

    here, there = program.path("report.xlsx")
    program.run("report", "--month", month, "--out", str(there))
    numbers = counted_numbers(here)
    if not any(value > 0 for value in numbers):
        raise SystemExit(f"FAIL: the report of {month} counts no case")
    print(f"ok report {month}: {len(numbers)} numeric cells, largest {max(numbers):g}")


def assert_in(expected: str, output: str, step: str) -> None:
    if expected not in output:
        raise SystemExit(f"FAIL: {step}: '{expected}' not in the output\n{output[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="smoke test of the built or installed program")
    parser.add_argument("program", help="the program's executable (inside ROOT with --chroot)")
    parser.add_argument("--chroot", type=Path, help="run the program inside this system root")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and the documents")
    args = parser.parse_args(argv)
    program = Program(args.program, args.chroot.resolve() if args.chroot else None)
    try:
        smoke(program)
    finally:
        if not args.keep:
            shutil.rmtree(program.folder, ignore_errors=True)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
