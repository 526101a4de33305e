"""The installed program, as a clerk gets it: build the Linux one-folder bundle with PyInstaller,
run it on a fresh data folder (demo data, the painted case list, an agreement PDF, a monthly
report), and install the .deb into a throwaway root whose package database is this machine's —
so its Depends are really checked — and start the program from there.

Slow (a PyInstaller build, ~1 min); the build is reused while the sources do not change
(build/frozen-test/, see installer/build.py --reuse).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from app import __version__

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle is built on Linux")]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "frozen-test"
sys.path.insert(0, str(ROOT / "installer"))
sys.path.insert(0, str(ROOT / "installer" / "linux"))
import elf_scan  # noqa: E402 - importable only once sys.path holds installer/linux
import smoke_test  # noqa: E402 - importable only once sys.path holds installer/

from app.ui.desktop_integration import ICON_SIZES  # noqa: E402 - after the installer/ paths above, like its neighbours
from tests.test_no_pillow import left_out  # noqa: E402 - after the installer/ paths above, like its neighbours
PROGRAM = "xiehui-tiaojie"


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **kwargs.pop("env", {})}
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, env=env, timeout=kwargs.pop("timeout", 600), **kwargs)


@pytest.fixture(scope="module")
def dist() -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI"):
            raise
        pytest.skip("PyInstaller is not installed: .venv/bin/pip install -r requirements-build.txt")
    for tool in ("objdump", "dpkg-deb"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is missing (apt-get install binutils dpkg)")
    built = _run([sys.executable, ROOT / "installer/build.py", "--reuse", "--dist", OUT / "dist",
                  "--work", OUT / "work"], cwd=ROOT, env={"XIEHUI_DEB_COMPRESSION": "gzip"},
                 timeout=1800)   # a PyInstaller build takes one minute alone, over ten on a busy machine
    print(built.stdout[-2000:])
    assert built.returncode == 0, built.stderr[-4000:]
    return OUT / "dist"


@pytest.fixture(scope="module")
def program(dist) -> Path:
    return dist / PROGRAM / PROGRAM


@pytest.fixture(scope="module")
def demo_data(program, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("frozen-data")
    done = _run([program, "--data-dir", data, "demo", "--cases", 200])
    assert done.returncode == 0, done.stderr
    assert "已生成演示数据：案件 200 件" in done.stdout
    return data


def _bundle_mb(bundle: Path) -> float:
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def test_the_frozen_program_paints_the_case_list_and_logs_to_the_data_folder(program, demo_data):
    done = _run([program, "--data-dir", demo_data, "--smoke"])
    assert done.returncode == 0, done.stderr
    assert "案件列表绘制完成" in done.stdout and "案件 200 件" in done.stdout
    print(f"\n{done.stdout.strip()}\nbundle size: {_bundle_mb(program.parent):.1f} MB")
    log = (demo_data / "logs" / "xiehui-tiaojie.log").read_text(encoding="utf-8")
    assert "启动 消协投诉调解台" in log and "安装版" in log


def test_a_damaged_database_is_explained_by_the_frozen_program_in_its_log(program, tmp_path):
    (tmp_path / "cases.sqlite3").write_bytes(b"not a database: the disk was full" * 40)
    done = _run([program, "--data-dir", tmp_path, "check"])
    assert done.returncode == 1
    # With a console the reason goes there; without one (a double-click) into the log.
    log = (tmp_path / "logs" / "xiehui-tiaojie.log").read_text(encoding="utf-8")
    assert "已损坏或不是本程序的数据文件" in done.stderr + log


def _case_with_agreement(data: Path) -> str:
    with sqlite3.connect(data / "cases.sqlite3") as db:
        return smoke_test.case_with_agreement(db)


def _busiest_month(data: Path) -> str:
    with sqlite3.connect(data / "cases.sqlite3") as db:
        return smoke_test.busiest_month(db)


def test_the_frozen_program_prints_an_agreement_with_the_bundled_fonts(program, demo_data, tmp_path):
    from pypdf import PdfReader

    number = _case_with_agreement(demo_data)
    out = tmp_path / "agreement.pdf"
    done = _run([program, "--data-dir", demo_data, "document", "agreement", number, "--out", out])
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "调解协议书" in text.replace(" ", "") and number in text
    fonts = {str(font.get_object().get("/BaseFont")) for page in reader.pages
             for font in (page["/Resources"].get_object().get("/Font") or {}).values()}
    print(f"\nagreement {number}: fonts {sorted(fonts)}")
    assert any("+" in name for name in fonts), "the bundled TrueType faces were not embedded as subsets"


def test_the_frozen_program_writes_the_monthly_report(program, demo_data, tmp_path):
    from openpyxl import load_workbook

    month = _busiest_month(demo_data)
    out = tmp_path / "report.xlsx"
    done = _run([program, "--data-dir", demo_data, "report", "--month", month, "--out", out])
    assert done.returncode == 0, done.stderr
    workbook = load_workbook(out)
    numbers = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)]
    assert any(value > 0 for value in numbers), "the report has no case counted"


def test_the_bundle_carries_only_what_the_program_uses(program):
    internal = program.parent / "_internal"
    assert (internal / "resources/fonts/NotoSerifSC-XH.ttf").exists()
    assert (internal / "resources/icons/xiehui-tiaojie-256.png").exists()
    translations = sorted(p.name for p in (internal / "PySide6/Qt/translations").iterdir())
    assert translations and all(name.endswith("_zh_CN.qm") for name in translations)
    qt_libraries = {p.name.split(".")[0] for p in (internal / "PySide6/Qt/lib").iterdir()}
    assert {"libQt6Core", "libQt6Gui", "libQt6Widgets"} <= qt_libraries
    assert not {n for n in qt_libraries if any(x in n for x in ("Qml", "Quick", "WebEngine", "3D", "Multimedia"))}
    assert not list(internal.rglob("libX11.so*")), "the display libraries must come from the system"
    assert not (internal / "tests").exists() and not (internal / "bench").exists()
    assert sorted(p.name for p in (internal / "resources/icons").iterdir()) == sorted(
        f"{PROGRAM}-{size}.png" for size in ICON_SIZES), "only the window icon's sizes"
    if "pypdfium2" in (ROOT / "requirements.txt").read_text():
        # loaded through ctypes, so no library dependency shows it: it must survive the trimming
        assert (internal / "pypdfium2_raw" / "libpdfium.so").exists()


def test_the_bundle_leaves_out_what_the_spec_lists_and_its_bytecode_is_lean(program):
    """installer/xiehui-tiaojie.spec's LEFT_OUT (tests/test_no_pillow.py: the program works without
    them) is not in the bundle; the modules carry no docstrings (optimize=2) and no column positions
    (installer/build.py runs PyInstaller under -X no_debug_ranges)."""
    from PyInstaller.archive.readers import CArchiveReader

    modules = CArchiveReader(str(program)).open_embedded_archive("PYZ.pyz")
    extensions = {p.name.split(".")[0] for p in (program.parent / "_internal").rglob("*.so")}
    names = left_out()
    assert [m for m in names if m in modules.toc or any(n.startswith(m + ".") for n in modules.toc)] == []
    assert [m for m in names if m in extensions] == []
    assert "reportlab.pdfgen.canvas" in modules.toc and "app.ui.desktop_integration" in modules.toc
    code = modules.extract("app.ui.desktop_integration")
    assert "__doc__" not in code.co_names, "docstrings are in the bytecode"
    assert {column for _, _, column, _ in code.co_positions()} == {None}, "column positions are in the bytecode"


def test_the_frozen_program_hashes_passwords(program, demo_data):
    """argon2 through cffi, with cffi's C parser left out of the bundle."""
    added = _run([program, "--data-dir", demo_data, "user", "add", "zhangmin", "--name", "张敏", "--role", "clerk",
                  "--password-stdin"], input="Xiehui-2026-test\n")
    assert added.returncode == 0, added.stderr
    listed = _run([program, "--data-dir", demo_data, "user", "list"])
    assert "zhangmin" in listed.stdout and "张敏" in listed.stdout


