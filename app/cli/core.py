"""Core commands: demo data and the integrity check."""
from __future__ import annotations

import sys
import time

from app.cli.common import open_for_command


def register(sub) -> None:
    demo = sub.add_parser("demo", help="生成演示数据")
    demo.add_argument("--cases", type=int, required=True, metavar="件数", help="案件数量")
    demo.add_argument("--seed", type=int, default=1, metavar="种子", help="随机种子（同一种子生成相同数据）")
    demo.add_argument("--force", action="store_true",
                      help="数据文件夹中已有真实案件时仍然加入演示数据（会混入统计报表和台账）")
    demo.set_defaults(handler=cmd_demo)
    check = sub.add_parser("check", help="检查数据库完整性，有问题时以非零状态退出")
    check.add_argument("--repair", action="store_true", help="修复可以安全修复的问题（案件编号序列），记入审计日志")
    check.set_defaults(handler=cmd_check)


def cmd_demo(args) -> int:
    from app.cli import CommandError
    from app.services.context import SYSTEM
    from app.services.demo import generate_demo

    if not 1 <= args.cases <= 2_000_000:
        raise CommandError("--cases 应在 1 到 2,000,000 之间")
    opened = open_for_command(args)
    started = time.perf_counter()
    report = generate_demo(SYSTEM, args.cases, args.seed, force=args.force)
    print(f"已生成演示数据：案件 {report.cases} 件，投诉人 {report.complainants} 人，经营者 {report.businesses} 家，"
          f"调解记录 {report.sessions} 次，用时 {time.perf_counter() - started:.1f} 秒（{opened.location}）")
    return 0


def cmd_check(args) -> int:
    from app.services.context import SYSTEM
    from app.services.integrity import check_integrity, repair_sequences

    opened = open_for_command(args)
    if args.repair:
        for line in repair_sequences(SYSTEM):
            print(f"已修复：{line}")
    report = check_integrity(opened.data_dir)
    for note in report.notes:
        print(f"注意：{note}", file=sys.stderr)
    if report.ok:
        print(f"检查通过：{report.cases} 件案件，未发现问题（{opened.location}）")
        return 0
    print(f"发现 {len(report.problems)} 个问题（{opened.location}）：", file=sys.stderr)
    for problem in report.problems:
        print(f"- {problem}", file=sys.stderr)
    return 1
