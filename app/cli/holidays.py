"""`holidays import FILE`: next year's schedule from the State Council's notice."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli.common import open_for_command


def register(sub) -> None:
    holidays = sub.add_parser("holidays", help="节假日安排（从国务院办公厅放假通知导入）")
    actions = holidays.add_subparsers(dest="holidays_action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="读取放假通知（.txt/.docx/.pdf），保存该年安排并重新计算办理中案件的期限")
    imp.add_argument("file", metavar="FILE", help="保存的通知文件：.txt、.docx 或 .pdf")
    imp.add_argument("--year", type=int, metavar="YYYY", help="通知正文没有写明年份时指定")
    imp.add_argument("--check", action="store_true", help="只显示识别结果，不保存")
    imp.set_defaults(handler=cmd_import)


def cmd_import(args) -> int:
    from app.cli import CommandError
    from app.domain.holiday_notice import FIRST_YEAR, LAST_YEAR
    from app.services.context import SYSTEM
    from app.services.holiday_notice import preview_notice, save_notice
    from app.services.notice_files import read_notice_file

    source = Path(args.file)
    if not source.is_file():
        raise CommandError(f"找不到文件：{source}")
    if args.year is not None and not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise CommandError(f"--year 应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")
    text = read_notice_file(source)
    open_for_command(args)
    preview = preview_notice(text, args.year)
    for line in preview.lines():
        print(line)
    print(preview.summary())
    if args.check:
        print("（只检查，未保存）", file=sys.stderr)
        return 0
    changed = save_notice(SYSTEM, preview.schedule)
    print(f"已保存{preview.year}年节假日安排，{changed} 件办理中案件的期限已重新计算")
    return 0
