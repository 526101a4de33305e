"""A data folder on a network share is refused (SQLite over SMB/NFS corrupts), with a pointer to
server mode; a local folder is accepted."""
import pytest

from app.db import location
from app.db.bootstrap import open_database
from app.db.connection import DatabaseUnavailable
from app.db.location import network_location_problem

LOCAL_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
"""


def mounts_with(line: str) -> str:
    return LOCAL_MOUNTS + line + "\n"


@pytest.mark.parametrize("path", [r"\\fileserver\共享\消协数据", "//fileserver/share/data",
                                  r"\\?\UNC\fileserver\share\data"])
def test_unc_path_is_refused_on_windows(path):
    message = network_location_problem(path, platform="win32", drive_type=lambda root: 3)
    assert "网络共享" in message and "服务器模式" in message and "--database postgresql://" in message


def test_unc_path_is_refused_on_linux_too():
    assert "UNC" in network_location_problem(r"\\fileserver\share\data", platform="linux", mounts_text=LOCAL_MOUNTS)


def test_mapped_network_drive_is_refused_and_local_drive_accepted():
    types = {"Z:\\": 4, "C:\\": 3}
    refused = network_location_problem(r"Z:\消协数据", platform="win32", drive_type=types.__getitem__)
    assert "映射的网络驱动器 Z:" in refused
    assert network_location_problem(r"C:\Users\clerk\AppData\Local\XiehuiTiaojie", platform="win32",
                                    drive_type=types.__getitem__) is None
    assert network_location_problem(r"\\?\C:\data", platform="win32", drive_type=types.__getitem__) is None


@pytest.mark.parametrize("line, fstype", [
    ("//nas/office /mnt/nas cifs rw,vers=3.0 0 0", "cifs"),
    ("nas:/export/office /mnt/nas nfs4 rw,relatime 0 0", "nfs4"),
    ("clerk@nas:/data /mnt/nas fuse.sshfs rw,nosuid 0 0", "fuse.sshfs"),
])
def test_network_mount_on_linux_is_refused(line, fstype):
    message = network_location_problem("/mnt/nas/消协/data", platform="linux", mounts_text=mounts_with(line))
    assert f"网络文件系统（{fstype}" in message and "服务器模式" in message


def test_mount_point_with_space_and_local_sibling_folder():
    mounts = mounts_with(r"//nas/share /mnt/office\040share cifs rw 0 0")
    assert network_location_problem("/mnt/office share/data", platform="linux", mounts_text=mounts)
    # /mnt/office is not inside /mnt/office share: it is on the local root file system
    assert network_location_problem("/mnt/office/data", platform="linux", mounts_text=mounts) is None


def test_local_folder_is_accepted(tmp_path):
    assert network_location_problem(tmp_path / "data", platform="linux", mounts_text=LOCAL_MOUNTS) is None
    opened = open_database(tmp_path / "data")
    try:
        assert opened.db.database.endswith("cases.sqlite3")
    finally:
        opened.db.close()


def test_open_database_refuses_a_data_folder_on_a_cifs_mount(tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(location, "_read_proc_mounts",
                        lambda: mounts_with(f"//nas/office {share.resolve()} cifs rw 0 0"))
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(share / "消协数据")
    assert "不能在这里存放数据库" in str(refused.value)
    assert not (share / "消协数据" / "cases.sqlite3").exists()
