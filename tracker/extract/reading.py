"""A report read sentence by sentence: what each says, and which event it speaks of.

The main event is the release whose date comes first in the report. A sentence about
another time ("In June, he released …", "The release follows the freeing of 14
prisoners in June") or about what was given in return ("In exchange, the United
States freed eight Russians") is kept out of the counts, people and nationalities.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from .mentions import Name, Place, find_names, find_places
from .numbers import Number, find_numbers
from .text import Sentence, split_sentences
from .when import DateMention, contains, find_dates

# "let three prisoners go", "set the two men free" (not "set up a free trade zone"), "were
# handed over", "walked free": a release in any of the forms news English gives it (not a
# "press release").
RELEASE_VERB = re.compile(
    r"\b(?:(?<!press )(?<!news )(?<!media )releas(?:e|es|ed|ing)|frees|freed|freeing|(?:to|will|would) free|"
    r"pardon(?:s|ed|ing)?|walked free|walk free|"
    r"set (?!(?:up|out|about|off|aside)\b)(?:[\w’'-]+ ){0,4}?free(?! (?:trade|market|zone|speech|press|of)\b)|"
    r"handed over(?= (?-i:[A-Z]))|(?:was|were|been|being) handed over|"
    r"let (?:[\w’'-]+ ){0,4}?go(?! (?:ahead|forward|further|unpunished)\b)|grant(?:s|ed|ing)? (?:\w+ )?clemency|"
    r"(?:is|are|was|were)(?: now)? free(?! (?:to|of|and|speech|press|media|elections?|trade|market)\b)|"
    r"(?:is|are)(?: now)? home(?! to\b)|(?:was|were) (?:swapped|exchanged|traded)|"
    r"(?:swapped|exchanged|traded)(?= (?:the |an? )?(?:(?-i:[A-Z])|prisoners?\b|detainees?\b|hostages?\b)))\b",
    re.I,
)
RELEASE_WORD = re.compile(
    RELEASE_VERB.pattern + r"|\b(?:swap(?:s|ped)?|exchange[sd]?|clemency)\b", re.I
)
_PAST_PERFECT_RELEASE = re.compile(r"\bhad (?:been )?(?:released|freed|pardoned)\b", re.I)
# "Lukashenko announced that he had pardoned 29": reported speech puts this release in the
# past perfect too.
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|announced|announces|confirmed|confirms|reported|stated|told \w+)\s+(?:that\s+)?(?:\w+\s+){0,5}$",
    re.I,
)
_CONCESSION_START = re.compile(
    r"^(?:In exchange|In return|As part of (?:the|this|that) (?:deal|agreement|swap)|"
    r"Under the (?:deal|agreement))\b"
)
# "What did Iran get?", "What was given in return?": the answer tells what was given.
_ASKS_WHAT_WAS_GIVEN = re.compile(
    r"^(?:[A-Z]{2,}[A-Z ]*:\s+)?(?:And |So |But )?"  # "HOST: And what did Russia get?"
    r"(?:What (?:did|does|will|has|have|would) (?:\w+ ){1,4}?(?:get|gain|receive|win|give)\b|What\b[^?]*\bin (?:return|exchange)\b)"
    r"[^?]*\?$",
    re.I,
)
_CONCESSION_INNER = re.compile(
    r"\b(?:in exchange for|in return (?:for|to))\b|"
    r"\b(?:got|gets|received|receives|obtained|won)\b(?=[^.;]{0,120}\bin (?:exchange|return)\b)|"  # "Russia got Vinnik in exchange"
    r"(?<=\bswapped )for\b|(?<=\btraded )for\b|(?<=\bexchanged )for\b|"
    r"\b(?:in exchange|in return),",
    re.I,
)
# "Russia swapped Anna Berg for Ivan Orlov": who comes after "for" was given in return.
_SWAPPED_FOR = re.compile(r"\b(?:swapped|exchanged|traded)\b[^,;.]{0,60}?\b(?P<for>for)\b", re.I)
# Someone else than the freed handed to the other side's justice: "Venezuela also returned
# Leonard Francis to US custody", "handed over the fugitive", "handed over to the US
# authorities X, who escaped from house arrest". What follows is given in return.
_HANDED_OVER = re.compile(
    r"\b(?:hand(?:ed)? over|turn(?:ed)? over|return(?:ed)?|extradit(?:e|ed)|deport(?:ed)?|transfer(?:red)?)\b(?:"
    r"\s+(?:the\s+)?(?:\w+\s+)?(?:fugitive|suspect)\b|"
    r"(?:(?!\b(?:prisoners?|detainees?|them|the \w+ (?:freed|released))\b)[^.;]){0,120}?"
    r"\b(?:to|into) (?:the )?(?:[\w-]+ ){0,2}(?P<to>custody|justice|authorities|[A-Z][\w.]*(?: [A-Z]\w*)*)(?!\w))",
    re.I,
)
# "Her release came two months after Russia freed Marc Fogel": a release that long before or
# after this one is another (not "Two days after the visit, Belarus freed 14": the clause
# opens the sentence and its release verb comes after the comma).
_ANOTHER_RELEASE = re.compile(
    r"(?<=\w\s)(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|\d+|just|only)\s+)?"
    r"(?:days|weeks?|months?|years?) (?:after|before)\b(?=[^.;,]*?" + RELEASE_VERB.pattern + ")",
    re.I,
)
_WANTED = re.compile(r"\b(?:wanted|fugitive|suspect|escaped|fled|accused|charged)\b", re.I)


# "He is back in US custody": the state whose justice has someone handed over
IN_CUSTODY = re.compile(r"\b(?:back in|returned to|into) (?:the )?(?P<state>[A-Z][\w.]*(?: [A-Z]\w*)?) custody\b")


def handed_over(text: str, following: str = "") -> re.Match | None:
    """Where a sentence hands someone (not the freed) to another state's justice: to its
    custody, or a fugitive to its authorities or to the state itself; or someone named whom
    the next sentence puts back in that state's custody, wanted there ("Venezuela also
    handed over Leonard Francis, …. He is back in US custody, and the sentencing he fled …")."""
    match = _HANDED_OVER.search(text)
    if match and match.group("to") and match.group("to").lower() not in {"custody", "justice"} \
            and not _WANTED.search(text):
        return None  # "handed the four over to the authorities" may be the release itself
    if match is None and IN_CUSTODY.search(following) and _WANTED.search(f"{text} {following}"):
        return re.search(r"\b(?:hand(?:ed)? over|turn(?:ed)? over)\s+(?=(?-i:[A-Z]))", text, re.I)
    return match


