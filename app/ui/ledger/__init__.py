"""台账: exporting and importing the case ledger (the workbook side is app/reports/excel/ledger/)."""
