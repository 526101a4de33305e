"""One 调解协议书 PDF, warm (fonts loaded), against a bare reportlab page drawn with the same three
fonts in the same run. Budget (docs/rules.md §12): under 0.3 s.

Usage: .venv/bin/python bench/bench_agreement_pdf.py
"""
from __future__ import annotations

import io
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchResult, print_table, timed

BUDGET_MS = 300.0


def _agreement_case() -> int:
    """A signed agreement with rare characters and a few terms, built through the services."""
    from app.services import agreements, mediation, registration, workflow
    from app.services.context import SYSTEM
    from app.services.inputs import (
        AgentInput, AgreementInput, BusinessInput, ComplaintInput, PersonInput, SessionInput, TermInput,
    )
    person = PersonInput(name="王堃", phone="13812345678", address="某县城关镇人民路1号", id_number="11010519491231002X",
                         gender="female")
    business = BusinessInput(name="某县犇鑫家电商行", address="某县城关镇建设路8号", credit_code="91110000600037341L",
                             legal_rep="李四", phone="0571-87654321")
    facts = "投诉人购买的空调安装后不制冷，多次维修未果；经营者称系安装不当所致，双方协商不成。" * 6
    case_id = registration.register(SYSTEM, ComplaintInput(
        complainant=person, business=business, agents=[AgentInput(name="李喆", relation="配偶", authorization="代为调解、签署调解协议")],
        received_date=date(2026, 11, 2), category_code="G0101", nature_code="N01", goods_name="空调",
        purchase_date=date(2026, 10, 1), amount="3999.00", facts=facts, request_types=["return", "refund"],
        request_text="要求退货并退还货款3999元。")).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, SessionInput(
        scheduled_at=datetime(2026, 11, 10, 9, 30), place="本会调解室", mediators="王建国", record_text="双方陈述。"))
    terms = [TermInput("refund", "经营者退还投诉人货款", "3999.00", date(2026, 11, 27)),
             TermInput("compensate", "经营者补偿投诉人交通费、误工费", "1234.50", date(2026, 11, 27)),
             TermInput("return", "投诉人将空调退还经营者", None, date(2026, 11, 27))]
    agreements.record_agreement(SYSTEM, case_id, AgreementInput(
        signed_date=date(2026, 11, 20), place="本会调解室", performance_way="银行转账",
        performance_deadline=date(2026, 11, 27), terms=terms))
    return case_id


def _bare_page(kit) -> bytes:
    """What reportlab alone costs: one A4 page, a few lines in each of the same fonts."""
    from reportlab.pdfgen.canvas import Canvas
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.2756, 841.8898), initialFontName=kit.main("song"))
    y = 780
    for name in kit.names:
        canvas.setFont(name, 14)
        canvas.drawString(72, y, "调解协议书 王堃 李喆 投诉人退还货款人民币叁仟玖佰玖拾玖元整")
        y -= 30
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def run() -> list[BenchResult]:
    from app.db.bootstrap import open_database
    from app.services.context import freeze_today

    freeze_today(date(2026, 11, 30))
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(Path(folder) / "data")
        try:
            case_id = _agreement_case()
            from app.reports.documents import make_document
            from app.reports.pdf_fonts import font_kit

            make_document("agreement", case_id)                # warm: fonts parsed, modules imported
            kit = font_kit("bundled")
            _bare_page(kit)
            figure = timed(lambda: make_document("agreement", case_id), repeat=9)
            baseline = timed(lambda: _bare_page(kit), repeat=9)
        finally:
            opened.db.close()
            freeze_today(None)
    return [BenchResult("one 调解协议书 PDF (warm)", figure, "bare reportlab page", baseline, "ms",
                        f"< {BUDGET_MS:.0f} ms", figure < BUDGET_MS)]


if __name__ == "__main__":
    results = run()
    print_table(results)
    sys.exit(0 if all(r.within_budget for r in results) else 1)
