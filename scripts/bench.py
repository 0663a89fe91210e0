#!/usr/bin/env python3
"""Benchmark: ingest, serving and export at 10,000 and 100,000 synthetic events.

Prints figures, never asserts: every ratio is against a baseline measured in the same
run, on the same machine, on exactly the same rows. Each measured step runs in its own
process so that its peak memory (RSS) is its own.

Beside the library's figures, three commands as a user runs them (wall time, and the CPU
time of the process, which the machine's other load does not inflate): `tracker ingest`
of the benchmark's NDJSON into an empty database against `sqlite-utils insert` of the
same file into one flat table (target: at most 2x); `tracker ingest` of one new event
into the largest database (target: under 0.5 s); and `tracker --version` (target: under
0.3 s), each against `python -c pass`, the floor of any command.

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

from generate import generate_events, withheld_names  # noqa: E402

TRACKER = Path(sys.executable).with_name("tracker")
SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")
# How many times a short command is run; the median is reported.
COMMAND_REPEAT = 7


def data_tables() -> list[str]:
    """Every table an ingest writes, in an order that satisfies the foreign keys: the
    facts, their history and the serving tables (the countries are there before)."""
    from sqlmodel import SQLModel

    from tracker.schema.models import ALL_TABLES, Country

    ours = {model.__tablename__ for model in ALL_TABLES} - {Country.__tablename__}
    return [table.name for table in SQLModel.metadata.sorted_tables if table.name in ours]


# ---------------------------------------------------------------- steps (child processes)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_now_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def step_ingest(db: str, source: str, names: str) -> dict:
    """The whole ingest, checking every text against the withheld people's names."""
    from tracker.files.withheld import read_withheld_names
    from tracker.store.ingest import ingest_files

    # Into the same empty, shaped database that the baselines start from.
    _empty_database(db).close()
    started = time.perf_counter()
    report = ingest_files(db, [source], names=read_withheld_names(names))
    return {"seconds": time.perf_counter() - started, "events": len(report.created)}


