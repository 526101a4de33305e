"""Which characters the documents can print, decided from the fonts' coverage list alone."""
from __future__ import annotations

from app.domain.printable import Coverage, char_name, unprintable, unprintable_message

COVERAGE = Coverage.parse("# comment\n0020-007E\n4E00-9FFF\n20BB7\n")


def test_ranges_and_single_code_points_are_covered():
    assert all(ch in COVERAGE for ch in "A~王龘𠮷")
    assert all(ch not in COVERAGE for ch in "\u4dff\ua000\U00030EDE😀\ue000")


def test_each_character_is_reported_once_per_field_in_typed_order_and_breaks_are_not():
    fields = [("投诉人姓名", "王𰻞𰻞"), ("投诉事实", "商品标签上有\ue000符号\n和😀表情\t"), ("证据材料", None)]
    assert unprintable(fields, COVERAGE) == [("投诉人姓名", "\U00030EDE"), ("投诉事实", "\ue000"), ("投诉事实", "😀")]


def test_the_message_names_field_character_and_code_point():
    message = unprintable_message([("被投诉人名称", "\U00030EDE"), ("投诉事实", "\ue000")])
    assert "被投诉人名称中的“𰻞”（U+30EDE）" in message and "私人使用区字符（U+E000）" in message
    assert "\n" not in message and message.endswith("并在备注中说明")
    assert char_name("😀") == "“😀”（U+1F600）"


def test_the_one_scan_never_passes_a_character_the_ranges_do_not_cover():
    from app.services.printability import coverage
    for cov in (COVERAGE, coverage()):            # the toy list and the bundled fonts' own
        edges = {c for lo, hi in cov.ranges for c in (lo - 1, lo, hi, hi + 1) if 0 <= c <= 0x10FFFF}
        for code in sorted(edges | set(range(0, 0x10FFFF, 997))):
            ch = chr(code)
            if 0xD800 <= code <= 0xDFFF:
                continue                           # lone surrogates are no text
            plain = ch in cov or ch in "\n\r\t "
            assert cov.suspect(ch) == (not plain) or (code > 0xFFFF and cov.suspect(ch)), hex(code)
    assert not COVERAGE.suspect("王A\n龘 ~\t") and COVERAGE.suspect("王\ue000") and COVERAGE.suspect("𠮷")
