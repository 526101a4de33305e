"""The case ledger (台账) on the database side: its columns (`columns`), the rows of an export
(`export`), checking imported rows (`row_checks`) and writing them as cases (`importer` →
`db_writer`, with the hand-built inserts of `db_insert`). The workbook side — reading and writing
.xlsx files — is app/reports/excel/ledger/."""
