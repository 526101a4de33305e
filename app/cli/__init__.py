"""Command line: `python main.py [--data-dir DIR | --database URL] COMMAND ...`.

Without a command the GUI starts. Each command module adds its sub-commands through
`register(subparsers)`; heavy libraries are imported inside the commands, not here.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys

from app import APP_NAME, __version__
from app.cli import backup, core, documents, holidays, reports, users

COMMAND_MODULES = [core, backup, users, reports, documents, holidays]


class CommandError(Exception):
    """A one-line reason for a non-zero exit."""


def build_parser() -> argparse.ArgumentParser:
    from app.cli.chinese import ChineseParser
    from app.runtime import command_line_name
    parser = ChineseParser(prog=command_line_name(), description=f"{APP_NAME} {__version__}：不带命令时打开程序窗口",
                           epilog=f"每个命令的说明：{command_line_name()} 命令 --help")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data-dir", metavar="文件夹", help="数据文件夹（默认：当前用户的应用数据文件夹）")
    where.add_argument("--database", metavar="URL", help="数据库地址，如 postgresql://user@server/db")
    parser.add_argument("--smoke", action="store_true",
                        help="启动界面、绘制案件列表后退出，打印从进程启动到列表绘制完成的毫秒数")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _configure_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except ValueError:
                pass


def _is_ours(exc: OSError) -> bool:
    """Our own OSError subclasses (BackupFailed …) carry a Chinese message already."""
    return type(exc).__module__.startswith("app.") and exc.errno is None


def main(argv: list[str] | None = None) -> int:
    _configure_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_gui
        return run_gui(args)
    from peewee import DatabaseError

    from app.domain.errors import ValidationFailed
    from app.services.data_access import DatabaseTooNew, DatabaseUnavailable
    try:
        return int(args.handler(args) or 0)
    except (CommandError, ValidationFailed, DatabaseUnavailable, DatabaseTooNew) as exc:
        print(f"错误：{' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    except (OSError, DatabaseError, sqlite3.Error) as exc:
        from app.services.data_access import explain
        message = str(exc) if isinstance(exc, OSError) and _is_ours(exc) else explain(exc)
        print(f"错误：{' '.join(message.split())}", file=sys.stderr)
        return 1
    except Exception as exc:
        if type(exc).__module__.split(".")[0] != "psycopg2":    # the server's driver, not imported here
            raise
        from app.services.data_access import explain
        print(f"错误：{explain(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130