def next_in_paragraph(sentence: Sentence, following: Sentence | None) -> str:
    """The text of the sentence after `sentence`, when it is in the same paragraph."""
    return following.text if following and following.paragraph == sentence.paragraph else ""


_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|whom|whose|where)\b[^,;]*$", re.I)
# "the team that organised the primary in October": a relative "that" follows a noun;
# after a verb of saying ("said that", "confirmed that") it opens what was said.
_THAT_BEFORE = re.compile(r"\b(\w+) that\b[^,;]*$", re.I)
_THAT_OPENS_SPEECH = {
    "said", "says", "say", "told", "tells", "announced", "confirmed", "reported", "added",
    "stated", "noted", "claimed", "believe", "believes", "think", "thinks", "know", "knows",
    "hope", "hopes", "clear", "so", "such", "now", "given", "means", "shows", "suggests",
    "statement", "news", "today", "yesterday", "morning", "evening", "night", "week",
    *(day + "day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")),
}
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|wrote|announced|added|confirmed|reported)\s+(?:\w+\s+)?(?:on\s+)?$",
    re.I,
)
# "Belarus will release 30 prisoners next week, officials said on Monday": Monday is not the day.
_FUTURE_RELEASE = re.compile(r"\b(?:will|would|to|is set to|plans to|is to)\s+(?:\w+\s+)?(?:release|free|pardon)\b", re.I)
# "a businessman detained in 2015", "arrested in Moscow in April 2021": a date of what
# befell the person, not of a release.
_BEFELL = re.compile(
    r"\b(?:arrested|detained|jailed|sentenced|convicted|imprisoned|seized|abducted|kidnapped|born|"
    r"elected|founded|extradited)\b(?:\s+(?!(?:were|was|is|are|has|have|and|but|freed|released|pardoned)\b)[\w-]+){0,4}?"
    r"\s+(?:in|on|at)\s+(?:early\s+|late\s+|mid-)?$",
    re.I,
)
_HELD = re.compile(
    r"\b(?:held|detained|jailed|imprisoned|behind bars|in (?:custody|prison|jail)|lived|living|in exile|serving)\b[^,.;]*$",
    re.I,
)
_SINCE_BEFORE = re.compile(r"\b(?:since|until|as of)\s+$", re.I)


