"""The `tracker` command: a thin layer over the library, one function per command."""

import dataclasses
import gc
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .errors import InvalidInput, Problem
from .files.formats import EXPORT_FORMATS, NAMES_FILE
from .schema.values import EventType
from .store.lock import DEFAULT_WAIT_SECONDS, WriteOptions
from .web.site import ServingLimits

# Each command imports the library it runs when it runs: `tracker --version` and
# `--help` load click and nothing else.

DEFAULT_DATA = "data"


class ProblemsFound(click.ClickException):
    """Every problem on its own line, then how many and what it means."""

    def __init__(self, problems: list[Problem], outcome: str):
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found{outcome}")

    def show(self, file=None):
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {self.format_message()}", err=True)


class InputRejected(ProblemsFound):
    def __init__(self, error: InvalidInput):
        super().__init__(error.problems, "; nothing was written.")


class TrackerGroup(click.Group):
    """A database that cannot be opened, read or written is one clear line, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException:
            raise
        except Exception as error:
            # Imported once there is something to explain: the command has loaded it.
            from .store.db import (
                FormatOneDatabase, NoDatabase, NotATrackerDatabase, OverwritesDatabase, explain,
            )
            from .store.lock import CannotWrite

            if isinstance(error, sqlite3.Error):
                db_path = ctx.params.get("db_path")
                raise click.ClickException(f"{db_path}: {explain(error, db_path)}")
            if isinstance(error, (CannotWrite, FormatOneDatabase, NoDatabase,
                                  NotATrackerDatabase, OverwritesDatabase)):
                raise click.ClickException(str(error))
            raise


def library_loaded() -> None:
    """Called by a command that reads or writes many events, once it has imported its
    library. What is loaded then lives as long as the process: frozen, the garbage
    collector no longer walks it at every collection, which took a fifth of an ingest's
    CPU time (3,000 generated events: 4.4 s of CPU without, 3.7 s with; `gc.freeze`).
    Unfrozen when the command ends, for a caller that goes on (a test, a script)."""
    gc.freeze()
    click.get_current_context().call_on_close(gc.unfreeze)


def write_options() -> WriteOptions:
    """How long this command waits for another writer (--wait), saying so on stderr."""
    wait = click.get_current_context().find_root().params["wait"]
    return WriteOptions(wait_seconds=wait, notify=lambda line: click.echo(line, err=True))


@contextmanager
def existing_database(db_path: Path):
    """A read-only connection to an existing tracker database; closed afterwards."""
    from .store.db import open_tracker_database

    conn = open_tracker_database(db_path)
    try:
        yield conn
    finally:
        conn.close()


@click.group(cls=TrackerGroup)
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
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT_SECONDS,
    envvar="TRACKER_WAIT",
    show_default=True,
    help="Seconds a command that writes waits for another writer (or set $TRACKER_WAIT).",
)
@click.pass_context
def cli(ctx, db_path, wait):
    """The reference database of negotiated political-prisoner releases."""
    ctx.obj = Path(db_path)


@contextmanager
def reading(db_path: Path):
    """A read-only connection to an existing tracker database; export errors as click errors."""
    from .files.export import ExportError

    with existing_database(db_path) as conn:
        try:
            yield conn
        except ExportError as error:
            raise click.ClickException(str(error))
        except InvalidInput as error:
            raise InputRejected(error)


def withheld_names_option(command):
    """The local file of withheld people's names, which validation and ingest refuse."""
    return click.option(
        "--withheld-names",
        "names_path",
        type=click.Path(dir_okay=False),
        envvar="TRACKER_WITHHELD_NAMES",
        help=f"The git-ignored file of withheld people's names by id (default: "
             f"{NAMES_FILE} in the data folder, if there; or set $TRACKER_WITHHELD_NAMES).",
    )(command)


def withheld_names(names_path: str | None, data_dir: str = DEFAULT_DATA):
    """The withheld names of the local file (WithheldNames)."""
    from .files.withheld import names_file, read_withheld_names

    try:
        return read_withheld_names(names_file(names_path, data_dir))
    except InvalidInput as error:
        raise InputRejected(error)


