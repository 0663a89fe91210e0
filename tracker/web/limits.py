"""What one request may cost the server, and which paths it answers.

Datasette stops a query that runs longer than its time limit, but not one that is quick
and huge: `select randomblob(1000000000)` runs in a second, and building its 1.3 GB of
JSON took the server to 7.6 GB while every other visitor waited. So each served
connection, and each response, is bounded by the settings of `tracker serve`
(`ServingLimits`):

- the memory SQLite may use in the whole process (its hard heap limit): a huge
  randomblob, zeroblob, printf, replace, group_concat or recursive string, or a row of
  many large values, fails inside SQLite before Python holds any of it;
- each value and the rows one query may return (`RowBudget`), counted as they are
  fetched, so that many rows of large values are refused before they are all in memory,
  and counted as JSON writes them, so that a JSON response costs at most the limit;
- the bytes of one response (`LimitedResponses`): a response that would be larger is a
  400; a streamed CSV past it is cut, with the connection closed before the end of the
  body, so that no client takes the cut file for a whole one.

Each refusal is a 400 that names the limit and its setting. None of them is an SQLite
error (`TooLarge` is a BadRequest, SQLite's SQLITE_NOMEM a MemoryError): Datasette shows
an SQLite error of a query on its page and in its JSON, but serves its CSV as an empty
file with status 200.

A path that could name no page (dot segments, empty segments, encoded slashes, bad
percent-escapes, control characters, too long) is answered 4xx before Datasette routes it.
"""

import sqlite3
import weakref
from json.encoder import encode_basestring_ascii
from urllib.parse import unquote_to_bytes

from datasette.utils.asgi import BadRequest

from .site import ServingLimits

MB = 1024 * 1024


def _mb(value: float) -> str:
    return f"{value:g} MB"


def _bytes(mb: float) -> int:
    return int(mb * MB)


# Every refusal's message starts so; how a cut stream is told from a whole one.
TOO_LARGE = "Too large: "
TOO_LARGE_BYTES = TOO_LARGE.encode("utf-8")


class TooLarge(BadRequest):
    """A query or response past a limit; the message says which and how to ask less.
    A BadRequest, so that Datasette answers it with a 400 wherever it is raised."""

    def __init__(self, message: str):
        super().__init__(TOO_LARGE + message)


# ---------------------------------------------------------------- values and rows


class RowBudget:
    """A connection's row factory: Datasette's `sqlite3.Row`, while counting the text and
    blob values that each cursor returns, and refusing the row with a value past the
    value limit or that takes the cursor's rows past the rows limit.

    A text counts the bytes JSON writes it in, the format that costs most to build:
    its length where it is printable ASCII, else up to six times as much (`\\u0001`,
    `\\u0451`); a blob counts its length. One per connection, and a Datasette connection
    serves one query at a time; the cursor is held weakly, so that a finished query's
    statement is not kept open."""

    def __init__(self, limits: ServingLimits):
        self.limits = limits
        self.max_cell = _bytes(limits.max_cell_mb)
        self.max_rows = _bytes(limits.max_rows_mb)
        self._cursor = lambda: None
        self._fetched = 0

    def __call__(self, cursor: sqlite3.Cursor, values: tuple) -> sqlite3.Row:
        # Called for every row served: locals, not attributes, in the loop.
        if self._cursor() is not cursor:
            self._cursor = weakref.ref(cursor)
            self._fetched = 0
        fetched, max_cell = self._fetched, self.max_cell
        for value in values:
            kind = value.__class__
            if kind is not str and kind is not bytes:
                continue
            size = len(value)
            if size > max_cell:
                raise TooLarge(
                    f"a value is larger than {_mb(self.limits.max_cell_mb)}, the most one "
                    "value may hold here (tracker serve --max-cell-mb): ask for a part of "
                    "it (substr).")
            if kind is str and not (value.isascii() and value.isprintable()):
                size = len(encode_basestring_ascii(value))
            fetched += size
        if fetched > self.max_rows:
            raise TooLarge(
                f"the rows of this query hold more than {_mb(self.limits.max_rows_mb)} (as "
                "JSON writes them), the most one query may return here (tracker serve "
                "--max-rows-mb): ask for fewer rows (LIMIT, _size) or shorter values (substr).")
        self._fetched = fetched
        return sqlite3.Row(cursor, values)


def limit_connection(conn: sqlite3.Connection, limits: ServingLimits) -> None:
    """Bound the values and rows of every query on a served connection."""
    conn.row_factory = RowBudget(limits)


