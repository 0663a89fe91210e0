"""Serving under abuse: one request cannot make the server build a huge response, reach
outside the data, or fail on an odd path; and no legitimate page is cut by the limits.

Each test talks to a real `tracker serve`. The limits are settings of `tracker serve`, so
the abusive requests run here against a server with small limits (a megabyte, not a
gigabyte); `scripts/abuse.py` measures the defaults at full size.
"""

import csv
import io
import shutil
import socket
import sqlite3

import httpx
import pytest
from datasette.utils import tilde_encode

from conftest import DATA
from served import tracker_serve

# Small limits, so that each abuse costs the test a few megabytes.
SMALL_LIMITS = ["--max-cell-mb", "1", "--max-rows-mb", "2", "--max-response-mb", "1.5",
                "--max-sqlite-memory-mb", "64"]


@pytest.fixture(scope="module")
def small(curated_db, tmp_path_factory):
    """The curated data served with small limits: (base URL, database file). With a
    view of 1,100 rows whose last 100 hold 30,000 characters each: its second page of
    1,000 rows holds 3 MB, over the rows limit."""
    path = tmp_path_factory.mktemp("small") / "tracker.db"
    shutil.copy(curated_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE VIEW growing AS SELECT i, CASE WHEN i > 1000 THEN "
                     f"printf('%.*c', 30000, 'x') END AS v FROM {numbers(1100)}")
    conn.close()
    with tracker_serve(path, *SMALL_LIMITS) as (base_url, _):
        yield base_url, path


@pytest.fixture(scope="module")
def default(curated_db, tmp_path_factory):
    """The curated data served as `tracker serve` serves it: (base URL, database file)."""
    path = tmp_path_factory.mktemp("default") / "tracker.db"
    shutil.copy(curated_db, path)
    with tracker_serve(path) as (base_url, _):
        yield base_url, path


def numbers(count: int) -> str:
    """SQL for a table of `count` rows, column i."""
    return f"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT {count}) SELECT i FROM n)"


def run_sql(base_url: str, sql: str, extension: str = ".json", **params) -> httpx.Response:
    return httpx.get(f"{base_url}/tracker{extension}", params={"sql": sql, **params}, timeout=60)


def assert_refused(response: httpx.Response, *words: str) -> None:
    """A clear refusal: a 400 whose message says what was too large, and a small body."""
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert len(response.content) < 100_000
    text = response.json()["error"] if response.url.path.endswith(".json") else response.text
    for word in words:
        assert word in text, text[:500]


def assert_server_answers(base_url: str) -> None:
    rows = run_sql(base_url, "select count(*) as n from events", _shape="array").json()
    # It still answers a small question, from the data it serves: the curated events,
    # one file each.
    assert rows == [{"n": len(list((DATA / "events").glob("*.yml")))}]


# -------------------------------------------------------------- 17: what one response may cost

# Each builds one value of two million bytes or characters, over the 1 MB limit of a value.
HUGE_VALUES = {
    "randomblob": "select randomblob(2000000) as v",
    "zeroblob": "select zeroblob(2000000) as v",
    "printf": "select printf('%.*c', 2000000, 'x') as v",
    "replace": "select replace(hex(zeroblob(1000000)), '0', 'xy') as v",
    "group_concat": f"select group_concat(printf('%.*c', 1000, 'x'), '') as v from {numbers(2000)}",
    "recursive string": ("WITH RECURSIVE s(v, k) AS (SELECT 'x', 0 UNION ALL "
                         "SELECT v || v, k + 1 FROM s WHERE k < 21) SELECT v FROM s WHERE k = 21"),
    "json": f"select json_group_array(printf('%.*c', 1000, 'x')) as v from {numbers(2000)}",
}


@pytest.mark.parametrize("extension", [".json", ".csv", ""])
@pytest.mark.parametrize("name", HUGE_VALUES)
def test_a_value_over_the_cell_limit_is_refused(small, name, extension):
    base_url, _ = small
    response = run_sql(base_url, HUGE_VALUES[name], extension)
    assert_refused(response, "a value is larger than 1 MB", "--max-cell-mb")
    assert_server_answers(base_url)


