"""metadata.yml is generated from the models and says everything a researcher needs."""

import re

from click.testing import CliRunner
from datasette.utils import parse_metadata

from tracker.schema import catalog
from tracker.cli import cli
from tracker.web.metadata import metadata, metadata_yaml
from tracker.web.site import DATABASE

from conftest import ROOT

TABLES = metadata()["databases"][DATABASE]["tables"]


def test_the_committed_metadata_is_what_the_models_generate():
    assert (ROOT / "metadata.yml").read_text(encoding="utf-8") == metadata_yaml(), (
        "metadata.yml is out of date: run `tracker metadata -o metadata.yml`"
    )


def test_the_generated_yaml_parses_to_the_declared_metadata():
    assert parse_metadata(metadata_yaml()) == metadata()


def test_the_metadata_command_prints_or_writes_it(tmp_path):
    runner = CliRunner()
    printed = runner.invoke(cli, ["metadata"])
    assert printed.exit_code == 0 and printed.output == metadata_yaml()
    target = tmp_path / "metadata.yml"
    written = runner.invoke(cli, ["metadata", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == metadata_yaml()
    assert [path.name for path in tmp_path.iterdir()] == ["metadata.yml"]


def test_the_instance_has_title_description_licence_source_and_about():
    instance = metadata()
    for key in ("title", "description_html", "license", "license_url", "source",
                "source_url", "about", "about_url"):
        assert instance[key], key


def test_every_table_and_column_of_the_database_is_described(curated):
    database_tables = {
        row["name"] for row in curated.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE '%\\_fts%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%'"
        )
    }
    assert set(TABLES) == database_tables
    for name, table in TABLES.items():
        assert table["description"], name
        columns = [row["name"] for row in curated.execute(f"PRAGMA table_info({name})")]
        assert list(table["columns"]) == columns, name
        assert all(table["columns"].values()), name


def test_descriptions_are_the_models_own_words():
    for table in catalog.tables():
        described = TABLES[table.name]
        assert table.description in described["description"]
        for column in table.columns:
            assert described["columns"][column.name] == column.description


def test_every_table_that_others_point_to_names_its_rows():
    targets = {
        column.foreign_key[0]
        for table in catalog.tables()
        for column in table.columns
        if column.foreign_key
    }
    assert targets >= {"countries", "events", "people", "actors", "sources"}
    for name in targets:
        label = TABLES[name].get("label_column")
        assert label in TABLES[name]["columns"], f"{name} has no label_column"


def test_sorts_facets_and_search_name_real_columns(curated):
    for name, table in TABLES.items():
        for key in ("sort", "sort_desc"):
            if key in table:
                assert table[key] in table["columns"], (name, key)
        for facet in table.get("facets", []):
            column = facet["array"] if isinstance(facet, dict) else facet
            assert column in table["columns"], (name, facet)
        if "fts_table" in table:
            assert curated.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (table["fts_table"],)
            ).fetchone(), name


def test_releases_sort_newest_first_and_facet_what_researchers_filter_by():
    events = TABLES["events"]
    assert events["sort_desc"] == "date_start"
    assert events["facets"] == ["type", "status", "releasing_state", "year"]
    assert {"kind", "status"} <= set(TABLES["concessions"]["facets"])
    assert {"from_state", "to_state", "status"} <= set(TABLES["transfers"]["facets"])
    assert events["fts_table"] == "events_fts"


def test_internal_tables_are_hidden_and_public_ones_are_not():
    for table in catalog.tables():
        assert TABLES[table.name].get("hidden", False) is (not table.public), table.name


def test_every_canned_query_declares_exactly_the_parameters_its_sql_uses():
    for name, query in metadata()["databases"][DATABASE]["queries"].items():
        used = set(re.findall(r"(?<!:):([a-z_]+)", query["sql"]))
        assert used == set(query.get("params", [])), name
        assert query["title"] and query["description"], name


def test_the_search_query_escapes_its_input_with_escape_fts():
    sql = metadata()["databases"][DATABASE]["queries"]["find_person"]["sql"]
    assert "MATCH" in sql
    assert all("escape_fts(:q)" in line for line in sql.splitlines() if "MATCH" in line)
