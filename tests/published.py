"""Everything the project publishes from a database, for tests that search it for a name.

Each output yields (where, text): the database file and its log, every table and the
terms of every full-text index, the nested documents, every page a real `tracker serve`
shows (crawled), and every export format with the data package. A new output is one
line in OUTPUTS.
"""

import html
import json
import re
import sqlite3
import subprocess
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tracker.store.nested import iter_event_documents

from served import TRACKER


@dataclass
class Published:
    db_path: Path
    base_url: str
    work_dir: Path
    asked: list[str]  # what a visitor types into searches and queries: the name's spellings


Output = Callable[[Published], Iterator[tuple[str, str]]]


def readable(text: str) -> str:
    """Text as a reader sees it, for searching: URL and HTML escapes undone, compatibility
    forms folded, invisible characters and accents dropped, case folded."""
    text = urllib.parse.unquote(html.unescape(text))
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        character for character in decomposed
        if unicodedata.category(character) not in {"Mn", "Me", "Cf"}
    )
    return kept.casefold()


def database_file(published: Published):
    for suffix in ("", "-wal"):
        path = Path(f"{published.db_path}{suffix}")
        if path.exists():
            yield path.name, path.read_bytes().decode("utf-8", errors="replace")


def every_table(published: Published):
    """Every table and full-text index, including the terms FTS5 keeps in its index."""
    conn = sqlite3.connect(published.db_path)
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        rows = conn.execute(f"SELECT * FROM [{table}]").fetchall()
        yield table, "\n".join(
            " ".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row)
            for row in rows
        )
    for (fts,) in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%USING FTS5%'"):
        conn.execute(f"CREATE VIRTUAL TABLE temp.[{fts}_terms] USING fts5vocab(main, [{fts}], row)")
        terms = [term for (term,) in conn.execute(f"SELECT term FROM temp.[{fts}_terms]")]
        assert terms, f"{fts} has no terms: the search would prove nothing"
        yield f"{fts} terms", " ".join(terms)
    conn.close()


def nested_documents(published: Published):
    conn = sqlite3.connect(published.db_path)
    for document in iter_event_documents(conn):
        yield f"nested {document['id']}", json.dumps(document, ensure_ascii=False)
    conn.close()


def files_written_by(*arguments: str) -> Output:
    """Every file a tracker command writes into {out}, e.g. files_written_by("export", "{out}")."""
    def output(published: Published):
        out = published.work_dir / "_".join(arguments).replace("{out}", "out").replace("/", "_")
        out.mkdir()
        args = [argument.replace("{out}", str(out)) for argument in arguments]
        subprocess.run([str(TRACKER), "--db", str(published.db_path), *args], check=True)
        for path in sorted(out.rglob("*")):
            if path.is_file():
                yield str(path), path.read_bytes().decode("utf-8", errors="replace")
    return output


def served_pages(published: Published):
    """Every page a link reaches, every table and row as HTML, JSON and CSV, searches,
    SQL and canned queries: what anyone can read from the running server."""
    with httpx.Client(base_url=published.base_url, timeout=30) as client:
        def get(url, allowed=(200, 403)):
            """403: a page the metadata keeps private shows nothing, the name included."""
            response = client.get(url)
            assert response.status_code in allowed, (url, response.status_code)
            return response

        database = get("/tracker.json").json()
        yield "/tracker.json", json.dumps(database, ensure_ascii=False)
        for table in database["tables"]:
            name = urllib.parse.quote(table["name"])
            url = f"/tracker/{name}.json?_shape=objects&_size=max"
            while url:
                page = get(url).json()
                yield url, json.dumps(page, ensure_ascii=False)
                url = page.get("next_url")
            for variant in (f"/tracker/{name}?_size=max", f"/tracker/{name}.csv?_stream=on"):
                yield variant, get(variant).text
        for page, text in _crawl(get, "/"):
            yield page, text
            if page.startswith("/tracker/") and not re.search(r"\.(json|csv)$", page):
                yield f"{page}.json", get(f"{page}.json").text
        for asked in published.asked:
            for query in database["queries"]:
                parameters = {p: asked for p in re.findall(r"(?<!:):(\w+)", query["sql"])}
                yield _rows_of(get, f"/tracker/{urllib.parse.quote(query['name'])}.json", parameters)
            for table in ("events", "people", "actors", "concessions", "statements"):
                for words in (asked, *asked.split()):
                    yield _rows_of(get, f"/tracker/{table}.json", {"_search": words})
        for sql in ("SELECT * FROM people", "SELECT * FROM event_revisions",
                    "SELECT * FROM ingest_runs",
                    "SELECT * FROM people_fts WHERE people_fts MATCH 'withheld'"):
            yield _rows_of(get, "/tracker.json", {"sql": sql})


def _rows_of(get, path, parameters) -> tuple[str, str]:
    """Only the rows: the page itself repeats what was asked, the name included.
    A query that refuses the name as a parameter (400: not a number) shows no rows."""
    url = f"{path}?{urllib.parse.urlencode({**parameters, '_shape': 'objects'})}"
    response = get(url, allowed=(200, 400, 403))
    if response.status_code != 200:
        return url, ""
    body = response.json()
    assert "rows" in body, (url, body)
    return url, json.dumps(body["rows"], ensure_ascii=False)


def _crawl(get, start: str, limit: int = 5000):
    """Breadth-first over the site's own links, each path once, ignoring query strings."""
    seen, queue = {start}, [start]
    while queue:
        path = queue.pop(0)
        response = get(path)
        yield path, response.text
        if "html" not in response.headers.get("content-type", ""):
            continue
        for link in re.findall(r'href="([^"]+)"', response.text):
            target = urllib.parse.urlsplit(urllib.parse.urljoin(path, html.unescape(link)))
            if target.netloc or target.scheme or target.path.startswith("/-/static"):
                continue
            if target.path not in seen and len(seen) < limit:
                seen.add(target.path)
                queue.append(target.path)


# Everything the project publishes. A new output is one line here.
OUTPUTS: dict[str, Output] = {
    "database file": database_file,
    "tables and full-text indexes": every_table,
    "nested documents": nested_documents,
    "served pages": served_pages,
    "export events (JSON)": files_written_by("export", "events", "-o", "{out}/events.json"),
    "export events (NDJSON)": files_written_by("export", "events", "-o", "{out}/events.ndjson"),
    "export events (YAML)": files_written_by("export", "events", "-o", "{out}/events.yml"),
    "export table people (CSV)": files_written_by("export", "table", "people", "-o", "{out}/p.csv"),
    "export table transfer_people (JSON)": files_written_by(
        "export", "table", "transfer_people", "-o", "{out}/tp.json"),
    "export sql": files_written_by("export", "sql", "SELECT * FROM people", "-o", "{out}/p.ndjson"),
    "data package and codebook": files_written_by("export", "datapackage", "{out}/package"),
}


def words_found(published: Published, output: str, words: list[str], shown: str) -> int:
    """Search one output for the words (each as `readable` gives it); how many texts it
    searched. Fails if a word is found, or if the output never shows `shown` (the
    withheld person's id): a search of an output that leaves the person out proves
    nothing."""
    searched, seen = 0, False
    wanted = [readable(word) for word in words]
    for where, text in OUTPUTS[output](published):
        searched += 1
        seen |= shown in text
        found = readable(text)
        for word in wanted:
            assert word not in found, f"{output}: {where} gives {word!r} of the withheld name"
    assert searched, f"{output} gave nothing to search"
    assert seen, f"{output} never shows the withheld person: the search proves nothing"
    return searched
