"""The article as sentences with their character spans, so every value can cite one."""

import re
from dataclasses import dataclass

# A period after these does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "rev",
    "lt", "col", "sgt", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "fr", "msgr",
}
_BOUNDARY = re.compile(r"""(?<=[.!?])["”’)]*\s+(?=["“‘(]?[A-Z0-9])|;\s+""")
# "VILNIUS, June 22 — ", "CARACAS, 21 Dec. — ", "MINSK, 11 September (BelTA) – ",
# "WASHINGTON (May 1) — ", "TALLINN, Estonia (AP) — ", "Minsk, Nov 20, 2025 / 11:40 am — ",
# "DOHA, 18/09/2023 11:52 GMT - ", and a live blog's "17:15 — ": where and when the report
# (or its entry) was filed, not facts of the event.
_FILED = (
    r"(?:[A-Z][a-z]+\.? \d{1,2}|\d{1,2} [A-Z][a-z]+\.?|\d{1,2}\.\d{1,2}\.(?=\d{4})|\d{1,2}/\d{1,2}/(?=\d{4}))"
    r"(?:,? ?\d{4})?"
    r"(?:(?: /)? \d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{3,4})?)?"
    r"(?: \([^)]{1,20}\))?"
)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{2,}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)?(?: \([^)]{1,20}\))?(?:, " + _FILED + r")?"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?, " + _FILED +
    r"|\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?)\s*[—–-]{1,2}\s+"
)
# A question that a short answer completes: "Who brokered it?" "Qatar." is "Qatar brokered
# it"; "When were they freed?" "On Thursday."; "Where did they go?" "Lithuania."
_QUESTION = re.compile(
    r"^(?:(?P<who>Who|Which (?:\w+ ){0,2}?(?:country|state|government|countries|states|governments))"
    r"\s+(?!(?:did|does|do)\b)|(?P<wh>When|Where)\s+)(?P<rest>.+)\?$"
)
# "Tuesday, 14 October 2025", "2025-10-14": a line that only dates the report
_DATE_LINE = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2}),?\s+\d{4}$"
    r"|^\d{4}-\d{2}-\d{2}$")
_AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "did", "does", "do", "said", "says"}


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # as written; an answer to a question reads as the question answered
    headline: bool = False
    paragraph: int = 0  # the line it is on, counting only lines with text

    def offset(self, index: int) -> int:
        """The article offset of a position in this sentence's text."""
        return self.start + index


def _is_initial(previous: str, word: str) -> bool:
    """"Christopher W. Smith": a capital letter after a capitalised word is an initial."""
    return len(word) == 1 and word.isupper() and previous[:1].isupper()


def _line_sentences(line: str, line_start: int, headline: bool, paragraph: int) -> list[Sentence]:
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
        sentences.append(Sentence(line_start + cursor, line_start + boundary.start(), piece, headline, paragraph))
        cursor = boundary.end()
    if line[cursor:].strip():
        piece = line[cursor:].rstrip()
        sentences.append(Sentence(line_start + cursor, line_start + cursor + len(piece), piece, headline, paragraph))
    return sentences


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (and clauses after semicolons) in order; none crosses a line break.

    The first line is the headline when it does not end like a sentence; a dateline
    at the start of a paragraph is left out. In a question-and-answer layout, an answer
    without a verb ("Who brokered it?" "Qatar.") is read as the question answered ("Qatar
    brokered it"), citing the answer's characters.
    """
    sentences: list[Sentence] = []
    first = True
    question = None
    paragraph = 0
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip(" \t\r•·-")
        if not stripped:
            continue
        start = match.start() + line.index(stripped)
        date_line = bool(_DATE_LINE.match(stripped))  # a date above the headline leaves it first
        headline = first and not date_line and not re.search(r"[.!?\"”]$", stripped)
        first = first and date_line
        in_line = _line_sentences(stripped, start, headline, paragraph)
        paragraph += 1
        if question and in_line:
            in_line[0] = _answered(question, in_line[0])
        question = _QUESTION.match(stripped) if len(in_line) == 1 else None
        sentences += in_line
    return sentences


def _answered(question: re.Match, answer: Sentence) -> Sentence:
    """A short answer without a verb of its own, read with its question; a full answer stays."""
    words = [word.lower() for word in re.findall(r"[\w’'-]+", answer.text)]
    asked = {word.lower() for word in re.findall(r"[\w’'-]+", question.group("rest"))} - {"it", "the", "a", "an"}
    if not words or len(words) > 8 or _AUXILIARIES & set(words) or asked & set(words):
        return answer
    said = answer.text.rstrip(" .!")
    rest = question.group("rest")
    if question.group("who"):
        text = f"{said} {rest}"
    elif question.group("wh") == "When":
        text = f"{rest} {said}"
    else:  # Where: where they were taken
        place = re.sub(r"^(?:[Tt]o|[Ii]nto|[Ii]n)\s+", "", said)
        text = f"{rest}, taken to {place}"
    return Sentence(answer.start, answer.end, text, answer.headline, answer.paragraph)
