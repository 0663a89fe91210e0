#!/usr/bin/env python3
"""Benchmark: ingest, serving and export at 10,000 and 100,000 synthetic events.

Prints figures, never asserts: every ratio is against a baseline measured in the same
run, on the same machine, on exactly the same rows. Each measured step runs in its own
process so that its peak memory (RSS) is its own.

    python scripts/bench.py                  # 10,000 and 100,000 events
    python scripts/bench.py --sizes 2000     # a quick run
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from generate import generate_events  # noqa: E402

DATA_TABLES = [
    "sources", "people", "actors", "events", "event_sources", "event_nationalities",
    "event_people", "event_actors", "concessions", "statements", "claims", "prisoner_counts",
]


# ---------------------------------------------------------------- steps (child processes)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_ingest(db: str, source: str) -> dict:
    from tracker.ingest import ingest_files

    started = time.perf_counter()
    report = ingest_files(db, [source])
    return {"seconds": time.perf_counter() - started, "events": len(report.created)}


def _load_rows(db: str) -> dict:
    import sqlite3

    conn = sqlite3.connect(db)
    data = {}
    for table in DATA_TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        data[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    conn.close()
    return data


def _empty_database(path: str):
    from tracker.db import connect, ensure_db_shape, use_wal

    conn = connect(path)
    ensure_db_shape(conn)
    use_wal(conn)
    return conn


def step_executemany(db: str, source: str) -> dict:
    """The floor: the same rows, already in memory, into the same schema, one transaction."""
    data = _load_rows(source)
    conn = _empty_database(db)
    started = time.perf_counter()
    conn.execute("BEGIN")
    for table, (columns, rows) in data.items():
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return {"seconds": elapsed, "rows": sum(len(rows) for _, rows in data.values())}


def step_insert_all(db: str, source: str) -> dict:
    """What a researcher would otherwise use: sqlite-utils insert_all of the same rows."""
    import sqlite_utils

    data = _load_rows(source)
    conn = _empty_database(db)
    database = sqlite_utils.Database(conn)
    started = time.perf_counter()
    with database.conn:
        for table, (columns, rows) in data.items():
            database[table].insert_all((dict(zip(columns, row)) for row in rows), batch_size=1000)
    elapsed = time.perf_counter() - started
    conn.close()
    return {"seconds": elapsed}


STEPS = {
    "ingest": step_ingest,
    "executemany": step_executemany,
    "insert_all": step_insert_all,
}


def run_step(name: str, *args: str) -> dict:
    """Run one step in a fresh process; its figures plus its peak RSS."""
    output = subprocess.run(
        [sys.executable, __file__, "--step", name, *args],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# ---------------------------------------------------------------- the run


def _fresh(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return str(path)


def bench_size(count: int, workdir: Path) -> dict:
    source = workdir / f"events-{count}.ndjson"
    with source.open("w", encoding="utf-8") as handle:
        for event in generate_events(count, seed=1):
            handle.write(json.dumps(event, ensure_ascii=False) + "\n")
    db = workdir / f"tracker-{count}.db"
    results = {"events": count}
    results["ingest"] = run_step("ingest", _fresh(db), str(source))
    results["executemany"] = run_step("executemany", _fresh(workdir / "floor.db"), str(db))
    results["insert_all"] = run_step("insert_all", _fresh(workdir / "insert-all.db"), str(db))
    results["db"] = str(db)
    return results


def print_ingest(results: list[dict]) -> None:
    print("\nIngest (full path: parse, validate, normalise, write), one transaction")
    print(f"{'events':>8} {'rows':>9} {'seconds':>8} {'events/s':>9} {'x floor':>8} "
          f"{'x insert_all':>12} {'RSS MB':>7} | {'floor s':>7} {'insert_all s':>12}")
    for r in results:
        ingest, floor, insert_all = r["ingest"], r["executemany"], r["insert_all"]
        print(f"{r['events']:>8,} {floor['rows']:>9,} {ingest['seconds']:>8.2f} "
              f"{r['events'] / ingest['seconds']:>9,.0f} "
              f"{ingest['seconds'] / floor['seconds']:>8.2f} "
              f"{ingest['seconds'] / insert_all['seconds']:>12.2f} "
              f"{ingest['rss_mb']:>7.0f} | {floor['seconds']:>7.2f} {insert_all['seconds']:>12.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", help="keep the generated files here")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        result = STEPS[args.step](*args.args)
        result["rss_mb"] = _peak_rss_mb()
        print(json.dumps(result))
        return
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="tracker-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, files in {workdir}")
    results = [bench_size(count, workdir) for count in args.sizes]
    print_ingest(results)


if __name__ == "__main__":
    main()
