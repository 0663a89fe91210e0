"""docs/coverage.md says what the curated data holds, and stays in step with data/."""

import sqlite3

from click.testing import CliRunner

from tracker import about
from tracker.cli import cli
from tracker.store.coverage import REGENERATE, coverage_markdown
from tracker.store.db import connect_readonly

from conftest import ROOT, another, main_transfer

COVERAGE = ROOT / "docs" / "coverage.md"


def test_the_committed_coverage_is_that_of_the_curated_data(curated_db):
    conn = connect_readonly(curated_db)
    try:
        expected = coverage_markdown(conn)
    finally:
        conn.close()
    assert COVERAGE.read_text(encoding="utf-8") == expected, (
        f"docs/coverage.md is out of date with data/: run {REGENERATE}")


def section(text: str, title: str) -> list[list[str]]:
    """The rows of the table under a heading, as cells."""
    body = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("| ")][2:]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_coverage_counts_events_sources_and_single_source_facts(tmp_path, write_yaml, event):
    data = tmp_path / "data"
    (data / "events").mkdir(parents=True)
    swap = another(event, "ru-2024-08-01", type="exchange")
    swap["sources"] = [{"id": "report-a", "title": "A"}, {"id": "report-b", "title": "B"}]
    for transfer in swap["transfers"]:
        transfer.update(sources=["report-a", "report-b"], nationalities=[], people=[])
    main_transfer(swap).update({"from": "RU", "to": "DE", "count": "about 16"})
    swap["transfers"].append({"from": "DE", "to": "RU", "how": "handed_over", "status": "carried_out",
                              "count": 8, "sources": ["report-a"]})
    swap["dates"][0]["sources"] = ["report-a"]
    swap["actors"] = swap["concessions"] = []
    later = another(event, "by-2025-06-21")
    for document in (event, swap, later):
        write_yaml(document, f"data/events/{document['id']}.yml")
    result = CliRunner().invoke(cli, ["coverage", "--data", str(data), "-o", str(tmp_path / "c.md")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "**3 events** from 2024-08-01 to 2025-09-11, citing **3 sources**" in text
    assert section(text, "Events per year") == [["2024", "1", "1", "about 24"],
                                                ["2025", "2", "2", "104"]]
    assert section(text, "Events per state that freed people") == [
        ["Belarus", "2", "104"], ["Germany", "1", "8"], ["Russian Federation", "1", "about 16"]]
    assert section(text, "Events per type") == [["release", "2"], ["exchange", "1"]]
    assert section(text, "Sources per event") == [["1", "2"], ["2", "1"]]
    facts = {row[0]: row[1:3] for row in section(text, "Facts resting on a single source")}
    # The swap's date and its second transfer cite one report; its first transfer two.
    assert facts["date"] == ["3", "3"] and facts["transfer"] == ["4", "3"]
    assert facts["nationality"] == ["4", "4"] and facts["claim"] == ["0", "0"]
    for item in about.LEAVES_OUT:
        assert f"- {item}" in text


def test_coverage_reads_the_database_by_default(curated_db):
    result = CliRunner().invoke(cli, ["--db", str(curated_db), "coverage"])
    assert result.exit_code == 0
    (events,) = sqlite3.connect(curated_db).execute("SELECT count(*) FROM events").fetchone()
    assert f"**{events:,} events**" in result.output


def test_coverage_of_invalid_data_says_which_file_and_writes_nothing(tmp_path, write_yaml, event):
    event["transfers"][0]["count"] = "lots"
    (tmp_path / "data" / "events").mkdir(parents=True)
    write_yaml(event, "data/events/bad.yml")
    result = CliRunner().invoke(cli, ["coverage", "--data", str(tmp_path / "data"),
                                      "-o", str(tmp_path / "c.md")])
    assert result.exit_code != 0 and "bad.yml" in result.output
    assert not (tmp_path / "c.md").exists()
