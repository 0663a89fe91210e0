"""Text that looks like HTML or script is shown as text: a real browser runs none of it.

Every text field of an event carries a payload that would set `window.xss_<field>` if
the page ran it. Chromium loads the event's pages from a real `tracker serve`.
"""

import json
import re
import shutil
import sqlite3
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from conftest import present_or_skip
from served import TRACKER, tracker_serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
EVENT_ID = "by-2025-10-02"


def payloads(field: str) -> str:
    """Script, an event handler, a javascript: link and a Markdown link, all in one text."""
    return (f"<script>window.xss_{field}=1</script>"
            f"<img src=x onerror=window.xss_{field}_img=1>"
            f'<a href="javascript:window.xss_{field}_link=1">open</a>'
            f"[open](javascript:window.xss_{field}_md=1)")


def hostile_event() -> dict:
    return {
        "format": 2, "id": EVENT_ID, "title": payloads("title"), "summary": payloads("summary"),
        "type": "release", "notes": payloads("notes"),
        "dates": [{"step": "released", "date": "2025-10-02", "note": payloads("date_note")}],
        "transfers": [{
            "from": "BY", "status": "carried_out", "count": 1, "note": payloads("transfer"),
            "people": [{"name": payloads("person"), "note": payloads("person_note")}],
        }],
        "actors": [{"name": payloads("actor"), "kind": "organisation", "role": "mediator",
                    "description": payloads("role")}],
        "concessions": [{"kind": "other", "description": payloads("concession"),
                         "status": "reported", "dispute": payloads("dispute")}],
        "statements": [{"gist": payloads("gist"), "platform": payloads("platform"),
                        "stance": "neutral"}],
        "claims": [{"about": "other", "value": payloads("claim"),
                    "reason": payloads("claim_note")}],
        "sources": [{"id": "hostile", "title": payloads("source"),
                     "publisher": payloads("publisher"), "note": payloads("source_note"),
                     "url": "https://example.org/<script>window.xss_url=1</script>"}],
    }


@pytest.fixture(scope="module")
def server(curated_db, tmp_path_factory):
    work = tmp_path_factory.mktemp("xss")
    db_path = work / "tracker.db"
    shutil.copy(curated_db, db_path)
    path = work / "hostile.json"
    path.write_text(json.dumps(hostile_event()), encoding="utf-8")
    result = subprocess.run([str(TRACKER), "--db", str(db_path), "ingest", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # A javascript: address cannot pass validation; one put there by another tool must
    # still be shown as text.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE sources SET url = 'javascript:window.xss_source_url=1' "
                 "WHERE id = 'hostile'")
    conn.commit()
    conn.close()
    with tracker_serve(db_path) as (base_url, _):
        yield base_url


@pytest.fixture(scope="module")
def browser():
    executable = present_or_skip(
        CHROMIUM, "the browser tests need Debian's chromium: apt-get install chromium "
        "(.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def event_pages(base_url: str) -> tuple[list[str], list[str]]:
    """The event's page and every table filtered to it (whose row links are followed too),
    and the listings and search that show its text among other events'."""
    tables = ["transfer_people", "transfers", "event_dates", "event_actors", "concessions",
              "statements", "claims", "event_sources"]
    followed = [f"/tracker/events/{EVENT_ID}",
                *(f"/tracker/{table}?event_id={EVENT_ID}" for table in tables)]
    listings = ["/tracker/events?_search=script", "/tracker/people", "/tracker/actors",
                "/tracker/sources", "/tracker/find_person?q=script", "/tracker/mediators",
                "/tracker/disputed_facts", "/tracker/remaining_prisoners",
                "/-/dashboards/overview"]
    return [base_url + page for page in followed], [base_url + page for page in listings]


def ran_payloads(page) -> list[str]:
    return page.evaluate("Object.keys(window).filter(key => key.startsWith('xss_'))")


def javascript_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("[href], [src]", "els => els.map(e => "
                                      "e.getAttribute('href') || e.getAttribute('src'))")
    return [href for href in hrefs if re.sub(r"\s", "", href).lower().startswith("javascript:")]


def test_the_detector_sees_a_payload_that_runs(browser):
    page = browser.new_page()
    page.set_content("<p>control</p>" + payloads("control"))
    page.wait_for_timeout(200)
    assert "xss_control_img" in ran_payloads(page)
    assert javascript_links(page) == ["javascript:window.xss_control_link=1"]
    page.close()


def test_no_payload_runs_on_any_page_of_the_event(browser, server):
    followed, listings = event_pages(server)
    dialogs, row_links = [], []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def visit(url):
        response = page.goto(url)
        assert response.status == 200, url
        assert ran_payloads(page) == [], url
        assert javascript_links(page) == [], url

    for url in followed:
        visit(url)
        row_links += [
            urllib.parse.urljoin(url, href)
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            if re.match(r"^/tracker/\w+/[^?]+$", href) and not href.endswith((".json", ".csv"))
        ]
    assert row_links, "the event's pages link to no rows"
    for url in sorted(set(row_links) - set(followed)) + listings:
        visit(url)
    assert dialogs == []
    page.close()


def test_the_payloads_are_shown_as_text(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/tracker/events/{EVENT_ID}")
    text = page.inner_text("body")
    assert "<script>window.xss_title=1</script>" in text
    assert "<img src=x onerror=window.xss_summary_img=1>" in text
    page.goto(f"{server}/tracker/sources/hostile")
    assert "javascript:window.xss_source_url=1" in page.inner_text("body")
    page.close()
