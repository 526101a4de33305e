"""Render every document kind at the lengths clerks type, to look at the pages (pdftoppm).

    .venv/bin/python tools/render_documents.py [LENGTH ...]     # default 0 600 3000 10000

Writes out/documents/<kind>-<length>.pdf and one contact sheet per kind and length,
out/documents/<kind>-<length>.png (all pages side by side), in a throw-away database.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "out" / "documents"


def _case(length: int) -> int:
    """A case with every document, each free-text field `length` characters long (a follow-up
    note at most its 5,000)."""
    from app.services import agreements, followups, mediation, registration, workflow
    from app.services.context import SYSTEM
    from app.services.inputs import TermInput
    from tests.factories import agreement, complaint, follow_up, session
    from tests.reports.pdf_layout import mixed_text
    text = mixed_text(length) or "投诉人购买的空调安装后不制冷。"
    case_id = registration.register(SYSTEM, complaint(facts=text, request_text=mixed_text(min(length, 600), 2) or "退货")).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 5), record_text=mixed_text(length, 3) or "无"))
    terms = [TermInput("refund", "经营者退还投诉人货款", "3999.00", date(2026, 11, 27)),
             TermInput("compensate", mixed_text(min(length, 1000), 4) or "补偿交通费", "120.50", date(2026, 11, 27))]
    agreements.record_agreement(SYSTEM, case_id, agreement(date(2026, 11, 20), terms=terms))
    workflow.close_mediated(SYSTEM, case_id, day=date(2026, 11, 25))
    followups.record_follow_up(SYSTEM, case_id, follow_up(note=mixed_text(min(length, 5000), 5)))
    return case_id


def _sheet(pdf: Path, png: Path) -> int:
    from PIL import Image
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "45", "-png", str(pdf), str(stem)], check=True)
    pages = sorted(png.parent.glob(f"{stem.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    images = [Image.open(p) for p in pages]
    width, height = images[0].size
    sheet = Image.new("RGB", (width * min(len(images), 8), height * (-(-len(images) // 8))), "white")
    for i, image in enumerate(images):
        sheet.paste(image, ((i % 8) * width, (i // 8) * height))
    sheet.save(png)
    for p in pages:
        p.unlink()
    return len(images)


def main(lengths: list[int]) -> None:
    from app.db.bootstrap import open_database
    from app.reports.documents import make_document
    from app.services.context import SYSTEM, freeze_today
    from app.services.settings import update_settings
    freeze_today(date(2026, 11, 30))
    open_database(Path(tempfile.mkdtemp()) / "data")
    update_settings(SYSTEM, {"org.name": "清河县消费者协会", "org.address": "清河县城关镇人民路1号", "org.phone": "0315-1234567"})
    OUT.mkdir(parents=True, exist_ok=True)
    for length in lengths:
        case_id = _case(length)
        for kind in ("registration", "acceptance", "mediation_notice", "mediation_record", "agreement", "followup",
                     "cover", "archive"):
            pdf = OUT / f"{kind}-{length}.pdf"
            pdf.write_bytes(make_document(kind, case_id).pdf)
            print(f"{kind:18} {length:>6} chars: {_sheet(pdf, pdf.with_suffix('.png'))} pages")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [0, 600, 3000, 10000])
