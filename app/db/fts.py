"""The search index over `case_search` (issue 17): any fragment of a case's search text is found
through an index, never by reading every row.

SQLite: an FTS5 table with the trigram tokenizer, its content read from `case_search` (nothing
stored twice) and kept in step by triggers, so every writer — registration, the ledger import's
bulk insert, demo data, a migration — keeps it right without knowing it exists. A term of three
or more characters is a trigram phrase, which is exactly a substring test. A shorter term is
found through the index's own term list: every stored text ends with a separator
(app/domain/search_text.py), so every one- or two-character fragment begins some trigram, and
the documents of the trigrams that begin with the term are read by a range from an fts5vocab
'instance' table (a temporary one per connection: it stores nothing).

PostgreSQL: pg_trgm GIN indexes for terms of three characters or more, and a GIN index over each
text's one- and two-character grams for shorter ones. If the server refuses the extension (a
restricted role), search still works by a scan and the reason is logged.
"""
from __future__ import annotations

import json
import logging
import operator
from contextlib import contextmanager
from functools import reduce

from peewee import SQL, Database, Expression, NodeList, fn

from app.db.connection import is_postgres, is_sqlite
from app.db.models import CaseSearch, database
from app.db.sql import contains
from app.domain.search_text import SHORTEST_TRIGRAM, fts_string, is_word_gram

LOG = logging.getLogger("app")
TABLE = "case_search"
FTS = "case_search_fts"
VOCAB = "case_search_terms"
INSTANCES = "case_search_instances"     # temporary, per connection (_instances)
INSTANCES_DDL = f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{INSTANCES} USING fts5vocab(main, {FTS}, instance)"
GRAMS = "case_search_grams"     # PostgreSQL: the function behind the short-term index
COLUMNS = ("text", "pii")
COMMON = 400    # the precedents panel: a trigram in this many cases says nothing about a case
BULK = "case_search_bulk"      # a row here (inside a writer's own transaction) holds the insert trigger back
_TRIGGERS = {
    f"{FTS}_ai": f"AFTER INSERT ON {TABLE} WHEN NOT EXISTS (SELECT 1 FROM {BULK}) BEGIN "
                 f"INSERT INTO {FTS}(rowid, text, pii) VALUES (new.case_id, new.text, new.pii); END",
    f"{FTS}_ad": f"AFTER DELETE ON {TABLE} BEGIN "
                 f"INSERT INTO {FTS}({FTS}, rowid, text, pii) VALUES ('delete', old.case_id, old.text, old.pii); END",
    f"{FTS}_au": f"AFTER UPDATE ON {TABLE} BEGIN "
                 f"INSERT INTO {FTS}({FTS}, rowid, text, pii) VALUES ('delete', old.case_id, old.text, old.pii); "
                 f"INSERT INTO {FTS}(rowid, text, pii) VALUES (new.case_id, new.text, new.pii); END",
}
SAMPLE = 1000     # PostgreSQL: the newest cases whose texts judge a term's frequency first (found_ids)
# FTS5 merges a level's segments once it holds `automerge` of them (its default: 4). Written in
# 100 batches of 1,000 cases, the trigram index took 3.6 s at 4 and 2.2 s at 16, its size the same
# and a search as fast (「质量问题」 in 29,846 of 100,000: 8.9 ms and 8.6 ms; /tmp experiment, stop 27).
AUTOMERGE = 16
BUILD_MEMORY = "256MB"   # PostgreSQL: for building the GIN indexes after a bulk load (its default is 64MB)
_pg_short_index: dict[tuple, bool] = {}


def ensure_search_index(db: Database) -> bool:
    """Create the index where it is missing and fill it from `case_search`; True if it had to be
    built. Cheap when it is there (start-up calls it every time)."""
    if is_sqlite(db):
        return _ensure_sqlite(db)
    if is_postgres(db):
        return _ensure_postgres(db)
    return False


