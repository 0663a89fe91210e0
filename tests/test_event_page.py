"""The event page shows a whole event at a glance, and shows text as text."""

import asyncio
import sqlite3

import pytest
from bs4 import BeautifulSoup

from tracker.store.db import connect
from tracker.store.ingest import save_events
from tracker.web.server import datasette_app
from tracker.web.site import DATABASE
from tracker.files.validate import read_documents

from conftest import another, main_transfer

FOUNDING = f"/{DATABASE}/events/by-2025-09-11"


@pytest.fixture(scope="module")
def founding(get):
    response = get(FOUNDING)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def table_rows(soup, css_class):
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select(f"table.{css_class} tbody tr")
    ]


def glance(soup):
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in soup.select("dl.at-a-glance dt")
    }


def test_the_founding_event_shows_its_date_states_and_counts(founding):
    assert founding.h1.get_text(strip=True).startswith("Belarus frees 52 political prisoners")
    facts = glance(founding)
    assert facts["Date"] == "11 September 2025 (exact day; released)"
    assert facts["Released by"] == "Belarus"
    assert facts["Taken to"] == "Lithuania"
    assert facts["People freed"] == "52"
    assert facts["Political prisoners freed"] == "52"
    assert facts["Foreign nationals"] == "14"
    assert "Announced, not yet carried out" not in facts


def test_the_founding_event_shows_the_deal_as_its_transfers(founding):
    assert table_rows(founding, "transfers") == [
        ["Belarus", "Lithuania", "handed over", "carried out", "52", "all of them", "14",
         "[1] [2] [3]"]]


def test_a_swap_shows_who_freed_whom(get):
    page = BeautifulSoup(get(f"/{DATABASE}/events/ru-2024-08-01").text, "html.parser")
    rows = table_rows(page, "transfers")
    assert [row[:4] for row in rows] == [
        ["Russian Federation", "not known", "unknown", "carried out"],
        ["United States", "Russian Federation", "handed over", "carried out"]]
    assert glance(page)["People freed"] == "at least 16"


def test_the_founding_event_shows_its_nationality_breakdown(founding):
    rows = {row[0]: row[1] for row in table_rows(founding, "nationalities")}
    assert rows == {
        "United Kingdom": "1", "France": "1", "Lithuania": "6",
        "Germany": "2", "Poland": "2", "Latvia": "2",
    }
    assert "accounts for 14 of the 14 foreign nationals" in founding.select_one(
        ".breakdown-total").get_text()


def test_the_founding_event_shows_actors_with_roles_and_the_concession(founding):
    actors = {
        row.td.a.get_text(strip=True): row.find_all("td")[1].get_text(strip=True)
        for row in founding.select("table.actors tbody tr")
    }
    assert actors["John Coale"] == "delegation head"
    assert actors["United States"] == "mediator"
    [belavia] = [row for row in table_rows(founding, "concessions") if "Belavia" in row[2]]
    assert belavia[0] == "sanctions relief"
    assert belavia[1] == "United States"
    assert belavia[4] == "announced"
    link = founding.find("a", string="John Coale")
    assert link["href"] == f"/{DATABASE}/actors/john-coale"


def test_the_founding_event_names_the_people_freed(founding):
    names = [li.a.get_text(strip=True) for li in founding.select("ul.people li")]
    assert "Mikalai Statkevich" in names and "Ihar Losik" in names
    assert "also Nikolai Statkevich" in founding.select_one("ul.people").get_text()


def test_claims_that_disagree_are_marked_with_their_sources(founding):
    rows = table_rows(founding, "claims")
    assert rows[0][0].startswith("prisoner counts") and "sources disagree" in rows[0][0]
    values = {rows[0][1], rows[1][0]}
    assert values == {"1300", "1000"}


def test_statements_and_sources_are_shown_and_every_citation_resolves(founding):
    statements = founding.select_one("ul.statements").get_text(" ", strip=True)
    assert "Gitanas Nausėda" in statements and "criticised" in statements
    sources = founding.select("ol.sources li")
    assert [li["id"] for li in sources] == [
        "source-founding-article",
        "source-kyivindependent-belarus-frees-52",
        "source-ogreszinas-28138",
    ]
    assert founding.select_one("ol.sources").find(
        "a", href="https://kyivindependent.com/belarus-frees-52-prisoners-after-visit-by-us-envoy"
    )
    anchors = {f"#{li['id']}" for li in sources}
    citations = founding.select("sup.cite a")
    assert citations and {a["href"] for a in citations} <= anchors