@pytest.mark.parametrize("sql", [
    "select randomblob(1000000000) as v",
    "select length(randomblob(1000000000)) as n",
    "select zeroblob(1000000000) as v",
    "select printf('%.*c', 1000000000, 'x') as v",
])
@pytest.mark.parametrize("extension", [".json", ".csv", ""])
def test_a_gigabyte_value_fails_inside_sqlite(small, sql, extension):
    """Over SQLite's memory limit: refused before any of it is in memory."""
    base_url, _ = small
    response = run_sql(base_url, sql, extension)
    assert_refused(response, "more than the 64 MB", "--max-sqlite-memory-mb")
    assert_server_answers(base_url)


def test_a_table_page_asking_sqlite_for_a_gigabyte_is_refused_not_a_server_error(small):
    base_url, _ = small
    response = httpx.get(f"{base_url}/tracker/events.json",
                         params={"_where": "length(randomblob(1000000000)) > 0"}, timeout=60)
    assert_refused(response, "more than the 64 MB", "--max-sqlite-memory-mb")


@pytest.mark.parametrize("extension", [".json", ".csv", ""])
@pytest.mark.parametrize("sql", ["select zeroblob(2000000000) as v",
                                 "select length(randomblob(2000000000)) as n"])
def test_a_value_over_what_sqlite_allows_is_refused(default, sql, extension):
    base_url, _ = default
    response = run_sql(base_url, sql, extension)
    assert response.status_code == 400, response.text[:300]
    assert_server_answers(base_url)


def test_a_table_filter_over_what_sqlite_allows_is_refused_not_a_server_error(default):
    base_url, _ = default
    response = httpx.get(f"{base_url}/tracker/events.json",
                         params={"_where": "length(zeroblob(2000000000)) > 0"}, timeout=60)
    assert_refused(response, "larger than SQLite allows")


@pytest.mark.parametrize("sql", ["select nonsense", "select fts3_tokenizer('simple')"])
def test_the_csv_of_a_failed_query_is_an_error_not_an_empty_file(default, sql):
    base_url, _ = default
    response = run_sql(base_url, sql, ".csv")
    assert response.status_code == 400, response.text[:300]
    assert "This query failed: ask for it as JSON" in response.text


def test_the_csv_of_a_query_stopped_by_the_time_limit_is_an_error_not_a_server_error(default):
    base_url, _ = default
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    response = run_sql(base_url, endless, ".csv")
    assert response.status_code == 400, response.text[:300]
    assert "SQL query took too long: the time limit is 3,000 ms" in response.text


@pytest.mark.parametrize("extension", [".json", ".csv", ""])
def test_rows_holding_more_than_the_rows_limit_are_refused(small, extension):
    """Each value is under the value limit; 30 of them are over the rows limit."""
    base_url, _ = small
    response = run_sql(base_url, f"select randomblob(100000) as v from {numbers(30)}", extension)
    assert_refused(response, "the rows of this query hold more than 2 MB", "--max-rows-mb")
    assert_server_answers(base_url)


@pytest.mark.parametrize("character", ["char(1)", "'ё'"])
def test_text_counts_as_json_writes_it(small, character):
    """600,000 characters are 600 kB, under the rows limit, but 3.6 MB as JSON writes
    them (a control character or a Cyrillic letter as \\u0001): over the rows limit."""
    base_url, _ = small
    text = f"replace(printf('%.*c', 200000, 'x'), 'x', {character})"
    for extension in (".json", ".csv", ""):
        response = run_sql(base_url, f"select {text} as v from {numbers(3)}", extension)
        assert_refused(response, "the rows of this query hold more than 2 MB (as JSON", "--max-rows-mb")
    assert run_sql(base_url, f"select length({text}) as n", _shape="array").json() == [{"n": 200000}]


@pytest.mark.parametrize("value", ["zeroblob(900000)", "printf('%.*c', 900000, 'x')"])
def test_a_row_wider_than_sqlite_may_hold_is_refused(small, value):
    """A hundred values under the value limit in one row: 90 MB, over SQLite's 64."""
    base_url, _ = small
    columns = ", ".join(f"{value} as c{i}" for i in range(100))
    response = run_sql(base_url, f"select {columns}")
    assert_refused(response, "more than the 64 MB", "--max-sqlite-memory-mb")
    assert_server_answers(base_url)


def test_a_response_over_the_response_limit_is_refused(small):
    """1.4 MB of rows, under the rows limit, are 1.9 MB of JSON (base64): over 1.5 MB."""
    base_url, _ = small
    response = run_sql(base_url, "select randomblob(700000) as a, randomblob(700000) as b")
    assert_refused(response, "the response would be larger than 1.5 MB", "--max-response-mb")


