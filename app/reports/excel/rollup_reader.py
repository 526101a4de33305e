"""Reading the hidden sheet 汇总数据 of a county's report workbook for the city's roll-up, with
python-calamine as the ledger import does — and, as it does, measuring the sheet from the file's
own XML before calamine allocates anything (app/reports/excel/ledger/xlsx_scan.py): a county's
figures are a few thousand small rows, so anything far bigger, any formula, a damaged zip or a
file that is not a workbook is refused with one line before a cell is read."""
from __future__ import annotations

import zipfile
from pathlib import Path

from app.domain.errors import ValidationFailed
from app.reports.excel.ledger.xlsx_scan import scan_named_sheet
from app.services.report_data import SHEET
from app.services.rollup import CountyReport, parse_summary
from app.services.rollup_read import MAX_ROWS

MAX_FILE_BYTES = 64 << 20          # a county's monthly report is ~100 KB; a year with every business < 5 MB
MAX_UNPACKED_BYTES = 512 << 20     # all members together once unpacked (a zip bomb declares far more)
MAX_COLUMNS = 10


def _refuse(path: Path, reason: str) -> ValidationFailed:
    return ValidationFailed({}, f"文件“{path.name}”{reason}")


def read_county_report(path: Path | str) -> CountyReport:
    """The county's figures from its report workbook; ValidationFailed with one line otherwise."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, "不存在或不是文件；请重新选择")
    if path.suffix.lower() != ".xlsx":
        raise _refuse(path, "不是 .xlsx 报表；请选本程序生成的统计报表（.xlsx）")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _refuse(path, f"有 {path.stat().st_size >> 20} MB，比任何统计报表都大得多，不是本程序生成的报表")
    _check_zip(path)
    scan = scan_named_sheet(path, SHEET)
    if scan is None:
        raise _refuse(path, f"中没有“{SHEET}”表：不是本程序生成的统计报表，或是旧版本生成的；请让该县用本程序重新生成报表")
    rows = max(scan.rows, scan.max_row)
    if scan.problem or rows > MAX_ROWS or scan.max_column > MAX_COLUMNS:
        # (the scan's own words are the ledger import's: a size for a 台账, not for these figures)
        raise _refuse(path, f"的“{SHEET}”表大小异常（至少 {rows:,} 行、{scan.max_column} 列），不像本程序写的汇总数据，"
                            "可能被改动过；请让该县重新生成报表")
    if scan.formulas:
        row = min(scan.formulas)
        raise _refuse(path, f"的“{SHEET}”表第{row}行有公式，本程序写的汇总数据没有公式，文件被改动过；请让该县重新生成报表")
    return parse_summary(_cells(path), path.name)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        raise _refuse(path, "不是有效的 Excel（.xlsx）文件（可能已损坏）；请让该县重新发送") from None
    except OSError as exc:
        raise _refuse(path, f"无法读取（{exc}）") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(path, f"解压后有 {unpacked >> 20} MB，远超统计报表的大小（可能是恶意文件），未读取")


def _cells(path: Path) -> list[list]:
    from python_calamine import CalamineWorkbook
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return workbook.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for damaged files
        raise _refuse(path, f"的“{SHEET}”表已损坏（{' '.join(str(exc).split())[:200]}）；请让该县重新生成报表") from None
