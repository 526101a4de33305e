"""The State Council's holiday notices (2023–2026, public texts in fixtures/) read into the same
schedule as the `chinesecalendar` package, day by day; copies mangled the ways copying mangles
them still read the same; what cannot be read is refused with its line."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import chinese_calendar.constants as cc
import pytest

from app.domain.calendar import WorkCalendar
from app.domain import holiday_notice
from app.domain.holiday_notice import (
    FIRST_YEAR, LAST_YEAR, MAX_NOTICE_CHARS, MAX_NOTICE_LINES, NoticeError, changes_against, notice_year, parse_notice,
)

FIXTURES = Path(__file__).parent / "fixtures" / "holiday_notices"


def notice(year) -> str:
    return (FIXTURES / f"{year}.txt").read_text(encoding="utf-8")


def calendar_of(schedule) -> WorkCalendar:
    exceptions = {d: False for d, _ in schedule.holidays()} | {d: True for d, _ in schedule.workdays()}
    return WorkCalendar(exceptions, frozenset({schedule.year}))


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def signature(schedule) -> tuple:
    return tuple(schedule.holidays()), tuple(schedule.workdays())


# ---------------------------------------------------------------- the real notices
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_notice_matches_chinesecalendar_day_by_day(year):
    schedule = parse_notice(notice(year))
    assert schedule.year == year
    ours = calendar_of(schedule)
    package_holidays = {d for d in cc.holidays if d.year == year}
    mismatches = [d for d in days_of(year)
                  if ours.is_workday(d) != chinese_calendar.is_workday(d)
                  or ours.is_statutory_holiday(d) != (d in package_holidays)]
    assert mismatches == []
    assert schedule.days_outside_year() == []


def test_2023_notice_reaches_into_2022_and_matches_the_package():
    """元旦 2023 starts on 2022-12-31. The package's 2023-12-30/31 come from the 2024 notice
    ("1月1日放假，与周末连休" — a weekend either way), so they are left out of this comparison."""
    schedule = parse_notice(notice(2023))
    assert schedule.days_outside_year() == [(date(2022, 12, 31), False, "元旦")]
    assert date(2022, 12, 31) in cc.holidays
    ours = calendar_of(schedule)
    package_holidays = {d for d in cc.holidays if d.year == 2023} - {date(2023, 12, 30), date(2023, 12, 31)}
    assert [d for d in days_of(2023) if ours.is_workday(d) != chinese_calendar.is_workday(d)
            or ours.is_statutory_holiday(d) != (d in package_holidays)] == []


def test_items_names_counts_and_what_was_set_aside():
    schedule = parse_notice(notice(2024))
    assert [i.name for i in schedule.items] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    spring = schedule.items[1]
    assert (spring.stated_days, len(spring.holidays), spring.line_no) == (8, 8, 10)
    assert spring.workdays == [date(2024, 2, 4), date(2024, 2, 18)]
    # 除夕（2月9日）is only "encouraged" as a day off: not a holiday, shown as set aside
    assert date(2024, 2, 9) not in dict(schedule.holidays())
    assert len(schedule.set_aside()) == 1 and "2月9日" in schedule.set_aside()[0]
    combined = parse_notice(notice(2025)).items[-1]
    assert combined.name == "国庆节、中秋节" and combined.workday_name == "国庆节、中秋节调休"


def test_year_from_the_title_or_given():
    assert notice_year(notice(2026)) == 2026
    body = "\n".join(line for line in notice(2026).splitlines() if "2026年" not in line)
    with pytest.raises(NoticeError, match="没有写明是哪一年"):
        parse_notice(body)
    assert signature(parse_notice(body, 2026)) == signature(parse_notice(notice(2026)))
    with pytest.raises(NoticeError, match="这是2026年的放假安排，与所选的2027年不一致"):
        parse_notice(notice(2026), 2027)


# ---------------------------------------------------------------- mangled copies read the same
def _half_width(text: str) -> str:
    return text.translate(str.maketrans("：（），；", ":(),;"))


def _without_weekday_brackets(text: str) -> str:
    return re.sub(r"（[^（）]*）", "", text)


def _extra_whitespace(text: str) -> str:
    out = []
    for line in text.splitlines():
        out.append("　　" + " ".join(line) + " \t")
        out.append("")
    return "\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _broken_lines(text: str) -> str:
    """As a PDF's text comes out: every 17 characters a line break, wherever it falls."""
    flat = "".join(line.strip() + "\n" for line in text.splitlines() if line.strip())
    return "\n".join(flat[i:i + 17] for i in range(0, len(flat), 17))