@dataclass
class Found:
    """A value read from the report, with the sentence it came from."""

    value: object
    sentence: Sentence
    low: str = ""  # why the value is uncertain; empty when it is stated plainly


@dataclass
class SentenceFacts:
    sentence: Sentence
    places: list[Place]
    names: list[Name]
    dates: list[DateMention]
    numbers: list[Number]
    other_time: bool = False
    marked_other: bool = False  # the report marks what it tells as another release ("in a separate deal")
    concession_from: int = 0  # where the part about what was given in return starts
    elsewhere_from: int = 10**9  # where a clause about another release starts ("two months after Russia freed …")

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def release_part(self) -> str:
        """The sentence up to what was given in return or another release (all of it when
        it tells of neither)."""
        return self.text[:min(self.concession_from, self.elsewhere_from)]

    @property
    def about_release(self) -> bool:
        return bool(RELEASE_VERB.search(self.release_part))


@dataclass
class Reading:
    text: str
    published: dt.date | None
    sentences: list[SentenceFacts] = field(default_factory=list)
    main_date: Found | None = None
    date_note: str = ""
    main_surface: str = ""  # the main date as written ("thursday"), to find it again
    filed: Found | None = None  # the day the report gives for itself, in a dateline or a line of its own

    @cached_property
    def main(self) -> list[SentenceFacts]:
        """Sentences about the main event (not about another time)."""
        return [facts for facts in self.sentences if not facts.other_time]


def read(text: str, published: dt.date | None) -> Reading:
    sentences = split_sentences(text)
    filed = _filed_day(text, sentences)
    # without a publication date, the report's own date resolves its weekdays
    published = published or (dt.date.fromisoformat(filed.value) if filed else None)
    reading = Reading(text, published, filed=filed)
    in_return = -1  # a paragraph that opens "In return, …" goes on about what was given
    since = ""  # the last day the report gave, for "the next day"
    for sentence, following in zip(sentences, [*sentences[1:], None]):
        opens = _CONCESSION_START.match(sentence.text)
        if opens and opens.group().startswith("In "):  # "As part of the deal" may go on to this side's release
            in_return = sentence.paragraph
        if _ASKS_WHAT_WAS_GIVEN.search(sentence.text):
            in_return = sentence.paragraph + 1  # the answer
        concession = opens or sentence.paragraph == in_return
        inner = _CONCESSION_INNER.search(sentence.text) or _SWAPPED_FOR.search(sentence.text) \
            or handed_over(sentence.text, next_in_paragraph(sentence, following))
        inner_start = inner.start("for") if inner and inner.re is _SWAPPED_FOR else inner.start() if inner else None
        elsewhere = _ANOTHER_RELEASE.search(sentence.text)
        dates = find_dates(sentence.text, published, since)
        since = next((mention.text for mention in reversed(dates) if len(mention.text) == 10), since)
        reading.sentences.append(SentenceFacts(
            sentence,
            find_places(sentence.text),
            find_names(sentence.text),
            dates,
            find_numbers(sentence.text),
            concession_from=0 if concession else (inner_start if inner else len(sentence.text)),
            elsewhere_from=elsewhere.start() if elsewhere else 10**9,
        ))
    _names_the_body_confirms(reading)
    _mark_other_releases(reading)
    _choose_main_date(reading)
    for facts in reading.sentences:
        facts.other_time = _about_another_time(facts, reading)
        _set_apart_an_earlier_release(facts, reading)
    return reading


# What a dateline or a date line holds besides the date: "18:00", "11:52 GMT", "[18:00:05]".
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[ap]\.?m\.?)?|\b(?:GMT|UTC|[A-Z]?[CEB]S?T|MSK)\b")


