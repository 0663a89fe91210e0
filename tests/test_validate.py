"""Bad event files are refused with one line per problem: file, line, field, what is accepted."""

import pytest

from tracker.errors import InvalidInput
from tracker.files.validate import read_events

from conftest import main_transfer


def problems(*paths) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        read_events(paths)
    return [str(problem) for problem in error.value.problems]


def test_a_valid_event_reads_with_normalised_countries_and_counts(write_yaml, event):
    [valid] = read_events([write_yaml(event)])
    transfer = valid.event.transfers[0]
    assert (transfer.from_, transfer.to) == ("BY", "LT")
    assert [n.country for n in transfer.nationalities] == ["GB", "LT"]
    assert (transfer.count.best, transfer.count.qualifier, transfer.political) == (52, "exact", "all")


def test_a_format_1_file_is_refused_with_the_command_that_upgrades_it(tmp_path):
    path = tmp_path / "old.yml"
    path.write_text("id: by-2025-09-11\ntitle: t\ntype: release\ndate: 2025-09-11\n"
                    "releasing_state: BY\nsources: [{id: s}]\n")
    assert problems(path) == [
        f"{path}:1: format: missing: this is a format-1 document; run `tracker upgrade FILE` "
        "to rewrite it in format 2"]


def test_a_misspelt_field_is_named_with_its_line_and_a_suggestion(tmp_path):
    path = tmp_path / "event.yml"
    path.write_text(
        "format: 2\nid: by-2025-09-11\ntitle: t\ntype: release\n"
        "dates: [{step: released, date: 2025-09-11}]\n"
        "transfers:\n  - from: BY\n    status: carried_out\n    nationalites:\n"
        "      - {country: LT, count: 6}\nsources: [{id: s}]\n"
    )
    [line] = problems(path)
    assert line.startswith(f"{path}:9: transfers[0].nationalites: unknown field; did you mean "
                           "'nationalities'? accepted: from, held_by, to, how, status, date, count")


def test_an_unknown_demonym_is_reported_at_its_line_and_path(tmp_path):
    path = tmp_path / "event.yml"
    path.write_text(
        "format: 2\nid: by-2025-09-11\ntitle: t\ntype: release\n"
        "dates: [{step: released, date: 2025-09-11}]\n"
        "transfers:\n  - from: BY\n    status: carried_out\n    nationalities:\n"
        "      - country: Lithuanians\n        count: 6\n"
        "      - country: Lithuanianz\n        count: 1\nsources: [{id: s}]\n"
    )
    [line] = problems(path)
    assert line.startswith(f"{path}:12: transfers[0].nationalities[1].country: 'Lithuanianz' is "
                           "not a known country")
    assert "accepted:" in line


def test_every_problem_in_every_file_is_reported(write_yaml, write_json, event):
    bad = dict(event, type="kidnapping", dates=[{"step": "released", "date": "2025-13-40"}])
    main_transfer(bad)["count"] = -1
    first = write_yaml(bad, "first.yml")
    second = write_json(dict(event, id="Not An Id"), "second.json")
    lines = problems(first, second)
    assert any("first.yml" in line and "dates[0].date: '2025-13-40' has month 13" in line
               for line in lines)
    assert any("first.yml" in line and "transfers[0].count: -1: a count is 0 or more" in line
               for line in lines)
    assert any("first.yml" in line and "type: 'kidnapping'" in line for line in lines)
    assert any(line.startswith(f"{second}:3: id: 'Not An Id'") for line in lines)


@pytest.mark.parametrize(
    "count, fragment",
    [
        (True, "True is not a count; accepted: a whole number (52), 'about 6000', 'at least 20'"),
        (52.5, "52.5 is not a whole number"),
        ("fifty-two", "'fifty-two' is not a count; accepted:"),
        ("more than 20", "'more than 20' is not a count; write it 'at least 21'; accepted:"),
        ("over 1,250", "write it 'at least 1251'"),
        ("fewer than 10", "write it 'at most 9'"),
        ("nearly 6000", "write it 'about 6000'"),
        ("30-20", "'30-20' is no range: 30 is not below 20; accepted: a low figure, a hyphen "
                  "and a higher one, e.g. 20-30"),
        ({"low": 30, "high": 20}, "low 30 is above high 20; accepted: low <= best <= high"),
        ({"lowest": 3}, "'lowest' is not a part of a count; accepted: low, best, high, approximate"),
        ({}, "gives none of low, best and high"),
        (10_000_001, "at most 10,000,000"),
        ("3,5", "'3,5' is not a count"),
    ],
)
def test_a_count_that_is_no_count_is_refused_saying_how_to_write_it(write_yaml, event, count, fragment):
    main_transfer(event)["count"] = count
    lines = problems(write_yaml(event))
    assert any("transfers[0].count: " in line and fragment in line for line in lines), lines


