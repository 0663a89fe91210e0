#!/usr/bin/env python3
"""Serving under abuse: what one huge request costs a real `tracker serve`.

For each abusive request (a gigabyte asked for in one value, in many rows, in one wide
row, in a CSV stream ...), a fresh `tracker serve` of the curated data on 127.0.0.1, and
meanwhile a small request (`select count(*) from events`) sent again and again. Prints,
for each: the answer (status, bytes, seconds), the server's peak memory (RSS) over its
memory before, and the slowest and median answer to the small request. Prints figures,
never asserts (see docs/reliability.md).

    python scripts/abuse.py                      # the defaults of tracker serve, 1 GB asked
    python scripts/abuse.py --gigabytes 0.1      # a quick run
    python scripts/abuse.py --tracker ../main/.venv/bin/tracker --kill-above-mb 3000
    python scripts/abuse.py -- --max-rows-mb 4   # options after -- go to tracker serve

Then, where the server shows its limits, the costliest requests they let through. A
server past --kill-above-mb is killed, and its figure printed as "> N".
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from served import TRACKER, tracker_serve  # noqa: E402

SMALL_REQUEST = "/tracker.json?sql=select+count(*)+as+n+from+events&_shape=array"


def numbers(count: int) -> str:
    return f"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT {count}) SELECT i FROM n)"


def abuses(total: int) -> list[tuple[str, str, dict]]:
    """(label, path, params) of each abusive request, each asking for `total` bytes."""
    rows, each = 1000, total // 1000
    wide_columns = 100
    wide = ", ".join(f"zeroblob({total // wide_columns}) AS c{i}" for i in range(wide_columns))
    many_rows = f"select randomblob({each}) as v from {numbers(rows)}"
    many_texts = f"select printf('%.*c', {each}, 'x') as v from {numbers(rows)}"
    return [
        ("randomblob, JSON", "/tracker.json", {"sql": f"select randomblob({total})"}),
        ("randomblob, CSV", "/tracker.csv", {"sql": f"select randomblob({total})"}),
        ("randomblob, HTML", "/tracker", {"sql": f"select randomblob({total})"}),
        ("zeroblob, JSON", "/tracker.json", {"sql": f"select zeroblob({total})"}),
        ("printf, JSON", "/tracker.json", {"sql": f"select printf('%.*c', {total}, 'x')"}),
        ("group_concat, JSON", "/tracker.json",
         {"sql": f"select group_concat(printf('%.*c', {each}, 'x')) from {numbers(rows)}"}),
        (f"{rows} rows of blobs, JSON", "/tracker.json", {"sql": many_rows}),
        (f"{rows} rows of text, CSV stream", "/tracker.csv", {"sql": many_texts, "_stream": "1"}),
        (f"{rows} rows of text, HTML", "/tracker", {"sql": many_texts}),
        (f"one row of {wide_columns} blobs, JSON", "/tracker.json", {"sql": f"select {wide}"}),
    ]


def abuses_just_under(limits: dict) -> list[tuple[str, str, dict]]:
    """(label, path, params) of the costliest requests the limits let through, or make
    SQLite build before they refuse them: the worst one request can do."""
    mb = 1024 * 1024
    # Each row a sixth of a MB of control characters: 1 MB as JSON writes them (\u0001).
    rows = int(limits["max_rows_mb"] * 0.95)
    control = f"replace(printf('%.*c', {mb // 6}, 'x'), 'x', char(1))"
    largest = int(limits["max_sqlite_memory_mb"] * 0.9 * mb)
    return [
        (f"{rows} rows of 1 MB as JSON", "/tracker.json",
         {"sql": f"select {control} as v from {numbers(rows)}"}),
        (f"a {largest // mb} MB value, JSON", "/tracker.json",
         {"sql": f"select printf('%.*c', {largest}, 'x')"}),
    ]


def memory_mb(pid: int, field_name: str) -> float:
    """A memory figure of /proc/PID/status (VmRSS now, VmHWM the peak), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no {field_name} for pid {pid}")


@dataclass
class Watch:
    """Samples the server's memory, killing it past a limit, and times a small request
    sent over and over, until stopped."""

    base_url: str
    pid: int
    kill_above_mb: float
    peak_mb: float = 0.0
    killed: bool = False
    latencies: list = field(default_factory=list)
    failures: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def sample_memory(self):
        while not self.stop.is_set():
            try:
                rss = memory_mb(self.pid, "VmRSS")
            except (FileNotFoundError, ProcessLookupError, ValueError):
                return
            self.peak_mb = max(self.peak_mb, rss)
            if rss > self.kill_above_mb:
                os.kill(self.pid, signal.SIGKILL)
                self.killed = True
                return
            time.sleep(0.01)

    def time_small_requests(self):
        with httpx.Client(base_url=self.base_url, timeout=120) as client:
            while not self.stop.is_set() and not self.killed:
                started = time.perf_counter()
                try:
                    ok = client.get(SMALL_REQUEST).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if not self.killed:
                    self.latencies.append(time.perf_counter() - started)
                    self.failures += not ok
                time.sleep(0.05)


