"""The article as sentences with their character spans, so every value can cite one."""

import re
from dataclasses import dataclass

# A period after these does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "rev",
    "lt", "col", "sgt", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e",
}
_BOUNDARY = re.compile(r"""(?<=[.!?])["”’)]*\s+(?=["“‘(]?[A-Z0-9])|;\s+""")
# "VILNIUS, June 22 — ", "WASHINGTON (May 1) — ", "TALLINN, Estonia (AP) — ": where and
# when the report was filed, not facts of the event.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)?(?: \([^)]{1,20}\))?"
    r"(?:, [A-Z][a-z]+\.? \d{1,2})?\s*[—–-]{1,2}\s+"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    headline: bool = False

    def offset(self, index: int) -> int:
        """The article offset of a position in this sentence's text."""
        return self.start + index


def _is_initial(previous: str, word: str) -> bool:
    """"Christopher W. Smith": a capital letter after a capitalised word is an initial."""
    return len(word) == 1 and word.isupper() and previous[:1].isupper()


def _line_sentences(line: str, line_start: int, headline: bool) -> list[Sentence]:
    dateline = _DATELINE.match(line)
    cursor = dateline.end() if dateline else 0
    sentences = []
    for boundary in _BOUNDARY.finditer(line):
        if boundary.start() < cursor:
            continue
        before = line[cursor:boundary.start()].rstrip("\"”’)")
        last_word = re.search(r"(\S*)\s([\w.]+)\.$", " " + before)
        if last_word and (
            last_word.group(2).lower() in _ABBREVIATIONS
            or _is_initial(last_word.group(1), last_word.group(2))
        ):
            continue
        piece = line[cursor:boundary.start()]
        sentences.append(Sentence(line_start + cursor, line_start + boundary.start(), piece, headline))
        cursor = boundary.end()
    if line[cursor:].strip():
        piece = line[cursor:].rstrip()
        sentences.append(Sentence(line_start + cursor, line_start + cursor + len(piece), piece, headline))
    return sentences


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (and clauses after semicolons) in order; none crosses a line break.

    The first line is the headline when it does not end like a sentence; a dateline
    at the start of a paragraph is left out.
    """
    sentences: list[Sentence] = []
    first = True
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip(" \t\r•·-")
        if not stripped:
            continue
        start = match.start() + line.index(stripped)
        headline = first and not re.search(r"[.!?\"”]$", stripped)
        first = False
        sentences += _line_sentences(stripped, start, headline)
    return sentences
