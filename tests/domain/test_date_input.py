"""Dates as clerks type them: every format the date fields take, and what wrong input says."""
from datetime import date, time

import pytest

from app.domain.date_input import read_date, read_full_date, read_time

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("typed, day", [
    ("20261205", date(2026, 12, 5)),
    ("2026-12-05", date(2026, 12, 5)),
    ("2026/12/5", date(2026, 12, 5)),
    ("2026.12.5", date(2026, 12, 5)),
    ("2026年12月5日", date(2026, 12, 5)),
    ("2026年12月5号", date(2026, 12, 5)),
    (" 2026 - 1 - 9 ", date(2026, 1, 9)),
    ("２０２６－１２－０５", date(2026, 12, 5)),        # full-width, as an input method types
    ("12-05", date(2026, 12, 5)),                    # this year
    ("12月5日", date(2026, 12, 5)),
    ("1/9", date(2026, 1, 9)),
    ("2028-02-29", date(2028, 2, 29)),
    ("19491231", date(1949, 12, 31)),
])
def test_accepted(typed, day):
    reading = read_date(typed, TODAY)
    assert reading.day == day and reading.problem is None


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_is_no_date_and_no_problem(typed):
    reading = read_date(typed, TODAY)
    assert reading.empty and reading.day is None and reading.problem is None


@pytest.mark.parametrize("typed, message", [
    ("2026-02-30", "2026年2月没有30日，请按 2026-12-02 的格式填写"),
    ("2027-02-29", "2027年2月没有29日，请按 2026-12-02 的格式填写"),
    ("20261301", "月份应为1–12，现为13，请按 2026-12-02 的格式填写"),
    ("13-01", "月份应为1–12，现为13，请按 2026-12-02 的格式填写"),
    ("2-30", "2026年2月没有30日，请按 2026-12-02 的格式填写"),
    ("0-5", "月份应为1–12，现为0，请按 2026-12-02 的格式填写"),
    ("1850-01-01", "年份1850不在1900–2099年之间，请按 2026-12-02 的格式填写"),
    ("明天", "“明天”不是日期，请输入如 20261202、2026-12-02 或 12-02"),
    ("2026-12", "“2026-12”不是日期，请输入如 20261202、2026-12-02 或 12-02"),
    ("2026120", "“2026120”不是日期，请输入如 20261202、2026-12-02 或 12-02"),
    ("2026-12-05x", "“2026-12-05x”不是日期，请输入如 20261202、2026-12-02 或 12-02"),
    ("2026\x07-12-05", "日期中含有不可见的控制字符，请删除后重新输入"),
    ("12-05\n", "日期中含有不可见的控制字符，请删除后重新输入"),
])
def test_refused_with_a_reason(typed, message):
    reading = read_date(typed, TODAY)
    assert reading.day is None and reading.problem == message


def test_the_examples_follow_the_day_given():
    assert read_date("abc", date(2027, 1, 8)).problem == "“abc”不是日期，请输入如 20270108、2027-01-08 或 01-08"
    assert read_date("2-30", date(2027, 1, 8)).problem == "2027年2月没有30日，请按 2027-01-08 的格式填写"


def test_the_ledger_import_needs_the_year():
    assert read_full_date("2026/2/28") == date(2026, 2, 28)
    assert read_full_date("2026年2月30日") is None
    assert read_full_date("12-05") is None
    assert read_date("12-05", TODAY, year_optional=False).problem == "“12-05”缺少年份，请写成 YYYY-MM-DD"


@pytest.mark.parametrize("typed, moment", [
    ("14:30", time(14, 30)), ("14：30", time(14, 30)), ("1430", time(14, 30)), ("9:05", time(9, 5)),
    ("14点30分", time(14, 30)), ("14点", time(14, 0)), ("9", time(9, 0)), ("０９:００", time(9, 0)),
])
def test_times(typed, moment):
    assert read_time(typed).moment == moment and read_time(typed).problem is None


@pytest.mark.parametrize("typed, message", [
    ("25:00", "“25:00”不是有效时间（时0–23，分0–59）"),
    ("14:75", "“14:75”不是有效时间（时0–23，分0–59）"),
    ("下午", "“下午”不是时间，请输入如 14:30 或 1430"),
    ("14\x00:30", "时间中含有不可见的控制字符，请删除后重新输入"),
])
def test_bad_times(typed, message):
    assert read_time(typed).moment is None and read_time(typed).problem == message