def run_abuse(base_url: str, pid: int, path: str, params: dict, kill_above_mb: float) -> dict:
    before = memory_mb(pid, "VmRSS")
    watch = Watch(base_url, pid, kill_above_mb, peak_mb=before)
    threads = [threading.Thread(target=watch.sample_memory),
               threading.Thread(target=watch.time_small_requests)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # the small requests are under way before the abuse begins
    started = time.perf_counter()
    status, received, ending = None, 0, "whole"
    try:
        with httpx.stream("GET", base_url + path, params=params, timeout=300) as response:
            status = response.status_code
            for chunk in response.iter_raw():
                received += len(chunk)
    except httpx.RemoteProtocolError:
        ending = "cut"
    except httpx.TransportError:
        ending = "failed"
    seconds = time.perf_counter() - started
    time.sleep(0.3)
    watch.stop.set()
    for thread in threads:
        thread.join()
    if not watch.killed:
        watch.peak_mb = max(watch.peak_mb, memory_mb(pid, "VmHWM"))
    return {"status": status, "bytes": received, "ending": ending, "seconds": seconds,
            "before_mb": before, "peak_mb": watch.peak_mb, "killed": watch.killed,
            "latencies": watch.latencies, "failures": watch.failures}


def build_curated(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from tracker.store.build import build_database

    path = folder / "curated.db"
    build_database(ROOT / "data", path)
    return path


def print_row(label: str, result: dict, kill_above_mb: float) -> None:
    latencies = result["latencies"] or [float("nan")]
    peak = f"> {kill_above_mb:,.0f}" if result["killed"] else f"{result['peak_mb']:,.0f}"
    status = "killed" if result["killed"] else f"{result['status']} {result['ending']}"
    print(f"{label:<32} {status:>12} {result['bytes'] / 1e6:>10,.1f} {result['seconds']:>7.1f}"
          f" {result['before_mb']:>7,.0f} {peak:>8} {max(latencies):>8.2f}"
          f" {statistics.median(latencies):>7.3f} {len(result['latencies']):>5} {result['failures']:>5}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gigabytes", type=float, default=1.0, help="what each request asks for")
    parser.add_argument("--tracker", type=Path, default=TRACKER, help="the tracker command to serve with")
    parser.add_argument("--kill-above-mb", type=float, default=4000, help="kill a server past this RSS")
    parser.add_argument("serve_options", nargs="*", help="options for tracker serve, after --")
    args = parser.parse_args()
    total = int(args.gigabytes * 1e9)
    print(f"{args.gigabytes:g} GB asked for by each request; tracker serve {' '.join(args.serve_options)}"
          f" ({args.tracker}); a small request every 50 ms meanwhile")
    print(f"{'request':<32} {'answer':>12} {'MB sent':>10} {'seconds':>7} {'RSS MB':>7} {'peak MB':>8}"
          f" {'small max s':>8} {'median':>7} {'small':>5} {'fail':>5}")
    with tempfile.TemporaryDirectory(prefix="tracker-abuse-") as folder:
        db = build_curated(Path(folder))
        for label, path, params in abuses(total):
            with tracker_serve(db, *args.serve_options, tracker=args.tracker) as (base_url, process):
                print_row(label, run_abuse(base_url, process.pid, path, params, args.kill_above_mb),
                          args.kill_above_mb)
        with tracker_serve(db, *args.serve_options, tracker=args.tracker) as (base_url, _):
            limits = httpx.get(f"{base_url}/-/metadata.json").json().get("plugins", {}).get("tracker")
        if not limits:
            return
        print(f"\nJust under the limits ({', '.join(f'{k} {v:g}' for k, v in limits.items())}):"
              " control characters, 6 bytes each in JSON")
        for label, path, params in abuses_just_under(limits):
            with tracker_serve(db, *args.serve_options, tracker=args.tracker) as (base_url, process):
                print_row(label, run_abuse(base_url, process.pid, path, params, args.kill_above_mb),
                          args.kill_above_mb)


if __name__ == "__main__":
    main()
