"""scripts/soak.py runs, and finds nothing wrong, in a few seconds (so that it cannot rot)."""

import json
import subprocess
import sys

from conftest import ROOT


def test_a_short_soak_finds_no_failure():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "soak.py"), "--minutes", "0.1",
         "--batch", "30", "--batches", "3", "--seed", "5"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["failures"] == []
    assert sum(report["operations"].values()) + sum(report["kills"].values()) >= 1
    assert report["requests"] > 0 and report["failed requests (5xx or no answer)"] == 0
    assert report["check at the end"] == "clean"


def test_a_soak_is_bounded():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "soak.py"), "--minutes", "1000"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "--minutes: accepted: more than 0, at most 240" in result.stderr