def _filed_day(text: str, sentences: list[Sentence]) -> Found | None:
    """The day a report gives for itself: in a dateline ("DOHA, 18/09/2023 11:52 GMT - ") or
    in a line that is only a date ("Monday, 9 December 2024, 18:00.", "Vilnius, 12 February 2025")."""
    for sentence in sentences:
        line_start = text.rfind("\n", 0, sentence.start) + 1
        dateline = text[line_start:sentence.start]
        for piece, whole in ((dateline, False), (sentence.text, True)):
            mentions = find_dates(piece, None)
            days = [mention.text for mention in mentions if len(mention.text) == 10]
            if not days:
                continue
            rest = _CLOCK.sub(" ", "".join(
                " " if any(mention.start <= index < mention.end for mention in mentions) else char
                for index, char in enumerate(piece)))
            if not whole or len(re.findall(r"[A-Za-z]+", rest)) <= 1:
                return Found(days[0], sentence, "the day the report was filed: no sentence dates the release")
    return None


# "Last year's swap freed …", "In a separate deal, …": a release the report marks as another
# (when the mark comes before any word of a release: not "freed 52, after an earlier release").
_MARKED_OTHER = re.compile(
    r"\b(?:last (?:year|month|week)['’]s|previous|earlier|prior|separate|another|former)\s+(?:[\w-]+\s+)?"
    r"(?:swaps?|releases?|exchanges?|deals?|trades?|pardons?|amnest(?:y|ies))\b|\bseparately\b",
    re.I,
)
# "Nor is this the first such trade.", "Was this the first such swap?": what follows in the
# paragraph, or the answer, tells of another release (not "the first such release since 2020").
_FIRST_SUCH = re.compile(r"\b(?:not|nor)\b[^.?!]*\bfirst\b|n['’]t\b[^.?!]*\bfirst\b|\bfirst such\b.*\?$", re.I)


def _mark_other_releases(reading: Reading) -> None:
    after_mark = -1  # the paragraph that goes on about another release
    for facts in reading.sentences:
        mark = _MARKED_OTHER.search(facts.text)
        release = RELEASE_WORD.search(facts.text)
        if facts.sentence.paragraph == after_mark or mark and release and mark.start() <= release.start():
            facts.marked_other = True
        if _FIRST_SUCH.search(facts.text):
            after_mark = facts.sentence.paragraph + facts.text.rstrip().endswith("?")


_EARLIER_RELEASE = re.compile(r"\b(?:after|following|like|as with)\s+the\s+(?:\w+\s+)?(?:release|freeing|pardon)\s+of\b", re.I)


def _set_apart_an_earlier_release(facts: SentenceFacts, reading: Reading) -> None:
    """"Iran freed Anna Berg on Friday, following the release of Tom Reed in March": a release
    named as a thing and dated otherwise is another release."""
    for match in _EARLIER_RELEASE.finditer(facts.text):
        clause_end = re.search(r"[,;]|$", facts.text[match.end():]).start() + match.end()
        if any(match.end() <= mention.start < clause_end and (mention.text or mention.kind == "other")
               and not _is_main_date(mention, facts, reading) for mention in facts.dates):
            facts.elsewhere_from = min(facts.elsewhere_from, match.start())


def _names_the_body_confirms(reading: Reading) -> None:
    """A headline capitalises its words ("Another American Imprisoned Abroad Has Been
    Released"): a name in it counts only when the report's body writes it too."""
    body = " ".join(facts.text for facts in reading.sentences if not facts.sentence.headline)
    for facts in reading.sentences:
        if facts.sentence.headline:
            facts.names = [name for name in facts.names
                           if re.search(rf"\b{re.escape(name.text.split()[-1])}\b", body)]


def _date_candidates(facts: SentenceFacts) -> list[DateMention]:
    """Dates in a sentence that can say when its release happened."""
    found = []
    for mention in facts.dates:
        before = facts.text[:mention.start]
        if (
            mention.kind == "other"
            or _in_relative_clause(before)
            or _BEFELL.search(before)
            or _SINCE_BEFORE.search(before)
            or (_SPEECH_BEFORE.search(before) and (len(facts.dates) > 1 or _FUTURE_RELEASE.search(facts.text)))
        ):
            continue
        found.append(mention)
    return sorted(found, key=lambda mention: mention.kind == "year")