@cli.command()
@click.argument("data_dir", default=DEFAULT_DATA, type=click.Path(exists=True, file_okay=False))
@click.option("--replace", is_flag=True,
              help="Replace a database that ingest or remove changed since its build.")
@withheld_names_option
@click.pass_obj
def build(db_path, data_dir, replace, names_path):
    """Build the database from the curated event files in DATA_DIR.

    An existing database is rebuilt in place in one transaction: a reader (a
    running server) sees the old events until it commits, and on any invalid
    file the old database stays as it was. A database changed since its build
    is rebuilt only with --replace: its other events and its history would be
    lost. Waits for another writer (--wait).

    \b
    Example:
        tracker --db tracker.db build data/
    """
    from .store.build import WouldDiscardChanges, build_database

    library_loaded()

    try:
        report = build_database(
            data_dir, db_path, replace=replace, options=write_options(),
            names=withheld_names(names_path, data_dir),
        )
    except InvalidInput as error:
        raise InputRejected(error)
    except WouldDiscardChanges as error:
        raise click.ClickException(str(error))
    click.echo(f"Built {db_path}: {len(report.created)} events from {data_dir}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@withheld_names_option
@click.pass_obj
def validate(db_path, files, names_path):
    """Check event and registry files (YAML, JSON, NDJSON or CSV) as ingest would,
    against the database when there is one; writes nothing.

    \b
    Example:
        tracker validate data/events/by-2025-09-11.yml new-events.csv
    """
    from .store.ingest import check_files

    library_loaded()

    try:
        report = check_files(db_path, files, withheld_names(names_path))
    except InvalidInput as error:
        raise InputRejected(error)
    count = len(report.created) + len(report.updated) + len(report.unchanged)
    click.echo(f"{count} event{'s' if count != 1 else ''} valid in {len(files)} file(s)")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--update", is_flag=True,
              help="Change events and shared records that exist (otherwise refused).")
@click.option("--dry-run", is_flag=True,
              help="Show what would be created and changed, field by field; write nothing.")
@withheld_names_option
@click.pass_obj
def ingest(db_path, files, update, dry_run, names_path):
    """Validate event and registry files, then insert new events and records.

    All files are one transaction: if any event is invalid nothing is written.
    An ingest that would change an existing event or record writes nothing
    unless --update: then the event's previous version is kept in
    event_revisions, a record's in entity_revisions. Ingesting the same files
    again changes nothing. Waits for another writer (--wait).

    \b
    Example:
        tracker --db tracker.db ingest my-events.yml more.ndjson
        tracker ingest --dry-run data/events/by-2025-09-11.yml
        tracker ingest --update data/people.yml data/events/by-2025-09-11.yml
    """
    from .store.ingest import ingest_files

    library_loaded()

    try:
        report = ingest_files(db_path, files, options=write_options(),
                              names=withheld_names(names_path), update=update,
                              dry_run=dry_run)
    except InvalidInput as error:
        raise InputRejected(error)
    if dry_run:
        for line in dry_run_lines(report):
            click.echo(line)
        click.echo(f"Dry run: {report.summary()}; nothing was written.")
        return
    click.echo(report.summary())


def dry_run_lines(report) -> list[str]:
    """What an ingest would do, event by event and record by record, field by field."""
    lines = [f"would create event {event_id}" for event_id in report.created]
    for event_id in report.updated:
        lines.append(f"would update event {event_id}:")
        lines += [f"  {path}: {change}" if path else f"  {change}"
                  for path, change in report.changes[event_id]]
        if report.drops[event_id]:
            lines.append(f"  drops {'; '.join(report.drops[event_id])}")
    for change in report.record_changes:
        lines.append(f"would update {change.table} {change.record_id}:")
        lines += [f"  {column}: {old!r} → {new!r}" for column, old, new in change.differences]
    return lines


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--db", "upgrade_db", type=click.Path(dir_okay=False, path_type=Path),
              help="A database that format-1 code built, to upgrade instead of files.")
