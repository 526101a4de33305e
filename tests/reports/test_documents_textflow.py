"""The Chinese line breaker on its own: where a plain greedy fill would break, and where we do."""
from __future__ import annotations

from app.reports.documents.textflow import NO_LINE_END, NO_LINE_START, break_units, split_units


def _lines(text: str, per_line: int) -> list[str]:
    units = split_units(text)
    widths = [float(len(u)) if not u.isascii() else 0.5 * len(u) for u in units]
    return ["".join(units[a:b]) for a, b in break_units(units, widths, per_line, per_line)]


def test_a_comma_that_would_start_a_line_takes_the_character_before_it_along():
    # a greedy fill of 5 per line gives "一二三四五" / "，六七八九十"
    assert _lines("一二三四五，六七八九十", 5) == ["一二三四", "五，六七八", "九十"]


def test_closing_quote_and_full_stop_together_never_start_a_line():
    lines = _lines("他说：“好的。”然后走了", 7)
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert "".join(lines) == "他说：“好的。”然后走了"


def test_an_opening_bracket_never_ends_a_line():
    lines = _lines("一二三四（五六）七", 5)
    assert lines[0] == "一二三四" and lines[1].startswith("（五六）")
    assert all(line[-1] not in NO_LINE_END for line in lines)


def test_figures_and_codes_are_not_split():
    lines = _lines("金额人民币3,999.00元整，代码91110000600037341L。", 8)
    assert any("3,999.00" in line for line in lines)
    assert any("91110000600037341L" in line for line in lines)


def test_nothing_is_lost_or_repeated():
    text = "投诉人认为：（一）该空调存在质量问题；（二）被投诉人的宣传与实际不符。" * 5
    for width in range(4, 30):
        assert "".join(_lines(text, width)) == text


def test_a_line_that_cannot_be_justified_naturally_is_left_ragged_and_extracts_as_typed():
    """A long code that moves to the next line would stretch the line before it letter by letter
    ("秦 平"); the line stays ragged instead, and names and numbers extract as typed."""
    import io

    import pdfplumber
    import pypdf

    from app.reports.documents.layout import BODY, DocWriter, PageInfo
    from app.reports.pdf_fonts import font_kit
    writer = DocWriter(font_kit(), PageInfo("清河县消费者协会", "消调〔2026〕第1号"))
    text = "投诉人（甲方）：秦平，住址：某县城关镇，统一社会信用代码91110000600037341L，身份证号11010519491231002X。"
    writer.para(text, "投诉人", BODY.but(first_indent=0))
    pdf = writer.build("测试")
    extracted = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        plumbed = doc.pages[0].extract_text()
        chars = [c for c in doc.pages[0].chars if c["size"] == BODY.size]
    for words in ("秦平", "91110000600037341L", "11010519491231002X", "投诉人（甲方）：秦平"):
        assert words in extracted and words in plumbed, words
    lines: dict[float, list] = {}
    for c in chars:
        lines.setdefault(round(c["top"]), []).append(c)
    for line in lines.values():
        line.sort(key=lambda c: c["x0"])
        gaps = [b["x0"] - a["x1"] for a, b in zip(line, line[1:])]
        assert max(gaps, default=0) <= 0.08 * BODY.size + 0.01


def test_a_code_a_little_wider_than_its_cell_is_set_smaller_not_broken():
    """A credit code in the registration form's 38 mm cell broke as 91330102MA2H3K5 / L7Q
    (walk-through): up to 25 % smaller it stays on one line; a code far too long still breaks."""
    from app.reports.documents.layout import CELL
    from app.reports.documents.textflow import CJKParagraph
    from app.reports.pdf_fonts import font_kit
    kit = font_kit()
    code = "91330102MA2H3K5L7Q"
    natural = kit.width(code, CELL.face, CELL.size)
    paragraph = CJKParagraph(code, CELL, kit)
    assert paragraph.line_texts(natural * 0.9) == [code] and paragraph.style.size < CELL.size
    assert paragraph.style.size >= 0.75 * CELL.size
    assert paragraph.line_texts(natural * 1.1) == [code] and paragraph.style.size == CELL.size
    assert len(CJKParagraph(code, CELL, kit).line_texts(natural * 0.6)) == 2


def test_a_figure_keeps_the_counter_word_after_it():
    """人民路168 / 号 broke an address (walk-through): 168号, 3999元, 12月 stay on one line."""
    units = split_units("某县城关镇人民路168号，退款3999元")
    widths = [1.0] * len(units)
    starts = set()
    for width in range(2, len(units)):          # lines of every length, one ending right after 168
        lines = break_units(units, widths, float(width), float(width))
        assert "".join(units[a] + "".join(units[a + 1:b]) for a, b in lines) == "".join(units)
        starts |= {units[a] for a, _ in lines}
    assert "号" not in starts and "元" not in starts and "168" in starts


def test_a_code_in_brackets_is_fitted_with_its_brackets():
    """全国12315平台转办（330102202612010012） in the form's cell: the figure alone fitted, so "（"
    stood on a line by itself and "）" hung past the cell's border."""
    from app.reports.documents.layout import CELL
    from app.reports.documents.textflow import CJKParagraph
    from app.reports.pdf_fonts import font_kit
    kit = font_kit()
    code = "（330102202612010012）"
    width = kit.width(code[1:-1], CELL.face, CELL.size) * 1.02       # the figure fits, the brackets not
    lines = CJKParagraph("全国12315平台转办" + code, CELL, kit).line_texts(width)
    assert lines[-1] == code and "（" not in lines[:-1]
