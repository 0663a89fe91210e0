"""A real `tracker serve` on a free loopback port, for tests that talk HTTP to it."""

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TRACKER = Path(sys.executable).with_name("tracker")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def tracker_serve(db_path: Path, *options: str, timeout: float = 60, tracker: Path = TRACKER):
    """Start `tracker serve` on the database; yield (base URL, process); stop it after.
    `tracker` is the command, by default this environment's."""
    port = free_port()
    # A file, not a pipe: the access log of a long crawl would fill a pipe and stall the server.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [str(tracker), "--db", str(db_path), "serve", "--port", str(port), *options],
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"tracker serve exited: {log.read()}")
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"tracker serve did not answer on {base} in {timeout}s")
            time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