def rebuild_search_index(db: Database) -> None:
    """Refill the index from `case_search` (after its rows were rewritten in bulk)."""
    if is_sqlite(db):
        db.execute_sql(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


# FTS5 keeps the terms of the rows being indexed in memory and writes them out as a new segment
# of the index each time they pass its 'hashsize' (1 MB by default); a 2,000-row ledger batch's
# trigrams are several MB, so each batch wrote several segments, which its automerge then merged.
# With room for the batch they go out as one (the index holds the same terms and postings; 100,000
# imported rows: the INSERT … SELECT 3.1 → 2.5 s CPU). A single row's trigger flushes at its
# statement's end either way. The setting is stored in the index's config: set where it is used.
BULK_PENDING_BYTES = 16 * 1024 * 1024


@contextmanager
def bulk_indexing(expected: int = 0):
    """Inside the caller's transaction, for writers that insert many new case_search rows (demo
    data, a ledger batch): the insert trigger stands aside and the new rows are indexed at the
    end in one pass. An FTS5 insert from a trigger flushes the index at every statement's
    savepoint (~2 ms a row); one INSERT … SELECT afterwards costs a fifth of that. Only new rows
    may be inserted meanwhile; the flag row never outlives the transaction, so no other
    connection ever sees the trigger held back.

    PostgreSQL, when `expected` new rows outnumber those there (a million demo cases into an
    empty server): the GIN indexes are dropped and built again at the end, which takes a
    fraction of maintaining them row by row; DROP INDEX is transactional, so a failed load
    leaves them as they were. Meanwhile other connections' searches wait for the load's commit
    (the drop locks case_search): demo data goes only where no real work is."""
    db = database.obj
    if is_postgres(db):
        rebuild = expected > db.execute_sql(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
        if rebuild:
            for name in _pg_index_names():
                db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
        yield
        if rebuild:
            db.execute_sql(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
            _ensure_postgres(db)
        return
    if not is_sqlite(db):
        yield
        return
    since = db.execute_sql(f"SELECT coalesce(max(case_id), 0) FROM {TABLE}").fetchone()[0]
    _set_automerge(db)         # a database whose index was made before AUTOMERGE was chosen
    db.execute_sql(f"INSERT INTO {BULK} (since) VALUES (?)", (since,))
    try:
        yield
    finally:
        db.execute_sql(f"DELETE FROM {BULK}")
    db.execute_sql(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('hashsize', {BULK_PENDING_BYTES})")
    db.execute_sql(f"INSERT INTO {FTS}(rowid, text, pii) SELECT case_id, text, pii FROM {TABLE} WHERE case_id > ?",
                   (since,))


# ---- SQLite
def _sqlite_names(db: Database, kind: str) -> set[str]:
    return {n for (n,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def _ensure_sqlite(db: Database) -> bool:
    tables, triggers = _sqlite_names(db, "table"), _sqlite_names(db, "trigger")
    if FTS in tables and VOCAB in tables and BULK in tables and all(name in triggers for name in _TRIGGERS):
        return False
    with db.atomic():
        db.execute_sql(f"CREATE TABLE IF NOT EXISTS {BULK} (since INTEGER NOT NULL)")
        db.execute_sql(f"DELETE FROM {BULK}")
        for name in _TRIGGERS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        db.execute_sql(f"DROP TABLE IF EXISTS {VOCAB}")
        db.execute_sql(f"DROP TABLE IF EXISTS {FTS}")
        # case_sensitive 1: the text and the term are lower-cased by the domain already, so the
        # index compares exactly what the old substring test compared.
        db.execute_sql(f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, pii, content='{TABLE}', "
                       "content_rowid='case_id', tokenize='trigram case_sensitive 1')")
        db.execute_sql(f"CREATE VIRTUAL TABLE {VOCAB} USING fts5vocab({FTS}, 'col')")
        _set_automerge(db)
        for name, body in _TRIGGERS.items():
            db.execute_sql(f"CREATE TRIGGER {name} {body}")
        rebuild_search_index(db)
    return True


def _set_automerge(db: Database) -> None:
    """Kept in the index's own config table, so it lasts: one small write, in the caller's transaction."""
    db.execute_sql(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('automerge', {AUTOMERGE})")


def _instances(db: Database) -> str:
    """The index's postings as rows (term, doc, col, offset): a temporary fts5vocab table of this
    connection, made on first use (it stores nothing and leaves the file's schema alone)."""
    db.execute_sql(INSTANCES_DDL)
    return f"temp.{INSTANCES}"


def _phrases(wanted: list[tuple[str, str]]) -> str:
    """One FTS5 query for the terms of three characters or more: each a trigram phrase of its
    column, joined by OR ("" when there is none)."""
    return " OR ".join("({%s} : %s)" % (column, fts_string(term))
                       for column, term in wanted if len(term) >= SHORTEST_TRIGRAM)


def _sqlite_parts(db: Database, wanted: list[tuple[str, str]]) -> tuple[str, list] | None:
    """One SELECT of the case ids for `wanted` (None when nothing can match). A term of three
    characters or more is a trigram phrase; a shorter one is every trigram of the column that
    begins with it, read by a range of the postings — an OR of the hundreds of trigrams that
    begin with 张 costs an FTS5 MATCH some 50 ms at 100,000 cases, the range 2 ms."""
    phrases = _phrases(wanted)
    selects, params = [], []
    if phrases:
        selects.append(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?")
        params.append(phrases)
    short = [(column, term) for column, term in wanted if 0 < len(term) < SHORTEST_TRIGRAM]
    if short:
        instances = _instances(db)
        for column, term in short:
            selects.append(f"SELECT DISTINCT doc FROM {instances} WHERE term >= ? AND term < ? AND col = ?")
            params.extend((term, term + "\U0010ffff", column))
    if not selects:
        return None
    return " UNION ".join(selects), params


# ---- PostgreSQL
def _pg_index_names() -> list[str]:
    return [f"{TABLE}_{column}_{kind}" for kind in ("trgm", "grams") for column in COLUMNS]


def _ensure_postgres(db: Database) -> bool:
    if all(_pg_has_index(db, name) for name in _pg_index_names()):
        return False
    built = False
    opclass = _trgm_opclass(db)
    if opclass:
        for column in COLUMNS:
            built |= _pg_index(db, f"{TABLE}_{column}_trgm", f'USING gin ("{column}" {opclass})')
    else:
        LOG.warning("PostgreSQL 未启用 pg_trgm 扩展，案件检索将逐行比较（较慢）")
    try:
        with db.atomic():
            db.execute_sql(
                # The characters, then each beside the next (two arrays zipped by unnest in C):
                # a third of the cost of substr() per position, which made a million rows' index
                # take minutes. Repeats are left in: GIN keeps each key once per row, and the
                # index answers the same as with the distinct, sorted grams of before.
                f"CREATE OR REPLACE FUNCTION {GRAMS}(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE "
                "AS $$ SELECT c || array(SELECT a || b FROM unnest(c[1:cardinality(c) - 1], c[2:]) u(a, b)) "
                "FROM string_to_array(coalesce(t, ''), NULL) c $$")
    except Exception as exc:  # noqa: BLE001 - a restricted role: search still works, by a scan
        LOG.warning("无法创建短检索词索引函数，一两个字的检索将逐行比较：%s", exc)
        return built
    for column in COLUMNS:
        built |= _pg_index(db, f"{TABLE}_{column}_grams", f'USING gin ({GRAMS}("{column}"))')
    return built


def _trgm_opclass(db: Database) -> str | None:
    """`schema.gin_trgm_ops` wherever pg_trgm lives (the program's own schema may not be on the
    search path of whoever installed it); None if the server will not have it."""
    try:
        with db.atomic():
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    except Exception as exc:  # noqa: BLE001 - not permitted: logged by the caller's fallback
        LOG.warning("无法启用 PostgreSQL 扩展 pg_trgm：%s", exc)
    row = db.execute_sql("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                         "WHERE e.extname = 'pg_trgm'").fetchone()
    return f'"{row[0]}".gin_trgm_ops' if row else None


def _pg_has_index(db: Database, name: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s",
                          (name,)).fetchone() is not None


def _pg_index(db: Database, name: str, definition: str) -> bool:
    if _pg_has_index(db, name):
        return False
    try:
        with db.atomic():
            db.execute_sql(f'CREATE INDEX "{name}" ON "{TABLE}" {definition}')
    except Exception as exc:  # noqa: BLE001 - search still works without it, by a scan
        LOG.warning("无法创建检索索引 %s：%s", name, exc)
        return False
    return True


def _has_short_index(db: Database) -> bool:
    # the schema is the connection's search_path, fixed by its options (connection.py): asking the
    # server for current_schema() cost each search a round trip
    key = (id(db), db.connect_params.get("options", ""))
    if key not in _pg_short_index:
        _pg_short_index[key] = db.execute_sql(
            "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE p.proname = %s AND n.nspname = current_schema()", (GRAMS,)).fetchone() is not None
    return _pg_short_index[key]


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ---- queries
def cases_matching(case_id, wanted: list[tuple[str, str]]):
    """A condition on `case_id` (a case id field): the cases whose search column contains the
    term, for any (column, term) of `wanted` ("text" or "pii"), found through the index."""
    db = database.obj
    if is_sqlite(db):
        found = _sqlite_parts(db, wanted)
        if found is None:
            return SQL("0 = 1")
        return NodeList((case_id, SQL(f"IN ({found[0]})", found[1])))
    if not wanted:
        return SQL("0 = 1")
    return case_id.in_(reduce(operator.or_, _pg_parts(db, wanted)))


def found_ids(wanted: list[tuple[str, str]], cap: int) -> str | None:
    """The ids of the cases the index finds for `wanted`, as a JSON array (for cases_among), read
    once; None when there are `cap` or more (a term that common is walked instead,
    cases_containing). Counting the matches first and asking the index again in the list's query
    read every posting twice (张 at 100,000 cases: 3 of SQLite's 10 ms, 7 of PostgreSQL's 17).
    The ids come back as one value: 2,000 of them as rows cost the sqlite3 module more than
    finding them. PostgreSQL: the parts' rows up to `cap` (a case found in both columns counts
    twice: a threshold needs no more), unless the newest cases' texts show the term that common
    one and a half times over (_pg_common)."""
    db = database.obj
    if is_postgres(db):
        if _pg_common(db, wanted, cap):
            return None
        sql, params = reduce(operator.add, _pg_parts(db, wanted)).sql()
        ids, count = db.execute_sql(f"SELECT coalesce(json_agg(case_id)::text, '[]'), count(*) FROM ({sql} LIMIT %s) s",
                                    (*params, cap)).fetchone()
        return None if count >= cap else ids
    phrases = _phrases(wanted)
    parts = [(f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH ?", (phrases,))] if phrases else []
    short: dict[str, set[str]] = {}
    for column, term in wanted:
        if 0 < len(term) < SHORTEST_TRIGRAM:
            short.setdefault(term, set()).add(column)
    for term, columns in short.items():
        # a term wanted in both columns in one range of the postings: the column is no index of
        # the vocabulary table, so a range for each read all the term's postings twice, and their
        # UNION all of them before its LIMIT (「13」, in every phone number: 116 ms, now 3)
        one = "" if set(COLUMNS) <= columns else " AND col = ?"
        parts.append((f"SELECT DISTINCT doc AS id FROM {_instances(db)} WHERE term >= ? AND term < ?{one}",
                      (term, term + "\U0010ffff", *([next(iter(columns))] if one else []))))
    arrays = []
    for inner, params in parts:
        ids, count = db.execute_sql(f"SELECT json_group_array(id), count(*) FROM ({inner} LIMIT ?)",
                                    (*params, cap)).fetchone()
        if count >= cap:
            return None
        arrays.append(ids)
    if len(arrays) == 1:
        return arrays[0]
    ids = sorted(set().union(*(json.loads(array) for array in arrays)))
    return None if len(ids) >= cap else json.dumps(ids)


def indexed_cases() -> int:
    """About how many cases the index holds (the highest case id: one index probe, not a count)."""
    return database.obj.execute_sql(f"SELECT coalesce(max(case_id), 0) FROM {TABLE}").fetchone()[0]


def _pg_common(db: Database, wanted: list[tuple[str, str]], cap: int) -> bool:
    """Whether the SAMPLE newest cases' stored texts, read in case order and tested row by row, put
    the term in 1.5 × `cap` cases or more of the whole (exactly: when there are no more cases than
    that). A GIN index cannot stop at a LIMIT: it gathers every candidate first — 质量问题 at a
    million cases, 300,000 of them, 250 ms before counting to 2,000 — where the sample costs a
    few ms and a wrong guess only time (both paths find the same cases). 1.5, not 2: 张 at a million
    cases (11 of the newest 1,000, about 11,000 in all, over the 6,325 that are walked) asked the
    index for 6,325 ids (11 ms) only to walk anyway. The sample is rough (11 hits: ±30 %); a term
    judged common by mistake is at worst walked when it was somewhat under the threshold."""
    tests = " OR ".join(f'strpos("{column}", %s) > 0' for column, _ in wanted if column in COLUMNS)
    matched, sampled, cases = db.execute_sql(
        f"SELECT count(*) FILTER (WHERE {tests}), count(*), (SELECT coalesce(max(case_id), 0) FROM {TABLE}) "
        f"FROM (SELECT text, pii FROM {TABLE} ORDER BY case_id DESC LIMIT %s) s",
        (*(term for column, term in wanted if column in COLUMNS), SAMPLE)).fetchone()
    return sampled > 0 and 2 * matched * max(cases, sampled) >= 3 * cap * sampled


def cases_among(case_id, ids: str):
    """A condition on `case_id`: one of these ids (a JSON array, found_ids), as one parameter.
    PostgreSQL: an array made on the server (a literal of a thousand ids took longer to read)."""
    if is_postgres(database.obj):
        return NodeList((case_id, SQL("= ANY(ARRAY(SELECT value::integer FROM json_array_elements_text(%s::json)))",
                                      [ids])))
    return NodeList((case_id, SQL("IN (SELECT value FROM json_each(?))", [ids])))


def cases_containing(case_id, wanted: list[tuple[str, str]]):
    """The same condition tested row by row on the stored text (a primary-key lookup each): for a
    first page of a term in thousands of cases, walking the list's own order until the page is
    full reads a few hundred rows, where sorting every match would read them all."""
    test = reduce(operator.or_, [contains(getattr(CaseSearch, column), term) for column, term in wanted])
    return fn.EXISTS(CaseSearch.select(SQL("1")).where((CaseSearch.case == case_id) & test))


def _pg_parts(db: Database, wanted: list[tuple[str, str]]) -> list:
    """One query of case ids per (column, term), to be joined by UNION: a single index condition
    each. Under an OR of them the planner filters every row found with the whole expression
    again, the gram function included (~0.1 ms a row: 300 ms for a common character)."""
    return [CaseSearch.select(CaseSearch.case).where(_pg_condition(db, getattr(CaseSearch, column), term))
            for column, term in wanted]


def _pg_condition(db: Database, field, term: str):
    if len(term) < SHORTEST_TRIGRAM and _has_short_index(db):
        # every one- and two-character fragment is a gram: the index's answer is exact
        return Expression(fn.case_search_grams(field), "@>", SQL("ARRAY[%s]::text[]", [term]))
    return Expression(field, "LIKE", _like_pattern(term))


# ---- similar facts (the precedents panel, issue 13 part 4)
def _distinctive_grams(db: Database, probe: str, keep: int) -> list[str]:
    """The probe's trigrams that a few other cases share, rarest first: what a near-duplicate
    has in common with this case and an ordinary case does not. A trigram's frequency is counted
    only up to COMMON (a doclist is read no further), so a word in every complaint costs as
    little as a rare one."""
    grams = {g for g in (probe[i:i + 3] for i in range(len(probe) - 2)) if is_word_gram(g)}
    found = []
    for g in grams:
        (count,) = db.execute_sql(f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?)",
                                  ("{text} : " + fts_string(g), COMMON)).fetchone()
        if 1 < count < COMMON:
            found.append((count, g))
    return [g for _, g in sorted(found)[:keep]]


def similar_closed_cases(probe: str, exclude_id: int, limit: int = 100, keep_grams: int = 24) -> dict[int, float]:
    """Closed cases whose search text is most like `probe` (the facts of a case), by FTS5's
    bm25 over the probe's most distinctive trigrams on SQLite, by pg_trgm's similarity among
    the closed cases similar enough for its `%` operator (found through the trigram index) on
    PostgreSQL: case id → score, higher is closer."""
    db = database.obj
    if is_sqlite(db):
        grams = _distinctive_grams(db, probe, keep_grams)
        if not grams:
            return {}
        query = "{text} : (%s)" % " OR ".join(fts_string(g) for g in grams)
        rows = db.execute_sql(
            f"SELECT f.rowid, -bm25({FTS}) FROM {FTS} f JOIN complaint_case k ON k.id = f.rowid "
            f"WHERE {FTS} MATCH ? AND k.state = 'closed' AND k.id <> ? ORDER BY bm25({FTS}) LIMIT ?",
            (query, exclude_id, limit))
        return {case_id: score for case_id, score in rows}
    schema = _trgm_schema(db)
    if schema is None:
        return {}
    rows = db.execute_sql(
        f'SELECT s.case_id, "{schema}".similarity(s.text, %s) AS score FROM case_search s '
        f'JOIN complaint_case k ON k.id = s.case_id WHERE k.state = \'closed\' AND k.id <> %s '
        f'AND s.text OPERATOR("{schema}".%%) %s ORDER BY score DESC LIMIT %s',
        (probe, exclude_id, probe, limit))
    return {case_id: float(score) for case_id, score in rows}


def _trgm_schema(db: Database) -> str | None:
    row = db.execute_sql("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                         "WHERE e.extname = 'pg_trgm'").fetchone()
    return row[0] if row else None
