"""Fonts for printed documents: which TrueType files, which font draws which character.

Two faces are used: "song" for body text and "hei" for titles and labels. Each face has a
chain of fonts; a character is drawn with the first font of the chain that has a glyph for it.
The Song face (Noto Serif CJK SC) has every basic ideograph, Ext. A and the Ext. B characters of
names (堃 喆 頔 𠮷 䶮 print in the same design as the rest of a name); the fallback only has what
neither face has. A character that no font has is reported before anything is printed, never
drawn as a box (and already when the case is saved: app/domain/printable.py).

The setting "print.font_source" chooses the bundled fonts or the Windows ones (SimSun, SimHei,
FangSong) where those files exist; missing Windows files fall back to the bundled fonts.
reportlab is imported here, so this module is only imported when a document is made.
"""
from __future__ import annotations

import os
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.config import resource
from app.domain.printable import char_name

FACES = ("song", "hei")


@dataclass(frozen=True)
class FontFile:
    name: str          # the name registered with reportlab
    path: Path
    subfont: int = 0


BUNDLED = {
    "song": FontFile("XH-Song", resource("fonts", "NotoSerifSC-XH.ttf")),
    "hei": FontFile("XH-Hei", resource("fonts", "NotoSansSC-XH.ttf")),
    "fallback": FontFile("XH-HanaMinA", resource("fonts", "HanaMinA-ext.ttf")),
}

# Windows fonts by face, most wanted first. GB/T 9704 sets official body text in 仿宋, so the
# body face prefers FangSong and falls back to SimSun.
WINDOWS = {
    "song": (FontFile("Win-FangSong", Path("simfang.ttf")), FontFile("Win-SimSun", Path("simsun.ttc"), 0)),
    "hei": (FontFile("Win-SimHei", Path("simhei.ttf")),),
}


def windows_font_dir() -> Path:
    """C:\\Windows\\Fonts (XIEHUI_WINDOWS_FONTS overrides it, for tests and odd installs)."""
    override = os.environ.get("XIEHUI_WINDOWS_FONTS")
    if override:
        return Path(override)
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _patched_to_unicode_cmap(fontname, subset):
    """reportlab writes code points above U+FFFF as five hex digits, which is not a valid
    ToUnicode entry: 𠮷 could not be searched or copied from the PDF. Write UTF-16BE (a
    surrogate pair) as the PDF reference requires."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", f"{len(subset)} beginbfchar",
    ]
    lines += ["<%02X> <%s>" % (i, utf16(v)) for i, v in enumerate(subset)]
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _patched_to_unicode_cmap

_lock = threading.Lock()
_loaded: dict[str, TTFont] = {}


def _load(font: FontFile) -> TTFont | None:
    """Register a font once per process; None when the file is missing or refuses embedding."""
    with _lock:
        if font.name in _loaded:
            return _loaded[font.name]
        if not font.path.is_file():
            return None
        try:
            ttf = TTFont(font.name, str(font.path), subfontIndex=font.subfont)
        except (TTFError, OSError):
            return None
        pdfmetrics.registerFont(ttf)
        _loaded[font.name] = ttf
        return ttf


class FontKit:
    """The font chain of each face, and for each character the font that draws it."""

    def __init__(self, chains: dict[str, list[TTFont]]):
        self.chains = chains
        self._pick: dict[tuple[str, str], str | None] = {}
        self._widths: dict[tuple[str, str, float], float] = {}

    @property
    def names(self) -> list[str]:
        return sorted({f.fontName for chain in self.chains.values() for f in chain})

    def main(self, face: str) -> str:
        return self.chains[face][0].fontName

    def font_for(self, ch: str, face: str) -> str | None:
        key = (ch, face)
        if key not in self._pick:
            code = ord(ch)
            self._pick[key] = next((f.fontName for f in self.chains[face]
                                    if code in f.face.charToGlyph and f.face.charToGlyph[code] != 0), None)
        return self._pick[key]

    def runs(self, text: str, face: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs; characters no font has are skipped (the
        caller asked `missing` first)."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch, face)
            if name is None:
                continue
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def width(self, text: str, face: str, size: float) -> float:
        return sum(self.char_width(ch, face, size) for ch in text)

    def char_width(self, ch: str, face: str, size: float) -> float:
        key = (ch, face, size)
        width = self._widths.get(key)
        if width is None:
            name = self.font_for(ch, face)
            width = pdfmetrics.stringWidth(ch, name, size) if name else 0.0
            self._widths[key] = width
        return width

    def missing(self, text: str, face: str = "song") -> list[str]:
        """Characters of `text` that no font of the face can draw (line breaks and tabs aside)."""
        return [ch for ch in dict.fromkeys(text) if ch not in "\n\t\r" and self.font_for(ch, face) is None]


describe_char = char_name          # how a character is named in a message to the clerk


_kits: dict[tuple, FontKit] = {}


def font_kit(source: str = "bundled") -> FontKit:
    """The fonts for the office's setting "print.font_source" ("bundled" | "windows")."""
    folder = windows_font_dir() if source == "windows" else None
    key = (source, str(folder))
    if key in _kits:
        return _kits[key]
    bundled = {face: _load(font) for face, font in BUNDLED.items()}
    if any(ttf is None for ttf in bundled.values()):
        absent = [str(BUNDLED[f].path) for f, t in bundled.items() if t is None]
        raise FileNotFoundError(f"缺少文书字体文件：{'、'.join(absent)}")
    chains: dict[str, list[TTFont]] = {}
    for face in FACES:
        chosen: list[TTFont] = []
        if folder is not None:
            for font in WINDOWS[face]:
                path = folder / font.path
                # the registered name carries the folder: another folder is another font
                ttf = _load(FontFile(f"{font.name}-{zlib.crc32(str(path).encode()):08x}", path, font.subfont))
                if ttf is not None:
                    chosen.append(ttf)
        # the Song face before the fallback for a Hei title too: Noto Sans and Serif are one family
        order = ("song", "fallback", "hei") if face == "song" else ("hei", "song", "fallback")
        for ttf in (bundled[name] for name in order):
            if ttf not in chosen:
                chosen.append(ttf)
        chains[face] = chosen
    kit = FontKit(chains)
    _kits[key] = kit
    return kit
