"""Statistics and ledger commands: report, rollup, export-ledger, import-ledger, ledger-template."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli.common import open_for_command


def register(sub) -> None:
    report = sub.add_parser("report", help="生成统计报表（Excel）")
    period = report.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="YYYY-MM", help="月报，如 2026-11（含本年累计和去年同期）")
    period.add_argument("--quarter", metavar="YYYYQn", help="季报，如 2026Q4")
    period.add_argument("--year", metavar="YYYY", help="年报，如 2026")
    period.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="任意期间的开始日期（与 --to 一起用）")
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="任意期间的结束日期")
    report.add_argument("--unit", metavar="CODE", help="只统计一个承办单位（代码，如 U01）")
    report.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件")
    report.set_defaults(handler=cmd_report)

    rollup = sub.add_parser("rollup", help="汇总各县（市、区）的统计报表（Excel），不需要数据库")
    rollup.add_argument("files", nargs="+", metavar="报表.xlsx", help="各县用本程序生成的同一期间的统计报表，至少两个")
    rollup.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件（汇总报表）")
    rollup.add_argument("--name", metavar="名称", help="汇总报表标题中的名称，如 某某市消费者协会（默认：各县（市、区）汇总）")
    rollup.set_defaults(handler=cmd_rollup)

    export = sub.add_parser("export-ledger", help="导出台账（Excel），按登记日期")
    export.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.add_argument("--unmasked", action="store_true", help="含完整身份证号和电话（记入操作日志）")
    export.set_defaults(handler=cmd_export_ledger)

    imp = sub.add_parser("import-ledger", help="从 Excel 台账导入案件（有行未导入时退出码为 3）")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--errors", metavar="OUT.xlsx", help="把未导入的行和原因写入此文件")
    imp.add_argument("--update-parties", action="store_true",
                     help="台账中已有当事人的信息与系统不同时，按台账修改（已办结或已签协议的案件的当事人除外，记入审计日志）")
    imp.set_defaults(handler=cmd_import_ledger)

    template = sub.add_parser("ledger-template", help="保存空白台账模板（含下拉列表）")
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    template.set_defaults(handler=cmd_ledger_template)


def _xlsx(path: str) -> Path:
    from app.cli import CommandError
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise CommandError(f"输出文件应以 .xlsx 结尾：{path}")
    return target


def _period(args):
    from app.cli import CommandError
    from app.domain import periods

    try:
        if args.month:
            return periods.parse_month(args.month)
        if args.quarter:
            return periods.parse_quarter(args.quarter)
        if args.year:
            return periods.parse_year(args.year)
        if not args.date_to:
            raise CommandError("--from 须与 --to 一起使用")
        return periods.date_range(periods.parse_day(args.date_from), periods.parse_day(args.date_to))
    except periods.PeriodError as exc:
        raise CommandError(str(exc)) from None


def cmd_report(args) -> int:
    from app.cli import CommandError
    from app.domain.periods import PeriodError
    from app.reports.excel.report_workbook import write_report
    from app.services.settings import labels
    from app.services.statistics_report import build_report

    period = _period(args)
    if args.date_to and not args.date_from:
        raise CommandError("--to 须与 --from 一起使用")
    out = _xlsx(args.out)
    open_for_command(args)
    if args.unit and args.unit not in labels("unit"):
        raise CommandError(f"没有代码为 {args.unit} 的承办单位；可用：{'、'.join(labels('unit'))}")
    try:
        report = build_report(period, args.unit)
    except PeriodError as exc:       # a period without its same period last year (year 1)
        raise CommandError(str(exc)) from None
    write_report(report, out)
    figures = report.figures[0]
    print(f"已生成报表 {out}：{report.period.label}，受理投诉 {figures.accepted} 件，解决 {figures.resolved} 件，"
          f"投诉解决率 {figures.resolution_rate_text}，挽回经济损失 {figures.recovered} 元")
    return 0


def cmd_rollup(args) -> int:
    """Reads only the given workbooks: no database is opened (a city office may have none)."""
    from app.reports.excel.rollup_reader import read_county_report
    from app.reports.excel.rollup_sheet import write_rollup

    out = _xlsx(args.out)
    report = write_rollup(args.files, [read_county_report(f) for f in args.files], out, args.name or "")
    for note in report.notes:
        print(f"提示：{note}", file=sys.stderr)
    figures = report.figures[0]
    print(f"已生成汇总报表 {out}：{report.period.label}，{len(report.counties)} 个县（市、区），受理投诉 {figures.accepted} 件，"
          f"解决 {figures.resolved} 件，投诉解决率 {figures.resolution_rate_text}，挽回经济损失 {figures.recovered} 元")
    return 0


def cmd_export_ledger(args) -> int:
    from app.cli import CommandError
    from app.domain.periods import PeriodError, parse_day
    from app.reports.excel.ledger.print_setup import for_period
    from app.reports.excel.ledger.xlsx_writer import write_ledger
    from app.services.context import SYSTEM
    from app.services.ledger.export import export_ledger

    try:
        start, end = parse_day(args.date_from), parse_day(args.date_to)
    except PeriodError as exc:
        raise CommandError(str(exc)) from None
    out = _xlsx(args.out)
    open_for_command(args)
    export = export_ledger(SYSTEM, start, end, unmasked=args.unmasked)
    written = write_ledger(export, out, printing=for_period(start, end))
    masked = "含完整身份证号和电话" if args.unmasked else "身份证号和电话已遮蔽"
    print(f"已导出台账 {out}：{written} 件（{masked}）；打印请用其中的“打印版”工作表")
    return 0


def cmd_import_ledger(args) -> int:
    from app.cli import CommandError
    from app.reports.excel.ledger.xlsx_import_files import write_import_errors
    from app.reports.excel.ledger.xlsx_reader import read_ledger
    from app.services.context import SYSTEM
    from app.services.ledger.importer import import_ledger

    source = Path(args.file)
    if not source.is_file():
        raise CommandError(f"找不到文件：{source}")
    errors_out = _xlsx(args.errors) if args.errors else None
    open_for_command(args)
    sheet = read_ledger(source)
    result = import_ledger(SYSTEM, sheet.header, sheet.rows, sheet.first_row, source.name, formulas=sheet.formulas)
    for warning in result.warnings[:20]:
        print(f"提示：{warning}", file=sys.stderr)
    for problem in sorted(result.problems, key=lambda p: p.row)[:50]:
        print(f"第{problem.row}行 {problem.column}：{problem.reason}", file=sys.stderr)
    total = len(result.problems) + result.problems_omitted
    if total > 50:
        print(f"……共 {total} 个问题", file=sys.stderr)
    _party_changes(result, args.update_parties)
    if errors_out and (result.problems or result.skipped):
        write_import_errors(result, sheet.header, errors_out)
        print(f"未导入的行和原因已写入 {errors_out}")
    print(f"已导入 {result.imported} 行，拒绝 {result.rejected} 行，已存在跳过 {len(result.skipped)} 行"
          f"（共 {result.total_rows} 行）")
    return 0 if result.rejected == 0 else 3


def _party_changes(result, update: bool) -> None:
    """Differences between the ledger and known parties: listed, applied only when asked."""
    from app.services.context import SYSTEM
    from app.services.ledger.party_changes import apply_party_changes

    if not result.party_changes:
        return
    if not update:
        for change in result.party_changes[:50]:
            why = change.blocked or "如确认无误，请加 --update-parties 再导入一次，或在导入窗口中确认"
            print(f"提示：{change.describe()}，未修改（{why}）", file=sys.stderr)
        return
    done, refused = apply_party_changes(SYSTEM, result.party_changes)
    for line in done:
        print(f"已按台账修改：{line}")
    for line in refused:
        print(f"提示：{line}", file=sys.stderr)


def cmd_ledger_template(args) -> int:
    from app.reports.excel.ledger.xlsx_import_files import write_template

    out = _xlsx(args.out)
    open_for_command(args)
    write_template(out)
    print(f"已保存空白台账模板 {out}")
    return 0
