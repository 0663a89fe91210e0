#!/usr/bin/env python3
"""Soak: random interleavings of writers, kill -9 and a served database under requests.

For a bounded time, real `tracker` processes ingest, build, build --replace, remove
and check one database while a real `tracker serve` answers a request loop on
127.0.0.1. Some writers start while another holds the lock (they wait their turn);
some are killed with SIGKILL at a random moment.

Every acknowledged operation is replayed, in the order the lock gave, on a second
database that nothing else touches. At the end the served database must equal the
replay (every row of every table but the timestamps), `tracker check` must be clean
and no request may have failed (a 5xx, or no answer). A killed operation may or may not
have happened, never half: right after each kill the database must equal the replay
with the operation or the replay without it, and the replay follows.

    python scripts/soak.py --minutes 10
    python scripts/soak.py --minutes 0.2 --batch 40      # a quick run

Prints figures; exits 1 if anything failed.
"""

import argparse
import json
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from generate import generate_events  # noqa: E402

TRACKER = Path(sys.executable).with_name("tracker")
MAX_MINUTES = 240
# Columns that say when, not what: they differ between the served database and the replay.
TIMESTAMPS = {"started_at", "changed_at"}
# An event that no operation removes, so that its page always exists.
KEPT_EVENT = "by-2025-09-11"
PATHS = [
    "/tracker/events.json?_shape=objects&_size=50",
    f"/tracker/events/{KEPT_EVENT}",
    "/tracker.json?sql=select+count(*)+from+transfer_people",
    "/tracker/transfer_nationalities?_facet=country",
    "/tracker/people.json?_search=Ales",
    "/tracker",
]


# ---------------------------------------------------------------- the material


def write_ndjson(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(event, ensure_ascii=False) + "\n" for event in events))
    return path


