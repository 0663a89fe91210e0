"""Attacks on a withheld name (issue 11, cases 8 and 9), as main accepted them."""

import subprocess

import httpx
import pytest

from tracker.errors import InvalidInput
from tracker.files.validate import read_events
from tracker.reference.names import fold

from served import TRACKER, tracker_serve

NAME = "Alena Zhukava"
CYRILLIC = "Паліна Шарэнда-Панасюк"


def withheld(event, name, person_id="viasna-2025-10-01-1"):
    event["people"] = [{"id": person_id, "name": name, "withheld": True}]
    return event


@pytest.mark.parametrize("written", [
    "Alena Zhu\u00adkava", "Alena Zhu\u200bkava", "Ale\u2060na Zhukava", "Ａｌｅｎａ Ｚｈｕｋａｖａ",
])
def test_an_invisible_or_compatibility_spelling_is_refused(write_yaml, event, written):
    withheld(event, NAME)["summary"] = f"Among those freed was {written}."
    with pytest.raises(InvalidInput):
        read_events([write_yaml(event)])


@pytest.mark.parametrize("written", ["Palina Sharenda-Panasiuk", "Polina Sharendo-Panasyuk"])
def test_a_latin_transliteration_of_a_cyrillic_name_is_refused(write_yaml, event, written):
    withheld(event, CYRILLIC)["summary"] = f"Among those freed was {written}."
    with pytest.raises(InvalidInput):
        read_events([write_yaml(event)])


def test_an_id_made_from_a_cyrillic_name_is_refused(write_yaml, event):
    withheld(event, CYRILLIC, person_id="sharenda-1")
    with pytest.raises(InvalidInput):
        read_events([write_yaml(event)])


def test_withholding_a_published_person_leaves_no_trace_in_the_served_history(tmp_path, write_yaml, event):
    db = tmp_path / "tracker.db"
    event["people"] = [{"name": NAME}]
    subprocess.run([str(TRACKER), "--db", str(db), "ingest", str(write_yaml(event, "a.yml"))], check=True)
    withheld(event, "Name withheld")
    subprocess.run([str(TRACKER), "--db", str(db), "ingest", str(write_yaml(event, "b.yml"))])
    with tracker_serve(db) as (base, _):
        text = httpx.get(f"{base}/tracker/event_revisions.json?_shape=array").text
    assert "zhukava" not in fold(text)
