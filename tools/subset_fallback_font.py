"""Reproduce resources/fonts/HanaMinA-ext.ttf from Debian's HanaMinA.ttf (needs fonttools).

The fallback only has to carry what the two main faces lack: CJK Extension A, the common
Extension B characters (𠮷 …) and compatibility ideographs. Characters the Hei face already has
(堃 喆 頔 and the rest of the 20,902 basic ideographs outside GB 2312) come from it, which keeps
the program's size within budget (15 MB → 5 MB).

Usage: python tools/subset_fallback_font.py /usr/share/fonts/truetype/hanazono/HanaMinA.ttf
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
CJK_RANGES = [(0x2E80, 0x2FDF), (0x3000, 0x303F), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F)]


def main(source: str, target: str = str(FONTS / "HanaMinA-ext.ttf")) -> None:
    covered = set(TTFont(FONTS / "gbsn00lp.ttf").getBestCmap())
    covered |= set(TTCollection(FONTS / "wqy-microhei.ttc").fonts[0].getBestCmap())
    font = TTFont(source)
    wanted = [c for c in font.getBestCmap()
              if c not in covered and any(lo <= c <= hi for lo, hi in CJK_RANGES)]
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]
    options.notdef_outline, options.hinting, options.layout_features = True, False, []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