# A verb in the past: "was", "had", "jailed", "held", "sentenced".
_PAST = re.compile(
    r"\b(?:was|were|had|\w{2,}ed|held|fled|led|met|left|spent|won|ran|went|came|took|gave|"
    r"made|got|began|became|wrote|sent|brought|caught|kept|lost|paid|told|sold|fought|hid)\b",
    re.I,
)


def _in_relative_clause(before: str) -> bool:
    """Whether the words after `before` are in a relative clause about something else than
    the release ("who was jailed in 2021"; not "the 52 that the regime let go on Thursday").
    A clause in the present ("whom the opposition considers prisoners") cannot hold a past
    date: the date belongs to the sentence's verb."""
    clause = _RELATIVE_BEFORE.search(before)
    if not clause:
        clause = _THAT_BEFORE.search(before)
        word = clause.group(1).lower() if clause else ""
        if word in _THAT_OPENS_SPEECH or word.endswith("ed"):
            clause = None
    return bool(clause) and not RELEASE_VERB.search(clause.group()) and bool(_PAST.search(clause.group()))


# "in a Russian prison", "held in Iran", "the Belarusian authorities", "Belarus freed": the
# state that held or freed the people a sentence speaks of.
_HOLDER_AFTER = re.compile(
    r"^\s+(?:prisons?|jails?|custody|penal colony|authorities|government|regime|side|leader|president|courts?)\b", re.I)
_HOLDER_BEFORE = re.compile(
    r"\b(?:held|jailed|imprisoned|detained|custody|prisons?|jails?) in (?:the )?$|"
    r"\b(?:freed|released|pardoned|free|go) by (?:the )?$", re.I)


def _holders(facts: SentenceFacts) -> set[str]:
    text = facts.text
    return {
        place.code for place in facts.places
        if _HOLDER_AFTER.match(text[place.end:]) or _HOLDER_BEFORE.search(text[:place.start])
        or place.kind != "demonym" and RELEASE_VERB.match(re.sub(r"^\s+(?:\w+ly\s+|on \w+day\s+)?", "", text[place.end:]))
    }


def headline_state(reading: Reading) -> str | None:
    """The one state a headline names as a state ("The week | Belarus"), if it names one."""
    codes = {place.code for facts in reading.sentences if facts.sentence.headline
             for place in facts.places if place.kind != "demonym"
             and not re.search(r"\bthe\s+$", facts.text[:place.start], re.I)}  # "The Ankara swap": a venue
    return next(iter(codes)) if len(codes) == 1 else None


def _choose_main_date(reading: Reading) -> None:
    """The first date given for a release of the state the headline names (a release
    that another state held or freed its people for is another story). A date that only
    says when it was announced ("has released four journalists, the office said on
    Friday") gives way to a day the report gives for the release itself in the week
    before ("freed late on Thursday")."""
    candidates = [
        (facts, mention) for facts, mention in _dated_releases(reading)
        if not (mention.text and reading.published and mention.text > reading.published.isoformat())
    ]
    state = headline_state(reading)
    if state:
        candidates = [(facts, mention) for facts, mention in candidates
                      if not _holders(facts) or state in _holders(facts)] or candidates
    low = ""
    if not candidates:  # "… has had 52 prisoners released. Among them are 14 foreigners, the government announced on Thursday."
        candidates = _dates_beside_the_release(reading)
        low = "the day the release was reported, in the sentences around it"
    if not candidates:
        _date_filed(reading)
        return
    facts, mention = _newest_if_news(candidates, reading.published)
    if _SPEECH_BEFORE.search(facts.text[:mention.start]) and len(mention.text) == 10:
        spoken = dt.date.fromisoformat(mention.text)
        facts, mention = next((
            (other, day) for other, day in candidates[1:]
            if len(day.text) == 10 and not _SPEECH_BEFORE.search(other.text[:day.start])
            and dt.timedelta(0) <= spoken - dt.date.fromisoformat(day.text) <= dt.timedelta(days=7)
        ), (facts, mention))
    facts, mention = _day_within(facts, mention, candidates)
    said = facts.text[mention.start:mention.end]
    # "in 2024", "in June": a news report of its day that names no day; not "earlier this
    # month", which says it was before the day it was published
    if mention.kind in ("year", "month") and _published_within(reading, mention.text):
        date_as_published(reading, f"the report gives only {said!r} for the release")
        return
    if mention.needs_published:
        reading.main_date = Found("", facts.sentence)
        reading.date_note = f"the text says {said!r}; give --published to resolve it"
    else:
        reading.main_date = Found(mention.text, facts.sentence, "a year only" if mention.kind == "year" else low)
        reading.date_note = f"from {said!r}"
    reading.main_surface = said.lower()