def test_the_tarball_unpacks_to_a_runnable_folder(dist, demo_data, tmp_path):
    tarball = dist / f"{PROGRAM}-{__version__}-linux-{_architecture()}.tar.gz"
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path, filter="tar")
    done = _run([tmp_path / PROGRAM / PROGRAM, "--data-dir", demo_data, "check"])
    assert done.returncode == 0, done.stderr
    assert "检查通过：200 件案件" in done.stdout


def _architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()


def _package_version(name: str) -> str | None:
    """This machine's version of a package, whatever state dpkg has it in (an apt run elsewhere may
    have left it unpacked but not configured), or the version apt would install."""
    known = _run(["dpkg-query", "-W", "-f", "${Version}", name])
    if known.returncode == 0 and known.stdout.strip():
        return known.stdout.strip()
    candidate = _run(["apt-cache", "policy", name]).stdout
    for line in candidate.splitlines():
        if line.strip().startswith("Candidate:") and "(none)" not in line:
            return line.split(":", 1)[1].strip()
    return None


def _write_installed(status: Path, depends: str) -> None:
    """A dpkg status file in which the first known alternative of every dependency is installed at
    this machine's version — so dpkg checks the names and versions of Depends against real Debian
    packages without depending on the state of this machine's own package database."""
    stanzas = []
    for dependency in depends.split(","):
        for alternative in dependency.split("|"):
            name = alternative.split("(")[0].strip()
            version = _package_version(name)
            if version:
                stanzas.append(f"Package: {name}\nStatus: install ok installed\nPriority: optional\n"
                               f"Architecture: {_architecture()}\nMulti-Arch: same\nVersion: {version}\n"
                               f"Maintainer: stand-in\nDescription: {name} as on this machine\n")
                break
        else:
            pytest.fail(f"no Debian package of this machine provides {dependency.strip()}")
    status.write_text("\n".join(stanzas), encoding="utf-8")