@pytest.mark.parametrize("count, stored", [
    (52, (52, None, None, "exact")),
    ("6,000", (6000, None, None, "exact")),
    ("about 6000", (6000, None, None, "approximate")),
    ("at least 20", (20, 20, None, "at_least")),
    ("at most 10", (10, None, 10, "at_most")),
    ("20-30", (None, 20, 30, "range")),
    ("20 – 30", (None, 20, 30, "range")),
    ({"low": 20, "best": 25, "high": 30}, (25, 20, 30, "range")),
    ({"low": 20}, (20, 20, None, "at_least")),
    ({"best": 25, "approximate": True}, (25, None, None, "approximate")),
])
def test_every_written_form_of_a_count_is_read(write_yaml, event, count, stored):
    transfer = main_transfer(event)
    transfer.update(count=count, political=None, foreign=None, nationalities=[])
    [valid] = read_events([write_yaml(event)])
    assert valid.event.transfers[0].count.columns() == stored


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"sources": []}, "sources: List should have at least 1 item"),
        ({"title": ""}, "title: '': String should have at least 1 character"),
        ({"transfers": []}, "transfers: List should have at least 1 item"),
        ({"dates": []}, "dates: List should have at least 1 item"),
        ({"format": 3}, "format: 3 is no format this tracker reads; accepted: 2"),
    ],
)
def test_wrong_values_are_refused(write_yaml, event, change, fragment):
    event.update(change)
    assert any(fragment in line for line in problems(write_yaml(event)))


def test_a_transfer_status_is_one_of_the_four(write_yaml, event):
    main_transfer(event)["status"] = "released"
    [line] = problems(write_yaml(event))
    assert ("transfers[0].status: 'released': Input should be 'announced', 'carried_out', "
            "'partly_carried_out' or 'reversed'") in line


def test_a_transfer_needs_exactly_one_holder(write_yaml, event):
    del main_transfer(event)["from"]
    [line] = problems(write_yaml(event))
    assert "transfers[0].from: give exactly one of from and held_by; accepted: from: the " \
           "state that held and freed them, or held_by: a non-state holder" in line
    main_transfer(event)["from"] = "BY"
    main_transfer(event)["held_by"] = {"name": "Armed group", "kind": "organisation"}
    [line] = problems(write_yaml(event))
    assert "transfers[0].from: give exactly one of from and held_by" in line


def test_people_who_stayed_went_nowhere(write_yaml, event):
    main_transfer(event)["how"] = "stayed"
    [line] = problems(write_yaml(event))
    assert "transfers[0].to: 'LT': they stayed where they were held; accepted: how: " \
           "handed_over or expelled for people taken elsewhere, or no `to`" in line


def test_a_breakdown_larger_than_the_count_is_refused(write_yaml, event):
    transfer = main_transfer(event)
    transfer["nationalities"] = [{"country": "LT", "count": 40}, {"country": "PL", "count": 20}]
    del transfer["foreign"]
    [line] = problems(write_yaml(event))
    assert "transfers[0].nationalities: the breakdown adds up to at least 60, more than count " \
           "(52); accepted: counts that add up to at most the count" in line


def test_foreign_nationalities_above_the_foreign_count_are_refused(write_yaml, event):
    main_transfer(event)["nationalities"] = [
        {"country": "LT", "count": 10}, {"country": "PL", "count": 5}, {"country": "BY", "count": 30}]
    [line] = problems(write_yaml(event))
    assert "foreign nationalities add up to at least 15, more than foreign (14)" in line


