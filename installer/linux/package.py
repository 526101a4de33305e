"""Linux packages of the one-folder bundle: a plain .tar.gz and a .deb for 统信UOS / 银河麒麟 / Debian.

The .deb installs the bundle to /opt/xiehui-tiaojie, a launcher /usr/bin/xiehui-tiaojie (relative
symlink), the menu entry (Categories=Office) and the icons in the hicolor theme. No maintainer
scripts: the desktop's own dpkg triggers refresh the menu and the icon cache. Its Depends are
computed from the bundle: every shared library a bundled file needs that the bundle does not
carry must map to a package in SYSTEM_PACKAGES below, or the build stops and says which one.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import elf_scan

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKAGE = "xiehui-tiaojie"
INSTALL_DIR = f"opt/{PACKAGE}"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# soname → Debian package (alternatives for the names Debian 13 / Ubuntu 24.04 gave some of them).
# Names as in Debian 10–12, Ubuntu 20.04–22.04, 统信UOS V20 and 银河麒麟 V10.
SYSTEM_PACKAGES = {
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1 | libgcc1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0 | libglib2.0-0t64",
    "libgobject-2.0.so.0": "libglib2.0-0 | libglib2.0-0t64",
    "libgthread-2.0.so.0": "libglib2.0-0 | libglib2.0-0t64",
    "libgio-2.0.so.0": "libglib2.0-0 | libglib2.0-0t64",
    "libgmodule-2.0.so.0": "libglib2.0-0 | libglib2.0-0t64",
    "libcups.so.2": "libcups2 | libcups2t64",
    "libdrm.so.2": "libdrm2",
    "libgbm.so.1": "libgbm1",
    "libz.so.1": "zlib1g",
}
GLIBC_LIBRARIES = re.compile(r"^(libc|libm|libpthread|libdl|librt|libutil|libresolv|libnsl|ld-linux[\w.-]*)\.so")


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def external_libraries(bundle: Path) -> tuple[set[str], str]:
    """(sonames needed but not in the bundle, highest GLIBC_x.y symbol version required)."""
    scanned = elf_scan.scan(bundle)
    present = {p.name for p in bundle.rglob("*.so*")}
    needed = set().union(*(item.libraries for item in scanned))
    version, _ = elf_scan.highest(scanned, "GLIBC")
    return needed - present, elf_scan.dotted(version or (2, 17))


def debian_depends(bundle: Path) -> str:
    outside, glibc = external_libraries(bundle)
    unknown = sorted(n for n in outside if n not in SYSTEM_PACKAGES and not GLIBC_LIBRARIES.match(n))
    if unknown:
        raise SystemExit(f"installer/linux/package.py: no Debian package known for {', '.join(unknown)} "
                         "— add it to SYSTEM_PACKAGES (or keep that library out of the bundle's needs)")
    packages = [f"libc6 (>= {glibc})"]
    packages += sorted({SYSTEM_PACKAGES[n] for n in outside if n in SYSTEM_PACKAGES})
    return ", ".join(packages)


def _copy_bundle(bundle: Path, target: Path) -> None:
    shutil.copytree(bundle, target, symlinks=True)
    for path in [target, *target.rglob("*")]:       # readable by every user, whatever the umask
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        executable = path.is_dir() or mode & 0o111
        path.chmod(0o755 if executable else 0o644)


def tarball_path(dist: Path, version: str) -> Path:
    return dist / f"{PACKAGE}-{version}-linux-{architecture()}.tar.gz"


def deb_path(dist: Path, version: str) -> Path:
    return dist / f"{PACKAGE}_{version}_{architecture()}.deb"


def make_tarball(bundle: Path, dist: Path, version: str) -> Path:
    """xiehui-tiaojie-<version>-linux-<arch>.tar.gz with the folder xiehui-tiaojie/ inside."""
    out = tarball_path(dist, version)

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=PACKAGE, filter=owned_by_root)
    print(f"[build] tarball: {out} ({out.stat().st_size / 2**20:.1f} MB)")
    return out


def stage_deb(bundle: Path, stage: Path, version: str) -> Path:
    """The file tree of the .deb (with DEBIAN/control) under `stage`."""
    if stage.exists():
        shutil.rmtree(stage)
    _copy_bundle(bundle, stage / INSTALL_DIR)
    (stage / "usr/bin").mkdir(parents=True)
    os.symlink(f"../../{INSTALL_DIR}/{PACKAGE}", stage / "usr/bin" / PACKAGE)
    apps = stage / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copyfile(HERE / f"{PACKAGE}.desktop", apps / f"{PACKAGE}.desktop")
    for size in ICON_SIZES:
        folder = stage / f"usr/share/icons/hicolor/{size}x{size}/apps"
        folder.mkdir(parents=True)
        shutil.copyfile(ROOT / "resources/icons" / f"{PACKAGE}-{size}.png", folder / f"{PACKAGE}.png")
    doc = stage / f"usr/share/doc/{PACKAGE}"
    doc.mkdir(parents=True)
    shutil.copyfile(HERE / "copyright", doc / "copyright")
    for path in (stage / "usr").rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    installed_kib = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = (HERE / "control.in").read_text(encoding="utf-8").format(
        package=PACKAGE, version=version, architecture=architecture(), installed_size=installed_kib,
        depends=debian_depends(bundle))
    (stage / "DEBIAN").mkdir(mode=0o755)
    (stage / "DEBIAN/control").write_text(control, encoding="utf-8")
    return stage


def make_deb(bundle: Path, dist: Path, version: str) -> Path:
    stage = stage_deb(bundle, dist / "deb-root", version)
    out = deb_path(dist, version)
    # xz: what every dpkg on UOS/Kylin reads (zstd is not); -z6 keeps CI fast enough.
    compression = os.environ.get("XIEHUI_DEB_COMPRESSION", "xz")
    subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "-z6", "--build", str(stage), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(stage)
    print(f"[build] deb: {out} ({out.stat().st_size / 2**20:.1f} MB)")
    return out
