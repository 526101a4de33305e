"""Reads the State Council's yearly notice 《国务院办公厅关于YYYY年部分节假日安排的通知》 into holiday
days and 调休 make-up workdays (docs/rules.md §3). Pure text work, no I/O.

Each holiday is one numbered item in a fixed form:
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。
The reader is forgiving about what copying does to such text (full- or half-width punctuation,
traditional characters, weekday brackets missing, spaces, a whole notice on one line, lines
broken by a PDF) and strict about what it takes from it: dates are grouped by the word that
follows them (放假 → holidays, 上班 → make-up workdays); dates followed by neither (除夕（2月9日）
休息) are set aside and shown, never guessed at. An item it cannot read, a stated weekday that is
not the date's, a "共N天" that disagrees with the range, a make-up "workday" on a weekday:
the whole notice is refused with the line, so nothing half-understood is saved.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.domain.codes import HOLIDAY_DAY_KINDS
from app.domain.errors import ValidationFailed

WEEKDAYS = "一二三四五六日"
_WEEKDAY_OF = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
MAX_RANGE_DAYS = 15        # the longest holiday so far is 9 days (春节 2026); more is a misreading
# The years a notice may be about (the command line's --year and the dialog's year box too): checked
# before any date arithmetic, which fails outside 1…9999 (the year before, a range into the next day)
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A notice is 20–40 lines, 2–4 thousand characters; a pasted web page with its menus a few times that.
# Beyond these it is not a notice, and reading it would only cost time and memory.
MAX_NOTICE_CHARS = 200_000
MAX_NOTICE_LINES = 5_000

_NUMERAL = "[一二三四五六七八九十]{1,3}"
# An item's heading: "二、春节：" (also "(二)春节:", "2.春节:", or unnumbered "春节:" at a line start).
_NAME = r"[^\d:。,;()\n、][^\d:。,;()\n]{0,23}?"
_HEADING = re.compile(
    r"(?:^|(?<=[。;]))[-•·*]?"
    rf"(?P<number>{_NUMERAL}[、.]|\({_NUMERAL}\)|\d{{1,2}}[、.])?"
    rf"(?P<name>{_NAME}):", re.MULTILINE)
_FESTIVAL = re.compile(r"(节|節|元旦)$")
_TOKEN = re.compile(
    r"(?P<date>(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:\((?P<note>[^()]{0,40})\))?)"
    r"|(?P<range>至|到|~|-|—|–)"
    r"|(?P<off>(?:放假(?:调休|調休)?|补休|補休)(?:(?P<off_n>\d{1,2})天)?)"
    r"|(?P<count>共(?P<n>\d{1,2})天)"
    r"|(?P<work>上班)"
    r"|(?P<end>[。;])")
_WEEKDAY_NOTE = re.compile(r"(?:周|週|星期|礼拜|禮拜)([一二三四五六日天七])")
_YEAR = re.compile(r"(?:关于|關於|關于|现将|現將)(\d{4})年")
_SPACES = re.compile(r"[^\S\n]+")


class NoticeError(ValidationFailed):
    """The notice cannot be read; says which line and why, in one Chinese sentence."""

    def __init__(self, reason: str, line_no: int | None = None, line: str = ""):
        self.reason, self.line_no, self.line = reason, line_no, line
        where = f"第{line_no}行无法识别：" if line_no else ""
        quoted = f"（原文：{_shorten(line)}）" if line else ""
        message = f"{where}{reason}{quoted}"
        super().__init__({"notice": message}, message)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class NoticeItem:
    """One numbered holiday of the notice, as understood."""
    name: str
    line_no: int
    text: str                                   # the item as it stands in the notice
    holidays: list[date] = field(default_factory=list)
    workdays: list[date] = field(default_factory=list)
    stated_days: int | None = None              # "共N天"
    set_aside: list[str] = field(default_factory=list)   # sentences with dates that are neither

    @property
    def workday_name(self) -> str:
        return f"{self.name}调休"


@dataclass
class NoticeSchedule:
    year: int
    items: list[NoticeItem]

    def holidays(self) -> list[tuple[date, str]]:
        return sorted((d, item.name) for item in self.items for d in item.holidays)

    def workdays(self) -> list[tuple[date, str]]:
        return sorted((d, item.workday_name) for item in self.items for d in item.workdays)

    def days_in_year(self) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
        """(holidays, workdays) of the notice's own year."""
        return ([x for x in self.holidays() if x[0].year == self.year],
                [x for x in self.workdays() if x[0].year == self.year])

    def days_outside_year(self) -> list[tuple[date, bool, str]]:
        """Days of the year before (2023's notice: 2022年12月31日 is 元旦): (day, is_workday, name)."""
        return sorted([(d, False, n) for d, n in self.holidays() if d.year != self.year]
                      + [(d, True, n) for d, n in self.workdays() if d.year != self.year])

    def set_aside(self) -> list[str]:
        return [s for item in self.items for s in item.set_aside]


