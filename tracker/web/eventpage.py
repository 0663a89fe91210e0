"""Everything about one event, ready to show: what the event page in Datasette displays.

Codes become names (countries, actors), counts become text as every page says them
("at least 20"), each fact keeps the sources it rests on, the deal is shown as its
transfers (who freed whom), and claims are grouped by the fact they are about, so that
the page can say where sources disagree and which value the event shows. Every list is
bounded (LIST_ROWS rows) and says how many there are in all, with a link to the full
list in its Datasette table: an event of a negotiation of thousands of releases, or one
that frees thousands of named people, stays a page of a few hundred kilobytes. The page
template (`templates/row-tracker-events.html`) only lays it out.
"""

import datetime as dt
import json
import sqlite3
from collections import defaultdict

from ..schema.claims import parse_path
from ..schema.counts import Count, count_text
from ..schema.models import COUNT_PARTS

PRECISION_TEXT = {"day": "exact day", "month": "month only", "year": "year only"}
# Rows of each list the page shows; the rest are one link away, in their table.
LIST_ROWS = 50


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def date_text(date: str) -> str:
    """2025-09-11 -> 11 September 2025; 2025-06 -> June 2025; 2025 -> 2025."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return f"{day.day} {day:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(parts[0], parts[1], 1):%B %Y}"
    return date


def web_link(url: str | None) -> str | None:
    """Only web addresses become links: a `javascript:` URL in a source must stay text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _count(row: dict, name: str) -> str:
    """A count of a row as a page says it: '52', 'about 6,000', 'unknown'."""
    return count_text(Count.from_columns(*(row[name + part] for part in COUNT_PARTS)))


def _cited(row: dict) -> dict:
    row["source_ids"] = json.loads(row["source_ids"])
    return row


def _bounded(conn: sqlite3.Connection, table: str, sql: str, params: tuple,
             where: dict, rows: list[dict] | None = None) -> dict:
    """A list as the page shows it: its first LIST_ROWS rows (`sql` must end in LIMIT ?,
    or `rows` be given), how many there are in all, and where the whole list is: the
    `table` filtered by `where` (a column: value mapping, as Datasette's table page
    takes it)."""
    if rows is None:
        rows = _rows(conn, sql, (*params, LIST_ROWS))
    if len(rows) < LIST_ROWS:
        total = len(rows)  # the whole list; the usual case, and no count to make
    else:
        conditions = " AND ".join(f"{column} = ?" for column in where)
        (total,) = conn.execute(
            f"SELECT count(*) FROM {table} WHERE {conditions}", tuple(where.values())).fetchone()
    return {"rows": rows, "total": total, "table": table, "where": where,
            "cut": total > len(rows)}