def test_the_other_releases_of_the_negotiation_are_linked(founding):
    links = [a["href"] for a in founding.select("ul.track a")]
    assert f"/{DATABASE}/events/by-2025-06-21" in links
    assert FOUNDING not in links


def test_the_event_page_links_its_data_as_json(get, founding):
    [json_link] = [a["href"] for a in founding.select("#data ~ p a") if a.get_text() == "json"]
    body = get(json_link).json()
    assert body["rows"][0][body["columns"].index("freed")] == 52


def test_an_unknown_event_is_not_found(get):
    assert get(f"/{DATABASE}/events/xx-1999-01-01").status_code == 404


def serve_events(db_path, write_yaml, events):
    conn = connect(db_path)
    try:
        save_events(conn, read_documents([write_yaml(events, "events.yml")]))
    finally:
        conn.close()
    datasette = datasette_app(db_path)

    def fetch(path):
        response = asyncio.run(datasette.client.get(path))
        assert response.status_code == 200
        return BeautifulSoup(response.text, "html.parser")

    return fetch


def test_an_event_known_to_the_month_with_unknown_counts_says_so(db_path, write_yaml, event):
    event.update(id="by-2025-06", dates=[{"step": "released", "date": "2025-06"}])
    for key in ("count", "foreign", "political"):
        del main_transfer(event)[key]
    main_transfer(event)["nationalities"] = [{"country": "LT", "count": None}]
    page = serve_events(db_path, write_yaml, [event])(f"/{DATABASE}/events/by-2025-06")
    facts = glance(page)
    assert facts["Date"] == "June 2025 (month only: between 2025-06-01 and 2025-06-30; released)"
    assert facts["People freed"] == "unknown"
    assert facts["Political prisoners freed"] == "unknown"
    assert facts["Foreign nationals"] == "unknown"
    assert table_rows(page, "nationalities") == [["Lithuania", "unknown", "[1]"]]


def test_uncertain_counts_and_an_announced_release_are_shown_as_such(db_path, write_yaml, event):
    main_transfer(event).update(count="about 6000", political="at least 20", foreign=None,
                                nationalities=[])
    event["transfers"].append({"from": "LT", "to": "BY", "how": "handed_over",
                               "status": "announced", "count": "10-12"})
    page = serve_events(db_path, write_yaml, [event])(f"/{DATABASE}/events/by-2025-09-11")
    facts = glance(page)
    assert (facts["People freed"], facts["Political prisoners freed"]) == ("about 6,000", "at least 20")
    assert facts["Announced, not yet carried out"] == "10–12"
    assert [row[4:6] for row in table_rows(page, "transfers")] == [
        ["about 6,000", "at least 20"], ["10–12", "unknown"]]


def test_text_from_event_files_is_shown_as_text_never_run(db_path, write_yaml, event):
    script = "<script>document.title='pwned'</script>"
    event.update(title=f"Title {script}", summary=f"Summary {script}")
    main_transfer(event)["people"] = [{"name": f"Person {script}"}]
    event["sources"] = [{"id": "article", "title": f"Source {script}"}]
    fetch = serve_events(db_path, write_yaml, [event])
    # Validation refuses a javascript: address; one written into the database by other
    # means must still never become a link.
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE sources SET url = 'javascript:alert(1)' WHERE id = 'article'")
    page = fetch(f"/{DATABASE}/events/by-2025-09-11")
    content = page.select_one(".event-page")
    assert not content.find("script")
    assert script in content.h1.get_text()
    assert script in content.select_one("ul.people").get_text()
    assert not page.find("a", href=lambda href: href and href.startswith("javascript:"))
    assert "javascript:alert(1)" in content.select_one("ol.sources").get_text()


def test_the_page_counts_earlier_versions_not_the_creation(db_path, write_yaml, event):
    fetch = serve_events(db_path, write_yaml, [event])
    assert "earlier version" not in fetch(f"/{DATABASE}/events/by-2025-09-11").get_text()
    main_transfer(event)["count"] = 53
    conn = connect(db_path)
    try:
        save_events(conn, read_documents([write_yaml(event, "edited.yml")]), update=True)
    finally:
        conn.close()
    page = fetch(f"/{DATABASE}/events/by-2025-09-11")
    assert "1 earlier version" in " ".join(page.get_text().split())
