"""The audit log (or a filtered part of it) as an Excel workbook: one row per recorded action,
the changes spelled out; every text cell formula-safe (a summary beginning with "=" stays text)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.file_modes import as_saved_by_user
from app.reports.excel import styles as st
from app.services.audit_log import EXPORT_HEADER

WIDTHS = (20, 10, 16, 10, 22, 50, 60)


def write_audit_workbook(rows: list[tuple], path: Path | str, org_name: str, filter_text: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "审计日志"
    st.put_text(ws.cell(1, 1), f"{org_name} 审计日志")
    ws.cell(1, 1).font = st.TITLE
    st.put_text(ws.cell(2, 1), f"导出时间：{datetime.now():%Y-%m-%d %H:%M}　共 {len(rows)} 条" +
                (f"　{filter_text}" if filter_text else ""))
    ws.cell(2, 1).font = st.SUBTITLE
    for col, (title, width) in enumerate(zip(EXPORT_HEADER, WIDTHS), start=1):
        cell = ws.cell(3, col)
        st.put_text(cell, title)
        cell.font, cell.fill, cell.border, cell.alignment = st.HEADER, st.HEADER_FILL, st.GRID, st.CENTER
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(r, col)
            if isinstance(value, datetime):
                cell.value, cell.number_format = value, "yyyy-mm-dd hh:mm:ss"
            else:
                st.put_text(cell, value or "")
            cell.font, cell.border, cell.alignment = st.BODY, st.GRID, st.WRAP_TOP
    ws.freeze_panes = "A4"
    st.page_setup(ws, landscape=True, title_rows="3:3")
    wb.properties.title = f"{org_name} 审计日志"
    wb.properties.creator = org_name
    path = Path(path)
    wb.save(path)
    return as_saved_by_user(path)
