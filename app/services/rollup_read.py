"""Reading back the hidden sheet 汇总数据 of one county's report (app/services/report_data.py) as
that county's figures, refusing anything this program did not write: the file comes from another
office, by e-mail or on a stick, so every cell is checked — kinds, whole non-negative numbers
within bounds, exact decimal text, dates, the period, and figures that must agree with each other.
Each refusal is one Chinese line naming the file and what to do."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain import periods
from app.domain.codes import OUTCOMES, RESOLVED_OUTCOMES
from app.domain.errors import ValidationFailed
from app.domain.periods import Period, PeriodError
from app.services.report_data import BREAKDOWNS, CHUNK, COUNTS, FORMAT, MARKER, MONEY, RATES, SHEET, WORDS
from app.services.statistics import PeriodFigures, TypicalCase

MAX_COUNT = 100_000_000              # cases, 人次 or follow-ups in one column: far beyond any county
MAX_TEXT = 2_000
MAX_ROWS = 200_000
MONEY_TEXT = re.compile(r"\d{1,13}\.\d{2}")      # up to 9,999,999,999,999.99 元, exactly two decimals
META = ("format", "program", "association", "unit", "period_kind", "period_start", "period_end", "columns",
        "cases_from")


@dataclass
class CountyReport:
    """One county's report as its workbook carries it."""
    source: str                      # the file's name, for messages
    association: str
    program: str
    period: Period
    figures: list[PeriodFigures]
    words: dict = field(default_factory=dict)            # kind → [(key, label)]
    category_labels: dict = field(default_factory=dict)
    businesses: list = field(default_factory=list)       # (name, credit code, accepted, resolved)
    counties: list = field(default_factory=list)         # a city's roll-up: the counties it adds up
    cases_from: date | None = None                       # its earliest case (None: none at all)

    @property
    def covers(self) -> list[str]:
        """The associations whose cases these figures count."""
        return self.counties or [self.association]


class _Refused(Exception):
    """What is wrong with a cell; becomes one line naming the file."""


def refusal(source: str, reason: str) -> ValidationFailed:
    return ValidationFailed({}, f"文件“{source}”{reason}")


def parse_summary(rows: list[list], source: str) -> CountyReport:
    """The county's figures from the rows of its 汇总数据 sheet (cells as a reader gives them:
    text, numbers — whole numbers may come back as floats after an office suite re-saved the file —
    and "" or None for an empty cell)."""
    if not rows or _text(rows[0][0] if rows[0] else "") != MARKER:
        raise refusal(source, f"的“{SHEET}”表不是本程序写的，无法汇总；请让该县用本程序重新生成报表")
    if len(rows) > MAX_ROWS:
        raise refusal(source, f"的“{SHEET}”表有 {len(rows):,} 行，超出报表可能的行数，文件可能被改动过；请让该县重新生成报表")
    try:
        return _parse(rows, source)
    except _Refused as exc:
        raise refusal(source, f"的汇总数据有误（{exc}），可能已损坏或被改动过；请让该县重新生成报表") from None


def _parse(rows: list[list], source: str) -> CountyReport:
    meta = {}
    for number, row in enumerate(rows[1:], 2):
        cells = _trimmed(row)
        if cells and cells[0] == "meta":
            if len(cells) < 2 or _text(cells[1]) not in META:
                raise _Refused(f"第{number}行的名目无法识别")
            meta[_text(cells[1])] = cells[2] if len(cells) > 2 else ""
    missing = [key for key in META if key not in meta]
    if missing:
        raise _Refused(f"缺少“{missing[0]}”")
    if _text(meta["format"]) != FORMAT:
        raise ValidationFailed({}, f"文件“{source}”的报表格式版本为 {_text(meta['format'])}，本程序汇总的是格式版本 {FORMAT}；"
                                   "请各县用同一版本的程序重新生成报表")
    if _text(meta["unit"]):
        raise ValidationFailed({}, f"文件“{source}”只统计了一个承办单位，不能用于汇总；请用该县全会的报表")
    period, columns = _period(meta)
    if _number(meta["columns"]) != len(columns):
        raise _Refused(f"对比列数为 {_number(meta['columns'])}，{period.label}的报表应有 {len(columns)} 列")
    association = _text(meta["association"])
    if not association:
        raise _Refused("没有消协名称")
    report = CountyReport(source, association, _text(meta["program"]), period,
                          [PeriodFigures(p, None) for p in columns], {kind: [] for kind in WORDS})
    report.cases_from = _day(meta["cases_from"]) if _text(meta["cases_from"]) else None
    rates = {}
    for number, row in enumerate(rows[1:], 2):
        cells = _trimmed(row)
        try:
            _row(report, rates, cells)
        except _Refused as exc:
            raise _Refused(f"第{number}行：{exc}") from None
    _agree(report, rates)
    return report


def _row(report: CountyReport, rates: dict, cells: list) -> None:
    if not cells or cells[0] == "meta":
        return
    if cells[0] == "county":
        report.counties.append(_text(cells[1] if len(cells) > 1 else ""))
        return
    kind = cells[0]
    handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise _Refused("名目无法识别")
    handler(report, rates, (cells + [""] * 7)[1:7])


def _column(report: CountyReport, value) -> PeriodFigures:
    index = _number(value)
    if index >= len(report.figures):
        raise _Refused(f"列号 {index} 超出范围")
    return report.figures[index]


def _count_row(report, rates, cells) -> None:
    figures, name = _column(report, cells[0]), _text(cells[1])
    if name not in COUNTS:
        raise _Refused(f"未知的数字“{name}”")
    setattr(figures, name, _number(cells[2]))


