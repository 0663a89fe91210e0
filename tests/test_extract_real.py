"""The real reports of tests/extract/real/: their texts stay out of git, their files are
read by the evaluation script."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

REAL = ROOT / "tests" / "extract" / "real"
# This many words in a row of a report is a passage of its text. Not 12: an official
# body's name and "said" reach 12 ("Ukraine's Coordination Headquarters for the Treatment
# of Prisoners of War said"), which a written case may share with a report by chance.
PASSAGE_WORDS = 13
WORD = re.compile(r"\w+")


def reports_folder() -> Path:
    """The local folder of report texts ($TRACKER_REPORTS), or skip: without the texts
    there is nothing to compare the repository with."""
    folder = os.environ.get("TRACKER_REPORTS")
    if not folder:
        pytest.skip("no reports folder: set TRACKER_REPORTS to the folder of the real reports' texts")
    if not Path(folder).is_dir():
        pytest.skip(f"TRACKER_REPORTS={folder} is not a folder")
    return Path(folder)


def passages(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i:i + PASSAGE_WORDS]) for i in range(len(words) - PASSAGE_WORDS + 1)}


def report_passages(path: Path) -> set[tuple[str, ...]]:
    """A report's passages but those of its headline and address (its first two lines),
    which a source cites as its title and url, and which the text often repeats."""
    headline, address, body = (path.read_text(encoding="utf-8", errors="replace").split("\n", 2) + ["", ""])[:3]
    cited = f"{headline}\n{address}"
    # A title or address as a source cites it, with the one word around it that a file
    # puts there too (`published:` after a url) and the text happens to repeat.
    runs = {passage[:-1] for passage in passages(cited + " x")}
    return {passage for passage in passages(body) - passages(cited)
            if passage[:-1] not in runs and passage[1:] not in runs}


def committed_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


def test_no_committed_file_holds_a_passage_of_a_report():
    folder = reports_folder()
    owner: dict[tuple, str] = {}
    for path in sorted(folder.glob("*.txt")):
        for passage in report_passages(path):
            owner.setdefault(passage, path.stem)
    assert owner, f"{folder} holds no report text (*.txt)"
    found = []
    for path in committed_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not text
        for passage in passages(text):
            if passage in owner:
                found.append(f"{path.relative_to(ROOT)} holds words of {owner[passage]}: {' '.join(passage)!r}")
                break
    assert not found, "\n".join(found)


def test_the_passage_check_finds_a_copied_sentence(tmp_path):
    """The comparison itself: 13 words of a report in a file are found, 12 are not, nor
    its headline repeated in its text."""
    headline = " ".join(f"head{i}" for i in range(20))
    report = tmp_path / "report.txt"
    report.write_text(f"{headline}\nhttps://example.org/a\n\n{headline}. " + " ".join(f"word{i}" for i in range(40)))
    found = report_passages(report)
    assert passages(" ".join(f"word{i}" for i in range(10, 23))) <= found
    assert not passages(" ".join(f"word{i}" for i in range(10, 22))) & found
    assert not passages(headline) & found


def test_every_real_report_file_names_its_report_set_and_expected_event():
    yaml = YAML(typ="safe")
    for path in sorted(REAL.glob("*.yml")):
        document = yaml.load(path.read_text(encoding="utf-8"))
        assert document["report"] == path.stem, path.name
        assert document["set"] in ("tuned", "held_out"), path.name
        assert document["url"].startswith("http"), path.name
        expected = document["expected"]
        assert expected["format"] == 2 and expected["sources"][0]["url"] == document["url"], path.name


def test_the_evaluation_script_scores_the_real_reports_per_set(tmp_path):
    """With the texts it drafts each set; without them it says which reports it skipped."""
    script = [sys.executable, str(ROOT / "scripts" / "eval_extract.py"), "--set", "held_out", "--no-db"]
    environment = {key: value for key, value in os.environ.items() if key != "TRACKER_REPORTS"}
    skipped = subprocess.run(script, capture_output=True, text=True, check=True, cwd=ROOT, env=environment)
    count = len([path for path in REAL.glob("*.yml") if "set: held_out" in path.read_text(encoding="utf-8")])
    assert f"skipped {count} of {count} real reports: text not in (no --reports folder" in skipped.stderr
    folder = reports_folder()
    scored = subprocess.run([*script, "--reports", str(folder)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert f"set held_out ({count} reports)" in scored.stdout
    for target in ("date right >= 85%", "total right >= 85%", "breakdown F1 >= 0.8",
                   "actors recall >= 0.7 at precision >= 0.8", "concessions recall >= 0.7",
                   "transfers (who -> whom) right >= 70%"):
        assert target in scored.stdout
    # A held-out report is never shown one by one, even when asked (-v).
    verbose = subprocess.run([*script, "--reports", str(folder), "-v"], capture_output=True, text=True,
                             check=True, cwd=ROOT)
    assert not any(line.split(":")[0] + ".yml" in {p.name for p in REAL.glob("*.yml")}
                   for line in verbose.stdout.splitlines() + verbose.stderr.splitlines())
