"""The real names of withheld people: a local file that never enters the repository.

Event files are committed to git, so they give a withheld person only an id and the
placeholder name. The names are kept in `data/withheld-names.local.yml`, which git
ignores, under the ids the event files use:

    viasna-2025-10-01-1: Паліна Шарэнда-Панасюк
    viasna-2025-10-01-2: [Uladzimir Žarnasek, Vladimir Zharnasek]

Validation, ingest and `tracker redact` read it when it is there: every text that gives
one of the names (however spelt) and every id that reveals one is refused. Where it is
not (CI, a researcher's clone), the checks that need no name still run.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..reference.names import NameFinder, plain_words
from ..schema.models import WITHHELD_NAME
from .formats import LOCAL_SUFFIXES, NAMES_FILE  # noqa: F401 (re-exported)
from .readers import read_documents

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class WithheldNames:
    """Each withheld person's spellings by id, where each is listed, and a finder for all."""

    spellings: dict[str, list[str]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # id -> "file:line"

    def __post_init__(self):
        self.finder = NameFinder(
            {name: person_id for person_id, names in self.spellings.items() for name in names}
        )

    def __bool__(self) -> bool:
        return bool(self.spellings)


def names_file(explicit: str | Path | None, data_dir: str | Path) -> Path | None:
    """The names file to read: the one given, or the data folder's if it has one."""
    if explicit is not None:
        return Path(explicit)
    default = Path(data_dir) / NAMES_FILE
    return default if default.exists() else None


def read_withheld_names(path: str | Path | None) -> WithheldNames:
    """The names in a names file (none for None); InvalidInput listing every problem."""
    if path is None:
        return WithheldNames()
    path = Path(path)
    if not path.exists():
        raise InvalidInput([Problem(
            str(path), None, "",
            f"no such file; accepted: a YAML file of withheld people's names by id "
            f"(by default {Path('data') / NAMES_FILE}, which git ignores)",
        )])
    if not path.read_bytes().strip():
        return WithheldNames()
    problems, spellings, where = [], {}, {}
    for document in read_documents(path):
        if document.data is None:
            continue
        if not isinstance(document.data, dict):
            problems.append(document.problem((), (
                "accepted: a mapping of withheld people's ids to their name or a list of "
                "spellings, e.g. viasna-2025-10-01-1: Паліна Шарэнда-Панасюк"
            )))
            continue
        for person_id, value in document.data.items():
            names = value if isinstance(value, list) else [value]
            problem = _entry_problem(person_id, names)
            if problem:
                problems.append(document.problem((person_id,), problem))
                continue
            spellings[person_id] = names
            where[person_id] = f"{path}:{document.line_of((person_id,))}"
    if problems:
        raise InvalidInput(problems)
    return WithheldNames(spellings, where)


def _entry_problem(person_id: str, names: list) -> str | None:
    if not _ID.fullmatch(person_id):
        return (
            "not an id; accepted: the id the event files give the person (lower-case "
            "letters and digits joined by single hyphens)"
        )
    if not names:
        return "no name; accepted: a name, or a list of spellings"
    for name in names:
        if not isinstance(name, str) or not plain_words(name):
            return f"{name!r} is not a name; accepted: a name, or a list of spellings"
        if name == WITHHELD_NAME:
            return f"{name!r} is the placeholder; accepted: the person's real name"
    return None