def upgrade(paths, upgrade_db):
    """Rewrite format-1 event files (or a whole folder) in format 2, in place; or, with
    --db, upgrade a database that format-1 code built, keeping a backup beside it.

    YAML keeps its comments; JSON, NDJSON and the CSV template are rewritten in their
    own layout. Files already in format 2 are left as they are. In a folder, records
    declared in more than one file are gathered into registries beside the events.

    \b
    Example:
        tracker upgrade data/
        tracker upgrade old-event.yml old-events.csv
        tracker upgrade --db tracker.db
    """
    from .files.upgrade import upgrade as upgrade_files
    from .store.upgrade import NothingToUpgrade, upgrade_database

    library_loaded()

    if upgrade_db:
        db_path = upgrade_db
        try:
            result = upgrade_database(db_path, write_options())
        except NothingToUpgrade as error:
            raise click.ClickException(str(error))
        except InvalidInput as error:
            raise ProblemsFound(error.problems, "; the database was not changed.")
        click.echo(f"Upgraded {db_path} to format 2: {result.events} events, "
                   f"{result.revisions} revisions and {result.runs} runs kept; the format-1 "
                   f"database is kept as {result.backup}")
        return
    if not paths:
        raise click.UsageError("give the files or folders to upgrade, or --db")
    try:
        report = upgrade_files(paths)
    except InvalidInput as error:
        raise InputRejected(error)
    click.echo(report.summary())


@cli.command()
@click.argument("event_id")
@click.pass_obj
def remove(db_path, event_id):
    """Remove an event; its last version stays in the history.

    Nothing else ever deletes an event: ingest only adds and updates. The removed
    version can be read with `tracker history` and ingested again.

    \b
    Example:
        tracker remove by-2025-09-11
    """
    from .store.ingest import remove_from_database

    try:
        removed = remove_from_database(db_path, event_id, write_options())
    except ValueError as error:
        raise click.ClickException(f"{db_path}: {event_id}: {error}")
    if removed is None:
        raise click.ClickException(f"{db_path}: no event {event_id!r}")
    click.echo(f"Removed {event_id}; its last version is kept (tracker history {event_id})")


RECORD_TABLES = {"source": "sources", "person": "people", "actor": "actors"}


@cli.command()
@withheld_names_option
@click.pass_obj
def redact(db_path, names_path):
    """Remove every name of the withheld-names file from the database, for good.

    A person withheld after the database gave their name becomes the withheld person
    (same events, same counts); every other text that gives a name, in any spelling,
    has it replaced by the placeholder, also in the history and the runs' file names.
    The full-text indexes are rebuilt and the file rewritten (VACUUM, secure_delete,
    write-ahead log emptied), so that no page keeps a name. A running `tracker serve`
    goes on serving, the names gone. Exports made before keep them: delete those.
    Waits for another writer (--wait).

    \b
    Example:
        tracker redact --withheld-names data/withheld-names.local.yml
    """
    from .store.redact import CannotRedact, NotRewritten, redact_database

    names = withheld_names(names_path)
    if not names:
        raise click.ClickException(
            f"no withheld names to remove: give the file with --withheld-names, or put it "
            f"at {DEFAULT_DATA}/{NAMES_FILE}"
        )
    try:
        report = redact_database(db_path, names, write_options())
    except (CannotRedact, NotRewritten) as error:
        raise click.ClickException(f"{db_path}: {error}")
    for line in report.lines():
        click.echo(line)
    found = "withheld names removed" if report.changed else (
        f"gave none of the {len(names.spellings)} withheld people's names"
    )
    click.echo(f"{db_path}: {found}; file rewritten, so that no free page or log keeps one")


@cli.command()
@click.argument("event_id")
@click.option("--of", "kind", type=click.Choice(["event", *RECORD_TABLES]), default="event",
              show_default=True, help="What the id names: an event or a shared record.")
@click.pass_obj
def history(db_path, event_id, kind):
    """Show every change to an event (or a source, person or actor), oldest first:
    run, time, input file and hash, and what changed, field by field.

    \b
    Example:
        tracker history by-2025-09-11
        tracker history --of person syarhei-tsikhanouski
    """
    from .store.history import entity_history, event_history

    with existing_database(db_path) as conn:
        if kind == "event":
            changes = event_history(conn, event_id)
        else:
            changes = entity_history(conn, RECORD_TABLES[kind], event_id)
    if not changes:
        raise click.ClickException(f"{db_path}: no {kind} {event_id!r}, now or in its history")
    click.echo(f"{event_id}: {len(changes)} change{'s' if len(changes) != 1 else ''}, oldest first")
    for change in changes:
        click.echo("\n".join(change.lines()))