def _full_width_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def _invisible_characters(text: str) -> str:
    return text.replace("月", "\u200b月").replace("日", "日\u202e").replace("至", "\ufeff至")


def _unnumbered_list(text: str) -> str:
    """As news sites repost it: "- 春节：…" without the official numbering."""
    return re.sub(r"^[一二三四五六七八九十]+、", "- ", text, flags=re.MULTILINE)


def _windows_line_ends(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize("mangle", [
    _half_width, _without_weekday_brackets, _extra_whitespace, _one_line, _broken_lines, _full_width_digits,
    _invisible_characters, _unnumbered_list, _windows_line_ends,
])
@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_mangled_copies_read_the_same(year, mangle):
    assert signature(parse_notice(mangle(notice(year)))) == signature(parse_notice(notice(year)))


def test_traditional_characters_read_the_same():
    simplified, traditional_chars = "国务院办公厅关于节劳动庆调历腊周", "國務院辦公廳關於節勞動慶調曆臘週"
    traditional = notice(2026).translate(str.maketrans(simplified, traditional_chars))
    read = parse_notice(traditional)
    assert [d for d, _ in read.holidays()] == [d for d, _ in parse_notice(notice(2026)).holidays()]
    assert [d for d, _ in read.workdays()] == [d for d, _ in parse_notice(notice(2026)).workdays()]
    assert read.items[-1].name == "國慶節"


# ---------------------------------------------------------------- what cannot be read is refused
def _replace_line(text: str, start: str, new: str) -> str:
    return "\n".join(new if line.startswith(start) else line for line in text.splitlines())


@pytest.mark.parametrize("line, reason", [
    ("二、春节：二月十五日至二十三日放假调休，共9天。", "春节：没有找到放假日期"),
    ("二、春节：2月15日至23日，共9天。", "春节：没有找到放假日期"),
    ("二、春节：2月15日（农历腊月二十八、周一）至23日放假调休，共9天。",
     "2026年2月15日是星期日，通知写的是周一（请核对年份）"),
    ("二、春节：2月15日至23日放假调休，共8天。", "写明共8天，日期范围却是9天"),
    ("二、春节：2月15日至23日放假调休，共9天。2月16日（周一）上班。", "2月16日是星期一，本来就上班"),
    ("二、春节：2月15日至3月23日放假调休。", "超过15天"),
    ("二、春节：2月30日放假。", "2026年2月30日不是有效的日期"),
    ("二、春节：15日至23日放假调休，共9天。", "“15日”没有写月份"),
    ("二、春节：2月23日至15日放假调休。", "结束日期早于开始日期"),
    ("二、春节：5月1日放假。", "第13行无法识别：5月1日在“春节”和“劳动节”中都出现"),
])
def test_an_unreadable_item_refuses_the_whole_notice_with_its_line(line, reason):
    text = _replace_line(notice(2026), "二、春节", line)
    with pytest.raises(NoticeError) as caught:
        parse_notice(text)
    message = str(caught.value)
    assert reason in message
    if not reason.startswith("第"):
        assert message.startswith("第9行无法识别：") and line[:20] in message
    assert "\n" not in message


def test_text_that_is_not_a_notice():
    for text in ("", "   \n\n", "关于2027年部分节假日安排的通知\n\n尚未公布。", "\x00\x01" * 1000):
        with pytest.raises(NoticeError):
            parse_notice(text, 2027)


def test_a_long_paste_is_read_and_a_huge_one_refused_in_one_line():
    junk = ("春节放假至上班日" * 500 + "\n") * 20 + notice(2026)        # 80,000 characters of menus
    assert signature(parse_notice(junk)) == signature(parse_notice(notice(2026)))
    with pytest.raises(NoticeError):
        parse_notice("一、" + "节" * 150_000, 2027)
    too_long = notice(2026) + "\n" + "附：说明文字。" * (MAX_NOTICE_CHARS // 7)   # read whole before
    too_many_lines = notice(2026) + "\r\n" * MAX_NOTICE_LINES             # 24 lines, then 5,001 empty
    for text, reason in ((too_long, "文字太长"), (too_many_lines, f"文字有 {MAX_NOTICE_LINES + 25:,} 行")):
        with pytest.raises(NoticeError) as caught:
            parse_notice(text)
        assert reason in str(caught.value) and "\n" not in str(caught.value)
    assert parse_notice(notice(2026) + "\n" * (MAX_NOTICE_LINES - 30)).year == 2026


def test_broken_lines_are_joined_once_each(monkeypatch):
    """Each logical line is built once from its pieces: adding every piece to the line joined so
    far copied it each time, so 1 MB of one-letter lines took 12.6 s and 20 MB about an hour."""
    built = []

    class Counted(holiday_notice._Line):
        def __init__(self, *args):
            built.append(args[0])
            super().__init__(*args)
    monkeypatch.setattr(holiday_notice, "_Line", Counted)
    lines = holiday_notice.logical_lines("关于2027年\n" + "a\n" * 1000 + "一、元旦：1月1日\n放假。")
    assert [(line.number, len(line.text)) for line in lines] == [(1, 1007), (1002, 12)]
    assert built == [1, 1002]


@pytest.mark.parametrize("text, reason", [
    ("国务院办公厅关于0001年部分节假日安排的通知\n一、元旦：1月1日放假，共1天。", "1年不在可导入的范围内"),
    ("国务院办公厅关于0001年部分节假日安排的通知\n一、元旦：12月31日至1月1日放假。", "1年不在可导入的范围内"),
    ("国务院办公厅关于9999年部分节假日安排的通知\n一、元旦：12月31日放假，共1天。", "9999年不在可导入的范围内"),
    ("国务院办公厅关于3000年部分节假日安排的通知\n一、元旦：1月1日放假，共1天。", "3000年不在可导入的范围内"),
    ("国务院办公厅关于1999年部分节假日安排的通知\n一、元旦：1月1日放假，共1天。", "（2000—2100年）"),
    ("国务院办公厅关于2101年部分节假日安排的通知\n一、元旦：1月1日放假，共1天。", "2101年不在"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。\n二、春节：9999年12月31日放假，共1天。",
     "“9999年12月31日”不是2027年或上一年的日期"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：2028年1月1日放假。", "不是2027年或上一年的日期"),
])
def test_a_year_outside_the_range_is_refused_before_any_date_arithmetic(text, reason):
    with pytest.raises(NoticeError) as caught:
        parse_notice(text)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_the_first_and_last_years_are_read():
    for year in (FIRST_YEAR, LAST_YEAR):
        schedule = parse_notice(f"国务院办公厅关于{year}年部分节假日安排的通知\n一、元旦：12月31日至1月1日放假。")
        assert schedule.holidays() == [(date(year - 1, 12, 31), "元旦"), (date(year, 1, 1), "元旦")]
    with pytest.raises(NoticeError, match="3000年不在可导入的范围内"):
        parse_notice("一、元旦：1月1日放假。", 3000)


def test_a_year_the_package_does_not_know():
    """2027 is what the program is really given: a notice in the same form (an example written
    for this test, see fixtures/SOURCES.md), read without any help from the package."""
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))
    schedule = parse_notice(notice("2027-example"))
    assert schedule.year == 2027 and len(schedule.holidays()) == 28
    assert [d for d, _ in schedule.workdays()] == [date(2027, 2, 20), date(2027, 4, 25), date(2027, 5, 8),
                                                  date(2027, 9, 26), date(2027, 10, 9)]
    assert ("端午节", 1) == (schedule.items[4].name, len(schedule.items[4].holidays))


def test_2017_substitute_day_and_weekend_joined():
    """"1月1日放假，1月2日（星期一）补休" — the 补休 day is a holiday too."""
    schedule = parse_notice(notice(2017))
    ours = calendar_of(schedule)
    package_holidays = {d for d in cc.holidays if d.year == 2017}
    assert date(2017, 1, 2) in dict(schedule.holidays())
    assert [d for d in days_of(2017) if ours.is_workday(d) != chinese_calendar.is_workday(d)
            or ours.is_statutory_holiday(d) != (d in package_holidays)] == []


def test_a_stated_weekday_catches_last_years_dates_pasted_as_next_years():
    with pytest.raises(NoticeError, match="请核对年份"):
        parse_notice(notice(2026).replace("2026年", "2027年"))


def test_changes_against_the_table():
    schedule = parse_notice(notice(2026))
    current = {d: False for d, _ in schedule.holidays()} | {d: True for d, _ in schedule.workdays()}
    assert changes_against(schedule, current) == []
    current.pop(date(2026, 2, 28))
    current[date(2026, 3, 2)] = False
    changes = changes_against(schedule, current)
    assert [(c.day, c.before, c.after) for c in changes] == [
        (date(2026, 2, 28), "", "workday"), (date(2026, 3, 2), "holiday", "")]