def _money_row(report, rates, cells) -> None:
    figures, name = _column(report, cells[0]), _text(cells[1])
    if name not in MONEY:
        raise _Refused(f"未知的金额“{name}”")
    setattr(figures, name, _money(cells[2]))


def _by_row(report, rates, cells) -> None:
    figures, name = _column(report, cells[0]), _text(cells[1])
    if name not in BREAKDOWNS:
        raise _Refused(f"未知的分类“{name}”")
    counts = getattr(figures, name)
    key = _text(cells[2]) or None
    if key in counts:
        raise _Refused(f"“{key}”重复")
    counts[key] = _number(cells[3])


def _mediator_row(report, rates, cells) -> None:
    figures, outcome = _column(report, cells[0]), _text(cells[2])
    if outcome not in OUTCOMES.codes():
        raise _Refused(f"未知的办结方式“{outcome}”")
    per = figures.mediator_outcomes.setdefault(_text(cells[1]) or None, {})
    per[outcome] = per.get(outcome, 0) + _number(cells[3])


def _rate_row(report, rates, cells) -> None:
    _column(report, cells[0])
    name = _text(cells[1])
    if name not in RATES:
        raise _Refused(f"未知的比率“{name}”")
    rates[(_number(cells[0]), name)] = (_number(cells[2]), _number(cells[3]))


def _word_row(report, rates, cells) -> None:
    kind = _text(cells[0])
    if kind not in WORDS:
        raise _Refused(f"未知的词表“{kind}”")
    report.words[kind].append((_text(cells[1]), _text(cells[2])))


def _label_row(report, rates, cells) -> None:
    report.category_labels[_text(cells[0])] = _text(cells[1])


def _businesses_row(report, rates, cells) -> None:
    text = cells[0]
    if not isinstance(text, str) or len(text) > CHUNK:
        raise _Refused("经营者名单应为不超过 30,000 字的文字")
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        raise _Refused("经营者名单无法识别") from None
    if not isinstance(items, list):
        raise _Refused("经营者名单无法识别")
    for item in items:
        if not isinstance(item, list) or len(item) != 4:
            raise _Refused("经营者名单中有一项无法识别")
        report.businesses.append((_text(item[0]), _text(item[1]), _number(item[2]), _number(item[3])))


def _day(value) -> date:
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise _Refused(f"日期“{_text(value)}”无法识别") from None


def _typical_row(report, rates, cells) -> None:
    number, day, business, category, outcome, summary = cells
    closed = _day(day)
    if _text(outcome) not in OUTCOMES.codes():
        raise _Refused(f"未知的办结方式“{_text(outcome)}”")
    report.figures[0].typical.append(TypicalCase(_text(number), closed, _text(business), _text(category),
                                                 _text(outcome), _text(summary)))


_HANDLERS = {"count": _count_row, "money": _money_row, "by": _by_row, "mediator_outcome": _mediator_row,
             "rate": _rate_row, "word": _word_row, "category_label": _label_row, "businesses": _businesses_row,
             "typical": _typical_row}


def _agree(report: CountyReport, rates: dict) -> None:
    """Figures that the report computes from one another must still agree: a hand-edited count
    would otherwise slip into the city's totals."""
    for index, f in enumerate(report.figures):
        checks = [("受理投诉与按投诉性质分列之和", f.accepted, sum(f.by_nature.values())),
                  ("办结与按办结方式分列之和", f.closed, sum(f.by_outcome.values())),
                  ("解决与调解成功、自行和解之和", f.resolved, sum(f.by_outcome.get(o, 0) for o in RESOLVED_OUTCOMES))]
        checks += [(f"{name}", rates.get((index, name)), getattr(f, name)) for name in RATES]
        for what, stated, computed in checks:
            if stated != computed:
                raise _Refused(f"第{index + 1}列{what}不符")


def _period(meta: dict) -> tuple[Period, list[Period]]:
    """The report's period and the periods of its columns."""
    kind = _text(meta["period_kind"])
    try:
        start, end = date.fromisoformat(_text(meta["period_start"])), date.fromisoformat(_text(meta["period_end"]))
        expected = {"month": lambda: periods.month(start.year, start.month),
                    "quarter": lambda: periods.quarter(start.year, (start.month - 1) // 3 + 1),
                    "year": lambda: periods.year(start.year),
                    "range": lambda: periods.date_range(start, end)}[kind]()
        columns = expected.compared_periods()
    except PeriodError as exc:
        raise _Refused(f"统计期间无法识别（{exc}）") from None
    except (ValueError, KeyError):
        raise _Refused("统计期间无法识别") from None
    if (expected.start, expected.end) != (start, end):
        raise _Refused("统计期间的起止日期与期间类型不符")
    return expected, columns


# ---------------------------------------------------------------- cells
def _trimmed(row) -> list:
    cells = [None if c == "" else c for c in (row or [])]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Refused(f"应为文字，却是“{value}”")
    if len(value) > MAX_TEXT:
        raise _Refused("文字过长")
    return value.strip()


def _number(value) -> int:
    """A whole number ≥ 0 within bounds; a float only when whole (re-saved files store numbers so)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Refused(f"应为整数，却是“{value}”")
    if value != value or value in (float("inf"), float("-inf")) or value != int(value):
        raise _Refused(f"应为整数，却是“{value}”")
    number = int(value)
    if number < 0:
        raise _Refused(f"数字不能为负（{number}）")
    if number > MAX_COUNT:
        raise _Refused(f"数字 {number:,} 大得不合常理")
    return number


def _money(value) -> Decimal:
    text = _text(value)
    if not MONEY_TEXT.fullmatch(text):
        raise _Refused(f"金额“{text}”应为非负数字、两位小数")
    return Decimal(text)
