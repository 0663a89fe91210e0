"""Every table and column is described once, on its model."""

from tracker.schema.catalog import tables
from tracker.schema.models import TextFormat


def test_every_table_and_column_has_a_description():
    for table in tables():
        assert table.description, table.name
        for column in table.columns:
            assert column.description, f"{table.name}.{column.name}"


def test_keys_are_read_from_the_models():
    by_name = {table.name: table for table in tables()}
    assert by_name["events"].primary_key == ["id"]
    assert by_name["concessions"].primary_key == ["event_id", "position"]
    assert by_name["concession_parties"].primary_key == [
        "event_id", "concession", "side", "position"]
    held_by = by_name["transfers"].column("held_by")
    assert held_by.foreign_key == ("actors", "id") and not held_by.required
    assert by_name["events"].column("part_of").foreign_key == ("events", "id")
    assert {t.name for t in tables() if not t.public} == {
        "event_revisions", "entity_revisions", "ingest_runs", "release_transfers",
        "release_nationalities", "release_mediators", "release_concessions", "release_people",
    }


def test_values_formats_and_constraints_are_read_from_the_models():
    by_name = {table.name: table for table in tables()}
    events, people = by_name["events"], by_name["people"]
    assert events.column("type").values == ("release", "pardon", "exchange", "amnesty",
                                            "deportation", "other")
    assert events.column("date").format == TextFormat.partial_date
    assert events.column("date_start").format == TextFormat.day
    assert people.column("aliases").format == TextFormat.json_list
    assert events.column("freed").minimum == 0
    assert by_name["transfers"].column("count_qualifier").values == (
        "exact", "approximate", "at_least", "at_most", "range")
    assert by_name["concessions"].column("kind").meanings[0] == "sanctions lifted or eased"
    assert events.column("id").pattern == "[a-z0-9]+(-[a-z0-9]+)*"
    assert events.column("summary").min_length == 1 and not events.column("summary").required
    assert by_name["statements"].column("date").format == TextFormat.partial_date
