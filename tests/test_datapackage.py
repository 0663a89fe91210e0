"""`tracker export datapackage`: a Frictionless package that standard tools validate,
described from the models, lossless, and written in full or not at all."""

import datetime as dt
import json
import tempfile
from pathlib import Path

import frictionless
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from tracker import about
from tracker.schema.catalog import public_tables, tables
from tracker.cli import cli
from tracker.store.db import connect_readonly
from tracker.files.datapackage import export_datapackage
from tracker.schema.models import TextFormat

from awkward_events import batches
from test_roundtrip import ingest_generated


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), "export", "datapackage", *map(str, args)])


def errors_of(folder: Path) -> list:
    report = frictionless.validate(folder / "datapackage.json")
    return report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])


@pytest.fixture(scope="module")
def package(curated_db, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("package") / "release-data"
    result = run(curated_db, folder)
    assert result.exit_code == 0, result.output
    return folder


def descriptor_of(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_the_curated_package_is_valid_for_frictionless(package):
    assert errors_of(package) == []


def test_the_validator_would_catch_a_broken_package(package, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for file in package.iterdir():
        (broken / file.name).write_bytes(file.read_bytes())
    events = (broken / "events.csv").read_text(encoding="utf-8")
    (broken / "events.csv").write_text(events.replace(",BY,LT,", ",BY,XX,", 1), encoding="utf-8")
    kinds = {error[3] for error in errors_of(broken)}
    assert {"foreign-key", "hash-count"} <= kinds


def test_every_public_table_is_a_resource_described_by_the_models(package):
    descriptor = descriptor_of(package)
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert list(resources) == [table.name for table in public_tables()]
    assert not {table.name for table in tables() if not table.public} & set(resources)
    for table in public_tables():
        resource = resources[table.name]
        assert resource["path"] == f"{table.name}.csv" and (package / resource["path"]).is_file()
        assert resource["description"] == table.description
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == [c.name for c in table.columns]
        assert [f["description"] for f in schema["fields"]] == [
            c.description for c in table.columns]
        assert schema["primaryKey"] == table.primary_key
        assert [(fk["fields"], fk["reference"]) for fk in schema.get("foreignKeys", [])] == [
            ([c.name], {"resource": c.foreign_key[0], "fields": [c.foreign_key[1]]})
            for c in table.columns if c.foreign_key
        ]


def test_fields_are_typed_and_constrained(package):
    resources = {r["name"]: r for r in descriptor_of(package)["resources"]}
    fields = {f["name"]: f for f in resources["events"]["schema"]["fields"]}
    assert fields["date_start"]["type"] == "date"
    assert fields["date"]["type"] == "string" and "pattern" in fields["date"]["constraints"]
    assert fields["freed"]["type"] == "integer"
    assert fields["freed"]["constraints"] == {"minimum": 0}
    assert fields["freed_qualifier"]["constraints"]["enum"] == [
        "exact", "approximate", "at_least", "at_most", "range"]
    transfers = {f["name"]: f for f in resources["transfers"]["schema"]["fields"]}
    assert transfers["all_political"]["type"] == "boolean"
    assert transfers["source_ids"]["type"] == "array"
    assert fields["type"]["constraints"]["enum"][:2] == ["release", "pardon"]
    assert fields["id"]["constraints"]["required"] is True
    people = {f["name"]: f for f in resources["people"]["schema"]["fields"]}
    assert people["aliases"]["type"] == "array"


def test_the_licence_and_sources_come_from_one_place(package):
    descriptor = descriptor_of(package)
    assert descriptor["licenses"] == [
        {"name": about.LICENSE_ID, "path": about.LICENSE_URL, "title": about.LICENSE_TITLE}]
    assert (descriptor["name"], descriptor["title"]) == (about.NAME, about.TITLE)
    assert descriptor["sources"][0]["title"] == about.SOURCES_TITLE


def test_the_codebook_describes_every_table_and_column_with_its_rows(package, curated):
    codebook = (package / "codebook.md").read_text(encoding="utf-8")
    assert codebook.startswith(f"# {about.TITLE}: codebook")
    assert about.LICENSE_URL in codebook
    for table in public_tables():
        rows = curated.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
        assert f"\n## {table.name}\n\n{table.description}\n" in codebook
        assert f"File `{table.name}.csv`: {rows:,} row" in codebook
        for column in table.columns:
            line = next(line for line in codebook.splitlines()
                        if line.startswith(f"| `{column.name}` |") and column.description in line)
            if column.foreign_key:
                assert f"`{column.foreign_key[0]}.{column.foreign_key[1]}`" in line


def test_two_exports_of_the_same_data_are_identical(package, curated_db, tmp_path):
    again = tmp_path / "again"
    assert run(curated_db, again).exit_code == 0
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in package.iterdir())
    for file in package.iterdir():
        assert (again / file.name).read_bytes() == file.read_bytes(), file.name


def typed_table(db: Path, table) -> list[dict]:
    """A table's rows as the package's types read them: booleans, dates, lists."""
    def typed(column, value):
        if value is None:
            return None
        if column.type == "boolean":
            return bool(value)
        if column.format == TextFormat.day:
            return dt.date.fromisoformat(value)
        if column.format == TextFormat.json_list:
            return json.loads(value)
        return value

    conn = connect_readonly(db)
    try:
        cursor = conn.execute(
            f"SELECT * FROM {table.name} ORDER BY {', '.join(table.primary_key)}")
        names = [name for name, *_ in cursor.description]
        return [
            {name: typed(table.column(name), value) for name, value in zip(names, values)}
            for values in cursor
        ]
    finally:
        conn.close()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_generated_awkward_data_makes_a_valid_package_that_reads_back_the_same(generated):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "tracker.db"
        ingest_generated(db, folder, generated)
        assert run(db, folder / "package").exit_code == 0
        assert errors_of(folder / "package") == []
        package = frictionless.Package(folder / "package" / "datapackage.json")
        for table in public_tables():
            read = [row.to_dict() for row in package.get_resource(table.name).read_rows()]
            assert read == typed_table(db, table), table.name


def test_a_folder_in_use_is_refused_and_left_as_it_was(curated_db, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    result = run(curated_db, folder)
    assert result.exit_code == 1 and "the folder is not empty" in result.output
    refused = run(curated_db, folder, "--overwrite")
    assert refused.exit_code == 1 and "holds no datapackage.json" in refused.output
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_an_empty_folder_is_filled_and_an_earlier_package_replaced_on_request(curated_db, tmp_path):
    folder = tmp_path / "release-data"
    folder.mkdir()
    assert run(curated_db, folder).exit_code == 0
    (folder / "events.csv").write_text("stale")
    result = run(curated_db, folder, "--overwrite")
    assert result.exit_code == 0, result.output
    assert f"{len(public_tables())} tables" in result.output
    assert (folder / "events.csv").read_text(encoding="utf-8").startswith("id,title,")
    assert [p.name for p in tmp_path.iterdir()] == ["release-data"]


def test_a_failed_export_leaves_no_folder_behind(curated_db, tmp_path, monkeypatch):
    from tracker.files import datapackage

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(datapackage, "render_codebook", fail)
    conn = connect_readonly(curated_db)
    with pytest.raises(datapackage.ExportError, match="No space left on device"):
        export_datapackage(conn, tmp_path / "release-data")
    conn.close()
    assert list(tmp_path.iterdir()) == []
    unwritable = run(curated_db, tmp_path / "no" / "such" / "release-data")
    assert unwritable.exit_code == 1 and "No such file or directory" in unwritable.output
