"""A withheld person counts in every figure, but the name is published nowhere.

Monitors such as Viasna withhold a prisoner's name for the person's safety. The name
never enters the database (Datasette lets anyone run SQL, so hiding it by permissions
would not be enough): the person is stored as a placeholder with the curators' id.
The last test searches every output of the project for the name.
"""

import html
import json
import re
import shutil
import sqlite3
import subprocess
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.store.db import connect
from tracker.errors import InvalidInput
from tracker.store.ingest import save_events
from tracker.schema.models import WITHHELD_NAME
from tracker.reference.names import fold
from tracker.store.nested import event_document, iter_event_documents
from tracker.files.validate import read_documents

from conftest import another, main_transfer
from served import TRACKER, tracker_serve

NAME = "Uladzimir Žarnasek"
# What must not appear anywhere, compared after case and accent folding.
NAME_WORDS = ["uladzimir", "zarnasek"]


PEOPLE = "transfers[0].people"


@pytest.fixture
def withheld_event(event):
    main_transfer(event)["people"] = [
        {"id": "by-2025-09-11-prisoner-1", "name": NAME, "withheld": True,
         "nationalities": ["BY"], "note": "a journalist, according to the monitor"},
        {"name": "Ihar Losik"},
    ]
    return event


def with_people(event, event_id, people, **changes):
    """Another event, freeing these people."""
    other = another(event, event_id, **changes)
    main_transfer(other)["people"] = people
    return other


def problem_lines(*paths) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        read_documents(paths)
    return [str(problem) for problem in error.value.problems]


def ingest(conn, *paths):
    return save_events(conn, read_documents(paths))


# ---------------------------------------------------------------- what is accepted


def test_a_withheld_person_needs_an_id_of_the_curators_choosing(write_yaml, withheld_event):
    del main_transfer(withheld_event)["people"][0]["id"]
    [line] = problem_lines(write_yaml(withheld_event))
    assert f"{PEOPLE}[0].id: missing; a withheld person needs an id chosen by the curators" in line


def test_an_id_made_from_the_name_is_refused(write_yaml, withheld_event):
    main_transfer(withheld_event)["people"][0]["id"] = "zarnasek-1"
    [line] = problem_lines(write_yaml(withheld_event))
    assert f"{PEOPLE}[0].id: 'zarnasek-1' contains 'zarnasek' from the withheld name" in line


def test_a_withheld_person_has_no_aliases(write_yaml, withheld_event):
    main_transfer(withheld_event)["people"][0]["aliases"] = ["U. Zharnasek"]
    [line] = problem_lines(write_yaml(withheld_event))
    assert f"{PEOPLE}[0].aliases: a withheld person has no aliases" in line


def test_the_withheld_name_may_not_appear_elsewhere_in_the_event(write_yaml, withheld_event):
    withheld_event["summary"] = f"Among those freed was {NAME.upper()}."
    path = write_yaml(withheld_event)
    [line] = problem_lines(path)
    assert line.startswith(f"{path}:")
    assert "summary: gives the name that is withheld at" in line


def test_the_withheld_name_may_not_be_published_by_another_file_of_the_batch(write_yaml, withheld_event, event):
    other = with_people(event, "by-2025-06-21", [{"name": "Uladzimir Zarnasek"}])
    withheld = write_yaml(withheld_event, "withheld.yml")
    lines = problem_lines(withheld, write_yaml(other, "other.yml"))
    assert any("other.yml" in line and f"{PEOPLE}[0].name: gives the name that is withheld at "
               f"{withheld}:" in line for line in lines), lines


def test_a_name_the_database_already_gives_cannot_be_withheld_by_ingest(db_path, write_yaml, withheld_event, event):
    conn = connect(db_path)
    ingest(conn, write_yaml(with_people(event, "by-2025-09-11", [{"name": NAME}]), "public.yml"))
    conn.close()
    before = db_path.read_bytes()
    conn = connect(db_path)
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(another(withheld_event, "by-2025-06-21"), "withheld.yml"))
    conn.close()
    [line] = map(str, error.value.problems)
    assert f"{PEOPLE}[0].name: this withheld name is already in the database (people " in line
    assert "rebuild with `tracker build --replace`" in line
    assert db_path.read_bytes() == before


def test_a_withheld_id_is_never_given_to_a_named_person(conn, write_yaml, withheld_event, event):
    ingest(conn, write_yaml(withheld_event))
    named = with_people(event, "by-2025-06-21",
                        [{"id": "by-2025-09-11-prisoner-1", "name": NAME}])
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(named, "named.yml"))
    [line] = map(str, error.value.problems)
    assert f"{PEOPLE}[0].id: 'by-2025-09-11-prisoner-1' is a person whose name is withheld" in line
    assert conn.execute("SELECT name FROM people WHERE withheld").fetchall() == [(WITHHELD_NAME,)]


# ---------------------------------------------------------------- what is stored


