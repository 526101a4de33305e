"""Is the data folder on a network share? SQLite must not be used there.

SQLite relies on the operating system's file locks, which SMB/CIFS and NFS do not implement
reliably: two PCs writing one file over the network corrupt it sooner or later. An office that
shares data uses server mode (PostgreSQL) instead, so we refuse a network data folder outright.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath
from typing import Callable

# File-system types of network mounts as they appear in /proc/mounts.
NETWORK_FILESYSTEMS = {
    "cifs", "smb", "smbfs", "smb3", "nfs", "nfs4", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "fuse.sshfs", "sshfs", "fuse.davfs2", "davfs", "fuse.gvfsd-fuse", "fuse.rclone", "fuse.smbnetfs",
    "fuse.glusterfs", "lustre", "gpfs", "coda",
}
DRIVE_REMOTE = 4   # GetDriveTypeW result for a mapped network drive


def refusal_message(path: Path | str, what: str) -> str:
    return (f"数据文件夹“{path}”位于{what}上，不能在这里存放数据库。"
            "网络共享上的数据库文件在多台电脑同时使用时会损坏。"
            "请把数据文件夹放在本机硬盘上；如需多台电脑共用同一份数据，请使用服务器模式："
            "在“服务器设置”中填写 PostgreSQL 服务器地址，或启动时使用 --database postgresql://用户@服务器/数据库。")


def is_unc_path(path: str, windows: bool = True) -> bool:
    """\\\\server\\share\\… or \\\\?\\UNC\\… (Windows also accepts forward slashes there)."""
    text = str(path).replace("/", "\\") if windows else str(path)
    if text.upper().startswith("\\\\?\\UNC\\"):
        return True
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return False   # a local device path such as \\?\C:\data
    return text.startswith("\\\\") and len(text.strip("\\")) > 0


def _windows_drive_type(root: str) -> int:
    import ctypes
    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))


def _unescape_mount_field(field: str) -> str:
    """/proc/mounts writes spaces, tabs and backslashes in paths as octal escapes (\\040)."""
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mounts(text: str) -> list[tuple[str, str, str]]:
    """(source, mount point, file-system type) of each line of /proc/mounts."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((_unescape_mount_field(parts[0]), _unescape_mount_field(parts[1]), parts[2]))
    return mounts


def mount_of(path: Path, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The mount that holds `path`: the one with the longest mount point that is a prefix of it."""
    best = None
    text = str(path)
    for source, point, fstype in mounts:
        inside = text == point or text.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) > len(best[1])):
            best = (source, point, fstype)
    return best


def _read_proc_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def real_path(path: Path) -> Path:
    """Absolute, with symbolic links followed; a folder not created yet is judged by the
    nearest one that exists (it will be created inside that one's mount)."""
    path = Path(os.path.abspath(path))
    missing: list[str] = []
    while not path.exists() and path.parent != path:
        missing.insert(0, path.name)
        path = path.parent
    return path.resolve().joinpath(*missing)


def network_location_problem(path: Path | str, *, platform: str | None = None,
                             mounts_text: str | None = None,
                             drive_type: Callable[[str], int] | None = None) -> str | None:
    """A Chinese explanation when `path` is on a network share, else None.

    `platform`, `mounts_text` and `drive_type` stand in for the real system in tests."""
    platform = platform or sys.platform
    text = str(path)
    if is_unc_path(text, windows=platform.startswith("win")):
        return refusal_message(path, "网络共享（UNC 路径）")
    if platform.startswith("win"):
        drive = PureWindowsPath(text).drive
        if drive and len(drive) == 2 and drive[1] == ":":
            kind = (drive_type or _windows_drive_type)(drive + "\\")
            if kind == DRIVE_REMOTE:
                return refusal_message(path, f"映射的网络驱动器 {drive.upper()}")
        return None
    mounts = parse_mounts(_read_proc_mounts() if mounts_text is None else mounts_text)
    if not mounts:
        return None
    found = mount_of(real_path(Path(path)), mounts)
    if found and found[2].lower() in NETWORK_FILESYSTEMS:
        return refusal_message(path, f"网络文件系统（{found[2]}，{found[0]}）")
    return None
