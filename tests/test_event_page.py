"""The event page shows a whole event at a glance, and shows text as text."""

import asyncio
import re
import sqlite3

import pytest
from bs4 import BeautifulSoup

from tracker.store.db import connect
from tracker.store.ingest import save_events
from tracker.web.eventpage import LIST_ROWS
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
    released, returned = table_rows(founding, "transfers")
    assert released[:7] == ["Belarus", "Lithuania", "handed over", "carried out", "52",
                            "all of them", "14"]
    assert released[7].startswith("[")  # its citations
    # Mikalai Statkevich refused to leave and was taken back to prison.
    assert returned[:5] == ["Belarus", "not known", "stayed", "reversed", "1"]


def test_a_swap_shows_who_freed_whom(get):
    page = BeautifulSoup(get(f"/{DATABASE}/events/ru-2024-08-01").text, "html.parser")
    rows = table_rows(page, "transfers")
    assert [row[:5] for row in rows[:3]] == [
        ["Russian Federation", "United States", "handed over", "carried out", "3"],
        ["Russian Federation", "Germany", "handed over", "carried out", "12"],
        ["Belarus", "Germany", "handed over", "carried out", "1"]]
    # Five states freed prisoners to Russia; one report gives a count for Poland alone.
    assert [row[0] for row in rows[3:]] == [
        "United States", "Germany", "Poland", "Slovenia", "Norway"]
    assert {row[1] for row in rows[3:]} == {"Russian Federation"}
    assert glance(page)["People freed"] == "at least 17"


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
    ids = [li["id"] for li in sources]
    assert ids[0] == "source-founding-article"
    assert {"source-kyivindependent-belarus-frees-52", "source-ogreszinas-28138"} <= set(ids)
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


def test_claims_say_which_value_is_shown_and_why(founding, db_path, write_yaml, event):
    # The founding event chooses none of its remaining-prisoner figures, and says so; it
    # shows the count of 52 that every report of the day gives, and says why.
    said = [p.get_text(" ", strip=True) for p in founding.select("table.claims p.shown-value")]
    assert "No claim is chosen: each value is kept with its source." in said
    assert any(text.startswith("Chosen: 52. Why: Every report of the day gives 52") for text in said)
    assert {row[-2] for row in table_rows(founding, "claims")} == {"shown", "not chosen"}
    event["sources"] = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]
    for key in ("transfers", "dates"):
        event[key][0]["sources"] = ["a", "b"]
    event["claims"] = [
        {"about": "transfers[0].count", "value": 52, "sources": ["a"], "chosen": True,
         "reason": "Given by the most reports"},
        {"about": "transfers[0].count", "value": 50, "sources": ["b"]},
        {"about": "dates.released", "value": "2025-09-10", "sources": ["b"]},
    ]
    for fact in ("people", "nationalities"):
        for entry in main_transfer(event)[fact]:
            entry["sources"] = ["a"]
    for entry in event["actors"] + event["concessions"]:
        entry["sources"] = ["a"]
    page = serve_events(db_path, write_yaml, [event])(f"/{DATABASE}/events/by-2025-09-11")
    said = [p.get_text(" ", strip=True) for p in page.select("table.claims p.shown-value")]
    assert said == [
        "Chosen: 52. Why: Given by the most reports",
        "No claim is chosen: the event shows 11 September 2025, as its curators entered it.",
    ]
    assert [row[-2] for row in table_rows(page, "claims")] == ["shown", "not chosen", "not chosen"]


def test_statements_and_people_are_shown_by_their_full_names(founding, curated):
    statements = founding.select_one("ul.statements").get_text(" ", strip=True)
    assert "Sviatlana Tsikhanouskaya" in statements
    # No person the curated data names, an actor or a person freed, goes by a bare
    # surname where the data knows the full name ("Nausėda" beside "Gitanas Nausėda");
    # a one-word name is kept only where the reports give no other ("Ragesh").
    names = [row["name"] for row in curated.execute(
        "SELECT name FROM actors WHERE kind = 'person' UNION ALL SELECT name FROM people "
        "WHERE NOT withheld")]
    last_words = {name.split()[-1] for name in names if len(name.split()) > 1}
    assert names and [name for name in names if len(name.split()) < 2 and name in last_words] == []


def test_source_notes_are_shown_as_given_and_name_no_internal_file(founding, curated):
    notes = {row["id"]: row["note"] for row in curated.execute(
        "SELECT id, note FROM sources WHERE note IS NOT NULL")}
    internal_file = re.compile(r"\b[\w-]+\.(?:txt|ya?ml|json|csv|md|py|db)\b", re.IGNORECASE)
    assert notes and {source: note for source, note in notes.items() if internal_file.search(note)} == {}
    shown = founding.select_one("#source-founding-article .note").get_text()
    assert shown == notes["founding-article"]