def test_the_person_counts_but_only_a_placeholder_is_stored(conn, write_yaml, withheld_event):
    ingest(conn, write_yaml(withheld_event))
    assert conn.execute(
        "SELECT id, name, aliases, nationalities, withheld FROM people ORDER BY id").fetchall() == [
        ("by-2025-09-11-prisoner-1", WITHHELD_NAME, "[]", '["BY"]', 1),
        ("ihar-losik", "Ihar Losik", "[]", "[]", 0),
    ]
    assert conn.execute(
        "SELECT person_id, note FROM transfer_people ORDER BY position").fetchall() == [
        ("by-2025-09-11-prisoner-1", "a journalist, according to the monitor"),
        ("ihar-losik", None),
    ]
    assert conn.execute("SELECT freed, foreign_nationals FROM events").fetchall() == [(52, 14)]


def test_stats_count_the_person_apart_from_the_named(db_path, write_yaml, withheld_event):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "ingest", str(write_yaml(withheld_event))]).exit_code == 0
    output = runner.invoke(cli, ["--db", str(db_path), "stats"]).output
    assert ("Named people:                1\n                             (and 1 whose "
            "names are withheld)\n") in output


def test_the_export_says_withheld_and_ingesting_it_again_changes_nothing(tmp_path, conn, write_yaml, write_json, withheld_event):
    ingest(conn, write_yaml(withheld_event))
    document = event_document(conn, "by-2025-09-11")
    assert main_transfer(document)["people"][0] == {
        "id": "by-2025-09-11-prisoner-1", "withheld": True, "nationalities": ["BY"],
        "note": "a journalist, according to the monitor",
    }
    exported = write_json(document, "exported.json")
    report = ingest(conn, exported)
    assert report.unchanged == ["by-2025-09-11"]
    assert conn.execute("SELECT count(*) FROM people WHERE withheld").fetchone() == (1,)
    other = connect(tmp_path / "other.db")
    ingest(other, exported)
    assert event_document(other, "by-2025-09-11") == document
    other.close()


def test_the_same_withheld_person_in_two_events_is_one_person(conn, write_yaml, withheld_event):
    june = with_people(withheld_event, "by-2025-06-21", [
        {"id": "by-2025-09-11-prisoner-1", "name": NAME, "withheld": True}])
    ingest(conn, write_yaml(withheld_event), write_yaml(june, "june.yml"))
    assert conn.execute("SELECT id, nationalities FROM people WHERE withheld").fetchall() == [
        ("by-2025-09-11-prisoner-1", '["BY"]')]
    assert conn.execute("SELECT count(*) FROM transfer_people "
                        "WHERE person_id = 'by-2025-09-11-prisoner-1'").fetchone() == (2,)


# ---------------------------------------------------------------- published nowhere


@dataclass
class Published:
    db_path: Path
    base_url: str
    work_dir: Path


Output = Callable[[Published], Iterator[tuple[str, str]]]


def database_file(published: Published):
    for suffix in ("", "-wal"):
        path = Path(f"{published.db_path}{suffix}")
        if path.exists():
            yield path.name, path.read_bytes().decode("utf-8", errors="replace")


def every_table(published: Published):
    """Every table and full-text index, including the terms FTS5 keeps in its index."""
    conn = sqlite3.connect(published.db_path)
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        rows = conn.execute(f"SELECT * FROM [{table}]").fetchall()
        yield table, "\n".join(
            " ".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row)
            for row in rows
        )
    for (fts,) in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%USING FTS5%'"):
        conn.execute(f"CREATE VIRTUAL TABLE temp.[{fts}_terms] USING fts5vocab(main, [{fts}], row)")
        terms = [term for (term,) in conn.execute(f"SELECT term FROM temp.[{fts}_terms]")]
        assert terms, f"{fts} has no terms: the search would prove nothing"
        yield f"{fts} terms", " ".join(terms)
    conn.close()


def nested_documents(published: Published):
    conn = sqlite3.connect(published.db_path)
    for document in iter_event_documents(conn):
        yield f"nested {document['id']}", json.dumps(document, ensure_ascii=False)
    conn.close()


def files_written_by(*arguments: str) -> Output:
    """Every file a tracker command writes into {out}, e.g. files_written_by("export", "{out}")."""
    def output(published: Published):
        out = published.work_dir / "_".join(arguments).replace("{out}", "out").replace("/", "_")
        out.mkdir()
        args = [argument.replace("{out}", str(out)) for argument in arguments]
        subprocess.run([str(TRACKER), "--db", str(published.db_path), *args], check=True)
        for path in sorted(out.rglob("*")):
            if path.is_file():
                yield str(path), path.read_bytes().decode("utf-8", errors="replace")
    return output


