"""Build the installable program: PyInstaller one-folder bundle, then the platform's packages.

    python installer/build.py                 # Linux: dist/xiehui-tiaojie/ + .tar.gz + .deb
                                              # Windows: dist\\xiehui-tiaojie\\ + setup .exe (Inno Setup)
    python installer/build.py --bundle-only   # just the one-folder bundle
    python installer/build.py --bare-window   # the bench baseline, built with the same spec
    python installer/build.py --reuse         # skip PyInstaller when the sources did not change

Usually started by installer/build_linux.sh or installer/build_windows.ps1, which prepare the
venv from requirements-build.txt first.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402 - importable only once sys.path holds the repository

SPEC = ROOT / "installer" / "xiehui-tiaojie.spec"
PROGRAM = "xiehui-tiaojie"
BARE = "bare-window"
# Everything that goes into a bundle: a change in any of these means a new build.
SOURCES = ("main.py", "app", "resources", "installer", "requirements.txt", "requirements-build.txt")


def source_fingerprint(bare: bool = False) -> str:
    digest = hashlib.sha256(f"{sys.version}|{sys.platform}|bare={bare}".encode())
    for name in SOURCES:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def executable(bundle: Path) -> Path:
    return bundle / (bundle.name + (".exe" if sys.platform == "win32" else ""))


def build_bundle(dist: Path, work: Path, bare: bool = False, reuse: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the one-folder bundle (dist/<name>/)."""
    name = BARE if bare else PROGRAM
    bundle, stamp = dist / name, dist / f"{name}.source-sha256"
    fingerprint = source_fingerprint(bare)
    if reuse and executable(bundle).exists() and stamp.exists() and stamp.read_text() == fingerprint:
        print(f"[build] {name}: sources unchanged, reusing {bundle}")
        return bundle
    stamp.unlink(missing_ok=True)
    # -X no_debug_ranges: PyInstaller compiles the modules in its own process, and this leaves out
    # the column positions (PEP 657) that Python 3.11 otherwise stores for every instruction. They
    # only place the ^^^ marks under a traceback's line (line numbers stay), and they pack badly:
    # a quarter of the compressed bytecode (the program's modules 3.1 -> 2.3 MB in the installer).
    flags = ["-X", "no_debug_ranges"]
    fresh_work_folder(work / name, " ".join(flags))
    command = [sys.executable, *flags, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work / name), str(SPEC)]
    if bare:
        command += ["--", "--bare-window"]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    stamp.write_text(fingerprint)
    print(f"[build] {name}: built in {time.perf_counter() - started:.0f} s, {folder_size(bundle) / 2**20:.1f} MB")
    return bundle


def fresh_work_folder(folder: Path, flags: str) -> None:
    """PyInstaller reuses the archive of compiled modules in its work folder while the list of
    modules is the same, whatever the interpreter flags it compiles under: a folder left by a build
    with other flags is emptied."""
    marker = folder / "compile-flags.txt"
    if folder.exists() and (not marker.exists() or marker.read_text() != flags):
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text(flags)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_windows_setup(bundle: Path, dist: Path) -> Path:
    """Compile installer/windows/setup.iss with Inno Setup 6 (ISCC.exe)."""
    iscc = find_iscc()
    script = ROOT / "installer" / "windows" / "setup.iss"
    subprocess.run([str(iscc), f"/DAppVersion={__version__}", f"/DFileVersion={numeric_version()}",
                    f"/DBundleDir={bundle}", f"/O{dist}", str(script)], check=True)
    setup = dist / f"xiehui-tiaojie-setup-{__version__}.exe"
    print(f"[build] Windows setup: {setup}")
    return setup


def numeric_version() -> str:
    """x.y.z.w for Windows file versions (0.2.0rc1 → 0.2.0.0), as in the spec's VSVersionInfo."""
    import re
    numbers = [int(n) for n in re.findall(r"\d+", __version__)[:4]]
    return ".".join(str(n) for n in numbers + [0] * (4 - len(numbers)))


def find_iscc() -> Path:
    candidates = [os.environ.get("ISCC", "")]
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs")):
        if base:
            candidates.append(os.path.join(base, "Inno Setup 6", "ISCC.exe"))
    candidates.append(shutil.which("ISCC") or shutil.which("iscc") or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise SystemExit("找不到 Inno Setup 6 的 ISCC.exe：请安装 Inno Setup 6.3 或更新版本，或设置环境变量 ISCC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build the one-folder bundle and the installers")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller work folder")
    parser.add_argument("--bundle-only", action="store_true", help="no .deb/.tar.gz/setup")
    parser.add_argument("--bare-window", action="store_true", help="build the bare PySide6 window (bench baseline)")
    parser.add_argument("--reuse", action="store_true", help="reuse a bundle built from the same sources")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    bundle = build_bundle(dist, work, bare=args.bare_window, reuse=args.reuse)
    if args.bundle_only or args.bare_window:
        return 0
    if sys.platform == "win32":
        build_windows_setup(bundle, dist)
    elif sys.platform.startswith("linux"):
        sys.path.insert(0, str(ROOT / "installer" / "linux"))
        import package
        stamp = dist / f"{PROGRAM}.source-sha256"
        for make, out in ((package.make_tarball, package.tarball_path(dist, __version__)),
                          (package.make_deb, package.deb_path(dist, __version__))):
            if args.reuse and out.exists() and out.stat().st_mtime >= stamp.stat().st_mtime:
                print(f"[build] {out.name}: up to date")
            else:
                make(bundle, dist, __version__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
