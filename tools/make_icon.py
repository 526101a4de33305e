"""Draw the application icon: a seal-like blue disc with a white ring and the character 调.

    .venv/bin/python tools/make_icon.py      # writes resources/icons/xiehui-tiaojie-<size>.png and .ico

Each size is drawn on its own at 4× and scaled down, so the small sizes stay crisp: below 32 px
the thin inner ring is left out (it would only blur the character). The blue is the UI's
accent (app/ui/theme.py ACCENT_DARK), the character is the bundled Hei face (NotoSansSC-XH).
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "NotoSansSC-XH.ttf"
NAME = "xiehui-tiaojie"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SUPERSAMPLE = 4
TOP, BOTTOM = (0x24, 0x66, 0xc8), (0x15, 0x45, 0x96)   # a quiet vertical gradient of the accent
WHITE = (255, 255, 255, 255)


def _disc(size: int) -> Image.Image:
    """The gradient disc, masked to a circle with a 1/32 margin."""
    gradient = Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / max(size - 1, 1)
        draw.line([(0, y), (size, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM)) + (255,))
    mask = Image.new("L", (size, size), 0)
    margin = size / 32
    ImageDraw.Draw(mask).ellipse([margin, margin, size - margin, size - margin], fill=255)
    disc = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    disc.paste(gradient, (0, 0), mask)
    return disc


def draw_icon(pixels: int) -> Image.Image:
    size = pixels * SUPERSAMPLE
    image = _disc(size)
    draw = ImageDraw.Draw(image)
    if pixels >= 32:
        inset, width = size * 0.115, max(size * 0.022, SUPERSAMPLE)
        draw.ellipse([inset, inset, size - inset, size - inset], outline=WHITE, width=round(width))
    glyph_size = size * (0.50 if pixels >= 32 else 0.62)
    font = ImageFont.truetype(str(FONT), round(glyph_size))
    stroke = round(size * (0.012 if pixels >= 32 else 0.02))
    left, top, right, bottom = draw.textbbox((0, 0), "调", font=font, stroke_width=stroke)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    draw.text((x, y), "调", font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    images = {pixels: draw_icon(pixels) for pixels in PNG_SIZES}
    for pixels, image in images.items():
        image.save(OUT / f"{NAME}-{pixels}.png", optimize=True)
    largest = images[max(ICO_SIZES)]
    largest.save(OUT / f"{NAME}.ico", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
