"""Browsing the tables in Datasette, with the real metadata.yml: every table, labelled
foreign keys, default sorts and facets, full-text search, CSV and JSON."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from tracker.schema import catalog
from tracker.web.metadata import metadata
from tracker.web.site import DATABASE, PLUGIN

from conftest import follow_export_links

TABLES = metadata()["databases"][DATABASE]["tables"]
CATALOG = {table.name: table for table in catalog.tables()}


def key_columns(table: str) -> list[str]:
    return TABLES[table].get("plugins", {}).get(PLUGIN, {}).get("key_columns", [])


def soup(get, path) -> BeautifulSoup:
    response = get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.text, "html.parser")


def headers(page: BeautifulSoup) -> list[str]:
    return [th["data-column"] for th in page.select("table.rows-and-columns thead th")]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_page_opens_with_its_descriptions_and_working_exports(get, table):
    page = get(f"/{DATABASE}/{table}")
    assert page.status_code == 200
    text = BeautifulSoup(page.text, "html.parser").get_text(" ")
    for description in TABLES[table]["columns"].values():
        assert description in text
    exports = follow_export_links(get, f"/{DATABASE}/{table}")
    as_json = exports["json"].json()
    assert as_json["columns"] == list(TABLES[table]["columns"])
    if not as_json["rows"]:
        # No curated concession is disputed yet by a statement or source (issue 10's
        # audit of the data adds the first); a built database has no earlier versions.
        assert table in ("event_revisions", "concession_disputes"), (
            f"{table} is empty in the curated data")
        return
    # The CSV link gives the rows a page may hold (Datasette's max_returned_rows, 1,000:
    # a longer table is whole with "stream all rows", tested in tests/attacks), with the
    # name beside each foreign key.
    lines = list(csv.reader(io.StringIO(exports["CSV"].text)))
    foreign_keys = {c.name for c in CATALOG[table].columns if c.foreign_key}
    assert lines[0] == [
        name
        for column in TABLES[table]["columns"]
        for name in ([column, f"{column}_label"] if column in foreign_keys else [column])
    ]
    assert len(lines) - 1 == min(as_json["filtered_table_rows_count"], 1000)


@pytest.mark.parametrize("table", sorted(table for table in TABLES if key_columns(table)))
def test_a_wide_table_shows_its_key_columns_after_the_row_link_and_all_on_request(get, table):
    page = soup(get, f"/{DATABASE}/{table}")
    columns = list(TABLES[table]["columns"])
    shown = headers(page)
    assert shown[1:] == [name for name in key_columns(table) if name in columns]
    note = page.select_one("p.key-columns")
    assert f"The {len(shown)} key columns of" in note.get_text()
    everything = soup(get, note.a["href"])
    assert set(columns) <= set(headers(everything))
    assert everything.select_one("p.key-columns") is None


def test_a_table_without_key_columns_shows_every_column(get):
    assert not key_columns("people")
    assert set(headers(soup(get, f"/{DATABASE}/people"))) == set(TABLES["people"]["columns"])


def test_long_text_is_whole_in_its_cell_tooltip_and_on_the_row_page_with_descriptions(get):
    sources = get(f"/{DATABASE}/sources.json?_shape=objects&_size=max").json()["rows"]
    longest = max(sources, key=lambda row: len(row["note"] or ""))
    assert len(longest["note"]) > 100
    table = soup(get, f"/{DATABASE}/sources?id={longest['id']}")
    assert longest["note"] in {td.get("title") for td in table.select("td.col-note")}
    row = soup(get, f"/{DATABASE}/sources/{longest['id']}")
    fields = {tr.th["class"][0]: tr for tr in row.select("table.row-fields tr")}
    assert list(fields) == [f"col-{name}" for name in TABLES["sources"]["columns"]]
    note = fields["col-note"]
    assert note.td.get_text() == longest["note"]
    assert TABLES["sources"]["columns"]["note"] in note.th.get_text()


def test_the_home_page_introduces_the_data_with_licence_source_and_about(get):
    page = get("/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.h1.get_text(strip=True) == "Release tracker"
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert {"https://creativecommons.org/licenses/by/4.0/", f"/{DATABASE}/sources",
            "/about", f"/{DATABASE}/events", "/-/dashboards/overview"} <= hrefs
    assert get("/-/databases.json").json()[0]["name"] == DATABASE
    assert [db["name"] for db in get("/-/databases.json").json()] == [DATABASE]


def test_the_about_page_explains_how_to_read_the_figures(get):
    page = get("/about")
    assert page.status_code == 200
    assert "Unknown is empty, never 0" in page.text


def test_the_database_page_lists_the_questions_and_the_tables_with_descriptions(get):
    soup = BeautifulSoup(get(f"/{DATABASE}").text, "html.parser")
    questions = soup.select("dl.queries dt a")
    assert [a.get_text(strip=True) for a in questions][:-1] == [
        query["title"] for query in metadata()["databases"][DATABASE]["queries"].values()
    ]
    described = {dt.a.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
                 for dt in soup.select("dl.tables dt")}
    assert list(described)[0] == "events"
    assert described["events"] == TABLES["events"]["description"]
    assert "ingest_runs" not in described


def test_foreign_keys_show_names_not_ids(get):
    rows = get(
        f"/{DATABASE}/event_actors.json?_shape=objects&_labels=on&event_id=by-2025-09-11"
    ).json()["rows"]
    actors = {row["actor_id"]["label"] for row in rows}
    assert {"John Coale", "United States", "Lithuania"} <= actors
    page = BeautifulSoup(get(f"/{DATABASE}/events?id=by-2025-09-11").text, "html.parser")
    link = page.find("a", href=f"/{DATABASE}/countries/BY")
    assert link.get_text(strip=True) == "Belarus"


def test_releases_come_newest_first_with_their_default_facets(get):
    body = get(f"/{DATABASE}/events.json?_shape=objects").json()
    dates = [row["date_start"] for row in body["rows"]]
    assert dates == sorted(dates, reverse=True)
    assert "sorted by date_start descending" in body["human_description_en"]
    assert {"type", "status", "releasing_state", "year"} <= set(body["facet_results"])
    states = {item["label"] for item in body["facet_results"]["releasing_state"]["results"]}
    assert "Belarus" in states


def test_concessions_facet_by_kind_and_their_parties_by_actor(get):
    facets = get(f"/{DATABASE}/concessions.json").json()["facet_results"]
    assert "sanctions_relief" in {item["value"] for item in facets["kind"]["results"]}
    facets = get(f"/{DATABASE}/concession_parties.json?side=granted_by").json()["facet_results"]
    assert "United States" in {item["label"] for item in facets["actor_id"]["results"]}


@pytest.mark.parametrize("table, search, expected", [
    ("events", "Belavia", "by-2025-09-11"),
    ("people", "Tsikhaouski", "syarhei-tsikhanouski"),
    ("actors", "Cole", "john-coale"),
])
def test_full_text_search_finds_names_and_misspellings(get, table, search, expected):
    rows = get(f"/{DATABASE}/{table}.json?_shape=objects&_search={search}").json()["rows"]
    assert expected in {row["id"] for row in rows}


@pytest.mark.parametrize("search", ['"', "AND OR NOT", "(", "*", "belavia\"'"])
def test_full_text_search_takes_any_input_without_failing(get, search):
    from urllib.parse import quote

    assert get(f"/{DATABASE}/events.json?_search={quote(search)}").status_code == 200


def test_internal_tables_are_hidden_from_the_list_but_reachable(get):
    tables = {table["name"]: table for table in get(f"/{DATABASE}.json").json()["tables"]}
    assert tables["ingest_runs"]["hidden"] and tables["event_revisions"]["hidden"]
    assert not tables["events"]["hidden"]
    assert get(f"/{DATABASE}/ingest_runs").status_code == 200


def test_only_the_known_plugins_are_loaded(get):
    # A plugin could write to the database or load scripts from the internet: a new one
    # must be reviewed and added here.
    plugins = {plugin["name"]: plugin["hooks"] for plugin in get("/-/plugins.json").json()}
    assert set(plugins) == {
        "datasette-dashboards",
        "datasette-leaflet",
        # Kept for the dashboards' templates without its per-cell hook (a slow no-op
        # here), so it is listed under its module's name.
        "datasette_render_markdown",
        "release-tracker",
    }
    assert "render_cell" not in plugins["datasette_render_markdown"]