def test_a_csv_over_the_response_limit_is_cut_visibly(small):
    """CSV is streamed: past the limit the connection closes before the end of the
    body, so no client takes the cut file for a whole one."""
    base_url, _ = small
    sql = f"select printf('%.*c', 1800, 'x') as v from {numbers(1000)}"
    for params in ({}, {"_stream": "1"}):
        with pytest.raises(httpx.RemoteProtocolError, match="incomplete"):
            run_sql(base_url, sql, ".csv", **params)
    assert_server_answers(base_url)


def test_a_stream_whose_later_page_is_refused_is_cut_visibly(small):
    """The first page of the stream is sent before the second is read; the second is
    over the rows limit."""
    base_url, _ = small
    first_page = httpx.get(f"{base_url}/tracker/growing.csv", params={"_size": "max"}, timeout=60)
    assert first_page.status_code == 200
    assert len(list(csv.reader(io.StringIO(first_page.text)))) == 1001
    with pytest.raises(httpx.RemoteProtocolError, match="incomplete"):
        httpx.get(f"{base_url}/tracker/growing.csv", params={"_stream": "1"}, timeout=60)
    assert_server_answers(base_url)


def test_a_stream_under_the_response_limit_is_whole(small):
    base_url, path = small
    response = httpx.get(f"{base_url}/tracker/transfer_nationalities.csv",
                         params={"_stream": "1", "_size": "max"}, timeout=60)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("select count(*) from transfer_nationalities").fetchone()
    assert len(rows) == count + 1


def test_the_limits_are_shown_with_the_metadata(small):
    base_url, _ = small
    limits = httpx.get(f"{base_url}/-/metadata.json").json()["plugins"]["tracker"]
    assert limits == {"max_cell_mb": 1, "max_rows_mb": 2, "max_response_mb": 1.5,
                      "max_sqlite_memory_mb": 64}


# -------------------------------------------------------------- 18: nothing outside the data

OUTSIDE_THE_DATA = {
    # A memory address of the server; with a second argument, a function pointer to call.
    "select fts3_tokenizer('simple')": "fts3_tokenizer",
    "select fts3_tokenizer('simple', x'4141414141414141')": "fts3_tokenizer",
    "select FTS3_TOKENIZER('simple')": "FTS3_TOKENIZER",
    # Loads a shared library from a file.
    "select load_extension('/tmp/nothing.so')": "load_extension",
    # Decode raw R*Tree nodes (CVE-2019-8457 read past a buffer).
    "select rtreenode(2, x'00')": "rtreenode",
    "select rtreedepth(x'00')": "rtreedepth",
    # The FTS5 API pointer.
    "select fts5(null)": "fts5",
    # Files, in builds that have them (the sqlite3 shell's fileio).
    "select readfile('/etc/passwd')": "readfile",
    "select writefile('/tmp/written', 'x')": "writefile",
    # The statements prepared on the connection: other visitors' queries.
    "select sql from sqlite_stmt": "sqlite_stmt",
}


@pytest.mark.parametrize("sql", OUTSIDE_THE_DATA)
def test_functions_and_tables_outside_the_data_are_refused(default, sql):
    base_url, _ = default
    response = run_sql(base_url, sql)
    assert response.status_code == 400, response.text[:300]
    error = response.json()["error"]
    name = OUTSIDE_THE_DATA[sql]
    assert error in {f"not authorized to use function: {name}", f"no such function: {name}",
                     f"access to {name}.sql is prohibited"}, error


def test_other_functions_still_work(default):
    base_url, _ = default
    sql = ("select upper('a') as u, json_array(1) as j, escape_fts('a\"') as e, "
           "sqlite_version() is not null as v, length(randomblob(10)) as r")
    rows = run_sql(base_url, sql, _shape="array").json()
    assert rows == [{"u": "A", "j": "[1]", "e": '"a"', "v": 1, "r": 10}]


# -------------------------------------------------------------- 19: odd paths are a 4xx

