"""Reading generated PDFs back the way a checker would: page texts, page sizes, fonts."""
from __future__ import annotations

import io
import re

import pypdf

A4 = (595.27, 841.89)


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    """The whole text with line breaks and spaces taken out, so that a phrase split over two
    lines is still found."""
    return re.sub(r"\s+", "", "".join(page_texts(pdf)))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


def fonts(pdf: bytes) -> list[dict]:
    """Every font used on any page: BaseFont, Subtype, whether a FontFile2 is embedded."""
    seen, out = set(), []
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        if not font_dict:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            if name in seen:
                continue
            seen.add(name)
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            out.append({"name": name, "subtype": str(font.get("/Subtype")),
                        "embedded": "/FontFile2" in descriptor})
    return out
