"""`document KIND CASE_NO --out FILE.pdf`: a case's document as PDF, without the GUI."""
from __future__ import annotations

from pathlib import Path

from app.file_modes import as_saved_by_user
from app.cli.common import open_for_command
from app.domain.codes import DOCUMENT_KINDS


def register(sub) -> None:
    kinds = "，".join(f"{code}={label}" for code, label in DOCUMENT_KINDS)
    parser = sub.add_parser("document", help="生成案件文书PDF（登记表、通知书、笔录、协议书、卷宗等）",
                            description=f"文书种类：{kinds}")
    parser.add_argument("kind", metavar="KIND", help="文书种类，如 agreement（调解协议书）、archive（全部文书归档）")
    parser.add_argument("case_number", metavar="CASE_NO", help="案件编号，如 消调〔2026〕第1号")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="保存到的PDF文件")
    parser.add_argument("--session", type=int, metavar="N",
                        help="调解通知书、调解笔录：第N次调解（按调解时间排列，默认最近一次）")
    parser.add_argument("--court", metavar="NAME",
                        help="司法确认申请书：受理申请的人民法院（默认为已登记的法院，否则为设置中的第一个）")
    parser.set_defaults(handler=cmd_document)


def cmd_document(args) -> int:
    from app.cli import CommandError
    from app.reports.documents import make_document
    from app.services.casefile import case_detail
    from app.services.queries import find_by_number

    if args.kind not in DOCUMENT_KINDS:
        raise CommandError(f"没有这种文书：{args.kind}（可用：{'、'.join(DOCUMENT_KINDS.codes())}）")
    open_for_command(args)
    case_id = find_by_number(args.case_number)
    if case_id is None:
        raise CommandError(f"找不到案件 {args.case_number}")
    session_id = None
    if args.session is not None:
        sessions = [s for s in case_detail(case_id).sessions if s["status"] != "cancelled"]
        if not 1 <= args.session <= len(sessions):
            raise CommandError(f"案件 {args.case_number.strip()} 没有第{args.session}次调解（共{len(sessions)}次）")
        session_id = sessions[args.session - 1]["id"]
    if args.court is not None:
        from app.domain.judicial import court_problem
        if args.kind != "judicial_confirmation":
            raise CommandError("--court 只用于司法确认申请书（judicial_confirmation）")
        if court_problem(args.court):
            raise CommandError(court_problem(args.court))
    document = make_document(args.kind, case_id, session_id, court=args.court)
    out = Path(args.out)
    if out.parent and not out.parent.exists():
        raise CommandError(f"文件夹不存在：{out.parent}")
    out.write_bytes(document.pdf)
    as_saved_by_user(out)
    print(f"已生成{document.title}（{args.case_number.strip()}，{document.pages}页）：{out}")
    return 0
