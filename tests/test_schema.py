"""The full schema text: every schema change is a visible, reviewed diff of schema.sql."""

from pathlib import Path

import sqlite_utils

from tracker.store.db import ensure_db_shape

EXPECTED = Path(__file__).parent / "schema.sql"


def test_the_schema_is_exactly_the_reviewed_one(conn):
    ensure_db_shape(conn)
    actual = sqlite_utils.Database(conn).schema + "\n"
    assert actual == EXPECTED.read_text(), (
        "The schema changed. If that is intended, review the diff and update "
        "tests/schema.sql with the new schema."
    )


def test_shaping_twice_changes_nothing(db_path, conn):
    ensure_db_shape(conn)
    schema = sqlite_utils.Database(conn).schema
    ensure_db_shape(conn)
    assert sqlite_utils.Database(conn).schema == schema
    assert conn.execute("SELECT count(*) FROM countries").fetchone()[0] >= 249


def test_every_foreign_key_is_indexed(conn):
    ensure_db_shape(conn)
    db = sqlite_utils.Database(conn)
    for table in db.tables:
        indexed = {tuple(index.columns)[0] for index in table.indexes}
        for foreign_key in table.foreign_keys:
            assert foreign_key.column in indexed, f"{table.name}.{foreign_key.column} has no index"
