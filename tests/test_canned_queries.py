"""The canned queries answer researchers' questions; their answers agree with the
curated event files, read independently of the SQL."""

import csv
import io
from collections import Counter, defaultdict
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from tracker.store.build import event_files
from tracker.schema.counts import sum_counts
from tracker.schema.rules import freed
from tracker.web.queries import MEDIATING_ROLES, QUERIES
from tracker.web.site import DATABASE
from tracker.files.validate import read_events

from conftest import DATA, SAMPLE_PARAMETERS, follow_export_links

CURATED = [item.event for item in read_events(event_files(DATA))]
# What every figure of people freed counts: the transfers that freed them, of events that
# are no step of a larger deal (see tracker.schema.rules).
COUNTED = [(event, transfer) for event in CURATED if event.part_of is None
           for transfer in event.transfers if freed(transfer.status.value)]
RELEASED = [event for event in CURATED if any(e is event for e, _ in COUNTED)]


def year(event) -> int:
    from tracker.schema.rules import derived_columns

    return derived_columns(event)["year"]


def rows(get, name, **params):
    response = get(f"/{DATABASE}/{name}.json?_shape=objects&{urlencode(params)}")
    assert response.status_code == 200, response.text
    return response.json()["rows"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_answers_without_parameters_with_working_exports(get, name):
    found = rows(get, name)
    assert found or "prompt" in QUERIES[name]
    if found:
        exports = follow_export_links(get, f"/{DATABASE}/{name}")
        assert len(exports["json"].json()["rows"]) == len(found)
        assert len(list(csv.reader(io.StringIO(exports["CSV"].text)))) == len(found) + 1


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_answers_with_its_parameters_with_working_exports(get, name):
    params = {key: SAMPLE_PARAMETERS[key] for key in QUERIES[name]["params"]}
    found = rows(get, name, **params)
    assert found
    exports = follow_export_links(get, f"/{DATABASE}/{name}?{urlencode(params)}")
    assert exports["json"].json()["rows"] == [list(row.values()) for row in found]
    assert len(list(csv.reader(io.StringIO(exports["CSV"].text)))) == len(found) + 1


def page(get, path) -> BeautifulSoup:
    response = get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_page_is_titled_by_its_question_not_its_sql(get, name):
    params = {key: SAMPLE_PARAMETERS[key] for key in QUERIES[name]["params"]}
    for path in (f"/{DATABASE}/{name}", f"/{DATABASE}/{name}?{urlencode(params)}"):
        assert page(get, path).title.get_text() == QUERIES[name]["title"]


@pytest.mark.parametrize("typed", ["", "   "])
def test_a_query_that_needs_a_name_asks_for_one_instead_of_finding_nothing(get, typed):
    waiting = page(get, f"/{DATABASE}/find_person?{urlencode({'q': typed})}")
    assert "awaiting-input" in waiting.body["class"]  # hides "0 results" (tracker.css)
    prompt = waiting.select_one("p.prompt").get_text()
    assert prompt == QUERIES["find_person"]["prompt"]
    assert "Type a name" in prompt and "Tsikhanouski" in prompt
    answered = page(get, f"/{DATABASE}/find_person?q=Coale")
    assert "awaiting-input" not in answered.body["class"]
    assert answered.select_one("p.prompt") is None
    assert answered.select("table.rows-and-columns tbody tr")


def test_a_query_without_a_prompt_answers_at_once(get):
    opened = page(get, f"/{DATABASE}/releases_per_year")
    assert opened.select_one("p.prompt") is None
    assert opened.select("table.rows-and-columns tbody tr")


def test_people_freed_by_nationality_in_the_founding_release(get):
    found = rows(get, "people_freed_by_nationality",
                 since="2025-09-11", until="2025-09-11", releasing_state="BY")
    assert {row["code"]: row["people_freed"] for row in found} == {
        "LT": 6, "DE": 2, "PL": 2, "LV": 2, "GB": 1, "FR": 1,
    }
    assert {row["code"]: row["people_freed_figure"] for row in found}["LT"] == "6"


def test_people_freed_by_nationality_sums_every_breakdown_with_its_uncertainty(get):
    counts = defaultdict(list)
    for _, transfer in COUNTED:
        for entry in transfer.nationalities:
            counts[entry.country].append(entry.count)
    found = {row["code"]: row for row in rows(get, "people_freed_by_nationality")}
    assert {code: row["people_freed_figure"] for code, row in found.items()} == {
        code: sum_counts(values).text() for code, values in counts.items()}


def test_releases_per_year_and_releasing_state(get):
    expected = Counter()
    freed_counts = defaultdict(list)
    political = defaultdict(list)
    for event in RELEASED:
        states = {transfer.from_ for e, transfer in COUNTED if e is event}
        expected.update((year(event), state) for state in states)
    for event, transfer in COUNTED:
        freed_counts[year(event), transfer.from_].append(transfer.count)
        political[year(event), transfer.from_].append(
            transfer.count if transfer.political == "all" else transfer.political)
    found = rows(get, "releases_per_year")
    assert {(row["year"], row["code"]): row["releases"] for row in found} == dict(expected)
    assert {(row["year"], row["code"]): row["people_freed_figure"] for row in found} == {
        key: (sum_counts(values).text() if sum_counts(values) else None)
        for key, values in freed_counts.items()}
    assert {(row["year"], row["code"]): row["political_prisoners_freed_figure"]
            for row in found} == {
        key: (sum_counts(values).text() if sum_counts(values) else None)
        for key, values in political.items()}
    assert [row["year"] for row in found] == sorted((row["year"] for row in found), reverse=True)


def test_a_partial_until_date_includes_the_whole_month_and_since_excludes_earlier(get):
    june = rows(get, "releases_per_year", since="2025-06", until="2025-06", releasing_state="BY")
    assert [(row["year"], row["releases"]) for row in june] == [(2025, 1)]
    assert rows(get, "releases_per_year", since="2025-06-22", until="2025-06") == []


@pytest.mark.parametrize("name", ["Belarus", "belarus", "BY", "BLR", " by "])
def test_a_country_may_be_named_by_code_or_name(get, name):
    found = rows(get, "releases_per_year", releasing_state=name)
    assert {row["code"] for row in found} == {"BY"}


def test_an_unknown_country_matches_nothing(get):
    assert rows(get, "releases_per_year", releasing_state="Atlantis") == []


def test_concessions_by_kind_and_granting_state(get):
    # A concession counts once for each party that gave it.
    expected = Counter(c.kind.value for event in CURATED for c in event.concessions
                       for _ in (c.granted_by or [None]))
    found = rows(get, "concessions_by_kind")
    by_kind = Counter()
    for row in found:
        by_kind[row["kind"]] += row["concessions"]
    assert by_kind == expected
    by_us = rows(get, "concessions_by_kind", granting_state="United States")
    assert by_us and {row["granting_state"] for row in by_us} == {"United States"}


def test_mediators_are_ranked_by_releases_and_people_freed(get):
    from tracker.schema.rules import event_totals

    coale = [event for event in RELEASED
             if any(a.name == "John Coale" and a.role in MEDIATING_ROLES for a in event.actors)]
    found = rows(get, "mediators")
    [row] = [row for row in found if row["mediator"] == "John Coale"]
    assert row["releases"] == len(coale)
    assert row["people_freed_figure"] == sum_counts(
        event_totals(event.transfers)["freed"] for event in coale).text()
    releases = [row["releases"] for row in found]
    assert releases == sorted(releases, reverse=True)
    assert "negotiating party" not in " ".join(row["roles"] for row in found)
    heads = rows(get, "mediators", role="delegation_head")
    assert [(row["mediator"], row["releases"]) for row in heads] == [("John Coale", 1)]


@pytest.mark.parametrize("search, event_id, involvement", [
    ("Tsikhaouski", "by-2025-06-21", "freed"),
    ("tsikhanouski", "by-2025-06-21", "freed"),
    ("Coale", "by-2025-09-11", "delegation head"),
    ("John Cole", "by-2025-09-11", "delegation head"),
    ("Nauseda", "by-2025-09-11", "statement (welcomed)"),
])
def test_find_person_finds_every_release_involving_a_name(get, search, event_id, involvement):
    found = rows(get, "find_person", q=search)
    assert (event_id, involvement) in {(row["event_id"], row["involvement"]) for row in found}


@pytest.mark.parametrize("search", ["", " ", '"', '"unbalanced', "Coale OR", "NEAR(", "*", "'; drop"])
def test_find_person_takes_any_input_safely(get, search):
    rows(get, "find_person", q=search)


def test_query_results_link_to_the_event_and_the_person(get):
    page = BeautifulSoup(get(f"/{DATABASE}/find_person?q=Tsikhaouski").text, "html.parser")
    hrefs = {a["href"] for a in page.select("table.rows-and-columns a")}
    assert f"/{DATABASE}/events/by-2025-06-21" in hrefs
    assert f"/{DATABASE}/people/syarhei-tsikhanouski" in hrefs


def test_remaining_political_prisoners_over_time(get):
    found = rows(get, "remaining_prisoners", country="BY")
    assert {row["country"] for row in found} == {"Belarus"}
    dates = [row["as_of"] for row in found]
    assert dates == sorted(dates)
    founding = {(row["political_prisoners"], row["figure"], row["according_to"]) for row in found
                if row["event_id"] == "by-2025-09-11"}
    # The US official's "remaining 1,300" is exact; the "around 1,000" is the Lithuanian
    # president's (the audit of issue 10).
    assert {(1300, "1,300", "United States"), (1000, "about 1,000", "Gitanas Nausėda")} <= founding
    later = rows(get, "remaining_prisoners", country="Belarus", since="2025-09")
    assert later and all(row["as_of"] >= "2025-09" for row in later)


def test_disputed_facts_list_claims_that_disagree(get):
    found = rows(get, "disputed_facts")
    keys = {(row["event_id"], row["about"], row["value"]) for row in found}
    assert ("by-2025-09-11", "prisoner_counts", "1300") in keys
    assert ("by-2025-09-11", "prisoner_counts", "1000") in keys
    # A single claim the event follows is no dispute; one it does not follow is.
    assert ("by-2025-12-13", "transfers[0].to", "UA") not in keys
    assert ("by-2025-06-21", "transfers[0].people", "Ihar Losik") in keys
    russian = rows(get, "disputed_facts", releasing_state="RU")
    assert russian and {row["event_id"][:2] for row in russian} == {"ru"}


def test_flows_between_states_say_who_freed_whom_per_year(get):
    releases, people = defaultdict(set), defaultdict(list)
    # Where no state received them, the flow says how they went: stayed, expelled, not known.
    went = {"stayed": "stayed where held", "expelled": "expelled, destination not known"}
    for event, transfer in COUNTED:
        key = (year(event), transfer.from_, transfer.to or went.get(transfer.how, "not known"))
        releases[key].add(event.id)
        people[key].append(transfer.count)
    found = rows(get, "flows_between_states")

    def key(row):
        return row["year"], row["from_code"], row["to_code"] or row["went_to"]

    assert {key(row): row["releases"] for row in found} == {
        key: len(ids) for key, ids in releases.items()}
    assert {key(row): row["people_freed_figure"]
            for row in found} == {
        key: (sum_counts(values).text() if sum_counts(values) else None)
        for key, values in people.items()}
    # A swap is a flow each way.
    swap = {(row["from_code"], row["to_code"]) for row in found if row["year"] == 2024}
    assert ("US", "RU") in swap


def test_flows_narrow_to_a_releasing_and_a_receiving_state(get):
    found = rows(get, "flows_between_states", releasing_state="Belarus", receiving_state="LT")
    assert found and {(row["freed_by"], row["went_to"]) for row in found} == {("Belarus", "Lithuania")}
    assert rows(get, "flows_between_states", releasing_state="BY", receiving_state="BY") == []


def test_single_source_facts_list_every_kind_of_fact_citing_one_report(get):
    from tracker.store.facts import FACT_NAMES

    section_kinds = {"dates": "date", "transfers": "transfer", "actors": "actor",
                     "concessions": "concession", "statements": "statement",
                     "prisoner_counts": "prisoner count", "claims": "claim"}
    expected = Counter()
    for event in CURATED:
        for location, entry in event.facts():
            if len(event.cited(entry)) == 1:
                kind = ("nationality" if "nationalities" in location else
                        "person freed" if "people" in location else section_kinds[location[0]])
                expected[event.id, kind] += 1
    found = rows(get, "single_source_facts")
    assert Counter((row["event_id"], row["fact"]) for row in found) == expected
    assert {kind for _, kind in expected} == set(FACT_NAMES)  # the curated data has each kind
    assert all(row["source"] for row in found)
    dates = [row["date_start"] for row in found]
    assert dates == sorted(dates, reverse=True)
    people = rows(get, "single_source_facts", fact="Person freed", releasing_state="BY")
    assert people and {row["fact"] for row in people} == {"person freed"}
    assert ("by-2025-09-11", "Emīls Asars") in {(row["event_id"], row["what"]) for row in people}
