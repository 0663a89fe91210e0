"""Bad event files are refused with one line per problem: file, line, field, what is accepted."""

import pytest

from tracker.errors import InvalidInput
from tracker.files.validate import read_events


def problems(*paths) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        read_events(paths)
    return [str(problem) for problem in error.value.problems]


def test_a_valid_event_reads_with_normalised_countries(write_yaml, event):
    [valid] = read_events([write_yaml(event)])
    assert valid.event.releasing_state == "BY"
    assert [n.country for n in valid.event.nationalities] == ["GB", "LT"]


def test_a_misspelt_field_is_named_with_its_line_and_a_suggestion(tmp_path):
    path = tmp_path / "event.yml"
    path.write_text(
        "id: by-2025-09-11\ntitle: t\ntype: release\ndate: 2025-09-11\n"
        "releasing_state: BY\nnationalites:\n  - {country: LT, count: 6}\n"
        "sources: [{id: s}]\n"
    )
    [line] = problems(path)
    assert line.startswith(f"{path}:6: nationalites: unknown field; did you mean 'nationalities'?")


def test_an_unknown_demonym_is_reported_at_its_line_and_path(tmp_path):
    path = tmp_path / "event.yml"
    path.write_text(
        "id: by-2025-09-11\ntitle: t\ntype: release\ndate: 2025-09-11\n"
        "releasing_state: BY\nnationalities:\n  - country: Lithuanians\n    count: 6\n"
        "  - country: Lithuanianz\n    count: 1\nsources: [{id: s}]\n"
    )
    [line] = problems(path)
    assert line.startswith(f"{path}:9: nationalities[1].country: 'Lithuanianz' is not a known country")
    assert "accepted:" in line


def test_every_problem_in_every_file_is_reported(write_yaml, write_json, event):
    bad = dict(event, date="2025-13-40", total_released=-1, type="kidnapping")
    first = write_yaml(bad, "first.yml")
    second = write_json(dict(event, id="Not An Id"), "second.json")
    lines = problems(first, second)
    assert any("first.yml" in line and "date: '2025-13-40' has month 13" in line for line in lines)
    assert any("first.yml" in line and "total_released: -1" in line and "0 or more" in line for line in lines)
    assert any("first.yml" in line and "type: 'kidnapping'" in line for line in lines)
    assert any(line.startswith(f"{second}:2: id: 'Not An Id'") for line in lines)


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"total_released": "52"}, "total_released: '52': Input should be a valid integer"),
        ({"total_released": True}, "total_released: True: Input should be a valid integer"),
        ({"total_released": 52.5}, "total_released: 52.5"),
        ({"sources": []}, "sources: List should have at least 1 item"),
        ({"title": ""}, "title: '': String should have at least 1 character"),
        ({"status": "rumoured"}, "'released' or 'announced'"),
    ],
)
def test_wrong_types_are_refused(write_yaml, event, change, fragment):
    event.update(change)
    assert any(fragment in line for line in problems(write_yaml(event)))


def test_a_missing_required_field_is_named(write_yaml, event):
    del event["releasing_state"]
    assert any("releasing_state: missing; this field is required" in line
               for line in problems(write_yaml(event)))


def test_a_breakdown_larger_than_the_total_is_refused(write_yaml, event):
    event["nationalities"] = [{"country": "LT", "count": 40}, {"country": "PL", "count": 20}]
    event["foreign_nationals"] = None
    [line] = problems(write_yaml(event))
    assert "the breakdown adds up to 60, more than total_released (52)" in line


def test_foreign_nationalities_above_the_foreign_count_are_refused(write_yaml, event):
    event["nationalities"] = [{"country": "LT", "count": 10}, {"country": "PL", "count": 5},
                              {"country": "BY", "count": 30}]
    [line] = problems(write_yaml(event))
    assert "foreign nationalities add up to 15, more than foreign_nationals (14)" in line


def test_a_lower_bound_total_does_not_cap_the_breakdown(write_yaml, event):
    event.update(total_released=5, total_released_lower_bound=True, foreign_nationals=None)
    event["nationalities"] = [{"country": "LT", "count": 6}]
    assert read_events([write_yaml(event)])


def test_a_fact_citing_an_unknown_source_is_refused(write_yaml, event):
    event["concessions"][0]["source"] = "nowhere"
    [line] = problems(write_yaml(event))
    assert "concessions[0].source: 'nowhere' is not a source of this event; accepted: article" in line


def test_an_actor_reference_must_resolve(write_yaml, event):
    event["concessions"][0]["granted_by"] = "Somebody Unknown"
    [line] = problems(write_yaml(event))
    assert "concessions[0].granted_by: 'Somebody Unknown' is neither an actor of this event nor a country" in line


def test_an_actor_reference_may_be_an_alias_or_a_country(write_yaml, event):
    event["concessions"][0]["granted_by"] = "John Cole"
    event["concessions"][0]["beneficiary"] = "Belarusians"
    assert read_events([write_yaml(event)])


def test_the_same_id_twice_in_one_batch_is_refused(write_yaml, write_json, event):
    lines = problems(write_yaml(event, "a.yml"), write_json(event, "b.json"))
    assert any("b.json" in line and "'by-2025-09-11' is already used at" in line for line in lines)


def test_one_source_described_two_ways_in_a_batch_is_refused(write_yaml, event):
    other = dict(event, id="by-2025-06-21")
    other["sources"] = [{"id": "article", "title": "Another title"}]
    lines = problems(write_yaml(event, "a.yml"), write_yaml(other, "b.yml"))
    assert any("source 'article' differs from its description" in line for line in lines)


def test_a_country_listed_twice_in_the_breakdown_is_refused(write_yaml, event):
    event["nationalities"].append({"country": "Lithuania", "count": 1})
    [line] = problems(write_yaml(event))
    assert "nationalities[2].country: 'LT' is already listed at nationalities[1]" in line


def test_an_unknown_field_named_like_a_python_type_is_reported(write_json, event):
    """Found by the random-input tests: a key called "str" once crashed the reporting."""
    event["str"] = None
    event["concessions"][0]["granted_by"] = {"str": 1, "name": "Qatar", "kind": "state"}
    lines = problems(write_json(event))
    assert any(line.endswith("str: unknown field; accepted: id, title, summary, type, status, "
                             "track, date, releasing_state, receiving_state, total_released, "
                             "total_released_lower_bound, foreign_nationals, "
                             "foreign_nationals_lower_bound, notes, nationalities, people, "
                             "actors, concessions, statements, claims, prisoner_counts, sources")
               for line in lines), lines
    assert any("concessions[0].granted_by.str: unknown field; accepted: id, name, kind, "
               "country, aliases" in line for line in lines), lines
