"""`check`: is the database sound? Storage-level checks first, then the rules of the work."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pathlib import Path

from app.db.audit_chain import verify_chain
from app.db.leftovers import sweep
from app.db.connection import is_sqlite, write_transaction
from app.db.models import AuditLog, Case, CaseSequence, ClockEvent, database, follow_up_rule
from app.db.seed import database_id
from app.domain import numbering
from app.domain.codes import OUTCOMES
from app.domain.lifecycle import consistency_problems
from app.services import audit
from app.services.clock import clock_of
from app.services.context import Actor, require
from app.services.settings import get_settings, work_calendar

MAX_LISTED = 50


@dataclass
class IntegrityReport:
    cases: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # worth knowing, not a fault of the data

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, message: str) -> None:
        self.problems.append(message)


def _storage(report: IntegrityReport) -> None:
    if not is_sqlite():
        return
    rows = database.execute_sql("PRAGMA integrity_check").fetchall()
    if not rows or rows[0][0] != "ok":
        report.add("数据库文件损坏：" + "; ".join(str(r[0]) for r in rows[:5]))
    broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        report.add(f"有 {len(broken)} 条记录引用了不存在的记录（如表 {broken[0][0]}）")


def _case_rules(case: Case) -> list[str]:
    """The rules the importer applies to every ledger row (lifecycle.consistency_problems)."""
    problems = consistency_problems(case.state, case.outcome, case.received_date, case.accepted_date,
                                    case.closed_date, case.reject_ground or None, case.terminate_ground or None)
    if case.outcome and case.outcome not in OUTCOMES:
        problems.setdefault("outcome", f"未知的处理结果“{case.outcome}”")
    return list(problems.values())


def _audit_chain(report: IntegrityReport) -> None:
    """The audit log's hash chain, from its first row to its head; and whether its guards were
    ever found removed (they are put back at start-up and that is recorded)."""
    chain = verify_chain(database.obj)
    if chain.problem:
        report.add(chain.problem + "；请从备份核对，并查明谁能直接修改数据库文件")
    for at, summary in (AuditLog.select(AuditLog.at, AuditLog.summary)
                        .where(AuditLog.action == "guards_restored").order_by(AuditLog.id).tuples()):
        report.notes.append(f"{at:%Y-%m-%d %H:%M}：{summary}")


def _against_backups(report: IntegrityReport, folder: Path) -> None:
    """Each backup made since the last restore recorded the chain's head then: the row at that
    place must still carry that hash, or the log up to the backup was rewritten (even with a
    recomputed chain, which the database alone cannot show)."""
    from app.services.backup import BackupFailed, read_manifest
    restored = AuditLog.select(AuditLog.at).where(AuditLog.action == "restore").order_by(AuditLog.id.desc()).scalar()
    since = restored.isoformat(timespec="seconds") if restored else ""
    this_database = database_id()
    for path in sorted(folder.glob("*.zip")) if folder.is_dir() else []:
        try:
            manifest = read_manifest(path)
        except BackupFailed:
            continue
        head = manifest.get("audit_head") or {}
        if manifest.get("database_id") not in (None, this_database):
            continue    # a backup of another database (another server, schema or PC) kept in the same folder
        if (since and manifest.get("created_at", "") <= since) or not isinstance(head.get("seq"), int) or not head["seq"]:
            continue
        stored = AuditLog.select(AuditLog.row_hash).where(AuditLog.chain_seq == head["seq"]).scalar()
        if stored != head.get("hash"):
            report.add(f"审计日志第 {head['seq']} 条与备份“{path.name}”记录的不符：该备份之后审计日志被改写；"
                       "请用该备份核对，并查明谁能直接修改数据库")
            return


def check_integrity(data_dir: Path | None = None) -> IntegrityReport:
    """`data_dir`: also clear the temporary copies interrupted work left there (app/db/leftovers)."""
    report = IntegrityReport()
    if data_dir is not None:
        swept = sweep(data_dir, deep=True)
        if swept:
            report.notes.append(swept.text())
        _against_backups(report, Path(data_dir) / "backups")
    _storage(report)
    _audit_chain(report)
    cal, settings = work_calendar(), get_settings()
    events: dict[int, list] = {}
    for event in ClockEvent.select():
        events.setdefault(event.case_id, []).append(event)
    fmt, code = settings["case.number_format"], settings["org.short_code"]
    highest: Counter = Counter()
    listed = 0
    # 待回访 as the rule answers it now, beside what the case actions stored (schema 15)
    follow_up_due = {i for (i,) in Case.select(Case.id).where(follow_up_rule()).tuples()}
    for case in Case.select().iterator():
        report.cases += 1
        problems = _case_rules(case)
        clock = clock_of(case, cal, settings, events.get(case.id, []))
        if (clock.next_due, clock.next_kind) != (case.next_deadline, case.next_deadline_kind):
            problems.append(f"保存的期限 {case.next_deadline} 与重新计算的 {clock.next_due} 不一致")
        if case.follow_up_due != (case.id in follow_up_due):
            problems.append(f"保存的待回访标记（{'是' if case.follow_up_due else '否'}）与重新判断的不一致")
        parsed = numbering.parse_number(fmt, code, case.number)
        if parsed:
            highest[parsed[0]] = max(highest[parsed[0]], parsed[1])
        if problems and listed < MAX_LISTED:
            report.add(f"{case.number}：" + "；".join(problems))
            listed += 1
        elif problems:
            listed += 1
    if listed > MAX_LISTED:
        report.add(f"……另有 {listed - MAX_LISTED} 件案件存在问题")
    from app.services.attachments import damaged_attachments, missing_attachments
    lost = missing_attachments()
    if lost:
        report.add(f"{len(lost)} 个附件的文件丢失，如：{'、'.join(lost[:3])}")
    damaged = damaged_attachments()
    if damaged:
        report.add(f"{len(damaged)} 个附件的内容与登记时的校验值不符（被改动或损坏），如：{'、'.join(damaged[:3])}；"
                   "请从备份恢复这些附件")
    for problem in sequence_problems(highest):
        report.add(problem)
    return report


def _highest_used() -> dict[int, int]:
    settings = get_settings()
    fmt, code = settings["case.number_format"], settings["org.short_code"]
    highest: Counter = Counter()
    for (number,) in Case.select(Case.number).tuples().iterator():
        parsed = numbering.parse_number(fmt, code, number)
        if parsed:
            highest[parsed[0]] = max(highest[parsed[0]], parsed[1])
    return highest


def _stored_sequences() -> dict[int, object]:
    """year → the counter as stored (on SQLite a poisoned one may have turned into a REAL)."""
    return {year: last for year, last in database.execute_sql(
        f'SELECT "year", "last" FROM "{CaseSequence._meta.table_name}"').fetchall()}


def sequence_problems(highest: dict[int, int] | None = None) -> list[str]:
    """A counter behind the numbers in use (duplicates ahead), beyond them (an unaudited jump:
    the numbers between are never used) or beyond the sane range, or not a whole number."""
    highest = _highest_used() if highest is None else highest
    problems = []
    for year, last in sorted(_stored_sequences().items()):
        used = highest.get(year, 0)
        if not isinstance(last, int) or last > numbering.MAX_SEQUENCE:
            problems.append(f"{year}年编号序列已被改成 {last}，超出可用范围，新案件无法登记；请运行 check --repair 修复")
        elif last > used:
            problems.append(f"{year}年编号序列 {last} 超过已用的最大编号 {used}，其间的编号不会被使用；"
                            "请运行 check --repair 修复")
    stored = _stored_sequences()
    for year, seq in sorted(highest.items()):
        last = stored.get(year, 0)
        if isinstance(last, int) and last < seq:
            problems.append(f"{year}年编号序列 {last} 落后于已用编号 {seq}，新编号可能重复；请运行 check --repair 修复")
    return problems


def repair_sequences(actor: Actor) -> list[str]:
    """Set every year's counter to the highest number in use (as a whole number), audited;
    returns what was changed, one line per year."""
    require(actor, "settings")
    done = []
    with write_transaction():
        highest, stored = _highest_used(), _stored_sequences()
        for year in sorted(set(highest) | set(stored)):
            last, used = stored.get(year), highest.get(year, 0)
            if isinstance(last, int) and last == used:
                continue
            if year in stored:
                CaseSequence.update(last=used).where(CaseSequence.year == year).execute()
            else:
                CaseSequence.insert(year=year, last=used).execute()
            done.append(f"{year}年编号序列 {last if last is not None else '（无）'} → {used}")
            audit.record(actor, "repair_sequence", "case_sequence", year,
                         summary=f"修复{year}年案件编号序列：{last} → {used}（已用的最大编号）",
                         changes=[{"field": "last", "old": str(last), "new": used}])
    return done