@cli.command()
@click.pass_obj
def check(db_path):
    """Check the database: SQLite integrity, foreign keys, full-text indexes, and that
    every event is consistent (counts, dates, sources, history, no orphans).

    Lists every problem and exits 1 if there is any; writes nothing. A database
    this user may not write is checked on a copy.

    \b
    Example:
        tracker check
    """
    from .store.check import check_database_file

    report = check_database_file(db_path, write_options())
    if report.problems:
        raise ProblemsFound(report.problems, f" in {db_path}.")
    click.echo(f"{db_path}: no problems found" + (f" ({report.note})" if report.note else ""))


def serving_limit_options(fn):
    """An option for each of ServingLimits' fields, with its default and help."""
    for limit in reversed(dataclasses.fields(ServingLimits)):
        option = click.option(
            f"--{limit.name.replace('_', '-')}",
            limit.name,
            default=limit.default,
            show_default=True,
            type=click.FloatRange(min=0, min_open=True),
            help=limit.metadata["help"],
        )
        fn = option(fn)
    return fn


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on; choose another when it is in use.")
@click.option(
    "--data",
    "data_dir",
    default=DEFAULT_DATA,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Curated files to build from if the database is missing.",
)
@withheld_names_option
@serving_limit_options
@click.pass_obj
def serve(db_path, host, port, data_dir, names_path, **limits):
    """Serve the database with Datasette (read-only), building it first if missing.

    The port is taken first: if it is in use, nothing is built or started, and the
    error says how to choose another. A query stops after 3 seconds; the --max-*
    options bound what one request may cost, and a request past them gets a 400
    that says which.

    \b
    Example:
        tracker serve --port 8001
        tracker serve --max-response-mb 20
    """
    # Imported here: Datasette takes half a second to import, which no other command needs.
    from .store.build import build_database
    from .web.server import CannotListen, listening_socket, serve as serve_datasette

    try:
        sock = listening_socket(host, port)
    except CannotListen as error:
        raise click.ClickException(str(error))
    if not os.path.exists(db_path):
        try:
            report = build_database(
                data_dir, db_path, options=write_options(),
                names=withheld_names(names_path, data_dir),
            )
        except InvalidInput as error:
            sock.close()
            raise InputRejected(error)
        click.echo(f"Built {db_path}: {len(report.created)} events from {data_dir}", err=True)
    click.echo(f"Serving {db_path} on http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    serve_datasette(db_path, sock, ServingLimits(**limits))


# A generated file (metadata, the reference page, the coverage report): written whole to
# -o, or printed.
generated_output = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file (whole, or not at all) instead of standard output.",
)


def write_or_print(output: str | None, text: str) -> None:
    from .web.metadata import write_text

    if output:
        write_text(output, text)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@generated_output
def metadata(output):
    """Generate Datasette's metadata.yml from the models, queries and charts.

    Table and column descriptions come from the models; labels, sort orders,
    facets, search, canned queries and charts from tracker/web/metadata.py,
    tracker/web/queries.py and tracker/web/dashboards.py. Regenerate after changing any
    of them: a test fails while the committed metadata.yml differs.

    \b
    Example:
        tracker metadata -o metadata.yml
        tracker metadata | less
    """
    from .web.metadata import metadata_yaml

    write_or_print(output, metadata_yaml())


@cli.command()
@generated_output
def reference(output):
    """Generate the file format's reference page: every field an event file or registry
    may hold, what it means and accepts, and every value of every enumeration.

    Generated from the file models; a test fails while the committed docs/reference.md
    differs.

    \b
    Example:
        tracker reference -o docs/reference.md
    """
    from .schema.describe import reference_text

    write_or_print(output, reference_text())


