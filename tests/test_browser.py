"""In a real browser: Debian's chromium, driven by playwright, against a real
`tracker serve` on a free local port, in a window 1,368 pixels wide.

Every kind of page is opened: the home page, the database, every table and a row of
it, every canned query with and without its parameters, every full-text search, the
event page, every dashboard and chart, and the site's own pages. The tables, queries,
searches and charts are read from the metadata, the site's pages from the templates, so
that what is added later is covered as soon as it exists. Each page must fit the
window (nothing scrolls sideways), log no console message of level warning or above,
and request nothing beyond 127.0.0.1. A screenshot of each is saved in a temporary
folder (or in $TRACKER_SCREENSHOTS) for a reviewer to look at.

Without chromium these tests skip, except in CI (CI=true), where a missing browser is a
failure.
"""

import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from tracker.web.metadata import metadata
from tracker.web.site import DATABASE, PLUGIN, TEMPLATES

from conftest import SAMPLE_PARAMETERS

CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
# Keep chromium itself quiet on the network: no updates, sync or background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The window of a researcher's laptop, where the pages once scrolled sideways.
WIDTH, HEIGHT = 1368, 900
# Console messages of level warning or above.
COMPLAINTS = {"warning", "error", "assert"}

METADATA = metadata()
TABLES = METADATA["databases"][DATABASE]["tables"]
QUERIES = METADATA["databases"][DATABASE]["queries"]
DASHBOARDS = METADATA["plugins"]["datasette-dashboards"]
SITE_PAGES = sorted(page.stem for page in (TEMPLATES / "pages").glob("*.html"))
SEARCHED_TABLES = sorted(name for name, table in TABLES.items() if "fts_table" in table)
FOUNDING_EVENT = "by-2025-09-11"
SEARCH = "Belarus"


