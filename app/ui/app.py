"""The Qt application: a first window that lists the cases (replaced by the full client)."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTableWidget, QTableWidgetItem

from app import APP_NAME


def run(args) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.db.bootstrap import open_database
    try:
        opened = open_database(args.data_dir, args.database)
    except Exception as exc:  # shown to the clerk, not a traceback
        QMessageBox.critical(None, APP_NAME, f"无法打开数据库：{exc}")
        return 1
    from app.services.queries import CaseFilter, case_page

    window = QMainWindow()
    window.setWindowTitle(f"{APP_NAME} — {opened.location}")
    rows = case_page(CaseFilter(), limit=200)
    table = QTableWidget(len(rows), 5)
    table.setHorizontalHeaderLabels(["案件编号", "登记日期", "投诉人", "被投诉人", "状态"])
    for r, row in enumerate(rows):
        for c, value in enumerate((row.number, row.received_date.isoformat(), row.complainant,
                                   row.business, row.state_label)):
            table.setItem(r, c, QTableWidgetItem(value))
    window.setCentralWidget(table)
    window.resize(1000, 640)
    window.show()
    if args.smoke:
        app.processEvents()
        return 0
    return app.exec()
