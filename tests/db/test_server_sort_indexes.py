"""On PostgreSQL the case list's sorts by a column with few values (mediator, state, category,
next deadline; then by id; schema 13) and by date, the default (schema 17), are read from an index,
never sorted (issue 17, item 5): a first page at a million cases would otherwise sort the hundreds
of thousands of one value, or read every case row of the newest days for its id."""
import pytest

from app.db.models import database
from app.services.queries import CaseFilter, id_query


@pytest.mark.postgres
@pytest.mark.parametrize("sort", ["mediator", "state", "category", "next_deadline", "received_date", "number"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_first_page_in_any_sort_needs_no_sort(pg_schema_url, tmp_path, frozen_today, sort, descending):
    from app.db.bootstrap import open_database
    opened = open_database(tmp_path, pg_schema_url)
    sql, params = id_query(CaseFilter(), sort, descending, limit=100).sql()
    with database.atomic():
        # with sorting priced out, a plan still sorts only if no index gives the order
        database.execute_sql("SET LOCAL enable_sort = off")
        database.execute_sql("SET LOCAL enable_incremental_sort = off")
        plan = "\n".join(r[0] for r in database.execute_sql("EXPLAIN " + sql, params).fetchall())
    assert "Sort" not in plan, plan
    opened.db.close()