def test_political_prisoners_are_at_most_those_freed(write_yaml, event):
    main_transfer(event).update(count="at most 10", political="about 20", foreign=None,
                                nationalities=[])
    [line] = problems(write_yaml(event))
    assert "transfers[0].political: about 20 is more than count (at most 10); accepted: at " \
           "most count" in line


def test_a_count_without_an_upper_bound_does_not_cap_the_breakdown(write_yaml, event):
    main_transfer(event).update(count="at least 5", foreign=None,
                                nationalities=[{"country": "LT", "count": 6}])
    assert read_events([write_yaml(event)])
    main_transfer(event)["count"] = "about 5"
    assert read_events([write_yaml(event)])


def test_dated_steps_are_each_given_once_and_in_their_order(write_yaml, event):
    event["dates"] = [{"step": "released", "date": "2025-09-11"},
                      {"step": "decided", "date": "2025-09-16"},
                      {"step": "arrived", "date": "2025-09"},
                      {"step": "decided", "date": "2025-09-10"}]
    lines = problems(write_yaml(event))
    assert any("dates[3].step: 'decided' is already dated at dates[1]; accepted: each step "
               "at most once" in line for line in lines)
    assert any("dates[0].date: released 2025-09-11 is before decided 2025-09-16; accepted: a "
               "date not before the decided date" in line for line in lines)
    assert len(lines) == 2  # arrived in September 2025 may well be after the 11th


def test_a_fact_citing_an_unknown_source_is_refused(write_yaml, event):
    event["concessions"][0]["sources"] = ["nowhere"]
    [line] = problems(write_yaml(event))
    assert "concessions[0].sources[0]: 'nowhere' is not a source of this event; accepted: " \
           "article" in line


def test_with_several_sources_every_fact_names_its_own(write_yaml, event):
    event["sources"].append({"id": "second", "title": "Another report"})
    lines = problems(write_yaml(event))
    assert any(line.split(": ", 2)[1] == "dates[0].sources" and "missing; the event cites "
               "several sources, so each fact names its own; accepted: a list of article, "
               "second" in line for line in lines)
    for fact in ("transfers[0]", "transfers[0].nationalities[0]", "transfers[0].people[0]",
                 "actors[0]", "concessions[0]"):
        assert any(f": {fact}.sources: missing" in line for line in lines), fact


def test_a_dispute_points_at_a_statement_of_the_event_or_one_of_its_sources(write_yaml, event):
    event["statements"] = [{"key": "no-deal", "by": "John Coale", "gist": "No deal",
                            "stance": "denied"}]
    event["concessions"][0]["disputed_by"] = [{"statement": "no-deal", "source": "article"}]
    [line] = problems(write_yaml(event))
    assert "concessions[0].disputed_by[0]: give exactly one of statement and source; " \
           "accepted: {statement: KEY} (a statement of this event) or {source: ID}" in line
    event["concessions"][0]["disputed_by"] = [
        {"statement": "no-deal"}, {"statement": "nothing"}, {"source": "elsewhere"}]
    lines = problems(write_yaml(event))
    assert any("concessions[0].disputed_by[1].statement: 'nothing' is the key of no statement "
               "of this event; accepted: no-deal" in line for line in lines)
    assert any("concessions[0].disputed_by[2].source: 'elsewhere' is not a source of this "
               "event; accepted: article" in line for line in lines)


def test_a_claim_names_a_fact_and_gives_a_value_of_its_type(write_yaml, event):
    event["claims"] = [
        {"about": "transfer[0].count", "value": 3},
        {"about": "transfers[4].count", "value": 3},
        {"about": "transfers[0].count", "value": "many"},
        {"about": "transfers[0].status", "value": "released"},
        {"about": "dates.released", "value": "2025-09-31"},
        {"about": "transfers[0].to", "value": "Atlantis"},
    ]
    lines = problems(write_yaml(event))
    assert any("claims[0].about: 'transfer[0].count' names no fact of an event; accepted: "
               "transfers[N].count" in line for line in lines)
    assert any("claims[1].about: 'transfers[4].count': the event has 1 transfers; accepted: "
               "an index from 0 to 0" in line for line in lines)
    assert any("claims[2].value: 'many' is not a count" in line for line in lines)
    assert any("claims[3].value: 'released' is not one of announced, carried_out, "
               "partly_carried_out, reversed (the value of transfers[0].status)" in line
               for line in lines)
    assert any("claims[4].value: '2025-09-31' has day 31" in line for line in lines)
    assert any("claims[5].value: 'Atlantis' is not a known country" in line for line in lines)