def served_pages(published: Published):
    """Every page a link reaches, every table and row as HTML, JSON and CSV, searches,
    SQL and canned queries: what anyone can read from the running server."""
    with httpx.Client(base_url=published.base_url, timeout=30) as client:
        def get(url, allowed=(200, 403)):
            """403: a page the metadata keeps private shows nothing, the name included."""
            response = client.get(url)
            assert response.status_code in allowed, (url, response.status_code)
            return response

        database = get("/tracker.json").json()
        yield "/tracker.json", json.dumps(database, ensure_ascii=False)
        for table in database["tables"]:
            name = urllib.parse.quote(table["name"])
            url = f"/tracker/{name}.json?_shape=objects&_size=max"
            while url:
                page = get(url).json()
                yield url, json.dumps(page, ensure_ascii=False)
                url = page.get("next_url")
            for variant in (f"/tracker/{name}?_size=max", f"/tracker/{name}.csv?_stream=on"):
                yield variant, get(variant).text
        for page, text in _crawl(get, "/"):
            yield page, text
            if page.startswith("/tracker/") and not re.search(r"\.(json|csv)$", page):
                yield f"{page}.json", get(f"{page}.json").text
        asked = " ".join(NAME.split())
        for query in database["queries"]:
            parameters = {p: asked for p in re.findall(r"(?<!:):(\w+)", query["sql"])}
            yield _rows_of(get, f"/tracker/{urllib.parse.quote(query['name'])}.json", parameters)
        for table in ("events", "people", "actors", "concessions", "statements"):
            for words in (asked, *NAME_WORDS):
                yield _rows_of(get, f"/tracker/{table}.json", {"_search": words})
        for sql in ("SELECT * FROM people", "SELECT * FROM event_revisions",
                    "SELECT * FROM people_fts WHERE people_fts MATCH 'withheld'"):
            yield _rows_of(get, "/tracker.json", {"sql": sql})


def _rows_of(get, path, parameters) -> tuple[str, str]:
    """Only the rows: the page itself repeats what was asked, the name included.
    A query that refuses the name as a parameter (400: not a number) shows no rows."""
    url = f"{path}?{urllib.parse.urlencode({**parameters, '_shape': 'objects'})}"
    response = get(url, allowed=(200, 400, 403))
    if response.status_code != 200:
        return url, ""
    body = response.json()
    assert "rows" in body, (url, body)
    return url, json.dumps(body["rows"], ensure_ascii=False)


def _crawl(get, start: str, limit: int = 5000):
    """Breadth-first over the site's own links, each path once, ignoring query strings."""
    seen, queue = {start}, [start]
    while queue:
        path = queue.pop(0)
        response = get(path)
        yield path, response.text
        if "html" not in response.headers.get("content-type", ""):
            continue
        for link in re.findall(r'href="([^"]+)"', response.text):
            target = urllib.parse.urlsplit(urllib.parse.urljoin(path, html.unescape(link)))
            if target.netloc or target.scheme or target.path.startswith("/-/static"):
                continue
            if target.path not in seen and len(seen) < limit:
                seen.add(target.path)
                queue.append(target.path)


# Everything the project publishes. A new output is one line here.
OUTPUTS: dict[str, Output] = {
    "database file": database_file,
    "tables and full-text indexes": every_table,
    "nested documents": nested_documents,
    "served pages": served_pages,
    "export events (JSON)": files_written_by("export", "events", "-o", "{out}/events.json"),
    "export events (YAML)": files_written_by("export", "events", "-o", "{out}/events.yml"),
    "export table people (CSV)": files_written_by("export", "table", "people", "-o", "{out}/p.csv"),
    "export sql": files_written_by("export", "sql", "SELECT * FROM people", "-o", "{out}/p.ndjson"),
    "data package and codebook": files_written_by("export", "datapackage", "{out}/package"),
}


@pytest.fixture(scope="module")
def published(curated_db, tmp_path_factory, request):
    """The curated database plus an event that withholds a name, served by `tracker serve`."""
    work = tmp_path_factory.mktemp("withheld")
    db_path = work / "tracker.db"
    shutil.copy(curated_db, db_path)
    event = {
        "format": 2, "id": "by-2025-10-01", "title": "Belarus frees two political prisoners",
        "summary": "One of them asked the monitor to withhold the name.", "type": "pardon",
        "dates": [{"step": "released", "date": "2025-10-01"}],
        "transfers": [{"from": "BY", "status": "carried_out", "count": 2, "political": "all",
                       "people": [{"id": "viasna-2025-10-01-1", "name": NAME, "withheld": True,
                                   "note": "a journalist from Hrodna"},
                                  {"name": "Ihar Losik"}]}],
        "sources": [{"id": "monitor", "title": "Two political prisoners pardoned"}],
    }
    path = work / "withheld.json"
    path.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([str(TRACKER), "--db", str(db_path), "ingest", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with tracker_serve(db_path) as (base_url, _):
        yield Published(db_path, base_url, work)


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_withheld_name_is_published_nowhere(published, output):
    searched, shown = 0, False
    for where, text in OUTPUTS[output](published):
        searched += 1
        shown |= "viasna-2025-10-01-1" in text
        readable = fold(urllib.parse.unquote(html.unescape(text)))
        for word in NAME_WORDS:
            assert word not in readable, f"{output}: {where} gives the withheld name"
    assert searched, f"{output} gave nothing to search"
    assert shown, f"{output} never shows the withheld person: the search proves nothing"
    if output == "served pages":
        assert searched > 100