def test_the_deb_installs_with_its_dependencies_checked_and_its_program_starts(dist, demo_data, tmp_path):
    deb = dist / f"{PROGRAM}_{__version__}_{_architecture()}.deb"
    depends = _run(["dpkg-deb", "-f", deb, "Depends"]).stdout
    for package in ("libc6 (>=", "libegl1", "libxkbcommon-x11-0", "libxcb-cursor0", "libfontconfig1"):
        assert package in depends
    root = tmp_path / "root"
    admin = root / "var/lib/dpkg"
    for folder in ("info", "updates", "triggers"):
        (admin / folder).mkdir(parents=True)
    _write_installed(admin / "status", depends)
    (admin / "available").touch()
    installed = _run(["dpkg", f"--root={root}", "-i", deb])
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert _run(["dpkg", f"--root={root}", "-s", PROGRAM]).stdout.count("install ok installed") == 1

    desktop = (root / f"usr/share/applications/{PROGRAM}.desktop").read_text(encoding="utf-8")
    assert "Name=消协投诉调解台" in desktop and "Categories=Office;" in desktop and f"Icon={PROGRAM}" in desktop
    assert (root / f"usr/share/icons/hicolor/48x48/apps/{PROGRAM}.png").exists()
    launcher = root / "usr/bin" / PROGRAM
    assert launcher.is_symlink() and (root / "opt" / PROGRAM / PROGRAM).exists()

    done = _run([launcher, "--data-dir", demo_data, "--smoke"])
    assert done.returncode == 0, done.stderr
    assert "案件列表绘制完成" in done.stdout
    removed = _run(["dpkg", f"--root={root}", "-r", PROGRAM])
    assert removed.returncode == 0 and not (root / "opt" / PROGRAM).exists()
    assert (demo_data / "cases.sqlite3").exists()   # removing the program never touches the data



def test_the_deb_asks_for_the_glibc_its_files_need(dist, program):
    """Every ELF file is scanned (installer/linux/elf_scan.py); the highest GLIBC_ version any of
    them requires is the libc6 version the .deb depends on."""
    deb = dist / f"{PROGRAM}_{__version__}_{_architecture()}.deb"
    depends = _run(["dpkg-deb", "-f", deb, "Depends"]).stdout
    text, floor = elf_scan.report(program.parent)
    print(f"\n{text}")
    assert depends.startswith(f"libc6 (>= {floor})")
    scanned = elf_scan.scan(program.parent)
    assert len(scanned) > 50 and any(item.path.name.startswith("libQt6Core") for item in scanned)