@cli.command()
@generated_output
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Build these curated files into a temporary database and report on it, "
         "instead of on --db.",
)
@click.pass_obj
def coverage(db_path, output, data_dir):
    """Report what the dataset covers, as Markdown: events per year, per state that
    freed people and per type, sources per event, facts resting on a single source,
    and what the dataset knowingly leaves out (docs/coverage.md).

    \b
    Example:
        tracker coverage --data data -o docs/coverage.md
    """
    import tempfile

    from .store.build import build_database
    from .store.coverage import coverage_markdown

    with tempfile.TemporaryDirectory(prefix="tracker-coverage-") as folder:
        if data_dir:
            db_path = Path(folder) / "tracker.db"
            try:
                build_database(data_dir, db_path, names=withheld_names(None, data_dir))
            except InvalidInput as error:
                raise InputRejected(error)
        with existing_database(db_path) as conn:
            text = coverage_markdown(conn)
    write_or_print(output, text)


@cli.command()
@click.pass_obj
def stats(db_path):
    """Summarise the database: events, people freed (and political prisoners among
    them), announced releases, per year and per state that freed them.

    \b
    Example:
        tracker stats
    """
    from .schema.counts import count_text
    from .store.stats import database_stats

    with existing_database(db_path) as conn:
        summary = database_stats(conn)
    click.echo(f"Events:                      {summary.events}"
               f" ({summary.events_freeing} that freed people)")
    click.echo(f"People freed:                {count_text(summary.people_freed)}")
    click.echo(f"Political prisoners freed:   {count_text(summary.political_freed)}")
    if summary.events_without_total:
        click.echo(f"                             ({summary.events_without_total} events "
                   "with no known number freed)")
    click.echo(f"Announced, not carried out:  {count_text(summary.announced)}")
    click.echo(f"Named people:                {summary.named_people}")
    if summary.withheld_people:
        click.echo(f"                             (and {summary.withheld_people} whose names "
                   "are withheld)")
    click.echo("\nPer year (events, people freed, political prisoners freed):")
    for year, count, freed, political in summary.per_year:
        click.echo(f"  {year}  {count:>5}  {count_text(freed):>16}  {count_text(political):>16}")
    click.echo("\nPer state that freed them (events, people freed):")
    for name, code, count, freed in summary.per_releasing_state:
        click.echo(f"  {code}  {name:<30} {count:>5}  {count_text(freed):>16}")


@cli.command()
@click.argument("version")
@click.option("-o", "--output", type=click.Path(file_okay=False),
              help="The release folder, new or empty; default: dist/release-tracker-VERSION.")
@click.option("--data", "data_dir", default=DEFAULT_DATA, show_default=True,
              type=click.Path(file_okay=False), help="The curated data folder, committed in git.")
@click.option("--date", "released", type=click.DateTime(["%Y-%m-%d"]),
              help="The release date (YYYY-MM-DD); default: today. Give the date of an "
                   "earlier release to rebuild it.")
@click.option("--repository", "repository_url",
              help="The repository's public https:// address, cited in CITATION.cff; "
                   "default: git's origin remote.")
@withheld_names_option
def release(version, output, data_dir, released, repository_url, names_path):
    """Publish a citable data release of the committed data: the data package, the
    SQLite database, the changes since the previous release, CITATION.cff and the
    SHA-256 of every file; record it in releases/VERSION.yml, to commit.

    VERSION is a semantic version greater than the latest recorded release. The
    release is built from the data of the last commit (uncommitted changes are
    refused), so the same command at the same commit, with the same --date, gives the
    same data package byte for byte.

    \b
    Example:
        tracker release 1.0.0 --repository https://example.org/release-tracker
        tracker release 1.1.0 -o release-tracker-1.1.0/
    """
    from .files.release import ReleaseError, publish_release

    try:
        report = publish_release(
            version, data_dir, output, released.date() if released else None,
            repository_url, withheld_names(names_path, data_dir),
        )
    except ReleaseError as error:
        raise click.ClickException(f"{error}; nothing was written")
    except InvalidInput as error:
        raise InputRejected(error)
    log = report.changelog
    since = (f"since {log.previous.version}: {len(log.added)} added, {len(log.changed)} "
             f"changed, {len(log.removed)} removed" if log.previous else "the first release")
    click.echo(f"Released {report.version} in {report.folder}: {report.events} events "
               f"from commit {report.commit[:12]} ({since})")
    click.echo(f"Recorded in {report.manifest}: commit it to keep the release citable")


