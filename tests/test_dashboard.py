"""The charts: a datasette-dashboards board whose every chart has data, with or without
filters, and whose scripts are all served locally."""

from urllib.parse import urlencode, urlparse

import pytest
from bs4 import BeautifulSoup
from datasette_dashboards import replace_opts_in_query

from tracker.web.dashboards import OVERVIEW, RANKED_ROWS
from tracker.web.site import DATABASE

BOARD = "/-/dashboards/overview"
FILTERS = {"releasing_state": "Belarus", "since": "2024-01-01", "until": "2025-12-31"}


def chart_rows(get, chart, filters):
    """What the dashboard's JavaScript fetches for a chart."""
    sql = replace_opts_in_query(chart["query"], filters)
    response = get(f"/{chart['db']}.json?{urlencode({'sql': sql, **filters, '_shape': 'objects'})}")
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def test_the_board_is_listed_and_shows_every_chart(get):
    assert BOARD in {a["href"] for a in BeautifulSoup(get("/-/dashboards").text, "html.parser").find_all("a", href=True)}
    page = BeautifulSoup(get(BOARD).text, "html.parser")
    for slug in OVERVIEW["charts"]:
        assert page.find(id=f"chart-{slug}"), slug
    states = [option.get_text() for option in page.select("select#releasing_state option")]
    assert "Belarus" in states and "Iran" in states


def test_the_charts_cover_time_nationality_and_concessions():
    charts = OVERVIEW["charts"]
    assert {"releases-over-time", "people-freed-by-nationality", "concessions-by-kind"} <= set(charts)
    assert all(chart["db"] == DATABASE for chart in charts.values())


def test_every_script_and_stylesheet_is_served_locally(get):
    page = BeautifulSoup(get(BOARD).text, "html.parser")
    sources = [tag["src"] for tag in page.find_all("script", src=True)]
    sources += [tag["href"] for tag in page.find_all("link", href=True)]
    assert any("vega-lite" in source for source in sources)
    for source in sources:
        assert not urlparse(source).netloc, source
        assert get(source).status_code == 200, source


@pytest.mark.parametrize("filters", [{}, FILTERS], ids=["unfiltered", "filtered"])
@pytest.mark.parametrize("slug", sorted(OVERVIEW["charts"]))
def test_every_chart_has_data_with_and_without_filters(get, slug, filters):
    chart = OVERVIEW["charts"][slug]
    found = chart_rows(get, chart, filters)
    assert found, slug
    if chart["library"] == "metric":
        # A count, or a qualified sum as pages say it ("at least 328").
        assert found[0]["value"] not in (None, 0, "0", "unknown"), slug
    else:
        fields = {
            encoding["field"]
            for encoding in chart["display"]["encoding"].values()
            if isinstance(encoding, dict)
        }
        assert fields <= set(found[0]), slug


def test_a_filter_narrows_the_charts(get):
    releases = OVERVIEW["charts"]["releases"]
    everything = chart_rows(get, releases, {})[0]["value"]
    belarus = chart_rows(get, releases, {"releasing_state": "Belarus"})[0]["value"]
    iran = chart_rows(get, releases, {"releasing_state": "Iran"})[0]["value"]
    assert 0 < iran < belarus < everything


def test_the_nationality_chart_agrees_with_the_canned_query(get):
    chart = {row["nationality"]: row["people_freed"]
             for row in chart_rows(get, OVERVIEW["charts"]["people-freed-by-nationality"], {})}
    query = get(f"/{DATABASE}/people_freed_by_nationality.json?_shape=objects").json()["rows"]
    ranked = sorted((row for row in query if row["people_freed"] is not None),
                    key=lambda row: (-row["people_freed"], row["nationality"]))
    # The chart shows the first RANKED_ROWS, as its title says; the query lists them all.
    assert len(query) > RANKED_ROWS
    assert chart == {row["nationality"]: row["people_freed"] for row in ranked[:RANKED_ROWS]}


def test_the_flows_chart_agrees_with_the_canned_query(get):
    chart = {(row["year"], row["flow"]): row["figure"]
             for row in chart_rows(get, OVERVIEW["charts"]["flows"], {})}
    query = get(f"/{DATABASE}/flows_between_states.json?_shape=objects").json()["rows"]
    expected = {(row["year"], f"{row['freed_by']} → {row['went_to']}"): row["people_freed_figure"] or "unknown"
                for row in query}
    assert chart and set(chart.items()) <= set(expected.items())
    assert len({flow for _, flow in chart}) <= RANKED_ROWS
    assert (2025, "Belarus → Lithuania") in expected


def test_the_belarus_chart_sets_release_waves_against_remaining_prisoners(get):
    found = chart_rows(get, OVERVIEW["charts"]["belarus-waves"], {})
    waves = [row for row in found if row["series"] == "freed in a release"]
    remaining = [row for row in found if row["series"] == "political prisoners remaining"]
    founding = [row for row in waves if row["date"] == "2025-09-11"]
    assert founding and founding[0]["people"] == 52 and "political" in founding[0]["figure"]
    assert ("1,300", "United States") in {(row["figure"], row["according_to"]) for row in remaining}
    days = [row["day"] for row in found]
    assert days == sorted(days)
    narrowed = chart_rows(get, OVERVIEW["charts"]["belarus-waves"], {"since": "2025-09-01"})
    assert narrowed and all(row["day"] >= "2025-09-01" for row in narrowed)
