"""The `tracker` command: a thin layer over the library, one function per command."""

import os
import sqlite3
from pathlib import Path

import click

from . import __version__
from .build import build_database
from .db import connect_readonly
from .errors import InvalidInput
from .extract import NoReleaseFound, extract_event, known_names_from_db, write_draft
from .ingest import ingest_files
from .metadata import metadata_yaml, write_metadata
from .serve import serve as serve_datasette
from .stats import database_stats
from .validate import validate_files

DEFAULT_DATA = "data"


class InputRejected(click.ClickException):
    """Every problem on its own line, then what happened: nothing was written."""

    def __init__(self, error: InvalidInput):
        self.problems = error.problems
        count = len(self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written."
        )

    def show(self, file=None):
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {self.format_message()}", err=True)


@click.group()
@click.version_option(__version__, prog_name="tracker")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default="tracker.db",
    envvar="TRACKER_DB",
    show_default=True,
    help="The SQLite database (or set $TRACKER_DB).",
)
@click.pass_context
def cli(ctx, db_path):
    """The reference database of negotiated political-prisoner releases."""
    ctx.obj = Path(db_path)


@cli.command()
@click.argument("data_dir", default=DEFAULT_DATA, type=click.Path(exists=True, file_okay=False))
@click.pass_obj
def build(db_path, data_dir):
    """Build a fresh database from the curated event files in DATA_DIR.

    The new database is built beside the old one and moved into place, so a
    reader never sees a half-built database; on any invalid file the old one
    stays as it was.

    \b
    Example:
        tracker --db tracker.db build data/
    """
    try:
        report = build_database(data_dir, db_path)
    except InvalidInput as error:
        raise InputRejected(error)
    click.echo(f"Built {db_path}: {len(report.created)} events from {data_dir}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files):
    """Check event files (YAML, JSON, NDJSON or CSV) without writing anything.

    \b
    Example:
        tracker validate data/events/by-2025-09-11.yml new-events.csv
    """
    try:
        count = validate_files(files)
    except InvalidInput as error:
        raise InputRejected(error)
    click.echo(f"{count} event{'s' if count != 1 else ''} valid in {len(files)} file(s)")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.pass_obj
def ingest(db_path, files):
    """Validate event files, then insert new events and update changed ones.

    All files are one transaction: if any event is invalid nothing is written.
    An updated event keeps its previous version in event_revisions; ingesting
    the same files again changes nothing.

    \b
    Example:
        tracker --db tracker.db ingest my-events.yml more.ndjson
    """
    try:
        report = ingest_files(db_path, files)
    except InvalidInput as error:
        raise InputRejected(error)
    click.echo(report.summary())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--data",
    "data_dir",
    default=DEFAULT_DATA,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Curated files to build from if the database is missing.",
)
@click.pass_obj
def serve(db_path, host, port, data_dir):
    """Serve the database with Datasette (read-only), building it first if missing.

    \b
    Example:
        tracker serve --port 8001
    """
    if not os.path.exists(db_path):
        try:
            report = build_database(data_dir, db_path)
        except InvalidInput as error:
            raise InputRejected(error)
        click.echo(f"Built {db_path}: {len(report.created)} events from {data_dir}", err=True)
    serve_datasette(db_path, host, port)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file (whole, or not at all) instead of standard output.",
)
def metadata(output):
    """Generate Datasette's metadata.yml from the models, queries and charts.

    Table and column descriptions come from the models; labels, sort orders,
    facets, search, canned queries and charts from tracker/metadata.py,
    tracker/queries.py and tracker/dashboards.py. Regenerate after changing any
    of them: a test fails while the committed metadata.yml differs.

    \b
    Example:
        tracker metadata -o metadata.yml
        tracker metadata | less
    """
    if output:
        write_metadata(output)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(metadata_yaml(), nl=False)


@cli.command()
@click.pass_obj
def stats(db_path):
    """Summarise the database: events, people freed, per year and releasing state.

    \b
    Example:
        tracker stats
    """
    if not os.path.exists(db_path):
        raise click.ClickException(f"{db_path}: no such database; run `tracker build` first")
    conn = connect_readonly(db_path)
    try:
        summary = database_stats(conn)
    finally:
        conn.close()
    at_least = "at least " if summary.people_freed_is_lower_bound else ""
    click.echo(f"Events:        {summary.events}")
    click.echo(f"People freed:  {at_least}{summary.people_freed}")
    if summary.events_without_total:
        click.echo(f"               ({summary.events_without_total} events with no known total)")
    click.echo(f"Named people:  {summary.named_people}")
    click.echo("\nPer year (events, people freed):")
    for year, count, freed in summary.per_year:
        click.echo(f"  {year}  {count:>5}  {freed:>7}")
    click.echo("\nPer releasing state (events, people freed):")
    for name, code, count, freed in summary.per_releasing_state:
        click.echo(f"  {code}  {name:<30} {count:>5}  {freed:>7}")


@cli.command()
@click.argument("article", type=click.Path(exists=True, dir_okay=False))
@click.option("--published", help="Publication date, YYYY-MM-DD: resolves 'Thursday' and the year.")
@click.option("--url", help="Address of the report.")
@click.option("--title", help="Headline of the report (default: its first line).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False),
    help="Write the draft to this file instead of standard output.",
)
@click.pass_obj
def extract(db_path, article, published, url, title, output):
    """Draft an event file from a plain-text news report, for a person to review.

    The draft is in the ingest format; each value carries, in a comment, the
    characters of the sentence it came from, and uncertain values are marked
    LOW CONFIDENCE. Names are linked to the actors and people of the --db
    database when it exists (read-only). Nothing the report does not state is
    filled in: review it, fill what is missing, then validate and ingest it.

    \b
    Example:
        tracker extract report.txt --published 2025-09-11 --url https://example.org/a -o draft.yml
    """
    try:
        text = Path(article).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{article}: not UTF-8 text (byte {error.start}); accepted: a plain-text UTF-8 file")
    known = []
    if os.path.exists(db_path):
        conn = connect_readonly(db_path)
        try:
            known = known_names_from_db(conn)
        except sqlite3.DatabaseError as error:
            raise click.ClickException(f"{db_path}: not a tracker database ({error}); build one with `tracker build`")
        finally:
            conn.close()
    try:
        draft = extract_event(text, published=published, url=url, title=title, known_actors=known)
    except NoReleaseFound as error:
        raise click.ClickException(f"{article}: {error}; nothing written")
    except ValueError as error:
        raise click.ClickException(f"--published: {error}")
    document = draft.to_yaml(Path(article).name)
    if output:
        write_draft(output, document)
        click.echo(f"Draft written to {output}; review it, then `tracker validate {output}`", err=True)
    else:
        click.echo(document, nl=False)
