"""Every table and column is described once, on its model."""

from tracker.catalog import tables


def test_every_table_and_column_has_a_description():
    for table in tables():
        assert table.description, table.name
        for column in table.columns:
            assert column.description, f"{table.name}.{column.name}"


def test_keys_are_read_from_the_models():
    by_name = {table.name: table for table in tables()}
    assert by_name["events"].primary_key == ["id"]
    assert by_name["concessions"].primary_key == ["event_id", "position"]
    beneficiary = next(c for c in by_name["concessions"].columns if c.name == "beneficiary")
    assert beneficiary.foreign_key == ("actors", "id") and not beneficiary.required
    assert {t.name for t in tables() if not t.public} == {
        "event_revisions", "ingest_runs",
        "release_nationalities", "release_mediators", "release_concessions", "release_people",
    }
