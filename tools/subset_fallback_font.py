"""Reproduce resources/fonts/HanaMinA-CJK.ttf from Debian's HanaMinA.ttf (needs fonttools).

Usage: python tools/subset_fallback_font.py /usr/share/fonts/truetype/hanazono/HanaMinA.ttf
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

CJK_RANGES = [(0x2E80, 0x2FDF), (0x3000, 0x303F), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F)]


def main(source: str, target: str = "resources/fonts/HanaMinA-CJK.ttf") -> None:
    font = TTFont(source)
    wanted = [c for c in font.getBestCmap() if any(lo <= c <= hi for lo, hi in CJK_RANGES)]
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]
    options.notdef_outline, options.hinting, options.layout_features = True, False, []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