def test_every_list_of_the_page_is_bounded_with_a_link_to_the_whole_list(db_path, write_yaml, event):
    rows = LIST_ROWS + 7
    event["track"] = "long-negotiation"
    sources = [f"report-{n}" for n in range(rows)]
    event["sources"] = [{"id": source, "title": f"Report {n}"} for n, source in enumerate(sources)]
    transfer = main_transfer(event)
    transfer.update(sources=sources[:1], count=rows, foreign=None,
                    people=[{"name": f"Freed Person {n}", "sources": sources[-1:] if n == 0 else sources[:1]}
                            for n in range(rows)])
    transfer["nationalities"] = []
    event["transfers"] += [{"from": "BY", "to": "LT", "how": "handed_over", "status": "carried_out",
                            "count": 1, "sources": [sources[n]]} for n in range(1, rows)]
    event["dates"][0]["sources"] = sources[:1]
    for entry in event["actors"] + event["concessions"]:
        entry["sources"] = sources[:1]
    event["statements"] = [{"by": "US", "gist": f"Statement {n}", "stance": "welcomed",
                            "sources": [sources[n]]} for n in range(rows)]
    event["claims"] = [{"about": "other", "value": f"Claim {n}", "sources": [sources[n]]}
                       for n in range(rows)]
    event["prisoner_counts"] = [{"country": "BY", "as_of": "2025-09-11", "count": 1000 + n,
                                 "sources": [sources[n]]} for n in range(rows)]
    alone = {key: value for key, value in transfer.items() if key not in ("people", "sources")}
    others = [another(event, f"by-2025-{1 + n // 28:02d}-{1 + n % 28:02d}",
                      sources=[{"id": "x", "title": "X"}], statements=[], claims=[],
                      prisoner_counts=[], actors=[], concessions=[], transfers=[alone])
              for n in range(rows)]
    for other in others:
        other["dates"] = [{"step": "released", "date": other["id"][3:]}]
    fetch = serve_events(db_path, write_yaml, [event, *others])
    page = fetch(f"/{DATABASE}/events/by-2025-09-11")
    lists = {"transfers": "table.transfers tbody tr", "people": "ul.people li",
             "statements": "ul.statements li", "claims": "table.claims tbody tr",
             "prisoner_counts": "table.prisoner-counts tbody tr", "sources": "ol.sources li",
             "track": "ul.track li"}
    for name, rows_css in lists.items():
        assert len(page.select(rows_css)) == LIST_ROWS, name
    more = {a["href"].split("?")[0].rsplit("/", 1)[1]: (a["href"], p.get_text(" ", strip=True))
            for p in page.select("p.more") for a in p.select("a")}
    assert set(more) == {"transfers", "transfer_people", "statements", "claims",
                         "prisoner_counts", "event_sources", "events"}
    assert f"{LIST_ROWS} of {rows} named people shown here" in more["transfer_people"][1]
    assert more["events"][0].endswith("?track=long-negotiation")
    assert f"of {rows + 1} releases" in more["events"][1]
    # The whole list is where the link goes, filtered to this event.
    response = asyncio.run(datasette_app(db_path).client.get(
        more["transfer_people"][0].replace(f"/{DATABASE}/transfer_people", f"/{DATABASE}/transfer_people.json")
        + "&_shape=objects&_size=max"))
    assert len(response.json()["rows"]) == rows
    # The page counts everything; a source beyond the list is cited by its own page.
    facts = glance(page)
    assert (facts["Named people"], facts["Sources"]) == (str(rows), str(rows))
    cited = {a.get_text(): a["href"] for a in page.select("table.transfers sup.cite a")}
    assert cited[f"[{LIST_ROWS}]"] == f"#source-report-{LIST_ROWS - 1}"
    [last] = page.select("ul.people li")[0].select("sup.cite a")
    assert (last.get_text(), last["href"]) == (f"[{rows}]", f"/{DATABASE}/sources/report-{rows - 1}")


def test_a_release_in_a_long_negotiation_lists_the_releases_nearest_to_it(db_path, write_yaml, event):
    event["track"] = "long-negotiation"
    events = [another(event, f"by-20{10 + n // 300:02d}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}")
              for n in range(2 * LIST_ROWS)]
    events = list({e["id"]: e for e in events}.values())
    middle = sorted(e["id"] for e in events)[LIST_ROWS]
    page = serve_events(db_path, write_yaml, events)(f"/{DATABASE}/events/{middle}")
    listed = [a["href"].rsplit("/", 1)[1] for a in page.select("ul.track a")]
    ordered = sorted(e["id"] for e in events)
    position = ordered.index(middle)
    assert listed == [i for i in ordered[position - LIST_ROWS // 2: position + LIST_ROWS // 2 + 1]
                      if i != middle]
