"""A release that is a step of a larger deal (a pardon signed days before the exchange it
made possible) is linked to that deal and never counted twice: by `tracker stats`, the
canned questions, the data package and the event page, each run for real on a database
that `tracker ingest` wrote."""

import asyncio
import csv
import json
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from tracker.cli import cli
from tracker.web.server import datasette_app
from tracker.web.site import DATABASE

SOURCE = {"id": "report", "title": "The exchange and the pardon before it",
          "published": "2024-08-01"}
TURKIYE = {"name": "Türkiye", "kind": "state", "role": "mediator"}
# Belarus pardons Rico Krieger on 19 July; on 1 August he is handed over in the exchange,
# which also frees three Americans from Russia: four people freed, not five.
DEAL = {
    "format": 2, "id": "ru-2024-08-01", "title": "The exchange of 1 August 2024",
    "type": "exchange",
    "dates": [{"step": "released", "date": "2024-08-01"}],
    "transfers": [
        {"from": "BY", "to": "DE", "how": "handed_over", "status": "carried_out", "count": 1,
         "nationalities": [{"country": "DE", "count": 1}], "people": [{"name": "Rico Krieger"}]},
        {"from": "RU", "to": "US", "how": "handed_over", "status": "carried_out", "count": 3,
         "nationalities": [{"country": "US", "count": 3}]},
    ],
    "actors": [TURKIYE],
    "sources": [SOURCE],
}
STEP = {
    "format": 2, "id": "by-2024-07-19", "title": "Belarus pardons Rico Krieger",
    "type": "pardon", "part_of": "ru-2024-08-01",
    "dates": [{"step": "decided", "date": "2024-07-19"}],
    "transfers": [
        {"from": "BY", "how": "unknown", "status": "carried_out", "count": 1,
         "nationalities": [{"country": "DE", "count": 1}], "people": [{"name": "Rico Krieger"}]},
    ],
    "actors": [TURKIYE],
    "sources": ["report"],
}


def tracker(db, *arguments):
    result = CliRunner().invoke(cli, ["--db", str(db), *map(str, arguments)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deal")
    (folder / "deal.json").write_text(json.dumps(DEAL))
    (folder / "step.json").write_text(json.dumps(STEP))
    path = folder / "tracker.db"
    assert "2 created" in tracker(path, "ingest", folder / "deal.json", folder / "step.json")
    return path


@pytest.fixture(scope="module")
def get(db):
    app = datasette_app(db)

    def fetch(path):
        response = asyncio.run(app.client.get(path))
        assert response.status_code == 200, (path, response.text)
        return response

    return fetch


def test_stats_count_the_deal_once(db):
    output = tracker(db, "stats")
    assert "Events:                      2 (1 that freed people)" in output
    assert "People freed:                4\n" in output
    assert "\n  2024      1                 4           unknown\n" in output
    assert "\n  BY  Belarus                            1                 1\n" in output
    assert "\n  RU  Russian Federation                 1                 3\n" in output


def query(get, name, **params):
    return get(f"/{DATABASE}/{name}.json?_shape=objects&{urlencode(params)}").json()["rows"]


def test_the_questions_count_the_deal_once(get):
    by_nationality = {row["code"]: (row["people_freed"], row["releases"])
                      for row in query(get, "people_freed_by_nationality")}
    assert by_nationality == {"DE": (1, 1), "US": (3, 1)}
    per_year = {row["code"]: (row["year"], row["releases"], row["people_freed"])
                for row in query(get, "releases_per_year")}
    assert per_year == {"BY": (2024, 1, 1), "RU": (2024, 1, 3)}
    (mediator,) = query(get, "mediators")
    assert (mediator["mediator"], mediator["releases"], mediator["people_freed"]) == (
        "Türkiye", 1, 4)
    # Listing is not counting: the person's page of releases shows both.
    assert {row["event_id"] for row in query(get, "find_person", q="Krieger")} == {
        "ru-2024-08-01", "by-2024-07-19"}


def test_the_data_package_says_which_event_the_deal_counts(db, tmp_path):
    tracker(db, "export", "datapackage", tmp_path / "package")
    with (tmp_path / "package" / "events.csv").open(encoding="utf-8", newline="") as handle:
        events = {row["id"]: row for row in csv.DictReader(handle)}
    assert events["by-2024-07-19"]["part_of"] == "ru-2024-08-01"
    assert sum(int(row["freed"]) for row in events.values() if not row["part_of"]) == 4
    descriptor = json.loads((tmp_path / "package" / "datapackage.json").read_text())
    (resource,) = [resource for resource in descriptor["resources"] if resource["name"] == "events"]
    fields = {field["name"]: field["description"] for field in resource["schema"]["fields"]}
    assert "never counted in totals" in fields["part_of"]
    assert "part_of" in fields["freed"]
    assert "part_of" in (tmp_path / "package" / "codebook.md").read_text().split("`freed`", 1)[1]


def test_the_event_pages_link_the_step_and_the_deal(get):
    step = BeautifulSoup(get(f"/{DATABASE}/events/by-2024-07-19").text, "html.parser")
    note = step.select_one("p.part-of")
    assert note.get_text(" ", strip=True) == (
        "A step of the deal The exchange of 1 August 2024 , which counts its people.")
    assert note.a["href"].endswith("/events/ru-2024-08-01")
    deal = BeautifulSoup(get(f"/{DATABASE}/events/ru-2024-08-01").text, "html.parser")
    assert [link["href"].rsplit("/", 1)[1] for link in deal.select("p.steps a")] == [
        "by-2024-07-19"]
