"""Backup and restore from the command line (acting as the administrator at the machine itself,
`context.SYSTEM`: whoever can run it can read the data folder anyway)."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli.common import open_for_command


def register(sub) -> None:
    backup = sub.add_parser("backup", help="备份数据（含附件）；服务器模式下导出整个数据库")
    backup.add_argument("--out", metavar="FILE", help="备份文件（.zip）；默认放在数据文件夹的 backups 中")
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help="从备份恢复数据（先自动备份当前数据）")
    restore.add_argument("file", metavar="FILE", help="备份文件（.zip 或 .sqlite3）")
    restore.set_defaults(handler=cmd_restore)
    secure = sub.add_parser("secure-server", help="（数据库管理员用所有者账号运行）让程序账号无法修改或清空审计日志")
    secure.add_argument("--app-role", required=True, metavar="ROLE", help="各台电脑连接服务器所用的数据库账号")
    secure.set_defaults(handler=cmd_secure_server)


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def cmd_backup(args) -> int:
    from app.services.backup import backup_now
    from app.services.context import SYSTEM

    opened = open_for_command(args)
    target = Path(args.out) if args.out else None
    if target is not None and target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    result = backup_now(SYSTEM, target)
    counts = result.manifest["counts"]
    what = "导出" if opened.is_server else "备份"
    print(f"已{what}并校验：{result.path}（{_mb(result.size)}；案件 {counts.get('complaint_case', 0)} 件，"
          f"附件 {counts.get('attachment', 0)} 个，数据结构版本 {result.manifest['schema_version']}）")
    for copy in result.copies:
        print(f"已复制到第二备份位置：{copy}")
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return 0


def cmd_restore(args) -> int:
    from app.config import default_data_dir
    from app.services.context import SYSTEM
    from app.services.restore import restore_server, restore_sqlite

    source = Path(args.file)
    if args.database:
        opened = open_for_command(args)
        result = restore_server(SYSTEM, source, opened.data_dir / "backups")
    else:
        # The current database is not opened first: it may be the damaged thing being replaced.
        result = restore_sqlite(SYSTEM, source, Path(args.data_dir) if args.data_dir else default_data_dir())
    if result.safety_backup:
        print(f"恢复前的数据已备份到：{result.safety_backup}")
    if result.damaged_moved_to:
        print(f"当前数据已损坏，原文件另存在：{result.damaged_moved_to}")
    if result.migrated_from:
        print(f"备份的数据结构版本为 {result.migrated_from}，已升级到当前版本"
              + (f"（升级前的副本：{result.migration_backup}）" if result.migration_backup else ""))
    print(f"已从 {source} 恢复：案件 {result.counts.get('complaint_case', 0)} 件，"
          f"附件 {result.counts.get('attachment', 0)} 个（补回附件文件 {result.attachments_restored} 个）")
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    if result.missing_attachments:
        print(f"注意：有 {len(result.missing_attachments)} 个附件在备份中也找不到，未能恢复", file=sys.stderr)
    return 0


def cmd_secure_server(args) -> int:
    from app.cli import CommandError
    from app.services.data_access import secure_server

    opened = open_for_command(args)
    if not opened.is_server:
        raise CommandError("secure-server 只用于服务器模式（--database postgresql://所有者@服务器/数据库）")
    _, owner = secure_server(args.app_role)
    print(f"已设置：账号 {args.app_role} 可以正常使用程序，但不能修改、删除或清空审计日志，也不能改动表结构；"
          f"升级程序后请用所有者账号 {owner} 先启动一次（由它完成数据结构升级）")
    return 0
