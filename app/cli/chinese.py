"""argparse in Chinese: its usage line, headings, help option and error messages (argparse itself
writes them in English), with the installed program's name as `prog`."""
from __future__ import annotations

import argparse
import re
import sys

# argparse's error messages (Python 3.11) → what the clerk reads.
_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必需的参数：{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.+)\)"), "参数 {0} 的值“{1}”无效，可选：{2}"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '?([^']*)'?"), "参数 {0} 的值“{2}”无效（应为{1}）"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): expected (.+) arguments?"), "参数 {0} 后面需要值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"one of the arguments (.+) is required"), "须给出以下参数之一：{0}"),
    (re.compile(r"argument (\S+): ignored explicit argument '?([^']*)'?"), "参数 {0} 不接受值“{1}”"),
)
_TYPES = {"int": "整数", "float": "数字"}


def translate_error(message: str) -> str:
    for pattern, chinese in _ERRORS:
        found = pattern.fullmatch(message.strip())
        if found:
            groups = [_TYPES.get(g, g) for g in found.groups()]
            return chinese.format(*groups)
    return message


class ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """Also the class of every sub-command's parser (argparse makes them of the parent's class)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{translate_error(message)}\n")
