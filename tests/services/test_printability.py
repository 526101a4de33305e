"""A character no document font has is flagged when the case is saved or imported (with the
character, its code point and the field), not first when printing — and the coverage list the
services read is the one of the fonts actually shipped."""
from __future__ import annotations

from app.config import resource
from app.reports.pdf_fonts import font_kit
from app.services import registration
from app.services.case_actions import perform
from app.services.context import SYSTEM
from app.services.printability import coverage
from tests.factories import complaint

SHOP = "某县\U00020001\U00020001面馆"        # 𠀁 (Ext. B): in no shipped face (𰻞 biáng is: Noto has it)


def _unprintable(warnings) -> list[str]:
    return [w.message for w in warnings if w.kind == "unprintable"]


def test_registration_warns_about_a_character_no_font_has(sqlite_db):
    data = complaint(business_kw=dict(name=SHOP, credit_code=""), facts="点了一碗面，汤里有异物😀。")
    result = registration.register(SYSTEM, data)
    [message] = _unprintable(result.warnings)
    assert "被投诉人名称中的“𠀁”（U+20001）" in message and "投诉事实中的“😀”（U+1F600）" in message


def test_rare_characters_of_names_that_the_fonts_have_raise_no_warning(sqlite_db):
    data = complaint(person_kw=dict(name="王堃"), business_kw=dict(name="𠮷䶮喆頔琍龘商行", credit_code=""))
    assert _unprintable(registration.register(SYSTEM, data).warnings) == []


def test_editing_a_case_warns_too(sqlite_db):
    from app.services.casefile import case_detail
    case_id = registration.register(SYSTEM, complaint()).case_id
    version = case_detail(case_id).case["version"]
    change = perform(SYSTEM, case_id, "edit", {"data": complaint(facts="见\U00020001字招牌。")}, version)
    assert any("投诉事实中的“𠀁”（U+20001）" in w for w in change.warnings)


def test_the_coverage_list_is_what_the_bundled_fonts_draw():
    kit = font_kit()
    drawn = set()
    for face in kit.chains.values():
        for font in face:
            drawn |= {code for code, glyph in font.face.charToGlyph.items() if glyph}
    listed = coverage()
    assert {code for lo, hi in listed.ranges for code in range(lo, hi + 1)} == drawn
    assert resource("fonts", "coverage.txt").read_text().startswith("# Code points")