def browser_or_skip():
    """Skip when there is no browser here; in CI a missing browser is a failure."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package is not installed")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if missing:
        reason = "browser tests need a browser: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("TRACKER_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Every element that scrolls sideways: the page itself, or a box inside it (a table's
# wrapper) whose content is wider than the box.
SCROLLING_SIDEWAYS = """() => {
    const found = [];
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth) found.push(`the page, ${page.scrollWidth} px wide`);
    for (const element of document.querySelectorAll('body *')) {
        const overflow = getComputedStyle(element).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && element.scrollWidth > element.clientWidth + 1) {
            found.push(`${element.tagName.toLowerCase()}.${element.className}, ${element.scrollWidth} px in ${element.clientWidth}`);
        }
    }
    return found;
}"""

# True when every chart on the page has been drawn: an SVG, or a figure (metrics).
CHARTS_DRAWN = """() => [...document.querySelectorAll('.dashboard-card-chart, .chart-container')]
    .every(chart => chart.querySelector('svg') || /\\d/.test(chart.innerText))"""

# Charts whose drawing (marks, axes, legends) reaches beyond their frame, and is cut.
CHARTS_CUT = """() => [...document.querySelectorAll('.vega-embed svg.marks')].filter(svg => {
    const drawn = svg.getBBox();
    return drawn.x < -1 || drawn.y < -1
        || drawn.x + drawn.width > svg.width.baseVal.value + 1
        || drawn.y + drawn.height > svg.height.baseVal.value + 1;
}).map(svg => svg.closest('[id^=chart-]').id)"""

# (chart, label, colour) of every entry of every colour legend.
LEGEND_COLOURS = """() => [...document.querySelectorAll('.vega-embed')].flatMap(chart =>
    [...chart.querySelectorAll('.role-legend')]
        .filter(legend => /for (fill|stroke) color/.test(legend.getAttribute('aria-label')))
        .flatMap(legend => {
            // Vega draws a legend's labels and symbols in the same order, one of each an entry.
            const symbols = [...legend.querySelectorAll('.role-legend-symbol path')];
            return [...legend.querySelectorAll('.role-legend-label text')].map((label, index) => [
                chart.closest('[id^=chart-]').id, label.textContent,
                symbols[index].getAttribute('fill'),
            ]);
        }))"""


@dataclass
class Visit:
    """A browser tab on the live server that records what would break offline use."""
    page: object
    base: str
    screenshots: Path
    complaints: list = field(default_factory=list)
    outside_requests: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def open(self, path: str):
        """Open a page once it has loaded, and drawn its charts from the data they fetch."""
        response = self.page.goto(self.base + path, wait_until="load")
        assert response.status == 200, path
        self.page.wait_for_function(CHARTS_DRAWN)
        return self.page

    def assert_offline_and_clean(self):
        assert self.complaints == []
        assert self.outside_requests == []
        assert self.requests and all(
            urlparse(url).hostname == "127.0.0.1" for url in self.requests
        )

    def check(self, path: str):
        """Open a page and hold it to what every page must do; keep a screenshot."""
        page = self.open(path)
        assert page.evaluate(SCROLLING_SIDEWAYS) == [], path
        assert page.evaluate(CHARTS_CUT) == [], path
        assert page.locator(".message-error").count() == 0, page.locator(".message-error").first.inner_text()
        name = re.sub(r"[^\w.]+", "_", path).strip("_") or "home"
        page.screenshot(path=str(self.screenshots / f"{name}.png"), full_page=True)
        self.assert_offline_and_clean()
        return page


@pytest.fixture
def visit(browser, live_server, screenshots):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    tab = Visit(page=page, base=live_server.url, screenshots=screenshots)

    def route(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            tab.outside_requests.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda message: message.type in COMPLAINTS
            and tab.complaints.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: tab.complaints.append(f"error: {error}"))
    yield tab
    context.close()


# ---------------------------------------------------------------- every kind of page


@pytest.mark.parametrize("path", ["/", f"/{DATABASE}", "/-/dashboards"]
                         + [f"/{name}" for name in SITE_PAGES])
def test_the_site_pages_fit_the_window(visit, path):
    visit.check(path)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_and_a_row_of_it_fit_the_window(visit, table):
    page = visit.check(f"/{DATABASE}/{table}")
    # Long text is cut at two lines: no row is taller.
    tallest = page.evaluate("""() => Math.max(0, ...[...document.querySelectorAll(
        'table.rows-and-columns td > .cell')].map(cell =>
        cell.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight)))""")
    assert tallest <= 2.05, f"a cell of {table} is {tallest:.1f} lines tall"
    rows = page.locator("table.rows-and-columns tbody tr")
    if rows.count():
        visit.check(rows.first.locator("td").first.locator("a").get_attribute("href"))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_fits_the_window_with_and_without_its_parameters(visit, name):
    query = QUERIES[name]
    page = visit.check(f"/{DATABASE}/{name}")
    if "prompt" in query:
        assert page.locator("p.prompt").is_visible()
        assert not page.get_by_text("0 results").is_visible()
    params = {key: SAMPLE_PARAMETERS[key] for key in query.get("params", [])}
    if params:
        page = visit.check(f"/{DATABASE}/{name}?{urlencode(params)}")
        assert page.locator("p.prompt").count() == 0


@pytest.mark.parametrize("table", SEARCHED_TABLES)
def test_every_search_fits_the_window(visit, table):
    visit.check(f"/{DATABASE}/{table}?{urlencode({'_search': SEARCH})}")


@pytest.mark.parametrize("slug", sorted(DASHBOARDS))
def test_every_dashboard_and_chart_is_drawn_whole_within_the_window(visit, slug):
    visit.check(f"/-/dashboards/{slug}")
    for chart in DASHBOARDS[slug]["charts"]:
        visit.check(f"/-/dashboards/{slug}/{chart}")


def test_the_event_page_fits_the_window(visit):
    visit.check(f"/{DATABASE}/events/{FOUNDING_EVENT}")


def test_the_pages_checked_come_from_the_metadata_and_each_parameter_has_a_sample():
    assert {"events", "people", "sources", "event_revisions"} <= set(TABLES)
    assert "find_person" in QUERIES and "events" in SEARCHED_TABLES
    assert "overview" in DASHBOARDS and "about" in SITE_PAGES
    unsampled = {key for query in QUERIES.values() for key in query.get("params", [])
                 if key not in SAMPLE_PARAMETERS}
    assert unsampled == set(), "add a sample value to conftest.SAMPLE_PARAMETERS"


# ---------------------------------------------------------------- what the pages show


def test_the_home_page_leads_to_the_releases(visit):
    page = visit.open("/")
    assert page.locator("h1").first.inner_text() == "Release tracker"
    page.get_by_role("link", name="releases", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{visit.base}/{DATABASE}/events"
    assert page.locator("table.rows-and-columns tbody tr").count() > 0
    visit.assert_offline_and_clean()


def test_the_releases_show_their_key_columns_first_in_the_window(visit):
    page = visit.open(f"/{DATABASE}/events")
    key = TABLES["events"]["plugins"][PLUGIN]["key_columns"]
    headers = page.locator("table.rows-and-columns thead th").evaluate_all(
        "cells => cells.map(cell => [cell.dataset.column, cell.getBoundingClientRect().right])")
    assert [name for name, _ in headers] == ["id", *key]
    assert all(right <= WIDTH for _, right in headers)


def test_the_event_page_shows_the_founding_release(visit):
    page = visit.open(f"/{DATABASE}/events/{FOUNDING_EVENT}")
    glance = page.locator("dl.at-a-glance").inner_text()
    assert "52" in glance and "Lithuania" in glance
    lithuania = page.locator("table.nationalities tr", has_text="Lithuania")
    assert lithuania.locator("td").nth(1).inner_text().strip() == "6"
    assert "Belavia" in page.locator("table.concessions").inner_text()
    assert "John Coale" in page.locator("table.actors").inner_text()
    visit.assert_offline_and_clean()


def test_full_text_search_finds_a_release(visit):
    page = visit.open(f"/{DATABASE}/events")
    page.fill("input[name=_search]", "Belavia")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=Belavia**")
    page.wait_for_load_state("networkidle")
    ids = [text.strip() for text in page.locator("table.rows-and-columns td.col-id").all_inner_texts()]
    # The releases whose text names the airline, the founding one among them, and no other.
    assert FOUNDING_EVENT in ids
    assert all(text.startswith("by-") for text in ids)
    visit.assert_offline_and_clean()


def test_a_canned_query_runs_with_a_parameter(visit):
    page = visit.open(f"/{DATABASE}/people_freed_by_nationality")
    page.fill("input[name=releasing_state]", "Belarus")
    page.fill("input[name=since]", "2025-09-11")
    page.fill("input[name=until]", "2025-09-11")
    page.click("input[type=submit][value='Run SQL']")
    page.wait_for_url("**releasing_state=Belarus**")
    page.wait_for_load_state("networkidle")
    lithuania = page.locator("table.rows-and-columns tr", has_text="Lithuania")
    assert lithuania.locator("td.col-people_freed").inner_text().strip() == "6"
    visit.assert_offline_and_clean()


def test_the_person_search_asks_for_a_name_then_finds_the_releases(visit):
    page = visit.open(f"/{DATABASE}/find_person")
    assert "Type a name" in page.locator("p.prompt").inner_text()
    page.fill("input[name=q]", "Tsikhaouski")
    page.click("input[type=submit][value='Run SQL']")
    page.wait_for_url("**q=Tsikhaouski**")
    page.wait_for_load_state("networkidle")
    assert not page.locator("p.prompt").is_visible()
    assert page.locator("table.rows-and-columns tbody tr").count() > 0
    visit.assert_offline_and_clean()


def test_the_dashboard_draws_every_chart(visit):
    page = visit.open("/-/dashboards/overview")
    for slug, chart in DASHBOARDS["overview"]["charts"].items():
        element = page.locator(f"#chart-{slug}")
        assert element.is_visible(), slug
        if chart["library"] == "metric":
            assert re.search(r"\d", element.inner_text()), slug
        else:
            assert element.locator("svg .role-mark").count() > 0, slug
    visit.assert_offline_and_clean()


def test_a_colour_means_one_thing_in_every_chart(visit):
    page = visit.open("/-/dashboards/overview")
    entries = page.evaluate(LEGEND_COLOURS)
    assert {chart for chart, _, _ in entries} >= {
        "chart-releases-over-time", "chart-concessions-by-kind", "chart-remaining-prisoners"}
    colours_of, labels_of = defaultdict(set), defaultdict(set)
    for _, label, colour in entries:
        colours_of[label].add(colour)
        labels_of[colour].add(label)
    assert {label: colours for label, colours in colours_of.items() if len(colours) > 1} == {}
    assert {colour: labels for colour, labels in labels_of.items() if len(labels) > 1} == {}
    # Belarus is both a releasing state and a country holding prisoners: one colour.
    assert len([chart for chart, label, _ in entries if label == "Belarus"]) == 2


def test_every_page_footer_gives_the_licence_and_the_sources(visit):
    for path in ["/", f"/{DATABASE}/events", f"/{DATABASE}/find_person", "/-/dashboards/overview"]:
        footer = visit.open(path).locator("footer").inner_text()
        assert "Data licence: CC BY 4.0" in footer and "Sources: News reports" in footer, path
    visit.assert_offline_and_clean()


# ---------------------------------------------------------------- the guards themselves


def test_the_guard_catches_console_warnings_and_blocks_requests_that_leave(visit):
    page = visit.open("/about")
    page.evaluate("fetch('http://tracker-test.invalid/x').catch(() => null)")
    page.evaluate("console.warn('careful')")
    page.wait_for_load_state("networkidle")
    assert visit.outside_requests == ["http://tracker-test.invalid/x"]
    assert visit.complaints[-1] == "warning: careful"
    with pytest.raises(AssertionError):
        visit.assert_offline_and_clean()


def test_the_guard_catches_a_page_that_scrolls_sideways(visit):
    page = visit.open("/about")
    assert page.evaluate(SCROLLING_SIDEWAYS) == []
    page.evaluate("document.querySelector('h1').style.width = '3000px'")
    assert page.evaluate(SCROLLING_SIDEWAYS) == ["the page, 3016 px wide"]
    page.evaluate("""() => { const box = document.querySelector('h1').parentElement;
        box.style.overflowX = 'auto'; box.style.width = '500px'; }""")
    assert page.evaluate(SCROLLING_SIDEWAYS) == ["section.content, 3000 px in 500"]


def test_without_chromium_the_browser_tests_skip_locally_and_fail_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium is missing"):
        browser_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium is missing"):
        browser_or_skip()


SWAP_EVENT = "ru-2024-08-01"
# Every list of the event page: its rows.
EVENT_PAGE_LISTS = {
    "dates": "ul.dates li", "transfers": "table.transfers tbody tr",
    "nationalities": "table.nationalities tbody tr", "people": "ul.people li",
    "actors": "table.actors tbody tr", "concessions": "table.concessions tbody tr",
    "claims": "table.claims tbody tr", "prisoner counts": "table.prisoner-counts tbody tr",
    "statements": "ul.statements li", "sources": "ol.sources li", "track": "ul.track li",
}


def test_the_event_page_of_a_swap_shows_both_ways_within_the_window(visit):
    from tracker.web.eventpage import LIST_ROWS

    page = visit.check(f"/{DATABASE}/events/{SWAP_EVENT}")
    transfers = page.locator("table.transfers tbody tr").all_inner_texts()
    assert any(text.startswith("Russia") for text in transfers)
    assert any(text.startswith("United States") or text.startswith("Germany") for text in transfers)
    for name, rows in EVENT_PAGE_LISTS.items():
        assert page.locator(rows).count() <= LIST_ROWS, name
    visit.assert_offline_and_clean()


def test_a_chart_of_flows_and_of_belarus_release_waves_are_drawn(visit):
    page = visit.open("/-/dashboards/overview")
    flows = page.locator("#chart-flows svg .role-mark")
    assert flows.count() > 0
    waves = page.locator("#chart-belarus-waves").inner_text()
    assert "political prisoners remaining" in waves and "freed in a release" in waves
    visit.assert_offline_and_clean()
