"""Make the bundled document fonts (resources/fonts/) from Debian's packages.

    apt-get install fonts-noto-cjk fonts-hanazono unicode-data
    .venv/bin/pip install fonttools==4.68.0
    .venv/bin/python tools/make_fonts.py            # ~10 min on this kind of machine

What it makes, and why:
- NotoSerifSC-XH.ttf — the Song (宋/明) face of every body text: Noto Serif CJK SC Regular, the
  glyphs its Simplified-Chinese cmap reaches (the basic block, Ext. A, the 2,000-odd Ext. B/C/D/E
  characters of names in the source standards, proportional Latin and digits), Hangul left out.
- NotoSansSC-XH.ttf — the Hei face of titles and labels and the program's UI font: Noto Sans CJK
  SC Regular, its ideographs only those of the 通用规范汉字表 (8,105, Unihan's kTGH) and GB 2312:
  titles and labels are the program's own words and the association's name, and a rarer
  character (in a name the UI shows) comes from the Song face, as Ext. A always did. This keeps
  7,962 of the basic block's 20,992 ideographs and cuts the file from 7.3 to 2.8 MB.
- HanaMinA-ext.ttf — the fallback: only the ideographs neither face has (the rest of Ext. B …),
  from HanaMinA, another Ming design.
- coverage.txt — the code points that the three together can draw, as ranges; the services read it
  to warn at registration and import about a character no face can print.

reportlab embeds only TrueType (glyf) outlines, and Noto CJK is CFF: each glyph is converted from
cubic to quadratic curves (cu2qu, at most 1/1000 em off), hinting and layout features dropped.
Every face is then put on a 256-unit em (UNITS_PER_EM), as SimSun and SimHei are: each point moves
by at most 1/512 em (0.007 mm in 10.5 pt text, a sixth of a 600-dpi printer dot; 0.03 mm in a 22 pt
title), widths with it, and the faces pack 2.1 MB smaller in the installer (bench_bundle_size:
the program is held to 1.5× a bare window's).
The family names get an "XH" suffix so that a system's own Noto CJK is never mistaken for these
subsets. Licences: SIL OFL 1.1 (LICENSE-NotoCJK.txt, LICENSE-HanaMinA.txt), which allows embedding,
modifying and redistributing with the program.
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/opentype/noto")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
SC_INDEX = 2          # Noto CJK collections: JP, KR, SC, TC, HK
HANGUL = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF)]
BEYOND_BASIC = [(0x3400, 0x4DBF), (0x20000, 0x3FFFF)]      # Ext. A; Ext. B and later planes
IDEOGRAPHS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)]
UNIHAN = Path("/usr/share/unicode")       # Debian's unicode-data: Unihan_*.txt.bz2
UNITS_PER_EM = 256
COVERAGE_HEADER = ("# Code points the bundled document fonts can draw (song, hei, fallback together), as\n"
                   "# hexadecimal ranges; made by tools/make_fonts.py from the font files beside it.\n")


def _in(code: int, ranges) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def common_hanzi() -> set[int]:
    """The 通用规范汉字表 (2013; Unihan's kTGH) and GB 2312's hanzi: the ideographs of the Hei face."""
    import bz2
    codes = {c for c in range(0x4E00, 0xA000) if len(chr(c).encode("gb2312", "ignore")) == 2}
    for path in sorted(UNIHAN.glob("Unihan_*.txt.bz2")):
        for line in bz2.open(path, "rt", encoding="utf-8"):
            if "\tkTGH\t" in line:
                codes.add(int(line.split("\t", 1)[0][2:], 16))
    if len(codes) < 8000:
        raise SystemExit(f"Unihan's kTGH not found in {UNIHAN} (apt-get install unicode-data)")
    return codes


def hei_keeps(code: int, common: set[int], song: set[int]) -> bool:
    """Whether the Hei face keeps `code`: not Hangul nor Ext. A and beyond; of the other ideographs
    the common ones and those the Song face lacks (鿫–鿯, too new for it)."""
    return not _in(code, HANGUL + BEYOND_BASIC) and (not _in(code, IDEOGRAPHS) or code in common or code not in song)


def _subset(font: TTFont, unicodes: list[int]) -> None:
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]
    options.notdef_outline, options.hinting, options.layout_features = True, False, []
    options.desubroutinize = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF outlines by TrueType ones (what reportlab can embed)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    max_err = font["head"].unitsPerEm / 1000
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str, postscript: str) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, "Regular"), (3, f"{postscript};xiehui-tiaojie"), (4, family),
                           (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def convert_sc(collection: str) -> TTFont:
    """The Simplified-Chinese font of a Noto CJK collection without Hangul, in TrueType outlines."""
    font = TTCollection(NOTO / collection).fonts[SC_INDEX]
    _subset(font, [c for c in font.getBestCmap() if not _in(c, HANGUL)])
    cff_to_glyf(font)
    return font


def save(font: TTFont, target: Path) -> None:
    from fontTools.ttLib.scaleUpem import scale_upem
    scale_upem(font, UNITS_PER_EM)
    font.save(target)


def finish(font: TTFont, target: Path, family: str, postscript: str, keep) -> set[int]:
    _subset(font, [c for c in font.getBestCmap() if keep(c)])
    rename(font, family, postscript)
    save(font, target)
    return set(TTFont(target).getBestCmap())


def make_fallback(covered: set[int], target: Path) -> set[int]:
    font = TTFont(HANAZONO)
    wanted = [c for c in font.getBestCmap() if c not in covered and _in(c, IDEOGRAPHS)]
    _subset(font, wanted)
    save(font, target)
    return set(TTFont(target).getBestCmap())


def ranges(codes: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for code in sorted(codes):
        if out and out[-1][1] == code - 1:
            out[-1] = (out[-1][0], code)
        else:
            out.append((code, code))
    return out


def write_coverage(codes: set[int], target: Path) -> None:
    lines = [f"{lo:04X}-{hi:04X}" if hi != lo else f"{lo:04X}" for lo, hi in ranges(codes)]
    target.write_text(COVERAGE_HEADER + "\n".join(lines) + "\n", encoding="ascii")


def main() -> None:
    song = finish(convert_sc("NotoSerifCJK-Regular.ttc"), FONTS / "NotoSerifSC-XH.ttf", "Noto Serif SC XH",
                  "NotoSerifSCXH-Regular", lambda c: not _in(c, HANGUL))
    print(f"song: {len(song)} code points")
    common = common_hanzi()
    hei = finish(convert_sc("NotoSansCJK-Regular.ttc"), FONTS / "NotoSansSC-XH.ttf", "Noto Sans SC XH",
                 "NotoSansSCXH-Regular", lambda c: hei_keeps(c, common, song))
    print(f"hei: {len(hei)} code points")
    fallback = make_fallback(song | hei, FONTS / "HanaMinA-ext.ttf")
    print(f"fallback: {len(fallback)} code points")
    write_coverage(song | hei | fallback, FONTS / "coverage.txt")


if __name__ == "__main__":
    sys.exit(main())
