"""House rule for the linter: a `# noqa` names its codes and says why (after a dash). ruff itself
runs in tools/test.sh before the tests (configured in ruff.toml, pinned in requirements-dev.txt)."""
import io
import re
import subprocess
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUSTIFIED = re.compile(r"#\s*noqa: [A-Z]+\d+(?:, ?[A-Z]+\d+)* - \S")


def _python_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True)
    names = listed.stdout.split() if listed.returncode == 0 else []
    return [ROOT / name for name in names] or sorted(p for p in ROOT.rglob("*.py") if ".venv" not in p.parts)


def test_every_noqa_names_its_codes_and_says_why():
    unjustified = []
    for path in _python_files():
        if not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            comment = token.string
            if token.type == tokenize.COMMENT and re.search(r"#\s*noqa\b", comment, re.I) \
                    and not JUSTIFIED.search(comment):
                unjustified.append(f"{path.relative_to(ROOT)}:{token.start[0]}: {comment}")
    assert unjustified == []


def test_the_test_command_runs_the_pinned_linter():
    script = (ROOT / "tools" / "test.sh").read_text(encoding="utf-8")
    assert re.search(r"ruff check( --[\w-]+)* \.\n", script)
    assert re.search(r"^ruff==\d+\.\d+\.\d+$", (ROOT / "requirements-dev.txt").read_text(), re.MULTILINE)
