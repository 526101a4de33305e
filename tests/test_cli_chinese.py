"""The command line in Chinese: --help of the program and of every command, argparse's own errors
as one Chinese line, the installed program's name in the usage line, and every command saying in
one line that it has done its work."""
import subprocess
import sys
from pathlib import Path

import pytest

from app import runtime
from app.cli import build_parser, command_modules
from app.cli.chinese import translate_error

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "show program's", "required:",
           "invalid choice", "expected one argument", "unrecognized")


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, input=stdin)


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)


def test_help_of_the_program_and_of_every_command_is_chinese():
    assert len(_commands()) >= len(command_modules())
    for args in [["--help"]] + [[name, "--help"] for name in _commands()]:
        done = run(*args)
        assert done.returncode == 0, args
        assert done.stdout.startswith("用法：python main.py"), (args, done.stdout[:80])
        assert not [word for word in ENGLISH if word in done.stdout], (args, done.stdout)


def test_the_installed_program_names_itself_in_the_usage_line(monkeypatch):
    monkeypatch.setattr(runtime, "is_frozen", lambda: True)
    monkeypatch.setattr(sys, "executable", "/opt/xiehui-tiaojie/xiehui-tiaojie")
    assert build_parser().format_usage().startswith("用法：xiehui-tiaojie [-h]")


@pytest.mark.parametrize("args, says", [
    (["report", "--month"], "错误：参数 --month 后面需要一个值"),
    (["demo", "--cases", "x"], "错误：参数 --cases 的值“x”无效（应为整数）"),
    (["demo"], "错误：缺少必需的参数：--cases"),
    (["frob"], "错误：参数 命令 的值“frob”无效"),
    (["check", "--what"], "错误：无法识别的参数：--what"),
    (["report", "--month", "2026-11", "--year", "2026", "--out", "a.xlsx"], "错误：参数 --year 不能与 --month 同时使用"),
])
def test_argument_errors_are_one_chinese_line_after_the_usage(args, says):
    done = run(*args)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and done.stdout == ""
    assert lines[0].startswith("用法：") and lines[-1].startswith(says), done.stderr
    assert not [word for word in ENGLISH if word in done.stderr], done.stderr


def test_an_unknown_message_is_left_as_it_is():
    assert translate_error("something new") == "something new"


def test_each_command_says_in_one_line_that_it_is_done(tmp_path):
    data = str(tmp_path / "data")
    steps = [
        (["user", "list"], "还没有用户"),
        (["user", "add", "zhouwen", "--name", "周文", "--role", "clerk", "--password-stdin"], "已创建用户 zhouwen"),
        (["demo", "--cases", "20", "--force"], "已生成演示数据：案件 20 件"),
        (["check"], "检查通过：20 件案件"),
        (["report", "--month", "2026-11", "--out", str(tmp_path / "月报.xlsx")], "已生成报表"),
        (["export-ledger", "--from", "2025-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "台账.xlsx")],
         "已导出台账"),
        (["ledger-template", "--out", str(tmp_path / "模板.xlsx")], "已保存空白台账模板"),
        (["backup"], "已备份并校验"),
        (["user", "disable", "zhouwen"], "已停用 zhouwen"),
    ]
    for args, says in steps:
        done = run("--data-dir", data, *args, stdin="Start-2026\n")
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout.strip().splitlines()[0].startswith(says), (args, done.stdout)


def test_the_window_starts_from_its_own_options_without_the_commands_parser():
    """Only --data-dir/--database/--smoke: read without building every command's parser
    (issue 17, item 3); anything else goes to the whole parser, which says what is wrong."""
    from app.cli import window_arguments
    window = window_arguments(["--data-dir", "/srv/x", "--smoke"])
    assert (window.data_dir, window.database, window.smoke, window.command) == ("/srv/x", None, True, None)
    assert window_arguments(["--database=postgresql://h/db"]).database == "postgresql://h/db"
    assert window_arguments([]).command is None
    for other in (["backup"], ["--help"], ["--version"], ["--data"], ["--data-dir"], ["--data-dir", "--smoke"],
                  ["--data-dir", "a", "--database", "b"], ["--smoke", "--smoke", "x"], ["--data-dir", "a", "demo"]):
        assert window_arguments(other) is None, other
    both = run("--data-dir", "a", "--database", "b")
    assert both.returncode == 2 and "不能与" in both.stderr, both.stderr     # the whole parser, in Chinese