def limit_sqlite_memory(limits: ServingLimits) -> None:
    """SQLite's hard heap limit, which holds for every connection of the process: a
    query that would take SQLite past it fails with SQLITE_NOMEM (a MemoryError)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA hard_heap_limit = {_bytes(limits.max_sqlite_memory_mb)}")
    finally:
        conn.close()


def refusal(exception: BaseException, limits: ServingLimits) -> str | None:
    """What to tell a visitor whose query SQLite stopped for its size; None for any
    other error (a TooLarge is Datasette's own 400)."""
    if isinstance(exception, sqlite3.DataError) and exception.sqlite_errorname == "SQLITE_TOOBIG":
        return f"{TOO_LARGE}a value would be larger than SQLite allows: ask for a shorter one."
    if isinstance(exception, MemoryError):
        return (f"{TOO_LARGE}this query needs more than the {_mb(limits.max_sqlite_memory_mb)} "
                "of memory that SQLite may use here (tracker serve --max-sqlite-memory-mb): "
                "ask for fewer or shorter values.")
    return None


# ---------------------------------------------------------------- paths

MAX_PATH_BYTES = 2048
# A character no table, row or page name holds.
CONTROL_CHARACTERS = frozenset(chr(code) for code in [*range(0x20), 0x7F])


def path_problem(raw_path: bytes) -> tuple[int, str] | None:
    """(status, message) for a request path that names no page; None for any other."""
    if len(raw_path) > MAX_PATH_BYTES:
        return 414, f"The path is longer than {MAX_PATH_BYTES:,} bytes."
    if not raw_path.startswith(b"/"):
        return 400, "The request target is not a path."
    segments = raw_path.split(b"/")[1:]
    for position, segment in enumerate(segments):
        if not segment:
            if position == len(segments) - 1:
                continue  # one trailing slash: Datasette redirects to the path without it
            return 404, "Not found: the path has an empty segment (//)."
        try:
            name = _percent_decoded(segment)
        except ValueError as error:
            return 400, f"The path is not valid: {error}."
        if name in {".", ".."}:
            return 404, "Not found: the path has a dot segment (. or ..)."
        if "/" in name or "\\" in name:
            return 404, "Not found: the path has an encoded slash."
        if not CONTROL_CHARACTERS.isdisjoint(name):
            return 404, "Not found: the path has a control character."
    return None


def _percent_decoded(segment: bytes) -> str:
    """A path segment's text; ValueError for a bad percent-escape or invalid UTF-8."""
    pieces = segment.split(b"%")
    for piece in pieces[1:]:
        if len(piece) < 2 or not all(chr(byte) in "0123456789abcdefABCDEF" for byte in piece[:2]):
            raise ValueError("a '%' is not followed by two hexadecimal digits")
    try:
        return unquote_to_bytes(segment).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("its percent-escapes are not UTF-8") from None


# ---------------------------------------------------------------- responses

# The header of a CSV of no columns: no query that succeeds gives one.
EMPTY_CSV_HEADER = b"\r\n"
QUERY_FAILED = "This query failed: ask for it as JSON (.json instead of .csv) to see why."



class LimitedResponses:
    """ASGI middleware: answers an odd path with `refuse`, and bounds the bytes of every
    response. The start of a response is held until its first body message: a whole
    body over the limit, or the empty CSV of a failed query, is replaced by `refuse`'s
    400; a streamed one (CSV, files) is sent until it passes the limit, then ends with
    the reason and a closed connection.

    `refuse(scope, receive, send, status, title, message)` sends an error response."""

    def __init__(self, app, limits: ServingLimits, refuse):
        self.app = app
        self.limits = limits
        self.max_bytes = _bytes(limits.max_response_mb)
        self.refuse = refuse

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        problem = path_problem(scope.get("raw_path") or scope["path"].encode("utf-8"))
        if problem:
            status, message = problem
            return await self.refuse(scope, receive, send, status, "Not a page", message)

        held_start = None
        sent = 0
        refused = cut = False
        too_large = TooLarge(
            f"the response would be larger than {_mb(self.limits.max_response_mb)}, the most "
            "one response may be here (tracker serve --max-response-mb): ask for fewer rows "
            "or columns.")

        async def limited_send(message):
            nonlocal held_start, sent, refused, cut
            if cut:  # Datasette's CSV stream writes the error it caught: end there
                raise too_large
            if refused:
                return
            if message["type"] == "http.response.start":
                held_start = message
                return
            body = message.get("body", b"")
            if held_start is not None:  # the first body message: the response may yet be refused
                if not message.get("more_body") and len(body) > self.max_bytes:
                    refused = True
                    await self.refuse(scope, receive, send, 400, "Too large", str(too_large))
                    return
                if body == EMPTY_CSV_HEADER and scope["path"].endswith(".csv"):
                    # Datasette shows an SQLite error of a query on its page and in its
                    # JSON, but makes its CSV a file of no columns with status 200.
                    refused = True
                    await self.refuse(scope, receive, send, 400, "Invalid SQL", QUERY_FAILED)
                    return
                await send(held_start)
                held_start = None
            elif body.startswith(TOO_LARGE_BYTES):
                # A later page of a CSV stream was refused after the response began, and
                # Datasette writes the refusal as the last line of a file that looks whole.
                cut = True
                await send(message | {"more_body": True})
                raise TooLarge(body.decode("utf-8").removeprefix(TOO_LARGE))
            sent += len(body)
            if sent > self.max_bytes:
                cut = True
                await send({"type": "http.response.body", "more_body": True,
                            "body": f"\r\n{too_large}\r\n".encode("utf-8")})
                raise too_large
            await send(message)

        await self.app(scope, receive, limited_send)
