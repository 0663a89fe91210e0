#!/usr/bin/env python3
"""Event pages whose lists are long: page size, list items, time and throughput.

Builds (once, in --workdir) a database of synthetic events (scripts/generate.py) where
one negotiation track holds thousands of releases, and one event of that track has
thousands of every list the event page shows (people, transfers, nationalities, sources,
statements, claims, prisoner counts). A real `tracker serve` answers; for each page:
its size, its list items (`<li>` and table rows), the median time of one request, and
pages per second with 10 readers at once. An event outside the track is the baseline,
measured in the same run.

    python scripts/bench_eventpage.py                     # 50,000 events, 3,000 in the track
    python scripts/bench_eventpage.py --events 5000 --track 2000 --workdir /tmp/pages
"""

import argparse
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate_events  # noqa: E402
from served import tracker_serve  # noqa: E402

TRACK = "bench-track"
BIG_EVENT = "by-2025-01-01-big"
READERS = 10
REPEAT = 9
THROUGHPUT_SECONDS = 5
# Countries a transfer's breakdown may name (one row each, distinct within a transfer).
BREAKDOWN = ["US", "GB", "FR", "DE", "PL", "LT", "LV", "EE", "UA", "JP"]


def big_event(items: int) -> dict:
    """One event with `items` people, sources, statements, claims and prisoner counts,
    and a transfer (of ten nationalities each) for every 25 people."""
    sources = [{"id": f"big-source-{n}", "title": f"Report {n} on the big release",
                "publisher": "example.org", "url": f"https://example.org/big/{n}"}
               for n in range(items)]
    transfers = []
    per_transfer = 25
    for position in range(items // per_transfer):
        transfers.append({
            "from": "BY", "to": "LT", "how": "handed_over", "status": "carried_out",
            "count": per_transfer,
            "nationalities": [{"country": code, "count": 1, "sources": [sources[position]["id"]]}
                              for code in BREAKDOWN],
            "people": [{"name": f"Freed Person {position * per_transfer + k}",
                        "sources": [sources[position]["id"]]} for k in range(per_transfer)],
            "sources": [sources[position]["id"]],
        })
    cite = [sources[0]["id"]]
    return {
        "format": 2, "id": BIG_EVENT, "title": "Belarus frees thousands (benchmark)",
        "type": "release", "track": TRACK,
        "dates": [{"step": "released", "date": "2025-01-01", "sources": cite}],
        "transfers": transfers,
        "statements": [{"by": "US", "gist": f"Statement {n} on the release", "stance": "welcomed",
                        "sources": [sources[n]["id"]]} for n in range(items)],
        "claims": [{"about": f"transfers[{n % len(transfers)}].count", "value": 25 + n,
                    "sources": [sources[n]["id"]], "reason": "A report gives another figure"}
                   for n in range(items)],
        "prisoner_counts": [{"country": "BY", "as_of": f"{2000 + n // 365}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                             "count": 1000 + n, "sources": [sources[n]["id"]]}
                            for n in range(items)],
        "sources": sources,
    }


def build(db: Path, events: int, track: int, items: int) -> None:
    from tracker.store.ingest import ingest_files

    source = db.with_suffix(".ndjson")
    with source.open("w", encoding="utf-8") as out:
        for number, event in enumerate(generate_events(events, seed=1)):
            if number < track:
                event["track"] = TRACK
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
        out.write(json.dumps(big_event(items), ensure_ascii=False) + "\n")
    ingest_files(db, [source])


def list_items(html: str) -> int:
    return len(re.findall(r"<li[\s>]", html)) + len(re.findall(r"<tr[\s>]", html))


def measure(base: str, path: str) -> dict:
    with httpx.Client(base_url=base, timeout=120) as client:
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        timings = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - started)
    served = 0
    lock = threading.Lock()
    stop = time.monotonic() + THROUGHPUT_SECONDS

    def reader():
        nonlocal served
        with httpx.Client(base_url=base, timeout=120) as client:
            while time.monotonic() < stop:
                client.get(path)
                with lock:
                    served += 1

    started = time.monotonic()
    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"bytes": len(first.content), "items": list_items(first.text),
            "median_ms": statistics.median(timings) * 1000,
            "pages_per_s": served / (time.monotonic() - started)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--track", type=int, default=3_000, help="events in the one track")
    parser.add_argument("--items", type=int, default=3_000, help="rows of each list of the big event")
    parser.add_argument("--workdir", help="keep the database here (reused when it exists)")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="tracker-pages-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"pages-{args.events}-{args.track}-{args.items}.db"
    if not db.exists():
        started = time.perf_counter()
        build(db, args.events, args.track, args.items)
        print(f"built {db} in {time.perf_counter() - started:.0f} s")
    import sqlite3

    conn = sqlite3.connect(db)
    (in_track,) = conn.execute(
        "SELECT id FROM events WHERE track = ? AND id != ? ORDER BY id LIMIT 1",
        (TRACK, BIG_EVENT)).fetchone()
    (outside,) = conn.execute("SELECT id FROM events WHERE track IS NULL ORDER BY id LIMIT 1").fetchone()
    conn.close()
    pages = [("event outside the track (baseline)", outside),
             (f"event of the track ({args.track:,} releases)", in_track),
             (f"event with {args.items:,} of every list", BIG_EVENT)]
    print(f"{args.events:,} events; {READERS} readers at once for {THROUGHPUT_SECONDS} s; "
          f"median of {REPEAT} single requests")
    print(f"{'page':<44} {'KB':>8} {'list items':>10} {'median ms':>10} {'pages/s':>8}")
    with tracker_serve(db) as (base, _process):
        for label, event_id in pages:
            figures = measure(base, f"/tracker/events/{event_id}")
            print(f"{label:<44} {figures['bytes'] / 1024:>8,.0f} {figures['items']:>10,} "
                  f"{figures['median_ms']:>10.1f} {figures['pages_per_s']:>8.1f}")


if __name__ == "__main__":
    main()