def _newest_if_news(candidates: list, published: dt.date | None) -> tuple[SentenceFacts, DateMention]:
    """The first dated release, unless the report also dates one in the week before it was
    published and the first lies outside that week's month: a report leads with its news,
    but a feature may open on an earlier release ("When Belarus freed 14 prisoners in June,
    …. Three months later … on Thursday, 52 were pardoned")."""
    first = candidates[0]
    if published is None or len(first[1].text) == 10 and published - dt.date.fromisoformat(first[1].text) <= dt.timedelta(days=7):
        return first
    for facts, mention in candidates[1:]:
        if len(mention.text) == 10 and dt.timedelta(0) <= published - dt.date.fromisoformat(mention.text) <= dt.timedelta(days=7) \
                and not contains(first[1].text, mention.text):
            return facts, mention
    return first


def _dated_releases(reading: Reading) -> list[tuple[SentenceFacts, DateMention]]:
    """Each date a sentence gives for a release, in the report's order. A sentence that
    opens with a date and tells of no release ("On Tuesday, the letter-writers got their
    answer.") dates the release the next sentence of its paragraph tells of, when that
    one gives no date of its own: a feature's facts arrive late."""
    found = []
    for facts, following in zip(reading.sentences, [*reading.sentences[1:], None]):
        if facts.marked_other:
            continue
        if RELEASE_WORD.search(facts.text):
            found += [(facts, mention) for mention in _date_candidates(facts)]
        elif following and following.sentence.paragraph == facts.sentence.paragraph \
                and not following.marked_other and not _date_candidates(following) \
                and any(is_verb(following.text, verb) for verb in RELEASE_VERB.finditer(following.release_part)):
            found += [(facts, mention) for mention in _date_candidates(facts)
                      if mention.kind != "year" and len(facts.text[:mention.start].split()) <= 2]
    return found


def _date_filed(reading: Reading) -> None:
    """Without any date for the release, the day the report gives for itself, marked uncertain."""
    if reading.filed:
        reading.main_date = reading.filed
        reading.date_note = "from the report's own date"


def _day_within(facts: SentenceFacts, mention: DateMention, candidates: list) -> tuple[SentenceFacts, DateMention]:
    """A year or a month gives way to a day within it that the report also gives for the
    release ("In 2024 ... On Thursday, Belarus freed ...")."""
    if len(mention.text) == 10 or not mention.text:
        return facts, mention
    return next(((other, day) for other, day in candidates
                 if len(day.text) == 10 and contains(mention.text, day.text)), (facts, mention))


def _published_within(reading: Reading, partial: str) -> bool:
    return bool(reading.published) and contains(partial, reading.published.isoformat())


def date_as_published(reading: Reading, why: str) -> None:
    """The release dated by the day the report was published (news is of its day), marked
    uncertain."""
    told = next((facts.sentence for facts in reading.sentences if RELEASE_VERB.search(facts.text)),
                reading.sentences[0].sentence)
    reading.main_date = Found(reading.published.isoformat(), told,
                              f"{why}: the day it was published; check the report for the day itself")
    reading.date_note = "the publication date"


def _dates_beside_the_release(reading: Reading) -> list[tuple[SentenceFacts, DateMention]]:
    """Dates in the paragraph of the body's first release, when no sentence dates a release."""
    first = next((facts for facts in reading.sentences
                  if not facts.sentence.headline and RELEASE_VERB.search(facts.text)), None)
    if first is None:
        return []
    return [
        (facts, mention) for facts in reading.sentences
        if facts.sentence.paragraph == first.sentence.paragraph and facts.sentence.start >= first.sentence.start
        for mention in _date_candidates(facts)
        if mention.kind != "year"
        and not (mention.text and reading.published and mention.text > reading.published.isoformat())
    ]