def event_page(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """The event with all that belongs to it, or None if there is no such event."""
    found = _rows(
        conn,
        """SELECT e.*, rs.name AS releasing_state_name, rc.name AS receiving_state_name
        FROM events e
        LEFT JOIN countries rs ON rs.code = e.releasing_state
        LEFT JOIN countries rc ON rc.code = e.receiving_state
        WHERE e.id = ?""",
        (event_id,),
    )
    if not found:
        return None
    event = found[0]
    event.update(
        date_text=date_text(event["date"]),
        precision_text=PRECISION_TEXT[event["date_precision"]],
        freed_text=_count(event, "freed"),
        political_text=_count(event, "political"),
        foreign_text=_count(event, "foreign_nationals"),
        announced_text=_count(event, "announced"),
        # Transfers announced, not yet carried out: shown apart from those freed.
        any_announced=event["announced_qualifier"] is not None
        and (event["announced"], event["announced_qualifier"]) != (0, "exact"),
    )
    of_event = {"event_id": event_id}
    sources = _bounded(
        conn, "event_sources",
        """SELECT s.*, es.position FROM event_sources es JOIN sources s ON s.id = es.source_id
        WHERE es.event_id = ? ORDER BY es.position LIMIT ?""",
        (event_id,), of_event,
    )
    # Every source keeps its number, so that a citation of one beyond the list still
    # reads [n]; it then links to the source's own page.
    source_numbers = {
        source_id: number for number, (source_id,) in enumerate(conn.execute(
            "SELECT source_id FROM event_sources WHERE event_id = ? ORDER BY position",
            (event_id,)), start=1)
    }
    for source in sources["rows"]:
        source.update(number=source_numbers[source["id"]], link=web_link(source["url"]))
    transfers = _transfers(conn, event_id)
    dates = _bounded(
        conn, "event_dates",
        "SELECT * FROM event_dates WHERE event_id = ? ORDER BY date_start, date_end LIMIT ?",
        (event_id,), of_event,
    )
    for row in dates["rows"]:
        _cited(row)["date_text"] = date_text(row["date"])
    prisoner_counts = _bounded(
        conn, "prisoner_counts",
        """SELECT pc.*, c.name AS country_name, a.name AS according_to_name
        FROM prisoner_counts pc
        JOIN countries c ON c.code = pc.country
        LEFT JOIN actors a ON a.id = pc.according_to
        WHERE pc.event_id = ? ORDER BY pc.position LIMIT ?""",
        (event_id,), of_event,
    )
    for row in prisoner_counts["rows"]:
        _cited(row)["count_text"] = _count(row, "count")
    page = {
        "event": event,
        "dates": dates,
        "transfers": transfers,
        "nationalities": _nationalities(conn, event_id, transfers["rows"]),
        "people": _people(conn, event_id),
        "actors": _cited_rows(_bounded(
            conn, "event_actors",
            """SELECT a.id, a.name, a.kind, c.name AS country, ea.role, ea.description,
              ea.source_ids
            FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
            LEFT JOIN countries c ON c.code = a.country
            WHERE ea.event_id = ? ORDER BY ea.position LIMIT ?""",
            (event_id,), of_event,
        )),
        "concessions": _concessions(conn, event_id),
        "statements": _cited_rows(_bounded(
            conn, "statements",
            """SELECT s.*, a.name AS by_name FROM statements s
            LEFT JOIN actors a ON a.id = s.actor_id
            WHERE s.event_id = ? ORDER BY s.position LIMIT ?""",
            (event_id,), of_event,
        )),
        "prisoner_counts": prisoner_counts,
        "sources": sources,
        "source_numbers": source_numbers,
        "part_of": _rows(conn, "SELECT id, title, date FROM events WHERE id = ?",
                         (event["part_of"],)) if event["part_of"] else [],
        "steps": _bounded(
            conn, "events",
            "SELECT id, title, date FROM events WHERE part_of = ? ORDER BY date_start, id LIMIT ?",
            (event_id,), {"part_of": event_id},
        ),
        "track_events": _track(conn, event) if event["track"] else None,
        "revisions": conn.execute(
            # Rows with a document hold a replaced version; a creation replaced nothing.
            "SELECT count(*) FROM event_revisions WHERE event_id = ? AND document IS NOT NULL",
            (event_id,)
        ).fetchone()[0],
    }
    page["claims"] = _claims(conn, page)
    return page


def _cited_rows(bounded: dict) -> dict:
    for row in bounded["rows"]:
        _cited(row)
    return bounded


def _track(conn: sqlite3.Connection, event: dict) -> dict:
    """The other releases of the event's negotiation: the LIST_ROWS nearest to it in
    time, half before and half after where there are as many, in date order."""
    key = (event["track"], event["date_start"], event["date_start"], event["id"])
    before = _rows(
        conn,
        """SELECT id, title, date, date_start FROM events
        WHERE track = ? AND (date_start < ? OR (date_start = ? AND id < ?))
        ORDER BY date_start DESC, id DESC LIMIT ?""",
        (*key, LIST_ROWS),
    )
    after = _rows(
        conn,
        """SELECT id, title, date, date_start FROM events
        WHERE track = ? AND (date_start > ? OR (date_start = ? AND id > ?))
        ORDER BY date_start, id LIMIT ?""",
        (*key, LIST_ROWS),
    )
    later = min(len(after), max(LIST_ROWS // 2, LIST_ROWS - len(before)))
    earlier = min(len(before), LIST_ROWS - later)
    bounded = _bounded(conn, "events", "", (), {"track": event["track"]},
                       rows=before[:earlier][::-1] + after[:later])
    # The total counts the event itself, as the table it links to does.
    bounded["cut"] = bounded["total"] > len(bounded["rows"]) + 1
    return bounded


# A transfer with the names of who freed them and where they went, and the sum of its
# breakdown (over all its rows, listed or not).
_TRANSFER = """SELECT t.*, f.name AS from_name, h.name AS held_by_name, d.name AS to_name,
      (SELECT count_sum(n.count, n.count_low, n.count_high, n.count_qualifier)
       FROM transfer_nationalities n
       WHERE n.event_id = t.event_id AND n.transfer = t.position) AS breakdown_text
    FROM transfers t
    LEFT JOIN countries f ON f.code = t.from_state
    LEFT JOIN actors h ON h.id = t.held_by
    LEFT JOIN countries d ON d.code = t.to_state
    WHERE t.event_id = ?"""


def _shown_transfer(transfer: dict) -> dict:
    return _cited(transfer) | {
        "count_text": _count(transfer, "count"),
        "political_text": "all of them" if transfer["all_political"]
        else _count(transfer, "political"),
        "foreign_text": _count(transfer, "foreign_nationals"),
    }


def _transfers(conn: sqlite3.Connection, event_id: str) -> dict:
    """The event's transfers, who freed whom, with the sum of their breakdowns."""
    transfers = _bounded(conn, "transfers", _TRANSFER + " ORDER BY t.position LIMIT ?",
                         (event_id,), {"event_id": event_id})
    transfers["rows"] = [_shown_transfer(transfer) for transfer in transfers["rows"]]
    return transfers


def _nationalities(conn: sqlite3.Connection, event_id: str, transfers: list[dict]) -> dict:
    """The first rows of the breakdowns, grouped by their transfer (`groups`)."""
    bounded = _bounded(
        conn, "transfer_nationalities",
        """SELECT n.*, c.name FROM transfer_nationalities n
        JOIN countries c ON c.code = n.country
        WHERE n.event_id = ? ORDER BY n.transfer, n.position LIMIT ?""",
        (event_id,), {"event_id": event_id},
    )
    shown = {transfer["position"]: transfer for transfer in transfers}
    groups = []
    for row in bounded["rows"]:
        _cited(row)["count_text"] = _count(row, "count")
        if not groups or groups[-1]["position"] != row["transfer"]:
            # A breakdown of a transfer beyond the listed ones still names it.
            transfer = shown.get(row["transfer"]) or _shown_transfer(_rows(
                conn, _TRANSFER + " AND t.position = ?", (event_id, row["transfer"]))[0])
            groups.append({"position": row["transfer"], "transfer": transfer, "rows": []})
        groups[-1]["rows"].append(row)
    bounded["groups"] = groups
    return bounded


def _concessions(conn: sqlite3.Connection, event_id: str) -> dict:
    concessions = _cited_rows(_bounded(
        conn, "concessions",
        "SELECT * FROM concessions WHERE event_id = ? ORDER BY position LIMIT ?",
        (event_id,), {"event_id": event_id},
    ))
    shown = len(concessions["rows"])
    parties = _rows(
        conn,
        """SELECT p.concession, p.side, a.id, a.name FROM concession_parties p
        JOIN actors a ON a.id = p.actor_id WHERE p.event_id = ? AND p.concession < ?
        ORDER BY p.concession, p.side, p.position""",
        (event_id, shown),
    )
    disputes = _rows(
        conn,
        """SELECT d.concession, d.statement, d.source_id, a.name AS by_name, s.gist
        FROM concession_disputes d
        LEFT JOIN statements s ON s.event_id = d.event_id AND s.key = d.statement
        LEFT JOIN actors a ON a.id = s.actor_id
        WHERE d.event_id = ? AND d.concession < ? ORDER BY d.concession, d.position""",
        (event_id, shown),
    )
    for concession in concessions["rows"]:
        position = concession["position"]
        concession["granted_by"] = [p for p in parties
                                    if p["concession"] == position and p["side"] == "granted_by"]
        concession["beneficiaries"] = [p for p in parties
                                       if p["concession"] == position and p["side"] == "beneficiary"]
        concession["disputed_by"] = [d for d in disputes if d["concession"] == position]
    return concessions


def _people(conn: sqlite3.Connection, event_id: str) -> dict:
    """The named people freed, by their full names as the registry keeps them."""
    people = _bounded(
        conn, "transfer_people",
        """SELECT p.id, p.name, p.aliases, p.nationalities, tp.transfer, tp.note, tp.source_ids
        FROM transfer_people tp JOIN people p ON p.id = tp.person_id
        WHERE tp.event_id = ? ORDER BY tp.transfer, tp.position LIMIT ?""",
        (event_id,), {"event_id": event_id},
    )
    codes = {code for person in people["rows"] for code in json.loads(person["nationalities"])}
    names = dict(conn.execute(
        f"SELECT code, name FROM countries WHERE code IN ({', '.join('?' * len(codes))})",
        tuple(codes)).fetchall()) if codes else {}
    for person in people["rows"]:
        _cited(person)
        person["aliases"] = json.loads(person["aliases"])
        person["nationalities"] = [
            names.get(code, code) for code in json.loads(person["nationalities"])
        ]
    return people


# Facts with one value that the event shows: how to read it. A claim about a fact
# with no one value (`other`, every prisoner count) has nothing to compare.
_FACT_VALUES = {
    "transfers": ("SELECT * FROM transfers WHERE event_id = ? AND position = ?"),
    "concessions": "SELECT * FROM concessions WHERE event_id = ? AND position = ?",
    "prisoner_counts": "SELECT * FROM prisoner_counts WHERE event_id = ? AND position = ?",
}
_TRANSFER_COUNTS = {"count": "count", "political": "political", "foreign": "foreign_nationals"}


def shown_value(conn: sqlite3.Connection, page: dict, about: str) -> str | None:
    """The value the event shows for the fact a claim is about, as the page says it;
    None when the fact has no one value (other, all prisoner counts, all transfers)."""
    fact = parse_path(about).fact
    event = page["event"]
    if fact in (("freed",), ("political",)):
        return event[f"{fact[0]}_text"]
    if len(fact) == 2 and fact[0] == "dates":
        dates = [row[0] for row in conn.execute(
            "SELECT date FROM event_dates WHERE event_id = ? AND step = ?", (event["id"], fact[1]))]
        return ", ".join(date_text(date) for date in dates) or "no such date"
    if len(fact) < 3 or fact[0] not in _FACT_VALUES:
        return None
    found = _rows(conn, _FACT_VALUES[fact[0]], (event["id"], fact[1]))
    if not found:
        return None
    row, field = found[0], fact[2]
    if fact[0] == "transfers" and field == "nationalities":
        breakdown = _rows(
            conn,
            """SELECT * FROM transfer_nationalities WHERE event_id = ? AND transfer = ?
            AND country = ?""", (event["id"], fact[1], fact[3]))
        return _count(breakdown[0], "count") if breakdown else "not in the breakdown"
    if fact[0] == "transfers" and field == "political" and row["all_political"]:
        return "all of them"
    if fact[0] == "transfers" and field in _TRANSFER_COUNTS:
        return _count(row, _TRANSFER_COUNTS[field])
    if fact[0] == "prisoner_counts":
        return _count(row, "count")
    column = {"from": "from_state", "to": "to_state"}.get(field, field)
    if column not in row:
        return None  # people, parties: lists, not one value
    value = row[column]
    return "not known" if value is None else str(value).replace("_", " ")


def _claims(conn: sqlite3.Connection, page: dict) -> dict:
    """Claims grouped by the fact they are about: whether the values differ
    (`disagree`), the claim chosen (the value the event shows, and why), and, when none
    is, what the event shows instead."""
    event_id = page["event"]["id"]
    bounded = _cited_rows(_bounded(
        conn, "claims",
        "SELECT * FROM claims WHERE event_id = ? ORDER BY position LIMIT ?",
        (event_id,), {"event_id": event_id},
    ))
    grouped = defaultdict(list)
    for claim in bounded["rows"]:
        grouped[claim["about"]].append(claim)
    bounded["groups"] = [
        {
            "about": about,
            "disagree": len({claim["value"] for claim in claims}) > 1,
            "chosen": next((claim for claim in claims if claim["chosen"]), None),
            "shown": shown_value(conn, page, about),
            "claims": claims,
        }
        for about, claims in grouped.items()
    ]
    return bounded
