"""docs/case-actions.md shows the table of app/domain/lifecycle.py as it is (tools/case_actions_doc.py
writes it)."""
from tools.case_actions_doc import PAGE, page_with_table


def test_the_documented_table_is_the_table_in_the_code():
    text = PAGE.read_text(encoding="utf-8")
    assert page_with_table(text) == text, "run: .venv/bin/python tools/case_actions_doc.py"