def _is_main_date(mention: DateMention, facts: SentenceFacts, reading: Reading) -> bool:
    main = reading.main_date
    if main is None:
        return False
    if mention.kind == "period":  # "earlier this year" is not "on Feb 11"
        return mention.text == main.value or facts.text[mention.start:mention.end].lower() == reading.main_surface
    if mention.text and main.value:
        return contains(main.value, mention.text)
    return facts.text[mention.start:mention.end].lower() == reading.main_surface


def is_verb(text: str, match: re.Match) -> bool:
    """"Lukashenko released …" is a verb; "their release", "Thursday's release", "their
    immediate release" are not."""
    return not re.search(r"\b(?:the|a|an|this|that|his|her|their|its)\s+$|['’]s\s+$", text[:match.start()], re.I) \
        and not described_release(text, match)


def described_release(text: str, match: re.Match) -> bool:
    """"their immediate release", "the long-awaited freeing of": a release named as a thing,
    after the words that describe it and with no object (not "the authorities released", "the
    authorities will release 20")."""
    return match.group().lower() in {"release", "releases", "freeing", "pardon", "pardons"} and bool(re.search(
        r"\b(?:the|a|an|this|that|his|her|their|its|whose)\s+(?:[a-z-]+\s+){1,2}$", text[:match.start()], re.I)) \
        and bool(re.match(r"\s*(?:[,.;:)]|$)|\s+(?:of|on|in|at|from|by|was|were|is|came|comes|and|or|as|after|before)\b",
                          text[match.end():], re.I))


_ARRIVED_BEFORE = re.compile(
    r"\b(?:arrived|landed|flew|crossed|returned|reached|(?:was|were) (?:flown|taken|driven|brought))\b[^,.;]*$", re.I)


def _days_after_main(mention: DateMention, reading: Reading) -> int | None:
    main = reading.main_date.value if reading.main_date else ""
    if len(main) != 10 or len(mention.text) != 10:
        return None
    return (dt.date.fromisoformat(mention.text) - dt.date.fromisoformat(main)).days


def _about_another_time(facts: SentenceFacts, reading: Reading) -> bool:
    """Whether a sentence tells of another time than the main event's.

    It does when it opens with another date ("In June, …"), or tells of a release
    or exchange and dates it otherwise ("the freeing of 14 prisoners in June"),
    unless it also gives the main event's date.
    """
    if facts.marked_other:
        return True
    if any(_is_main_date(mention, facts, reading) for mention in facts.dates):
        return False
    perfect = _PAST_PERFECT_RELEASE.search(facts.text)
    if perfect and not _REPORTED_BEFORE.search(facts.text[:perfect.start()]):
        return True
    release = bool(RELEASE_WORD.search(facts.text))
    for mention in facts.dates:
        before = facts.text[:mention.start]
        if _SINCE_BEFORE.search(before):
            # "held since 2022" says for how long; "has freed 300 since 2024" adds up earlier releases
            if _HELD.search(before):
                continue
            if release:
                return True
        if _SPEECH_BEFORE.search(before) and mention.kind in {"weekday", "relative", "day"} or mention.kind == "later":
            continue  # "said on Friday": when it was told; "a day later": the same story goes on
        if _BEFELL.search(before) or mention.start >= facts.concession_from:
            continue  # "detained in 2015"; "swapped for Petrov, arrested in 2023"
        if _ARRIVED_BEFORE.search(before) and _days_after_main(mention, reading) in range(0, 8):
            continue  # "pardoned by Lukashenko and arrived in Poland on Friday", the day after
        opening = len(before.split()) <= 1
        dated = bool(mention.text) or mention.needs_published
        if opening and (dated or mention.kind == "other"):
            return True
        if (
            release and dated and mention.kind not in {"other", "weekday", "relative", "period"}
            and not _in_relative_clause(before)
        ):
            return True
        if release and mention.text and mention.kind in {"weekday", "relative"}:
            return True
        if mention.kind in {"other", "period"} and any(is_verb(facts.text, verb) for verb in RELEASE_VERB.finditer(facts.text)):
            return True
    return False