def day_cn(day: date, year: int | None = None) -> str:
    """"2月14日" ("2022年12月31日" for a day outside `year`)."""
    prefix = f"{day.year}年" if year is not None and day.year != year else ""
    return f"{prefix}{day.month}月{day.day}日"


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[list[date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def describe_item(item: NoticeItem, year: int) -> str:
    """"春节：2月15日至2月23日放假（共9天）；2月14日、2月28日上班" — what was understood."""
    ranges = "、".join(day_cn(a, year) if a == b else f"{day_cn(a, year)}至{day_cn(b, year)}"
                      for a, b in _runs(item.holidays))
    text = f"{item.name}：{ranges}放假（共{len(set(item.holidays))}天）"
    if item.workdays:
        text += "；" + "、".join(day_cn(d, year) for d in sorted(item.workdays)) + "上班"
    return text


# ---------------------------------------------------------------- text preparation
def normalise(text: str) -> list[str]:
    """Lines in one form: NFKC (full-width digits and punctuation → half-width), no spaces."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = []
    for line in text.split("\n"):
        line = unicodedata.normalize("NFKC", line)
        line = "".join(ch for ch in line if unicodedata.category(ch)[0] != "C")   # control characters
        lines.append(_SPACES.sub("", line).replace("－", "-").replace("～", "~"))
    return lines


def notice_year(text: str) -> int | None:
    """The year the notice is about ("关于2026年部分节假日安排", "现将2026年元旦…")."""
    found = _YEAR.search("".join(normalise(text)))
    return int(found.group(1)) if found else None


def check_notice_size(text: str) -> None:
    """Refuses what cannot be a notice before any work is done on it (see MAX_NOTICE_CHARS)."""
    text = text or ""
    if len(text) > MAX_NOTICE_CHARS:
        raise NoticeError(f"文字太长（{len(text):,} 字，放假通知只有几千字）：请只粘贴或保存通知的正文")
    lines = 1 + sum(text.count(end) for end in ("\n", "\r", "\u2028", "\u2029")) - text.count("\r\n")
    if lines > MAX_NOTICE_LINES:
        raise NoticeError(f"文字有 {lines:,} 行（放假通知只有几十行）：请只粘贴或保存通知的正文")


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoticeError(f"{year}年不在可导入的范围内（{FIRST_YEAR}—{LAST_YEAR}年），请核对通知的年份")


# ---------------------------------------------------------------- the parser
def parse_notice(text: str, year: int | None = None) -> NoticeSchedule:
    """The schedule the notice sets. `year` is needed only when the text does not say it."""
    check_notice_size(text)
    lines = logical_lines(text)
    joined = "\n".join(line.text for line in lines)
    stated = notice_year(text)
    if stated and year and stated != year:
        raise NoticeError(f"这是{stated}年的放假安排，与所选的{year}年不一致")
    year = stated or year
    if not year:
        raise NoticeError("通知里没有写明是哪一年的安排（如“关于2027年部分节假日安排的通知”），请先选择年份")
    check_year(year)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line.text) + 1)
    headings = [m for m in _HEADING.finditer(joined) if _is_item(m)]
    if not headings:
        raise NoticeError("没有找到“一、元旦：1月1日……放假”这样的放假安排，请粘贴国务院办公厅通知的正文")
    items = []
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else _last_item_end(joined, match.end())
        line = lines[bisect_right(starts, match.start()) - 1]
        body = joined[match.end():end].replace("\n", "")
        items.append(_read_item(match.group("name"), body, year, line.number, line.original))
    _check_schedule(items)
    return NoticeSchedule(year, items)


@dataclass
class _Line:
    number: int          # of its first line in the text as given
    text: str            # normalised
    original: str


def logical_lines(text: str) -> list[_Line]:
    """Lines a PDF or a narrow window broke in the middle are joined again: a line continues on
    the next unless it ends a sentence (。；：) or the next one starts a numbered item (a bare
    "节：" after "二、春" is the rest of a broken heading)."""
    raw = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    originals = raw.split("\n")
    # each logical line's pieces are gathered and joined once: adding a piece to the joined text
    # copied it every time (quadratic: 1 MB of "a" lines took 12.6 s, 20 MB about an hour)
    groups: list[tuple[int, list[str], list[str]]] = []      # (first line's number, texts, originals)
    open_line = False
    for number, (line, original) in enumerate(zip(normalise(raw), originals), start=1):
        if not line:
            open_line = False
            continue
        heading = _HEADING.match(line)
        if open_line and not (heading and heading.group("number")):
            groups[-1][1].append(line)
            groups[-1][2].append(original.strip())
        else:
            groups.append((number, [line], [original.strip()]))
        open_line = not line.endswith(("。", ";", ":"))
    return [_Line(number, "".join(texts), "".join(parts)) for number, texts, parts in groups]


def _is_item(match: re.Match) -> bool:
    """Numbered headings are items; unnumbered ones only when the name is a festival's."""
    return bool(match.group("number")) or bool(_FESTIVAL.search(match.group("name")))


def _last_item_end(text: str, start: int) -> int:
    """The last item runs on (a PDF may have broken it over lines) until a line of plain prose:
    no date, no 放假/上班, longer than a fragment — the notice's closing paragraph."""
    position = text.find("\n", start)
    while position != -1:
        following = text.find("\n", position + 1)
        line = text[position + 1: following if following != -1 else len(text)]
        if len(line) > 12 and not re.search(r"\d日|放假|上班", line):
            return position
        position = following
    return len(text)


class _Dates:
    """Dates of one item: month carried from the date before ("2月15日至23日")."""

    def __init__(self, year: int, fail):
        self.year, self.fail = year, fail
        self.month: int | None = None

    def read(self, match: re.Match) -> tuple[date, bool]:
        explicit_year = match.group("y") is not None
        if match.group("m"):
            self.month = int(match.group("m"))
        if self.month is None:
            self.fail(f"“{match.group('date')}”没有写月份")
        year = int(match.group("y")) if explicit_year else self.year
        if year not in (self.year - 1, self.year):      # only the year before reaches in (2022年12月31日)
            self.fail(f"“{match.group('date')}”不是{self.year}年或上一年的日期")
        try:
            day = date(year, self.month, int(match.group("d")))
        except ValueError:
            self.fail(f"{year}年{self.month}月{match.group('d')}日不是有效的日期")
        weekday = _WEEKDAY_NOTE.search(match.group("note") or "")
        if weekday and _WEEKDAY_OF[weekday.group(1)] != day.weekday():
            self.fail(f"{day.year}年{day.month}月{day.day}日是星期{WEEKDAYS[day.weekday()]}，"
                      f"通知写的是周{weekday.group(1)}（请核对年份）")
        return day, explicit_year


def _read_item(name: str, body: str, year: int, line_no: int, source: str) -> NoticeItem:
    """Group the item's dates by the word after them: 放假 → holidays, 上班 → workdays."""
    def fail(reason: str):
        raise NoticeError(f"{name}：{reason}", line_no, source)

    item = NoticeItem(name, line_no, source)
    dates = _Dates(year, fail)
    pending: list[list] = []          # [start, end, start_explicit]
    joining = False
    sentence_start = 0
    for match in _TOKEN.finditer(body):
        kind = match.lastgroup if match.lastgroup in ("range", "off", "count", "work", "end") else "date"
        if kind == "date":
            day, explicit = dates.read(match)
            if joining and pending:
                _close_range(pending[-1], day, fail)
            else:
                pending.append([day, day, explicit])
            joining = False
        elif kind == "range":
            joining = bool(pending)
        elif kind in ("off", "work"):
            days = _expand(pending)
            (item.holidays if kind == "off" else item.workdays).extend(days)
            pending, joining = [], False
            if kind == "off" and match.group("off_n"):
                item.stated_days = int(match.group("off_n"))
        elif kind == "count":
            item.stated_days = int(match.group("n"))
        else:   # end of a sentence: dates not followed by 放假 or 上班 are set aside
            if pending:
                item.set_aside.append(body[sentence_start:match.end()])
            pending, joining = [], False
            sentence_start = match.end()
    if pending:
        item.set_aside.append(body[sentence_start:])
    _check_item(item, fail)
    return item


def _close_range(segment: list, end: date, fail) -> None:
    start, _, explicit = segment
    if end < start and not explicit and start.month > end.month:
        start = start.replace(year=start.year - 1)     # "12月31日至1月2日" crosses into the year
    if end < start:
        fail(f"{start.month}月{start.day}日至{end.month}月{end.day}日：结束日期早于开始日期")
    if (end - start).days >= MAX_RANGE_DAYS:
        fail(f"{start.month}月{start.day}日至{end.month}月{end.day}日超过{MAX_RANGE_DAYS}天，不像是一次放假")
    segment[0], segment[1] = start, end


def _expand(segments: list[list]) -> list[date]:
    days = []
    for start, end, _ in segments:
        day = start
        while day <= end:
            days.append(day)
            day += timedelta(days=1)
    return days


def _check_item(item: NoticeItem, fail) -> None:
    if not item.holidays:
        fail("没有找到放假日期（应写作“1月1日至3日放假”）")
    if item.stated_days is not None and item.stated_days != len(set(item.holidays)):
        fail(f"写明共{item.stated_days}天，日期范围却是{len(set(item.holidays))}天")
    for day in item.workdays:
        if day.weekday() < 5:
            fail(f"{day.month}月{day.day}日是星期{WEEKDAYS[day.weekday()]}，本来就上班，不会是调休上班日")
    both = set(item.holidays) & set(item.workdays)
    if both:
        day = min(both)
        fail(f"{day.month}月{day.day}日既是放假日又是上班日")


def _check_schedule(items: list[NoticeItem]) -> None:
    seen: dict[date, NoticeItem] = {}
    for item in items:
        for day in item.holidays + item.workdays:
            other = seen.get(day)
            if other is not None and other is not item:
                raise NoticeError(f"{day.month}月{day.day}日在“{other.name}”和“{item.name}”中都出现",
                                  item.line_no, item.text)
            seen[day] = item


# ---------------------------------------------------------------- against the table
@dataclass(frozen=True)
class DayChange:
    day: date
    before: str          # "holiday" | "workday" | "" (an ordinary day)
    after: str


def day_kind(is_workday: bool | None) -> str:
    return "" if is_workday is None else ("workday" if is_workday else "holiday")


def changes_against(schedule: NoticeSchedule, current: dict[date, bool]) -> list[DayChange]:
    """Days of the notice's year whose kind the notice changes (current: day → is_workday)."""
    after = {d: "holiday" for d, _ in schedule.holidays()} | {d: "workday" for d, _ in schedule.workdays()}
    days = {d for d in current if d.year == schedule.year} | set(after)
    changes = []
    for day in sorted(days):
        before = day_kind(current.get(day))
        if before != after.get(day, ""):
            changes.append(DayChange(day, before, after.get(day, "")))
    return changes


def describe_change(change: DayChange) -> str:
    def kind(code: str) -> str:
        return HOLIDAY_DAY_KINDS.label(code) if code else "正常"
    return f"与现有安排不同：{change.day.isoformat()} 由“{kind(change.before)}”改为“{kind(change.after)}”"
