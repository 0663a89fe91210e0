import copy
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tracker.store.build import build_database
from tracker.store.db import connect

from served import tracker_serve

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED_SOURCES = Path(os.environ.get("TRACKER_SHARED_SOURCES", ROOT.parent / "shared" / "sources"))
FOUNDING_ARTICLE = SHARED_SOURCES / "000_c8a833f9e5047acb.txt"

MINIMAL_EVENT = {
    "format": 2,
    "id": "by-2025-09-11",
    "title": "Belarus frees 52 political prisoners",
    "type": "release",
    "dates": [{"step": "released", "date": "2025-09-11"}],
    "transfers": [{
        "from": "BY",
        "to": "LT",
        "how": "handed_over",
        "status": "carried_out",
        "count": 52,
        "political": "all",
        "foreign": 14,
        "nationalities": [
            {"country": "Briton", "count": 1},
            {"country": "Lithuanians", "count": 6},
        ],
        "people": [{"name": "Syarhei Tsikhanouski", "aliases": ["Tsikhaouski"]}],
    }],
    "actors": [
        {"name": "United States", "kind": "state", "role": "mediator"},
        {"name": "John Coale", "kind": "person", "country": "US",
         "aliases": ["John Cole"], "role": "delegation_head"},
    ],
    "concessions": [{
        "kind": "sanctions_relief",
        "granted_by": ["United States"],
        "beneficiaries": [{"name": "Belavia", "kind": "organisation", "country": "BY"}],
        "description": "Lifting of sanctions on Belavia",
        "status": "announced",
    }],
    "sources": [{"id": "article", "title": "Belarus frees 52", "published": "2025-09-11"}],
}

# A value for every parameter of every canned query, for the "with parameters" runs.
SAMPLE_PARAMETERS = {
    "since": "2024",
    "until": "2025-09",
    "releasing_state": "Belarus",
    "granting_state": "US",
    "receiving_state": "Lithuania",
    "fact": "person freed",
    "country": "BLR",
    "role": "envoy",
    "q": "Coale",
}


def walk(value, path: tuple = ()):
    """(path, value) of a document and of everything in it, outermost first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, path + (index,))


def present_or_skip(path: Path, how: str) -> Path:
    """Something outside the repository that a test needs: required in CI, skipped elsewhere."""
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing; {how}")
    pytest.skip(f"{path} not found; {how}")


def shared_sources_or_skip() -> Path:
    """The shared news sources beside the checkout."""
    present_or_skip(FOUNDING_ARTICLE, "CI must have ../shared/sources beside the checkout")
    return SHARED_SOURCES


@pytest.fixture
def event():
    """A fresh copy of a small valid event, to modify in a test."""
    return copy.deepcopy(MINIMAL_EVENT)


def main_transfer(event: dict) -> dict:
    """The first transfer of an event document (the one a simple release has)."""
    return event["transfers"][0]


def another(event: dict, event_id: str, **changes) -> dict:
    """A copy of an event under another id (and release date), with changes."""
    copied = copy.deepcopy(event)
    copied.update(id=event_id, **changes)
    if "dates" not in changes:
        copied["dates"] = [{"step": "released", "date": event_id.split("-", 1)[1]}]
    return copied


@pytest.fixture
def write_yaml(tmp_path):
    def write(data, name="event.yml"):
        path = tmp_path / name
        with path.open("w", encoding="utf-8") as handle:
            YAML().dump(data, handle)
        return path
    return write


@pytest.fixture
def write_json(tmp_path):
    def write(data, name="event.json"):
        path = tmp_path / name
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        return path
    return write


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def one_event_db(tmp_path) -> Path:
    """A database holding one event, as bad input would find it."""
    from click.testing import CliRunner

    from tracker.cli import cli

    path = tmp_path / "tracker.db"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(MINIMAL_EVENT))
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(good)])
    assert result.exit_code == 0, result.output
    return path


def refused(database: Path, command: str, *paths: Path, env: dict | None = None) -> list[str]:
    """The problem lines of a command that must refuse its input and write nothing: exit
    1, no traceback, a summary line, and the database file byte for byte the same."""
    from click.testing import CliRunner

    from tracker.cli import cli

    before = database.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(database), command, *map(str, paths)], env=env)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert database.read_bytes() == before
    *problems, summary = result.output.strip().splitlines()
    plural = "s" if len(problems) != 1 else ""
    assert summary == f"Error: {len(problems)} problem{plural} found; nothing was written."
    return problems


@pytest.fixture
def conn(db_path):
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def curated_db(tmp_path_factory) -> Path:
    """The whole curated dataset, built once per test session."""
    path = tmp_path_factory.mktemp("curated") / "tracker.db"
    build_database(DATA, path)
    return path


@pytest.fixture
def database(curated_db, tmp_path) -> Path:
    """A copy of the curated database to change: `tmp_path/tracker.db`."""
    path = tmp_path / "tracker.db"
    shutil.copy(curated_db, path)
    return path


@pytest.fixture
def curated(curated_db):
    connection = sqlite3.connect(f"file:{curated_db}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def datasette(curated_db):
    """The curated database in the Datasette that `tracker serve` runs, in-process."""
    from tracker.web.server import datasette_app

    return datasette_app(curated_db)


@pytest.fixture(scope="session")
def get(datasette):
    """GET a path from the in-process Datasette; returns the response."""
    import asyncio

    def fetch(path):
        return asyncio.run(datasette.client.get(path))

    return fetch


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real `tracker serve` of the curated data on a free local port."""
    db = tmp_path_factory.mktemp("served") / "served.db"
    build_database(DATA, db)
    with tracker_serve(db) as (url, process):
        yield LiveServer(url=url, port=int(url.rsplit(":", 1)[1]), pid=process.pid, db=db)


@dataclass(frozen=True)
class LiveServer:
    url: str
    port: int
    pid: int
    db: Path


def follow_export_links(get, path):
    """Open a page, follow its "This data as json, CSV" links; {name: response}."""
    from bs4 import BeautifulSoup

    page = get(path)
    assert page.status_code == 200, path
    links = BeautifulSoup(page.text, "html.parser").select("p.export-links a")
    followed = {}
    for link in links:
        if link["href"].startswith("#"):
            continue
        response = get(link["href"])
        assert response.status_code == 200, link["href"]
        followed[link.get_text(strip=True)] = response
    return followed
