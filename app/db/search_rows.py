"""Rebuilding every case's search row from what is stored (schema 6 split the phone and ID number
out of the text): plain SQL on the database being migrated, which may be a file nothing is bound
to, in batches so a million cases never sit in memory."""
from __future__ import annotations

from peewee import Database

from app.domain.search_text import pii_text, search_text

BATCH = 2000


def rebuild_search_rows(db: Database) -> None:
    p, last = db.param, 0
    while True:
        rows = db.execute_sql(
            'SELECT k.id, k.number, c.name, c.phone, c.id_number, b.name, b.credit_code, k.goods_name, k.platform_no, '
            'k.facts, k.request_text FROM complaint_case k JOIN complainant c ON c.id = k.complainant_id '
            f"JOIN business b ON b.id = k.business_id WHERE k.id > {p} ORDER BY k.id LIMIT {BATCH}", (last,)).fetchall()
        if not rows:
            break
        db.cursor().executemany(
            f'UPDATE case_search SET "text" = {p}, pii = {p} WHERE case_id = {p}',
            [(search_text(number, name, b_name, credit, goods or "", platform or "", facts or "", request or ""),
              pii_text(phone or "", id_number or ""), case_id)
             for case_id, number, name, phone, id_number, b_name, credit, goods, platform, facts, request in rows])
        last = rows[-1][0]