ODD_PATHS = [
    b"/./x", b"//etc/passwd", b"/..", b"/../etc/passwd", b"/.", b"/tracker/./events",
    b"/tracker/../tracker/events", b"/tracker/events/.", b"/tracker/events/..",
    b"/-/static/../static/app.css", b"/tracker/events/..;/x",
    # encoded dots and slashes
    b"/%2e/x", b"/%2E%2e/etc/passwd", b"/tracker/%2e%2e/x", b"/tracker%2fevents",
    b"/tracker%2Fevents/by-2025-09-11", b"/tracker/events/a%5cb", b"/tracker/events/a%2fb",
    # double slashes
    b"/tracker//events", b"/tracker/events//", b"///", b"//", b"/tracker/events//by-2025-09-11",
    # invalid or incomplete percent-escapes, invalid UTF-8, control characters
    b"/%ff", b"/%c3%28", b"/tracker/events/%e2%82", b"/%zz", b"/%", b"/tracker/events/%0",
    b"/%00", b"/tracker/events/%0a", b"/tracker/events/%7f",
    # overlong, deep, and paths that match no route
    b"/" + b"a" * 3000, b"/a" * 1500, b"/tracker/" + b"a" * 5000,
    b"/a/b/c/d", b"/tracker/events/by-2025-09-11/extra", b"/.well-known/security.txt",
    # request targets that are not paths
    b"*", b"http://127.0.0.1/x",
]


def status_of_raw_request(base_url: str, target: bytes) -> int:
    """The status of a GET of the target exactly as given: HTTP clients would normalise it."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host.encode()
                     + b"\r\nConnection: close\r\n\r\n")
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ", 2)[1])


def test_dot_segments_and_double_slashes_are_not_found(default):
    base_url, _ = default
    assert status_of_raw_request(base_url, b"/./x") == 404
    assert status_of_raw_request(base_url, b"//etc/passwd") == 404


@pytest.mark.parametrize("target", ODD_PATHS, ids=lambda target: repr(target[:40]))
def test_an_odd_path_is_a_client_error(default, target):
    base_url, _ = default
    status = status_of_raw_request(base_url, target)
    assert 400 <= status < 500, status


def test_ordinary_paths_still_answer_after_odd_ones(default):
    base_url, _ = default
    for target in [b"/", b"/tracker", b"/tracker/events", b"/tracker/events/by-2025-09-11",
                   b"/tracker/events/by%2D2025-09-11", b"/-/static/app.css", b"/tracker/"]:
        assert status_of_raw_request(base_url, target) in {200, 302}, target


# -------------------------------------------------------------- no legitimate page is cut

def test_every_table_row_and_canned_query_of_the_curated_data_is_whole(default):
    """A crawl of the curated database with the default limits: every table in HTML,
    JSON and streamed CSV with all its rows, every row page, every canned query."""
    base_url, path = default
    client = httpx.Client(base_url=base_url, timeout=60)
    database = client.get("/tracker.json").json()
    conn = sqlite3.connect(path)
    crawled = 0
    for table in database["tables"]:
        name = table["name"]
        (count,) = conn.execute(f"select count(*) from [{name}]").fetchone()
        assert client.get(f"/tracker/{tilde_encode(name)}").status_code == 200, name
        page = client.get(f"/tracker/{tilde_encode(name)}.json",
                          params={"_size": "max", "_shape": "objects"}).json()
        assert len(page["rows"]) == min(count, 1000), name
        stream = client.get(f"/tracker/{tilde_encode(name)}.csv", params={"_stream": "1"})
        assert stream.status_code == 200, name
        assert len(list(csv.reader(io.StringIO(stream.text)))) == count + 1, name
        keys = ", ".join(f"[{key}]" for key in table["primary_keys"] or ["rowid"])
        for values in conn.execute(f"select {keys} from [{name}]"):
            if any(isinstance(value, bytes) for value in values):
                continue  # a row keyed by a blob (FTS5's index) has no page in Datasette
            row = ",".join(tilde_encode(str(value)) for value in values)
            assert client.get(f"/tracker/{tilde_encode(name)}/{row}").status_code == 200, (name, row)
            crawled += 1
    for query in client.get("/tracker.json").json()["queries"]:
        html = client.get(f"/tracker/{query['name']}")
        assert html.status_code == 200, query["name"]
        result = client.get(f"/tracker/{query['name']}.json").json()
        assert result["ok"] is not False and not result["truncated"], query["name"]
        rows = list(csv.reader(io.StringIO(client.get(f"/tracker/{query['name']}.csv").text)))
        assert len(rows) == len(result["rows"]) + 1, query["name"]
    for page in ["/", "/tracker", "/-/dashboards/overview", "/about"]:
        assert client.get(page).status_code == 200, page
    assert crawled > 700  # nearly all of the curated database's 840 rows