def _load_rows(db: str) -> dict:
    import sqlite3

    conn = sqlite3.connect(db)
    data = {}
    for table in data_tables():
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        data[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    conn.close()
    return data


def _empty_database(path: str):
    from tracker.store.db import connect, ensure_db_shape, use_wal

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


# ---------------------------------------------------------------- serving

SERVE_REPEAT = 15
DASHBOARD_FILTERS = {"releasing_state": "Belarus", "since": "2020-01-01", "until": "2022-12-31"}
QUERY_FILTERS = {"releasing_state": "BY", "since": "2020", "until": "2021", "country": "BY",
                 "granting_state": "US", "receiving_state": "LT", "fact": "person freed",
                 "role": "", "q": ""}


def _chart_sql(sql: str, filters: dict) -> str:
    """A dashboard chart's SQL as the plugin runs it: [[ … ]] blocks kept only when set."""
    import re

    def block(match):
        names = re.findall(r":(\w+)", match.group(1))
        return match.group(1) if all(filters.get(name) for name in names) else ""

    return re.sub(r"\[\[(.*?)\]\]", block, sql, flags=re.S)


def _serving_paths(db: str) -> list[tuple[str, str]]:
    """(label, path) of every page and query the benchmark times on our configuration."""
    import sqlite3
    from urllib.parse import urlencode

    from tracker.web.dashboards import DASHBOARDS
    from tracker.web.metadata import TABLES
    from tracker.web.queries import QUERIES

    conn = sqlite3.connect(db)
    (count,) = conn.execute("SELECT count(*) FROM events").fetchone()
    (event_id,) = conn.execute("SELECT id FROM events ORDER BY id LIMIT 1 OFFSET ?", (count // 2,)).fetchone()
    (person,) = conn.execute("SELECT name FROM people ORDER BY rowid LIMIT 1").fetchone()
    conn.close()
    paths = [("events table page (default facets)", "/tracker/events"),
             ("event page", f"/tracker/events/{event_id}"),
             # A selective search; one that matches every event is measured apart.
             ("full-text search of events (41)", "/tracker/events?_search=41"),
             ("full-text search of events, every event matches", "/tracker/events?_search=prisoners")]
    paths += [(f"table {name}", f"/tracker/{name}") for name in TABLES if name != "events"]
    for name, query in QUERIES.items():
        params = {p: QUERY_FILTERS.get(p, "") for p in query["params"]}
        if name == "find_person":
            paths.append((f"query {name} ({person})", f"/tracker/{name}?{urlencode({'q': person})}"))
            continue
        paths.append((f"query {name}", f"/tracker/{name}"))
        paths.append((f"query {name} (filtered)", f"/tracker/{name}?{urlencode(params)}"))
    for slug, board in DASHBOARDS.items():
        paths.append((f"dashboard {slug}", f"/-/dashboards/{slug}"))
        for key, chart in board["charts"].items():
            for label, filters in (("", {}), (" (filtered)", DASHBOARD_FILTERS)):
                sql = _chart_sql(chart["query"], filters)
                used = {k: v for k, v in filters.items() if f":{k}" in sql}
                paths.append((f"chart {key}{label}", "/tracker.json?" + urlencode({"sql": sql, "_shape": "array", **used})))
    return paths


async def _time_paths(datasette, paths: list[tuple[str, str]]) -> list[dict]:
    import statistics

    results = []
    for label, path in paths:
        timings = []
        status = None
        for _ in range(SERVE_REPEAT + 1):
            started = time.perf_counter()
            response = await datasette.client.get(path)
            timings.append(time.perf_counter() - started)
            status = response.status_code
        timings = sorted(timings[1:])
        results.append({
            "label": label, "status": status,
            "median_ms": statistics.median(timings) * 1000,
            "p95_ms": timings[max(0, int(round(0.95 * len(timings))) - 1)] * 1000,
        })
    return results


def step_serve(db: str) -> dict:
    """Every page and canned query through datasette.client, our configuration."""
    import asyncio

    from tracker.web.server import datasette_app

    async def run():
        datasette = datasette_app(db)
        await datasette.invoke_startup()
        return await _time_paths(datasette, _serving_paths(db))

    return {"pages": asyncio.run(run())}


def step_serve_baseline(db: str) -> dict:
    """The events page on plain Datasette: no metadata, no indexes added for serving."""
    import asyncio
    import shutil
    import sqlite3

    from datasette.app import Datasette

    from tracker.schema.models import ALL_TABLES

    copy = str(Path(db).with_name("plain.db"))
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    for model in ALL_TABLES:
        for index in model.__table__.indexes:
            if len(index.columns) > 1 or index.name.split("_")[-1] in {"name", "published", "publisher"}:
                conn.execute(f"DROP INDEX IF EXISTS [{index.name}]")
    conn.commit()
    conn.close()

    async def run():
        datasette = Datasette([copy])
        await datasette.invoke_startup()
        name = Path(copy).stem
        return await _time_paths(datasette, [("events table page, plain Datasette", f"/{name}/events")])

    try:
        return {"pages": asyncio.run(run())}
    finally:
        Path(copy).unlink()


# ---------------------------------------------------------------- export


def step_export_events(db: str, target: str) -> dict:
    """All events as nested NDJSON, streamed from SQLite."""
    from tracker.store.db import connect_readonly
    from tracker.files.export import export_events

    conn = connect_readonly(db)
    before = _rss_now_mb()
    started = time.perf_counter()
    count = export_events(conn, target, "ndjson")
    return {"seconds": time.perf_counter() - started, "rows": count, "rss_before_mb": before}


def step_export_datapackage(db: str, target: str) -> dict:
    """The whole data package: every public table as CSV, datapackage.json, codebook.md."""
    import shutil

    from tracker.files.datapackage import export_datapackage
    from tracker.store.db import connect_readonly

    shutil.rmtree(target, ignore_errors=True)
    conn = connect_readonly(db)
    before = _rss_now_mb()
    started = time.perf_counter()
    report = export_datapackage(conn, target)
    return {"seconds": time.perf_counter() - started, "rows": sum(report.rows.values()),
            "rss_before_mb": before}


STEPS = {
    "export_events": step_export_events,
    "export_datapackage": step_export_datapackage,
    "serve": step_serve,
    "serve_baseline": step_serve_baseline,
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


# ---------------------------------------------------------------- commands, as a user runs them


def _command(arguments: list) -> dict:
    """Run a command to the end: its wall time and the CPU time (user + system) it used."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(argument) for argument in arguments], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": wall, "cpu": cpu}


def _median(runs: list[dict]) -> dict:
    import statistics

    return {key: statistics.median(run[key] for run in runs) for key in ("seconds", "cpu")}


def bench_bulk_commands(source: Path, names: Path, workdir: Path) -> dict:
    """`tracker ingest` of the NDJSON into an empty database, against `sqlite-utils insert`
    of the same file into one flat table (nested values as JSON text)."""
    flat = _fresh(workdir / "flat.db")
    ours = _fresh(workdir / "command.db")
    return {
        "sqlite_utils": _command([SQLITE_UTILS, "insert", flat, "events", source, "--nl"]),
        "tracker": _command([TRACKER, "--db", ours, "ingest", "--withheld-names", names, source]),
    }


def _own_records(event: dict, mark: str) -> dict:
    """The event with sources and named people of its own: another seed declares records
    of the same ids and names otherwise, and a declaration must agree with the stored one."""
    renamed = {source["id"]: f"{mark}-{source['id']}" for source in event["sources"]}

    def walk(value):
        if isinstance(value, dict):
            if "name" in value and "kind" not in value and not value.get("withheld"):
                value["name"] = f"{value['name']} {mark}"
                value["aliases"] = [f"{alias} {mark}" for alias in value.get("aliases", [])]
            for key, item in value.items():
                if key == "sources" and isinstance(item, list):
                    value[key] = [renamed.get(entry, entry) if isinstance(entry, str) else entry
                                  for entry in item]
                if key == "id" and item in renamed:
                    value[key] = renamed[item]
                walk(value[key])
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(event)
    return event


def one_event_files(workdir: Path, count: int) -> list[Path]:
    """Events that no database of the benchmark holds, one per file (format 2, as
    generated, under ids, sources and people of their own)."""
    files = []
    for number, event in enumerate(generate_events(count, seed=99)):
        event = _own_records(event, f"one{number}")
        event["id"] = f"one-{number}"
        path = workdir / f"one-{number}.json"
        path.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    return files


def bench_small_commands(db: Path, workdir: Path) -> dict:
    """One new event into the database (each run its own event), `tracker --version`,
    and the floor of any command: starting Python."""
    import shutil

    copy = workdir / "one-event.db"
    _fresh(copy)
    shutil.copyfile(db, copy)
    one = [_command([TRACKER, "--db", copy, "ingest", path])
           for path in one_event_files(workdir, COMMAND_REPEAT)]
    version = [_command([TRACKER, "--version"]) for _ in range(COMMAND_REPEAT)]
    python = [_command([sys.executable, "-c", "pass"]) for _ in range(COMMAND_REPEAT)]
    _fresh(copy)
    return {"one_event": _median(one), "version": _median(version), "python": _median(python)}


def bench_size(count: int, workdir: Path) -> dict:
    source = workdir / f"events-{count}.ndjson"
    with source.open("w", encoding="utf-8") as handle:
        for event in generate_events(count, seed=1):
            handle.write(json.dumps(event, ensure_ascii=False) + "\n")
    names = workdir / f"withheld-names-{count}.local.yml"
    names.write_text(json.dumps(withheld_names(count), ensure_ascii=False), encoding="utf-8")
    db = workdir / f"tracker-{count}.db"
    results = {"events": count}
    results["ingest"] = run_step("ingest", _fresh(db), str(source), str(names))
    results["executemany"] = run_step("executemany", _fresh(workdir / "floor.db"), str(db))
    results["insert_all"] = run_step("insert_all", _fresh(workdir / "insert-all.db"), str(db))
    results["export_events"] = run_step("export_events", str(db), str(workdir / "export.ndjson"))
    results["export_datapackage"] = run_step(
        "export_datapackage", str(db), str(workdir / "package"))
    results["commands"] = bench_bulk_commands(source, names, workdir)
    results["db"] = str(db)
    return results


def print_export(results: list[dict]) -> None:
    print("\nExport, streamed from SQLite (peak RSS of the whole process; 'before' is what it")
    print("held after imports and opening the database)")
    print(f"{'events':>8} {'export':<26} {'rows':>10} {'seconds':>8} {'peak RSS MB':>12} {'before MB':>10}")
    for r in results:
        for key, label in (("export_events", "nested events (NDJSON)"),
                           ("export_datapackage", "data package")):
            step = r[key]
            print(f"{r['events']:>8,} {label:<26} {step['rows']:>10,} {step['seconds']:>8.2f} "
                  f"{step['rss_mb']:>12.0f} {step['rss_before_mb']:>10.0f}")


def print_serving(count: int, ours: dict, baseline: dict) -> None:
    print(f"\nServing at {count:,} events, through datasette.client "
          f"({SERVE_REPEAT} requests each, after one warm-up)")
    print(f"{'page or query':<58} {'status':>6} {'median ms':>10} {'p95 ms':>8}")
    for page in ours["pages"] + baseline["pages"]:
        print(f"{page['label'][:58]:<58} {page['status']:>6} {page['median_ms']:>10.1f} {page['p95_ms']:>8.1f}")
    worst = max(ours["pages"], key=lambda page: page["p95_ms"])
    events = ours["pages"][0]
    plain = baseline["pages"][0]
    print(f"worst p95: {worst['p95_ms']:.0f} ms ({worst['label']}); events page "
          f"{plain['median_ms'] / events['median_ms']:.1f}x faster than plain Datasette (median)")


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


def print_commands(results: list[dict], small: dict, largest: int) -> None:
    print("\nCommands as a user runs them (wall seconds; CPU seconds of the process beside)")
    print(f"{'events':>8} {'tracker ingest':>16} {'sqlite-utils insert':>20} {'x (wall)':>9} "
          f"{'x (CPU)':>8}   target <= 2x")
    for r in results:
        ours, flat = r["commands"]["tracker"], r["commands"]["sqlite_utils"]
        print(f"{r['events']:>8,} {ours['seconds']:>7.1f} ({ours['cpu']:>5.1f}) "
              f"{flat['seconds']:>11.1f} ({flat['cpu']:>5.1f}) "
              f"{ours['seconds'] / flat['seconds']:>9.2f} {ours['cpu'] / flat['cpu']:>8.2f}")
    for key, label, target in (
        ("one_event", f"tracker ingest of one event into {largest:,} events", "< 0.5 s"),
        ("version", "tracker --version", "< 0.3 s"),
        ("python", "python -c pass (the floor)", ""),
    ):
        figure = small[key]
        print(f"{label:<48} {figure['seconds']:>6.2f} s ({figure['cpu']:.2f} s CPU)"
              f"{'   target ' + target if target else ''}")


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
    print_export(results)
    largest = results[-1]
    print_commands(results, bench_small_commands(Path(largest["db"]), workdir),
                   largest["events"])
    print_serving(largest["events"], run_step("serve", largest["db"]),
                  run_step("serve_baseline", largest["db"]))


if __name__ == "__main__":
    main()
