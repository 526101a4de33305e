"""Command line: `python main.py [--data-dir DIR | --database URL] COMMAND ...`.

Without a command the GUI starts. Each command module adds its sub-commands through
`register(subparsers)`; heavy libraries are imported inside the commands, not here.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys

from app import APP_NAME, __version__

_WINDOW_OPTIONS = {"--data-dir": "data_dir", "--database": "database"}     # each takes a value


def command_modules() -> list:
    """Each command's module (imported here: a start of the window needs none of them)."""
    from app.cli import backup, core, documents, holidays, reports, users
    return [core, backup, users, reports, documents, holidays]


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
    for module in command_modules():
        module.register(sub)
    return parser


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The window's own options, when the command line holds nothing else: the window then
    starts without importing every command and building its parser (issue 17, item 3). None
    for anything else (a command, --help, an abbreviation, both places …): the whole parser
    reads it and says what is wrong."""
    values = {"data_dir": None, "database": None, "smoke": False, "command": None}
    items = list(argv)
    while items:
        name, equals, value = items.pop(0).partition("=")
        if name == "--smoke" and not equals and not values["smoke"]:
            values["smoke"] = True
            continue
        key = _WINDOW_OPTIONS.get(name)
        if key is None or values[key] is not None:
            return None
        if not equals:
            if not items or items[0].startswith("-"):
                return None
            value = items.pop(0)
        values[key] = value
    if values["data_dir"] is not None and values["database"] is not None:
        return None
    return argparse.Namespace(**values)


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
    args = window_arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_gui
        return run_gui(args)
    import gc
    gc.enable()          # main.py keeps the collector off through the start-up; a command wants it
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
