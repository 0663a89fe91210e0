"""Problems found in input, reported one line each: file, line, field path, what is wrong."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InvalidInput(Exception):
    """Input that must not be written; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def format_path(loc) -> str:
    """('nationalities', 2, 'country') -> 'nationalities[2].country'.

    A key that a file made up is shown escaped if it holds what a terminal would not
    show as it is (a line break would split the problem's line, NUL would cut it)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = str(part) if str(part).isprintable() else repr(str(part))
            text += f".{name}" if text else name
    return text
