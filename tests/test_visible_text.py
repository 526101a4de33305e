"""What the clerk reads names a regulation by its name, never by the program's internal code
(「（O121 第二十二条）」 → 「（《市场监督管理投诉举报处理办法》第二十二条）」)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from app.domain.lifecycle import CASE_ACTIONS

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"\bO(20|121)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _shown_strings(path: Path):
    """String constants with Chinese in them (messages, labels), docstrings left out; the parts of
    an f-string count too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if CJK.search(node.value):
                yield node.lineno, node.value


def test_no_internal_regulation_code_in_any_message_or_label():
    offenders = [f"{path.relative_to(ROOT)}:{line}: {text}"
                 for folder in ("app", "tools") for path in sorted((ROOT / folder).rglob("*.py"))
                 for line, text in _shown_strings(path) if CODE.search(text)]
    assert offenders == []


def test_no_case_action_shows_an_internal_code():
    texts = [a.hint for a in CASE_ACTIONS.values()] + [f.missing or "" for a in CASE_ACTIONS.values() for f in a.fields]
    assert [t for t in texts if t] and not [t for t in texts if CODE.search(t)]