@cli.command()
@click.argument("article", type=click.Path(exists=True, dir_okay=False))
@click.option("--published", help="Publication date, YYYY-MM-DD: resolves 'Thursday' and the year.")
@click.option("--url", help="Address of the report.")
@click.option("--title", help="Headline of the report (default: its first line).")
@click.option("--language", default="en", show_default=True,
              help="The report's language, ISO 639-1: en, or one it glosses into English "
                   "(de, es, fr, it, pl, pt, ru, uk).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False),
    help="Write the draft to this file instead of standard output.",
)
@click.pass_obj
def extract(db_path, article, published, url, title, language, output):
    """Draft an event file from a plain-text news report, for a person to review.

    The draft is in the ingest format; each value carries, in a comment, the
    characters of the sentence it came from, and uncertain values are marked
    LOW CONFIDENCE. Names are linked to the actors and people of the --db
    database when it exists (read-only); the id proposed is one no event there
    has, and events of the same releasing state within a few days of the date
    are named, so that the report can be added to one of them instead. Nothing
    the report does not state is filled in: review it, fill what is missing,
    then validate and ingest it.

    \b
    Example:
        tracker extract report.txt --published 2025-09-11 --url https://example.org/a -o draft.yml
    """
    from .extract import NoReleaseFound, extract_event, fit_to_database, known_names_from_db, write_draft
    from .extract.languages import UnknownLanguage
    from .store.db import connect_readonly

    try:
        text = Path(article).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{article}: not UTF-8 text (byte {error.start}); accepted: a plain-text UTF-8 file")
    conn = connect_readonly(db_path) if os.path.exists(db_path) else None
    try:
        known = known_names_from_db(conn) if conn else []
        try:
            draft = extract_event(text, published=published, url=url, title=title, known_actors=known,
                                  language=language)
        except NoReleaseFound as error:
            hint = "" if language != "en" else " (a report in another language: give --language)"
            raise click.ClickException(f"{article}: {error}{hint}; nothing written")
        except UnknownLanguage as error:
            raise click.ClickException(f"--language: {error}")
        except ValueError as error:
            raise click.ClickException(f"--published: {error}")
        for notice in fit_to_database(draft, conn) if conn else []:
            click.echo(f"Note: {notice}", err=True)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path}: not a tracker database ({error}); build one with `tracker build`")
    finally:
        if conn:
            conn.close()
    document = draft.to_yaml(Path(article).name)
    if output:
        write_draft(output, document)
        click.echo(f"Draft written to {output}; review it, then `tracker validate {output}`", err=True)
    else:
        click.echo(document, nl=False)


# ---------------------------------------------------------------- export


class Parsed(click.ParamType):
    """An option value read by a library function, whose ValueError says what is accepted."""

    def __init__(self, name: str, parse):
        self.name, self.parse = name, parse

    def convert(self, value, param, ctx):
        try:
            return self.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _partial_date(text: str):
    from .reference.dates import parse_partial_date

    return parse_partial_date(text)


def _country_code(text: str) -> str:
    from .reference.countries import country_code

    return country_code(text)


DATE = Parsed("date", _partial_date)
COUNTRY = Parsed("country", _country_code)


def output_options(default_format: str):
    """-o/--output and --format, shared by the export commands."""

    def decorate(command):
        command = click.option(
            "--format",
            "fmt",
            type=click.Choice(EXPORT_FORMATS),
            help=f"Output format; default: from the extension of -o, else {default_format}.",
        )(command)
        return click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, allow_dash=True),
            help="File to write, in full or not at all; default: standard output.",
        )(command)

    return decorate


for_spreadsheets_option = click.option(
    "--for-spreadsheets",
    is_flag=True,
    help="CSV to open in a spreadsheet: text that starts with =, +, -, @, a tab or a carriage "
    "return gets a leading ' so that it is not run as a formula (OWASP). Not for analysis "
    "tools: the text is changed.",
)


def run_export(db_path, output: str | None, noun: str, export_function, *args) -> None:
    """Call one export function on the database; say what it wrote where, unless to stdout."""
    with reading(db_path) as conn:
        count = export_function(conn, *args)
    if output not in (None, "-"):
        click.echo(f"{count} {noun}{'s' if count != 1 else ''} written to {output}", err=True)


