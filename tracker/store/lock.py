"""One writer at a time: a lock file beside the database, held with the OS's `flock`.

Every command that writes (ingest, build, remove, and check, whose full-text check
runs in a write transaction) holds `tracker.db.lock` while it works. The kernel
releases an flock when its holder ends, however it ends (kill -9 included), so a lock
is never left held by a dead process. The file says who holds it (pid, command, start
time) for the writer that waits, which says so in one line and gives up, with one
clear line, after a bounded time.

The holder removes the file when it is done. A writer that took the lock on a file
that was removed meanwhile (its inode no longer at the path) lets go and tries again,
so two writers can never hold locks on two different files.
"""

import datetime as dt
import errno
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# How long a writer waits for another by default; `tracker --wait` or $TRACKER_WAIT.
DEFAULT_WAIT_SECONDS = 300.0
POLL_SECONDS = 0.05


class CannotWrite(Exception):
    """The database was not written, for the one-line reason given."""


class WriterBusy(CannotWrite):
    """Another writer held the lock for longer than this one would wait."""


@dataclass(frozen=True)
class WriteOptions:
    """How a writer behaves towards others: how long it waits, and where it says so."""

    wait_seconds: float = DEFAULT_WAIT_SECONDS
    notify: Callable[[str], None] = field(default=lambda line: None)


@dataclass(frozen=True)
class Holder:
    pid: int | None
    command: str
    started: dt.datetime | None

    def describe(self) -> str:
        """'the ingest started 12:03:10 by pid 4711'."""
        if self.pid is None:
            return "another tracker command"
        started = ""
        if self.started is not None:
            local = self.started.astimezone()
            same_day = local.date() == dt.datetime.now().astimezone().date()
            started = f" started {local:%H:%M:%S}" if same_day else f" started {local:%Y-%m-%d %H:%M:%S}"
        return f"the {self.command}{started} by pid {self.pid}"


def lock_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(f"{path.name}.lock")


def _read_holder(handle) -> Holder:
    """Who the lock file names; a file being written by its new holder names nobody yet."""
    handle.seek(0)
    try:
        record = json.loads(handle.read() or "{}")
        return Holder(
            pid=int(record["pid"]),
            command=str(record["command"]),
            started=dt.datetime.fromisoformat(record["started"]),
        )
    except (ValueError, KeyError, TypeError):
        return Holder(pid=None, command="", started=None)


def _still_at_path(handle, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def _open(path: Path):
    try:
        return open(path, "a+", encoding="utf-8")
    except OSError as error:
        raise CannotWrite(_open_error(path, error)) from error


def _open_error(path: Path, error: OSError) -> str:
    database = path.with_name(path.name.removesuffix(".lock"))
    folder = Path(os.path.abspath(path)).parent
    if error.errno in (errno.EACCES, errno.EPERM) and path.exists():
        return (
            f"{database}: {path.name} (another user's writer lock) is not writable by this "
            "user; nothing was written"
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{database}: the folder {folder} is not writable by this user; nothing was written"
    if error.errno == errno.ENOENT:
        return f"{database}: the folder {folder} does not exist; nothing was written"
    if error.errno == errno.ENOSPC:
        return f"{database}: the disk is full ({error.strerror}); nothing was written"
    return f"{database}: cannot create {path.name}: {error.strerror}; nothing was written"


@contextmanager
def writer_lock(
    db_path: str | Path, command: str, options: WriteOptions = WriteOptions()
) -> Iterator[None]:
    """Hold the database's writer lock for the block; CannotWrite if it cannot be had."""
    path = lock_path(db_path)
    deadline = time.monotonic() + options.wait_seconds
    said_waiting = False
    while True:
        handle = _open(path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(handle)
            handle.close()
            if time.monotonic() >= deadline:
                raise WriterBusy(
                    f"{db_path}: {holder.describe()} still holds the writer lock after "
                    f"{options.wait_seconds:g} s; nothing was written"
                ) from None
            if not said_waiting:
                options.notify(
                    f"{db_path}: waiting for {holder.describe()} to finish "
                    f"(at most {options.wait_seconds:g} s) …"
                )
                said_waiting = True
            time.sleep(POLL_SECONDS)
            continue
        if _still_at_path(handle, path):
            break
        handle.close()  # locked a file its holder had just removed: take the new one
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({
            "pid": os.getpid(),
            "command": command,
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }))
        handle.flush()
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()
