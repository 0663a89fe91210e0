"""In a real browser: Debian's chromium, driven by playwright, against a real
`tracker serve` on a free local port. Every page must work offline: no console error,
no request that leaves 127.0.0.1.

Without chromium these tests skip, except in CI (CI=true), where a missing browser is a
failure. Screenshots of the event page and the dashboard are saved in a temporary
folder (or in $TRACKER_SCREENSHOTS) for a reviewer to look at.
"""

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tracker.web.dashboards import OVERVIEW
from tracker.web.site import DATABASE

CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
# Keep chromium itself quiet on the network: no updates, sync or background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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


@dataclass
class Visit:
    """A browser tab on the live server that records what would break offline use."""
    page: object
    base: str
    console_errors: list = field(default_factory=list)
    outside_requests: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response.status == 200, path
        self.page.wait_for_load_state("networkidle")
        return self.page

    def assert_offline_and_clean(self):
        assert self.console_errors == []
        assert self.outside_requests == []
        assert self.requests and all(
            urlparse(url).hostname == "127.0.0.1" for url in self.requests
        )


@pytest.fixture
def visit(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    tab = Visit(page=page, base=live_server.url)

    def route(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            tab.outside_requests.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    page.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


def test_the_home_page_leads_to_the_releases(visit):
    page = visit.open("/")
    assert page.locator("h1").first.inner_text() == "Release tracker"
    page.get_by_role("link", name="releases", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{visit.base}/{DATABASE}/events"
    assert page.locator("table.rows-and-columns tbody tr").count() > 0
    visit.assert_offline_and_clean()


def test_the_event_page_shows_the_founding_release(visit, screenshots):
    page = visit.open(f"/{DATABASE}/events/by-2025-09-11")
    glance = page.locator("dl.at-a-glance").inner_text()
    assert "52" in glance and "Lithuania" in glance
    lithuania = page.locator("table.nationalities tr", has_text="Lithuania")
    assert lithuania.locator("td").nth(1).inner_text().strip() == "6"
    assert "Belavia" in page.locator("table.concessions").inner_text()
    assert "John Coale" in page.locator("table.actors").inner_text()
    page.screenshot(path=str(screenshots / "event-page.png"), full_page=True)
    visit.assert_offline_and_clean()


def test_full_text_search_finds_a_release(visit):
    page = visit.open(f"/{DATABASE}/events")
    page.fill("input[name=_search]", "Belavia")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=Belavia**")
    page.wait_for_load_state("networkidle")
    ids = page.locator("table.rows-and-columns td.col-id").all_inner_texts()
    assert [text.strip() for text in ids] == ["by-2025-09-11"]
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


# True when the element holds a chart that has been drawn: a canvas with painted
# pixels, or an SVG with marks.
DRAWN = """element => {
    const canvas = element.querySelector('canvas');
    if (canvas && canvas.width > 0 && canvas.height > 0) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) return true; }
        return false;
    }
    const svg = element.querySelector('svg');
    return !!(svg && svg.querySelector('path, rect, circle'));
}"""


def test_the_dashboard_draws_its_charts(visit, screenshots):
    page = visit.open("/-/dashboards/overview")
    for slug, chart in OVERVIEW["charts"].items():
        element = page.locator(f"#chart-{slug}")
        if chart["library"] == "metric":
            page.wait_for_function(
                "slug => /\\d/.test(document.querySelector('#chart-' + slug).innerText)", arg=slug
            )
        else:
            page.wait_for_function(f"() => ({DRAWN})(document.querySelector('#chart-{slug}'))")
        assert element.is_visible(), slug
    page.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)
    visit.assert_offline_and_clean()


def test_the_guard_catches_console_errors_and_blocks_requests_that_leave(visit):
    page = visit.open("/about")
    page.evaluate("fetch('http://tracker-test.invalid/x').catch(() => null)")
    page.evaluate("console.error('broken')")
    page.wait_for_load_state("networkidle")
    assert visit.outside_requests == ["http://tracker-test.invalid/x"]
    assert visit.console_errors and visit.console_errors[-1] == "broken"
    with pytest.raises(AssertionError):
        visit.assert_offline_and_clean()


def test_without_chromium_the_browser_tests_skip_locally_and_fail_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium is missing"):
        browser_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium is missing"):
        browser_or_skip()
