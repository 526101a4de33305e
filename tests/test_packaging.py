"""The installers agree with the program (fast checks; the real build is tests/test_frozen_bundle.py):
the Windows setup waits for the mutex the program holds, keeps the data folder the program uses,
never changes its AppId; the Linux menu entry names the installed icon and launcher."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import APP_ID, APP_NAME, __version__, runtime

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "installer/windows/setup.iss"
DESKTOP = ROOT / "installer/linux/xiehui-tiaojie.desktop"
# The AppId of the first release. Changing it makes the next setup install a second copy beside
# the clerk's program instead of upgrading it: this test is there so nobody does by accident.
APP_ID_GUID = "{{26D0A750-658C-4E64-ADCC-853BA5234787}"


def _setup_text() -> str:
    return SETUP.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def _define(name: str) -> str:
    return re.search(rf'^#define {name} "([^"]+)"', _setup_text(), re.M).group(1)


def test_the_setup_keeps_its_app_id_for_ever():
    assert re.search(r"^AppId=(.+?)\s*$", _setup_text(), re.M).group(1) == APP_ID_GUID


def test_the_setup_waits_for_the_mutex_the_program_holds():
    assert _define("AppMutexName") == runtime.MUTEX_NAME
    assert "AppMutex={#AppMutexName},Global\\{#AppMutexName}" in _setup_text()
    assert re.search(r"^CloseApplications=force", _setup_text(), re.M)


def test_the_setup_knows_the_program_data_folder_and_removes_stale_files():
    text = _setup_text()
    assert _define("AppIdName") == APP_ID       # %LOCALAPPDATA%\XiehuiTiaojie, app/config.py
    assert "ExpandConstant('{localappdata}\\{#AppIdName}')" in text
    install_delete = text.split("\n[InstallDelete]")[1].split("\n[")[0]
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in install_delete
    assert "localappdata" not in install_delete


def test_the_setup_script_is_read_as_utf8_by_inno_setup():
    assert SETUP.read_bytes().startswith(b"\xef\xbb\xbf")     # without a BOM it is read as GBK/ANSI
    assert f'#define AppName "{APP_NAME}"' in _setup_text()
    assert 'MessagesFile: "compiler:Languages\\ChineseSimplified.isl"' in _setup_text()


def test_the_windows_file_version_is_numeric():
    sys.path.insert(0, str(ROOT / "installer"))
    import build
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", build.numeric_version())
    assert build.numeric_version().startswith(".".join(re.findall(r"\d+", __version__)[:3]))


def test_the_menu_entry_names_the_launcher_and_the_icon():
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert entry["Name"] == APP_NAME and entry["Exec"] == "xiehui-tiaojie" and entry["Icon"] == "xiehui-tiaojie"
    assert entry["Categories"] == "Office;" and entry["Terminal"] == "false"
    sys.path.insert(0, str(ROOT / "installer/linux"))
    import package
    for size in package.ICON_SIZES:
        assert (ROOT / f"resources/icons/xiehui-tiaojie-{size}.png").exists()


def _needs_tools(*tools: str) -> None:
    """Skip where a tool is missing — but not in CI, where tools/system-packages.sh installs them."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"{', '.join(missing)} missing: tools/system-packages.sh installs them")
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (bash tools/system-packages.sh)")


def test_the_menu_entry_is_valid():
    _needs_tools("desktop-file-validate")
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_every_build_requirement_is_pinned():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements-build.txt").read_text().splitlines()]
    pins = [line for line in lines if line and not line.startswith("-r")]
    assert "pyinstaller==6.22.3" in pins
    assert all(re.match(r"^[\w.-]+==[\w.]+(;.*)?$", p) for p in pins), pins


def _shared_library(folder: Path, flags: list[str]) -> Path:
    folder.mkdir()
    source = folder / "power.c"
    source.write_text("#include <math.h>\ndouble power(double x, double y) { return pow(x, y) + exp(x) + log(y); }\n")
    out = folder / "libpower.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", *flags, str(source), "-o", str(out), "-lm"], check=True)
    return out


@pytest.mark.skipif(sys.platform != "linux", reason="glibc symbol versions: Linux")
def test_the_glibc_header_binds_the_2_29_maths_to_their_old_versions(tmp_path):
    """The Python of the release build is compiled with installer/linux/glibc-2.28.h; without it a
    call to pow() built against a newer glibc needs GLIBC_2.29 and UOS V20 refuses to load it."""
    _needs_tools("gcc", "objdump")
    sys.path.insert(0, str(ROOT / "installer/linux"))
    import elf_scan
    plain = _shared_library(tmp_path / "plain", [])
    bound = _shared_library(tmp_path / "bound", ["-include", str(ROOT / "installer/linux/glibc-2.28.h")])
    assert (2, 29) in elf_scan.needs(plain).versions["GLIBC"]      # this machine's glibc is newer
    assert max(elf_scan.needs(bound).versions["GLIBC"]) <= (2, 28)
    assert elf_scan.main([str(tmp_path / "bound"), "--floor", "2.28"]) == 0
    assert elf_scan.main([str(tmp_path / "plain"), "--floor", "2.28"]) == 1


def test_the_windows_workflow_passes_actionlint():
    """.github/workflows/windows.yml builds the setup on a hosted Windows runner; actionlint checks
    its syntax, expressions and the inputs of the actions it uses."""
    workflow = ROOT / ".github/workflows/windows.yml"
    actionlint = Path(sys.executable).parent / "actionlint"
    if not actionlint.exists():
        _needs_tools("actionlint")
        actionlint = Path(shutil.which("actionlint"))
    done = subprocess.run([str(actionlint), str(workflow)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    text = workflow.read_text(encoding="utf-8")
    for step in ('python-version: "3.11"', "requirements-build.txt", "python installer/build.py",
                 "installer/smoke_test.py", "dist/xiehui-tiaojie-setup-*.exe", "innosetup"):
        assert step in text
