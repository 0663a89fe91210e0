#!/usr/bin/env python3
"""Measure the memory an export takes as the database grows; prints a table of figures.

    .venv/bin/python scripts/measure_export.py [SIZE ...]     (default: 1000 10000)

For each size it builds a database of SIZE generated events (each with nationalities,
people, actors, a concession, a statement, a claim, a remaining-prisoner count and two
sources), then runs each export in a fresh process and reports the resident memory the
export added to the process (its peak during the export less what it held before),
the peak itself and the export's time (Linux: it reads /proc/self/status). Streaming exports keep memory flat as the database grows.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from tracker.db import connect
from tracker.ingest import save_events
from tracker.validate import validate_documents
from tracker.readers import Document

BATCH = 1000
EXPORTS = {
    "events ndjson": "export_events(conn, out / 'events.ndjson')",
    "events yaml": "export_events(conn, out / 'events.yml')",
    "table csv": "export_table(conn, 'events', out / 'events.csv')",
    "sql json": "export_query(conn, 'SELECT * FROM event_people', out / 'people.json')",
    "datapackage": "export_datapackage(conn, out / 'package')",
}
# Linux: the peak of resident memory is reset after the imports (clear_refs), so the
# peak after the export, less the memory before it, is what the export itself needed.
RUN = """
import sys, time
from pathlib import Path
from tracker.db import connect_readonly
from tracker.export import export_events, export_table, export_query
from tracker.datapackage import export_datapackage

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

conn = connect_readonly(sys.argv[1])
out = Path(sys.argv[2])
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
before = status("VmRSS")
started = time.perf_counter()
{call}
seconds = time.perf_counter() - started
print(before, status("VmHWM"), seconds)
"""


def event(number: int) -> dict:
    source = f"report-{number % 97}"
    return {
        "id": f"xx-{number:07d}",
        "title": f"Release number {number}, with a comma and \"quotes\"",
        "summary": "Generated for measurement.\nSecond line.",
        "type": "release",
        "date": f"{2000 + number % 25}-{1 + number % 12:02d}",
        "releasing_state": "BY",
        "receiving_state": "LT",
        "total_released": 10 + number % 40,
        "foreign_nationals": 3,
        "nationalities": [{"country": "LT", "count": 2}, {"country": "PL", "count": 1}],
        "people": [{"name": f"Person {number}"}, {"name": f"Person {number + 1}"}],
        "actors": [{"name": "United States", "kind": "state", "role": "mediator"},
                   {"name": f"Envoy {number % 50}", "kind": "person", "role": "envoy"}],
        "concessions": [{"kind": "sanctions_relief", "granted_by": "United States",
                         "beneficiary": {"name": "Belavia", "kind": "organisation"},
                         "description": "Sanctions lifted.", "status": "announced",
                         "source": source}],
        "statements": [{"by": "US", "gist": "Welcomed.", "stance": "welcomed"}],
        "claims": [{"field": "total_released", "value": "12", "source": source}],
        "prisoner_counts": [{"country": "BY", "as_of": "2025-09", "count": 1100,
                             "source": source}],
        "sources": [{"id": source, "title": f"Report {number % 97}"},
                    {"id": "founding", "title": "Founding article"}],
    }


def build(path: Path, size: int) -> None:
    conn = connect(path)
    for start in range(0, size, BATCH):
        numbers = range(start, min(size, start + BATCH))
        documents = [Document("generated", event(number)) for number in numbers]
        save_events(conn, validate_documents(documents))
    conn.close()


def measure(db: Path, call: str) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, "-c", RUN.format(call=call), str(db), out],
            check=True, capture_output=True, text=True,
        )
    before_kib, peak_kib, seconds = result.stdout.split()
    return (int(peak_kib) - int(before_kib)) / 1024, int(peak_kib) / 1024, float(seconds)


def main(sizes: list[int]) -> None:
    print(f"{'export':<15} {'events':>8} {'added MiB':>10} {'peak RSS MiB':>13} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            db = Path(folder) / f"{size}.db"
            build(db, size)
            for name, call in EXPORTS.items():
                added, peak, seconds = measure(db, call)
                print(f"{name:<15} {size:>8} {added:>10.1f} {peak:>13.1f} {seconds:>8.1f}")


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or [1000, 10000])