def test_a_chosen_claim_is_the_value_the_event_shows_with_a_reason(write_yaml, event):
    event["claims"] = [
        {"about": "transfers[0].count", "value": 50, "chosen": True, "reason": "Most reports"},
        {"about": "transfers[0].count", "value": 52, "chosen": True},
        {"about": "dates.announced", "value": "2025-09-10", "chosen": True, "reason": "r"},
    ]
    lines = problems(write_yaml(event))
    assert any("claims[0].value: 50 is chosen, but the event shows 52 at transfers[0].count; "
               "accepted: the value the event shows, or chosen: false" in line for line in lines)
    assert any("claims[1].chosen: a claim about transfers[0].count is already chosen at "
               "claims[0]; accepted: one chosen claim per fact" in line for line in lines)
    assert any("claims[1].reason: missing; a chosen claim says why it was chosen" in line
               for line in lines)
    assert any("claims[2].chosen: the event shows no value at dates.announced" in line
               for line in lines)


def test_a_chosen_total_need_only_fit_what_the_transfers_give(write_yaml, event):
    main_transfer(event)["count"] = "at least 16"
    main_transfer(event).update(foreign=None, political=None)
    event["claims"] = [{"about": "freed", "value": 26, "chosen": True, "reason": "r"}]
    assert read_events([write_yaml(event)])
    event["claims"][0]["value"] = 10
    [line] = problems(write_yaml(event))
    assert "claims[0].value: 10 is chosen, but the event's transfers give at least 16 for " \
           "freed; accepted: a value within it" in line


def test_a_step_of_a_deal_is_not_part_of_itself(write_yaml, event):
    event["part_of"] = event["id"]
    [line] = problems(write_yaml(event))
    assert "part_of: 'by-2025-09-11' is this event" in line


def test_a_reference_to_an_unknown_actor_is_refused_when_written(db_path, write_yaml, event):
    from tracker.store.ingest import check_files

    event["concessions"][0]["granted_by"] = ["Somebody Unknown"]
    with pytest.raises(InvalidInput) as error:
        check_files(db_path, [write_yaml(event)])
    [problem] = error.value.problems
    assert problem.path == "concessions[0].granted_by[0]"
    assert problem.message.startswith(
        "'Somebody Unknown' is neither an actor of this event, a country, nor a known actor")


def test_an_actor_reference_may_be_an_alias_or_a_country(write_yaml, event):
    event["concessions"][0]["granted_by"] = ["John Cole", "Belarusians"]
    assert read_events([write_yaml(event)])


def test_the_same_id_twice_in_one_batch_is_refused(write_yaml, write_json, event):
    lines = problems(write_yaml(event, "a.yml"), write_json(event, "b.json"))
    assert any("b.json" in line and "'by-2025-09-11' is already used at" in line for line in lines)


def test_a_country_listed_twice_in_a_breakdown_is_refused(write_yaml, event):
    main_transfer(event)["nationalities"].append({"country": "Lithuania", "count": 1})
    [line] = problems(write_yaml(event))
    assert "transfers[0].nationalities[2].country: 'LT' is already listed at " \
           "nationalities[1]" in line


def test_an_unknown_field_named_like_a_python_type_is_reported(write_json, event):
    """Found by the random-input tests: a key called "str" once crashed the reporting."""
    event["str"] = None
    event["concessions"][0]["granted_by"] = [{"str": 1, "name": "Qatar", "kind": "state"}]
    lines = problems(write_json(event))
    assert any(line.endswith("str: unknown field; accepted: format, id, title, summary, type, "
                             "track, part_of, notes, dates, transfers, actors, concessions, "
                             "statements, prisoner_counts, claims, sources")
               for line in lines), lines
    assert any("concessions[0].granted_by[0].str: unknown field; accepted: id, name, kind, "
               "country, aliases" in line for line in lines), lines