def make_inputs(folder: Path, batch: int, batches: int) -> tuple[list[Path], dict[str, Path]]:
    """Ingest files (overlapping windows of generated events, each also in a revised
    version) and the two data folders that builds read."""
    events = list(generate_events(batch * (batches + 1) // 2 + batch, seed=11))
    files = []
    for number in range(batches):
        window = events[number * batch // 2 : number * batch // 2 + batch]
        files.append(write_ndjson(folder / f"batch-{number:02}.ndjson", window))
        revised = [dict(event, summary=f"{event['summary']} Revised {number}.") for event in window]
        files.append(write_ndjson(folder / f"batch-{number:02}-revised.ndjson", revised))
    curated = folder / "curated"
    shutil.copytree(ROOT / "data", curated)
    larger = folder / "larger"
    shutil.copytree(ROOT / "data", larger)
    write_ndjson(larger / "events" / "generated.ndjson", events[-batch:])
    return files, {"curated": curated, "larger": larger}


# ---------------------------------------------------------------- operations


@dataclass(frozen=True)
class Operation:
    kind: str  # ingest, build, build --replace, remove, check
    arguments: tuple[str, ...]

    def command(self, db: Path) -> list[str]:
        return [str(TRACKER), "--db", str(db), *self.arguments]


def choose_operation(rng: random.Random, files: list[Path], folders: dict[str, Path],
                     replay: Path) -> Operation:
    kind = rng.choices(["ingest", "build", "build --replace", "remove", "check"],
                       weights=[45, 8, 15, 25, 7])[0]
    if kind == "ingest":
        # --update: a revised file changes the events that an earlier one created.
        return Operation(kind, ("ingest", "--update", str(rng.choice(files))))
    if kind in ("build", "build --replace"):
        folder = str(folders[rng.choice(sorted(folders))])
        return Operation(kind, (*kind.split(), folder))
    if kind == "remove":
        ids = [row[0] for row in read(replay, "SELECT id FROM events WHERE id != ?", KEPT_EVENT)]
        event_id = rng.choice(ids) if ids and rng.random() < 0.9 else "no-such-event"
        return Operation(kind, ("remove", event_id))
    return Operation(kind, ("check",))


def run(operation: Operation, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(operation.command(db), capture_output=True, text=True, timeout=600)


def outcome(returncode: int, stdout: str) -> tuple:
    """What two runs of one operation must agree on: the exit code and what it counted."""
    counts = [line for line in stdout.splitlines() if "created" in line or "Built" in line]
    return returncode, [line.split(" from ")[0].split(": ", 1)[-1] for line in counts]


def read(db: Path, sql: str, *parameters) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, parameters).fetchall()
    finally:
        conn.close()


def fingerprint(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in rowid order, without the timestamps (and without the
    full-text indexes, which `tracker check` compares with their tables)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        with conn:
            conn.execute("BEGIN")
            tables = [name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY name")]
            found = {}
            for table in tables:
                cursor = conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
                keep = [i for i, column in enumerate(cursor.description)
                        if column[0] not in TIMESTAMPS]
                found[table] = [tuple(row[i] for i in keep) for row in cursor]
            return found
    finally:
        conn.close()


def differences(one: dict, other: dict) -> list[str]:
    return [table for table in sorted(set(one) | set(other)) if one.get(table) != other.get(table)]


# ---------------------------------------------------------------- serving and requests


@dataclass
class Requests:
    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, path: str, status: int | None, detail: str = "") -> None:
        with self.lock:
            self.statuses[status if status is not None else "no answer"] += 1
            if status is None or status >= 500:
                self.failures.append((time.strftime("%H:%M:%S"), path, status, detail[:300]))


def request_loop(base: str, deadline: float, stop: threading.Event, requests: Requests,
                 seed: int) -> None:
    """GET the pages in a random order until `stop` or the deadline: bounded in time."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set() and time.monotonic() < deadline:
            path = rng.choice(PATHS)
            try:
                response = client.get(path)
            except httpx.HTTPError as error:
                requests.record(path, None, repr(error))
                continue
            requests.record(path, response.status_code, response.text)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(TRACKER), "--db", str(db), "serve", "--port", str(port)],
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"tracker serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/-/versions.json", timeout=5).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"tracker serve did not answer on {base}")


# ---------------------------------------------------------------- the soak


@dataclass
class Soak:
    live: Path
    replay: Path
    scratch: Path
    rng: random.Random
    operations: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    kills: Counter = field(default_factory=Counter)
    waited: int = 0
    failures: list = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(f"{time.strftime('%H:%M:%S')} {message}")
        print(f"FAILURE: {message}", file=sys.stderr)

    def acknowledge(self, operation: Operation, result) -> None:
        """Apply an operation that ran to its end to the replay; the two must agree."""
        replayed = run(operation, self.replay)
        live, expected = outcome(result.returncode, result.stdout), outcome(
            replayed.returncode, replayed.stdout)
        if live != expected:
            self.fail(f"{operation.arguments}: served database {live}, replay {expected}; "
                      f"stderr: {result.stderr.strip()[-300:]}")
        self.operations[operation.kind] += 1
        if result.returncode != 0:
            self.refused[operation.kind] += 1
        if operation.kind == "check" and result.returncode != 0:
            self.fail(f"check found problems: {result.stderr.strip()[-500:]}")

    def holds_lock(self, process: subprocess.Popen) -> bool:
        try:
            holder = json.loads(Path(f"{self.live}.lock").read_text() or "null")
        except (FileNotFoundError, json.JSONDecodeError):
            return False
        return bool(holder) and holder.get("pid") == process.pid

    def one_after_another(self, first: Operation, second: Operation) -> None:
        """The second starts while the first holds the lock, so it waits its turn."""
        one = subprocess.Popen(first.command(self.live), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        self.wait_for_lock(one)
        two = subprocess.Popen(second.command(self.live), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        results = []
        for process in (one, two):
            stdout, stderr = process.communicate(timeout=600)
            results.append(subprocess.CompletedProcess(process.args, process.returncode,
                                                       stdout, stderr))
        if "waiting for" in results[1].stderr:
            self.waited += 1
        for operation, result in zip((first, second), results):
            self.acknowledge(operation, result)

    def wait_for_lock(self, process: subprocess.Popen) -> None:
        while process.poll() is None and not self.holds_lock(process):
            time.sleep(0.002)

    def killed(self, operation: Operation, max_delay: float) -> None:
        """Start it, SIGKILL it at a random moment once it holds the lock (writing, or
        just done); it happened whole or not at all."""
        process = subprocess.Popen(operation.command(self.live), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        self.wait_for_lock(process)
        time.sleep(self.rng.uniform(0, max_delay))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=600)
        if process.returncode != -signal.SIGKILL:
            self.acknowledge(operation, subprocess.CompletedProcess(
                process.args, process.returncode, stdout, stderr))
            return
        live = fingerprint(self.live)
        if not differences(live, fingerprint(self.replay)):
            self.kills[f"{operation.kind}: had not happened"] += 1
            return
        candidate = self.scratch / "candidate.db"
        shutil.copy(self.replay, candidate)
        run(operation, candidate)
        if not differences(live, fingerprint(candidate)):
            shutil.copy(candidate, self.replay)
            self.kills[f"{operation.kind}: had happened"] += 1
        else:
            self.fail(f"kill -9 of {operation.arguments} left neither the state before nor "
                      f"after: {differences(live, fingerprint(candidate))} differ")
            shutil.copy(self.live, self.replay)  # go on from what is there
        candidate.unlink()

    def compare(self, when: str) -> None:
        different = differences(fingerprint(self.live), fingerprint(self.replay))
        if different:
            self.fail(f"{when}: the served database differs from the replay in {different}")


def soak(minutes: float, batch: int, batches: int, seed: int, workdir: Path) -> int:
    rng = random.Random(seed)
    files, folders = make_inputs(workdir, batch, batches)
    live, replay = workdir / "served" / "tracker.db", workdir / "replay" / "tracker.db"
    live.parent.mkdir()
    replay.parent.mkdir()
    for db in (live, replay):
        subprocess.run([str(TRACKER), "--db", str(db), "build", str(folders["curated"])],
                       check=True, capture_output=True)
    state = Soak(live, replay, workdir, rng)
    server, base = start_server(live, workdir / "serve.log")
    # The time given is the time under load: it starts once the server answers.
    started = time.monotonic()
    deadline = started + minutes * 60
    requests, stop = Requests(), threading.Event()
    readers = [threading.Thread(target=request_loop,
                                args=(base, deadline + 120, stop, requests, seed + n))
               for n in range(2)]
    for reader in readers:
        reader.start()
    steps = 0
    try:
        while steps == 0 or time.monotonic() < deadline:  # at least one step, however short
            steps += 1
            mode = rng.random()
            if mode < 0.3:
                # a long first writer, so that the second (a second to start) finds it there
                first = Operation("build --replace", ("build", "--replace",
                                                      str(folders["larger"])))
                if rng.random() < 0.6:
                    first = Operation("ingest", ("ingest", "--update", str(rng.choice(files))))
                state.one_after_another(first, choose_operation(rng, files, folders, replay))
            elif mode < 0.55:
                state.killed(choose_operation(rng, files, folders, replay), max_delay=1.5)
            else:
                operation = choose_operation(rng, files, folders, replay)
                state.acknowledge(operation, run(operation, live))
            if steps % 10 == 0:
                state.compare(f"after step {steps}")
        state.compare("at the end")
        checked = subprocess.run([str(TRACKER), "--db", str(live), "check"],
                                 capture_output=True, text=True)
        if checked.returncode != 0:
            state.fail(f"check at the end: {checked.stderr.strip()[-1000:]}")
        if server.poll() is not None:
            state.fail("the server died")
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.monotonic() - started
    events = read(live, "SELECT count(*) FROM events")[0][0]
    report = {
        "minutes": round(elapsed / 60, 1),
        "steps": steps,
        "operations": dict(sorted(state.operations.items())),
        "refused (exit 1, as the replay)": dict(sorted(state.refused.items())),
        "started while another held the lock, and waited": state.waited,
        "kills": dict(sorted(state.kills.items())),
        "requests": sum(requests.statuses.values()),
        "requests by status": {str(k): v for k, v in sorted(requests.statuses.items(), key=str)},
        "failed requests (5xx or no answer)": len(requests.failures),
        "events at the end": events,
        "check at the end": "clean" if checked.returncode == 0 else "problems",
        "failures": state.failures + [f"request {failure}" for failure in requests.failures[:20]],
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if report["failures"] else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, required=True,
                        help=f"how long to run (at most {MAX_MINUTES})")
    parser.add_argument("--batch", type=int, default=800, help="events in one ingest file")
    parser.add_argument("--batches", type=int, default=12, help="ingest files (each also revised)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temporary folder)")
    args = parser.parse_args()
    if not 0 < args.minutes <= MAX_MINUTES:
        parser.error(f"--minutes: accepted: more than 0, at most {MAX_MINUTES}")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=False)
        sys.exit(soak(args.minutes, args.batch, args.batches, args.seed, args.workdir))
    with tempfile.TemporaryDirectory(prefix="tracker-soak-") as folder:
        sys.exit(soak(args.minutes, args.batch, args.batches, args.seed, Path(folder)))


if __name__ == "__main__":
    main()
