"""What "freed" means, said once: used by ingest (the derived columns), stats, the canned
questions, the charts, the event page and the exports alike.

A transfer freed its people when its status is carried_out or partly_carried_out. An
event's status follows from its transfers. Figures of people freed count only the
transfers that freed them, of events that are part of no larger deal (the deal counts
its people); announced releases are counted apart, as "announced, not yet carried out".
"Political prisoners freed" sums `political` only, never `count`.
"""

from collections.abc import Iterable

from .models import DateStep, Status

FREED_STATUSES = (Status.carried_out.value, Status.partly_carried_out.value)
ANNOUNCED_STATUSES = (Status.announced.value,)

# The step that dates an event: the first of these it has.
DATE_STEP_ORDER = (
    DateStep.released.value, DateStep.arrived.value, DateStep.announced.value,
    DateStep.decided.value,
)
# Steps in the order they happen; a later one may not fall wholly before an earlier one.
STEPS_IN_ORDER = (
    (DateStep.decided.value, DateStep.released.value),
    (DateStep.released.value, DateStep.arrived.value),
)


def freed(status: str) -> bool:
    """Whether a transfer of this status freed its people."""
    return status in FREED_STATUSES


def event_status(transfer_statuses: Iterable[str]) -> str:
    """carried_out when all were carried out; partly_carried_out when some freed people
    and not all were carried out; announced when none freed anyone and some are
    announced; reversed when all were reversed."""
    statuses = list(transfer_statuses)
    if all(status == Status.carried_out.value for status in statuses):
        return Status.carried_out.value
    if any(freed(status) for status in statuses):
        return Status.partly_carried_out.value
    if any(status in ANNOUNCED_STATUSES for status in statuses):
        return Status.announced.value
    return Status.reversed.value


def dating_step(steps: Iterable[str]) -> str:
    """Which of an event's steps dates it."""
    given = set(steps)
    return next(step for step in DATE_STEP_ORDER if step in given)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


FREED_SQL = _quoted(FREED_STATUSES)
ANNOUNCED_SQL = _quoted(ANNOUNCED_STATUSES)


def freed_sql(status_column: str) -> str:
    """SQL that is true when a transfer (or event) of this status freed people."""
    return f"{status_column} IN ({FREED_SQL})"


def announced_sql(status_column: str) -> str:
    return f"{status_column} IN ({ANNOUNCED_SQL})"


def counted_sql(status_column: str, part_of_column: str) -> str:
    """SQL that is true for what figures of people freed count: it freed people and its
    event is part of no larger deal."""
    return f"({freed_sql(status_column)} AND {part_of_column} IS NULL)"


def event_totals(transfers) -> dict:
    """An event's figures, as Counts: `freed`, `political` and `foreign` summed over the
    transfers that freed people, `announced` over those announced. A transfer whose
    political prisoners are `all` counts its count."""
    from .counts import sum_counts

    freeing = [transfer for transfer in transfers if freed(_value(transfer.status))]
    return {
        "freed": sum_counts(transfer.count for transfer in freeing),
        "political": sum_counts(
            transfer.count if transfer.political == "all" else transfer.political
            for transfer in freeing
        ),
        "foreign": sum_counts(transfer.foreign for transfer in freeing),
        "announced": sum_counts(
            transfer.count for transfer in transfers
            if _value(transfer.status) in ANNOUNCED_STATUSES
        ),
    }


def _value(status) -> str:
    return getattr(status, "value", status)


def derived_columns(event) -> dict:
    """The derived columns of an event's row: its date (from its dated steps), status,
    releasing and receiving state (from its first transfer) and totals."""
    from ..reference.dates import parse_partial_date
    from .models import COUNT_PARTS

    dated = {entry.step.value: entry.date for entry in event.dates}
    step = dating_step(dated)
    date = parse_partial_date(dated[step])
    main = event.transfers[0]
    columns = {
        "date": date.text,
        "date_step": step,
        "date_precision": date.precision,
        "date_start": date.start,
        "date_end": date.end,
        "year": date.year,
        "status": event_status(_value(transfer.status) for transfer in event.transfers),
        "releasing_state": main.from_,
        "receiving_state": main.to,
    }
    totals = event_totals(event.transfers)
    for name, column in (("freed", "freed"), ("political", "political"),
                         ("foreign", "foreign_nationals"), ("announced", "announced")):
        count = totals[name]
        values = count.columns() if count is not None else (None, None, None, None)
        columns.update(zip((column + part for part in COUNT_PARTS), values))
    return columns