@cli.group()
def export():
    """Take the data away: nested events, one table, a query, or the whole data package.

    Rows come in a stable order (by primary key), so two exports can be diffed.

    \b
    Example:
        tracker export events --from 2025 --releasing-state Belarus -o belarus-2025.yml
        tracker export datapackage release-tracker-data/
    """


@export.command("events")
@click.option("--from", "date_from", type=DATE,
              help="Only events that happened on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE,
              help="Only events that happened on or before this date.")
@click.option("--releasing-state", "releasing_states", type=COUNTRY, multiple=True,
              help="Only events released by this state (code, name or demonym); repeatable.")
@click.option("--receiving-state", "receiving_states", type=COUNTRY, multiple=True,
              help="Only events whose released went to this state; repeatable.")
@click.option("--type", "types", type=click.Choice([kind.value for kind in EventType]),
              multiple=True, help="Only events of this type; repeatable.")
@click.option("--id", "event_ids", multiple=True,
              help="Only the event with this id; repeatable.")
@click.option("--ids-from", type=click.Path(exists=True, dir_okay=False),
              help="Only the events whose ids this file lists, one a line.")
@output_options("json")
@click.pass_obj
def export_events_command(db_path, date_from, date_to, releasing_states, receiving_states,
                          types, event_ids, ids_from, fmt, output):
    """Nested events, each with everything known about it, in the shape `ingest` reads.

    JSON, NDJSON or YAML (CSV has no nested shape: use `export table` or
    `export datapackage`). Ordered by id. An event must match every filter
    given. An event dated only by month or year is selected when its whole
    range lies within --from and --to. An id that is no event's is an error,
    and nothing is written.

    \b
    Example:
        tracker export events --format ndjson -o events.ndjson
        tracker export events --from 2025-01 --to 2025-06 --type pardon --releasing-state BY
        tracker export events --id by-2025-09-11 --id by-2025-06-21 --format yaml
        tracker export events --ids-from reviewed.txt -o reviewed.ndjson
    """
    from .files.export import EventFilter, export_events
    from .files.readers import ListedId, read_id_list

    listed = [ListedId(event_id, "--id") for event_id in event_ids]
    if ids_from:
        try:
            listed += read_id_list(ids_from)
        except InvalidInput as error:
            raise InputRejected(error)
    selection = EventFilter(
        date_from, date_to, releasing_states, receiving_states, types, tuple(listed)
    )
    run_export(db_path, output, "event", export_events, output, fmt, selection)


@export.command("table")
@click.argument("name")
@output_options("csv")
@for_spreadsheets_option
@click.pass_obj
def export_table_command(db_path, name, fmt, output, for_spreadsheets):
    """One public table, flat, ordered by its primary key.

    \b
    Example:
        tracker export table event_nationalities -o nationalities.csv
        tracker export table events --for-spreadsheets -o events-for-excel.csv
        tracker export table people --format json
    """
    from .files.export import export_table

    run_export(db_path, output, "row", export_table, name, output, fmt, for_spreadsheets)


@export.command("sql")
@click.argument("statement")
@output_options("csv")
@for_spreadsheets_option
@click.pass_obj
def export_sql_command(db_path, statement, fmt, output, for_spreadsheets):
    """The rows of one read-only SELECT statement; anything that would write is refused.

    \b
    Example:
        tracker export sql "SELECT country, sum(count) AS freed
            FROM event_nationalities GROUP BY country ORDER BY country" -o freed.csv
    """
    from .files.export import export_query

    run_export(db_path, output, "row", export_query, statement, output, fmt, for_spreadsheets)


@export.command("datapackage")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--overwrite", is_flag=True,
              help="Replace DIRECTORY if it holds an earlier data package.")
@click.pass_obj
def export_datapackage_command(db_path, directory, overwrite):
    """The whole dataset as a Frictionless Data Package: a CSV per public table,
    datapackage.json (types, descriptions, keys, licence, sources) and codebook.md.

    \b
    Example:
        tracker export datapackage release-tracker-data/
        frictionless validate release-tracker-data/datapackage.json
    """
    from .files.datapackage import export_datapackage

    with reading(db_path) as conn:
        report = export_datapackage(conn, directory, overwrite)
    click.echo(
        f"Wrote {report.directory}: {len(report.rows)} tables, "
        f"{sum(report.rows.values()):,} rows, datapackage.json and codebook.md"
    )
