"""Every reference in the code resolves inside the repository: a `docs/NAME.md §N` citation names
a section that exists, and every identifier of the glossary still exists in app/."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r"(docs/[\w-]+\.md) §(\d+)")
SOURCES = [p for folder in ("app", "tests", "bench", "tools") for p in (ROOT / folder).rglob("*.py")]


def _sections(doc: Path) -> set[str]:
    return set(re.findall(r"^## (\d+)\.", doc.read_text(encoding="utf-8"), flags=re.M))


def test_every_cited_section_of_the_docs_exists():
    broken = []
    for source in SOURCES + [ROOT / "README.md"]:
        for doc, section in CITATION.findall(source.read_text(encoding="utf-8")):
            path = ROOT / doc
            if not path.is_file() or section not in _sections(path):
                broken.append(f"{source.relative_to(ROOT)}: {doc} §{section}")
    assert not broken, broken


def test_the_code_cites_the_repositorys_own_rules_not_an_outside_document():
    outside = [str(p.relative_to(ROOT)) for p in SOURCES + [ROOT / "README.md"]
               if re.search(r"(?<!docs/)\b(DOMAIN|DESIGN)\.md", p.read_text(encoding="utf-8"))
               and p.name != "test_docs_references.py"]
    assert not outside, f"cite docs/rules.md §N instead of the shared DOMAIN.md/DESIGN.md: {outside}"


def test_every_identifier_of_the_glossary_exists_in_the_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app").rglob("*.py"))
    table = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    rows = [line.split("|")[2] for line in table.splitlines() if line.startswith("| ") and "`" in line]
    names = {name for row in rows for name in re.findall(r"`([^`]+)`", row)}
    assert len(names) > 30
    missing = sorted(n for n in names if not re.search(rf"\b{re.escape(n)}\b", code))
    assert not missing, missing
