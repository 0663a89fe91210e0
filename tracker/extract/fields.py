"""Each field of the draft, read from the sentences about the main event.

Every reader returns `Found` values (the value and its sentence) or nothing: a field
the report does not state stays empty.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from ..reference.countries import country_name, lookup_place
from ..schema.format1 import ConcessionKind
from ..schema.models import ActorRole, ConcessionStatus
from ..reference.names import fold, same_name
from .known import KnownName, match_known
from .mentions import Name, Place, find_regions
from .numbers import Number
from .reading import (
    IN_CUSTODY, RELEASE_VERB, RELEASE_WORD, Found, Reading, SentenceFacts, described_release, handed_over,
    headline_state, is_verb, next_in_paragraph,
)

PERSON_NOUN = (
    r"(?:political prisoners?|prisoners?(?: of conscience)?|detainees?|people|persons?|"
    r"individuals?|inmates?|captives?|hostages?|convicts?|dissidents?)"
)
# Nouns for people freed, besides PERSON_NOUN: "two priests", "two Japanese citizens".
_PEOPLE_NOUN = (
    r"(?:nationals?|citizens?|journalists?|reporters?|priests?|pastors?|clerics?|monks?|nuns?|bishops?|"
    r"(?:school)?teachers?|"
    r"students?|scholars?|men|women|activists?|lawyers?|workers?|businessm[ae]n|businesswom[ae]n|"
    r"tourists?|veterans?|soldiers?|sailors?|fishermen|ballerinas?|bloggers?|politicians?|"
    r"opposition figures?|foreigners|protesters?|demonstrators?|critics?|writers?|artists?|"
    r"musicians?|doctors?|nurses?|crew members?|engineers?|scientists?|researchers?|academics?|"
    r"professors?|analysts?|photographers?|filmmakers?|athletes?|players?|hikers?|pilots?|"
    r"volunteers?|employees?|contractors?|executives?|entrepreneurs?|investors?|bankers?|"
    r"economists?|poets?|singers?|rappers?|marines?|mothers?|fathers?|sons?|daughters?)"
)
# Nouns for people that may follow a nationality: "two Japanese citizens".
_PERSONISH = re.compile(r"^\s+(?:[a-z-]+\s+){0,2}?(?:" + PERSON_NOUN[3:-1] + "|" + _PEOPLE_NOUN[3:-1] + r")\b")
_QUANTIFIER = r"(?:(?:another|a further|a total of|all|of|more than|over|at least|about|around|nearly|some|up to)\s+)*"
# "freed 20 prisoners", "freed on Tuesday 20 prisoners" (a word order of other languages' reports)
_VERB_BEFORE = re.compile(RELEASE_VERB.pattern + r"\s+(?:on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?"
                          + _QUANTIFIER + "$", re.I)
# "two jailed Catholic priests", "three US citizens": a count's noun, with its adjectives.
_COUNTED_PEOPLE = re.compile(
    r"^\s+(?:(?!(?:of|in|and|or|to|for|with|from)\b)[a-z-]+\s+){0,2}?(?:(?-i:[A-Z][\w.-]*)\s+){0,2}"
    r"(?:" + PERSON_NOUN + "|" + _PEOPLE_NOUN + r")\b",
    re.I,
)
# "… were released": what a counted group's sentence says of it, after the words that
# describe it ("Five US citizens, all of them held in Iran for years, were released"; "The
# American teacher, who was arrested in 2021, was released").
_WERE_FREED = re.compile(
    r"^\s+(?:freed|released|pardoned|set free)\b|"  # "52 prisoners freed by Belarus"
    # "the 52 people he pardoned", "the five Americans whom Iran freed"
    r"^\s+(?:(?:that|whom)\s+)?(?:he|she|they|it|(?-i:[A-Z][\w-]+))\s+(?:(?:had|has|have)\s+)?(?:pardoned|freed|released)\b|"
    r"^(?:,?\s+(?:who|whom|which|that)\b[^.;]{0,160}?,?)?(?:(?!\b(?:were|was|are|is|have|has|had)\b)[^.;]){0,120}?\b"
    r"(?:(?:were|was|are|is|have been|has been|had been)\s+(?:also\s+|all\s+|now\s+)?"
    r"(?:released|freed|pardoned|set free|let go|handed over|free\b)|walked free|(?:were|was) among those (?:freed|released))",
    re.I,
)
_LET_GO = re.compile(r"\b(?:let|set)\s+(?:the\s+)?" + _QUANTIFIER + "$", re.I)  # "let three prisoners go"
_NOUN_OF_BEFORE = re.compile(r"\b(?:release|freeing|pardon(?:ing)?)\s+of\s+" + _QUANTIFIER + "$", re.I)
_FOREIGN_AFTER = re.compile(
    r"^\s+(?:of (?:them|whom|those (?:freed|released|pardoned)|the (?:freed|released|\d+|[a-z]+))\s+)?"
    r"(?:(?:are|were)\s+)?(?:foreign nationals|foreigners|foreign citizens|"
    r"foreign prisoners|foreign-born|non-\w+ (?:nationals|citizens)|foreign(?=\s*[:;,.—–-]))",
    re.I,
)
_REMAINING = re.compile(
    r"\bremain(?:s|ed|ing)?\b|\bstill\b|\bbehind bars\b|\b(?:holds|counts|lists)\b|\bthere are (?:currently |now )?|"
    r"\bleaving\b|\bstands? at\b|\brecogni[sz]es?\b|\b(?:puts?|estimates?) the number\b|\bestimate[sd]? (?:\w+ )?at\b",
    re.I,
)
# "the remaining 1,300", "put the number of political prisoners still held at 1,300", "whose
# number rights groups estimate at 1,000" (not "the number freed stands at 300")
_REMAINING_BEFORE = re.compile(
    r"\bremaining\s+$|\bnumber\b(?:(?!\b(?:freed|released|pardoned|free|releases)\b)[^.;]){0,60}?\bat\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|roughly\s+|more than\s+|over\s+)?$", re.I)
_REMAINING_AFTER = re.compile(
    r"^\s+(?:people as )?(?:political prisoners|prisoners of conscience|others)\b", re.I
)
_RECEIVING_CUE = re.compile(
    r"\b(?:cross(?:ed|es|ing)? (?:the border )?into|crossed over to|flown (?:on |back |home )?to|"
    r"flew (?:back |home |on )?(?:to|into)|brought to|taken to|transferred to|handed over to|"
    r"sent to|deported to|expelled to|arrived in|(?:landed|lands?|touched down) (?:in|at|outside|near)|"
    r"returned (?:home )?to|driven to|went (?:on )?to|(?:had |have )?gone (?:on )?to|"
    r"accompanied (?:him|her|them) to|headed (?:home )?to|released (?:in)?to|freed (?:in)?to|reached|"
    r"on (?:their|his|her) way (?:back |home )?to|bound for|(?:is|are|was|were) (?:now |safely |already )+(?:back )?in)"
    r"\s+(?:the\s+)?(?:territory of\s+(?:the\s+)?)?$|"
    # "accompanied Mr. Ziankovich out of Belarus and into Lithuania", "flew the five out of
    # Tehran to Doha", "brought across the border to Lithuania": a verb of moving people,
    # its object or its way, then where to.
    r"\b(?:crossed|flown|flew|flying|brought|taken|took|transferred|sent|deported|expelled|driven|drove|"
    r"accompanied|escorted|evacuated|carried|put|bussed|bused|released|freed)\b(?:\s+(?!(?:to|into|in|at|after|before)\b)[\w.'’-]+){0,6}?"
    r"\s+(?:to|into)\s+(?:the\s+)?(?:territory of\s+(?:the\s+)?)?$|"
    r"\b(?:to|into)\s+(?:the\s+)?(?:neighbou?ring|nearby)\s+$",  # "taken to neighbouring Lithuania"
    re.I,
)
_NOT_YET = re.compile(
    r"\b(?:expected|due|set|going|plan(?:ned|s)?|hop(?:ed|es)|will|would|to be|could|may|might)\b"
    r"(?:\s+\w+){0,3}\s*$|\b(?:that|which) (?:had )?(?:\w+ly )?$|\bhad (?:\w+ly )?$|\bbefore\s+$",
    re.I,
)
_RELEASING_AUTHORITY_NOUN = re.compile(
    r"^\s+(?:leader|president|authorities|government|officials|courts?|strongman|regime|state|"
    r"prosecutors?|police|judges?|judiciary|ministry|ruler|dictator|autocrat|junta|military|"
    r"head of state|prime minister|security service|side|(?:border |prison )?guards)\b",
    re.I,
)


# ---------------------------------------------------------------- states


def releasing_state(reading: Reading, known: list[KnownName]) -> Found | None:
    """The state that freed them: the subject of "released", "freed by …", "pardoned".

    When the sentences about the event name no one who freed them ("Tsikhanouski is among
    14 prisoners freed"), the state of a known ruler they name is taken ("the envoy meets
    Lukashenka"); failing that, the state that the report's other releases name ("it freed
    52 more"); either marked uncertain."""
    for sentences, low in ((reading.main, ""), (reading.sentences, "named only for another release in the report")):
        scores: Counter = Counter()
        first: dict[str, Found] = {}
        for facts in sentences:
            evidence = [pair for verb in RELEASE_VERB.finditer(facts.release_part) for pair in _releasers(facts, verb, known)]
            for code, weight in evidence + [(code, 1) for code in _taken_out_of(facts)]:
                scores[code] += weight
                first.setdefault(code, Found(code, facts.sentence, low))
        if scores:
            break
        if sentences is reading.main:
            ruler = _ruler_named(reading, known)
            if ruler:
                return ruler
    else:
        return _state_of_the_headline(reading)
    ranked = scores.most_common()
    found = first[ranked[0][0]]
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        found.low = f"as often named as {ranked[1][0]}"
    return found


_OUT_OF = re.compile(
    r"\b(?:accompanied|escorted|flown|flew|brought|taken|took|driven|drove|led|smuggled|walked)\b[^.;]{0,40}?\bout of (?:the )?$",
    re.I)


def _taken_out_of(facts: SentenceFacts) -> list[str]:
    """"accompanied Zenkovich out of Belarus": the state they were taken out of held them."""
    return [place.code for place in facts.places if place.kind != "demonym"
            and _OUT_OF.search(facts.release_part[:place.start])]


def _state_of_the_headline(reading: Reading) -> Found | None:
    """When no sentence says who freed them, the one state the headline names, if it names
    one ("Azerbaijan: Aliyev pardons 801"), marked uncertain."""
    code = headline_state(reading)
    headline = next((facts.sentence for facts in reading.sentences if facts.sentence.headline), None)
    if code is None or headline is None:
        return None
    return Found(code, headline, "no sentence says who freed them; the one state the headline names")


def _ruler_named(reading: Reading, known: list[KnownName]) -> Found | None:
    """The state of the first known ruler the sentences about the event name, in any romanisation."""
    for facts in reading.main:
        for name in facts.names:
            entry = match_known(name.text, known) if name.kind != "organisation" else None
            if entry and entry.ruler and entry.country:
                return Found(entry.country, facts.sentence,
                             f"no sentence says who freed them; {entry.name}, who has freed prisoners before, is named")
    return None


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` starts ("US to lift sanctions as Lukashenko frees 52")."""
    return max(
        (match.end() for match in re.finditer(
            r"[,;:—–]\s|\band\s|\bthat\s|\bwhich\s|\b(?:as|while|when|after|because)\s(?=[A-Z])", text[:position])),
        default=0,
    )


def set_apart_the_other_side(reading: Reading, releasing: str | None) -> None:
    """"The United States … in turn freed eight Russians": a release by another state
    than the releasing one is what was given in return, not part of the event."""
    if releasing is None:
        return
    for facts in reading.sentences:
        for verb in RELEASE_VERB.finditer(facts.release_part):
            before, after = facts.text[:verb.start()], facts.text[verb.end():]
            passive = re.match(r"\s+(?:\w+\s+){0,3}?by\b", after)
            start = _clause_start(facts.text, verb.start())
            # "Washington, in turn, freed …", "and the US freed": the state right before the verb
            states = [place for place in facts.places if place.start < verb.start() and place.kind != "demonym"]
            between = before[states[-1].end:] if states else ""
            if passive or not states or not re.fullmatch(
                r"[\s,]*(?:(?:\w+ly|also|in turn|then|itself|on \w+day|in return|has|have|had)[\s,]+)*", between
            ):
                continue
            if states[-1].code != releasing and not states[-1].possessive:
                facts.concession_from = min(facts.concession_from, _list_start(facts, min(start, states[-1].start)))
                break


def _list_start(facts: SentenceFacts, start: int) -> int:
    """Where a list of states that ends a clause at `start` begins: "The United States,
    Germany, Norway and Poland in turn freed …" is one subject."""
    for place in sorted(facts.places, key=lambda place: -place.start):
        if place.end <= start and re.fullmatch(r"(?:,\s+|\s+and\s+|,\s+and\s+)", facts.text[place.end:start]):
            start = place.start
    head = re.search(r"\b(?:the|The)\s+$", facts.text[:start])
    return head.start() if head else start


# "Belarus ordered the release of …": who orders a release made it (not who welcomes or
# demands it); who announces or confirms it may have (or may speak for the freed's state).
_ORDERED_RELEASE = re.compile(r"\b(?:ordered|orders|approved|authori[sz]ed)\s+the\s+$", re.I)
_ANNOUNCED_RELEASE = re.compile(r"\b(?:announced|announces|confirmed|confirms)\s+the\s+$", re.I)
# "held in Iran", "four years in custody in Russia and Belarus", "detained in the Republic of
# Belarus": who held them
_HELD_IN = re.compile(
    r"\b(?:held|jailed|imprisoned|detained|custody|prisons?|jails?|behind bars) in (?:the )?$|"
    r"\b(?:release|freeing|freed|released)\b[^.;]{0,60}?\bfrom (?:the )?$",  # "the release of Rico Krieger from Belarus"
    re.I)
# "welcomed the release of Ivan Petrov and Olga Sidorova": the names are of the freed
# "welcomed the release on Friday of …", "secured the release of …"
_RELEASE_OF = re.compile(
    r"(?:^|\b(?:announced|announces|confirmed|confirms|ordered|welcomed|welcomes|hailed|celebrated|after|following|"
    r"with|secured|secures|won|obtained|negotiated|arranged)\s+)the\s+(?:\w+\s+)?(?:release|freeing|pardon(?:ing)?)"
    r"(?:\s+(?:on|late on|early on)\s+\w+)?\s+of\s+", re.I)
# "US citizens", "U.S.-Russian citizen": a state named as someone's nationality
_NATIONALITY_OF = re.compile(
    r"(?:-[A-Z][\w.]*)*\s+(?:(?!(?:freed|released|pardoned|frees|releases|pardons|has|have|had|was|were|is|are)\b)"
    r"[a-z-]+\s+)?(?:" + PERSON_NOUN[3:-1] + "|" + _PEOPLE_NOUN[3:-1] + r")\b"
)
_RELEASE_AS_NOUN = re.compile(
    r"(?:\b(?:the|a|an|this|that|his|her|their|its|whose|welcomes?|welcomed|hails?|hailed|praised?|"
    r"celebrated?|demands?|demanded|urged|after|following|before|since|prisoner)|['’]s?)\s+$",
    re.I,
)


def _releasers(facts: SentenceFacts, verb: re.Match, known: list[KnownName]) -> list[tuple[str, int]]:
    text = facts.text
    if re.search(r"\bin (?:turn|return|exchange)\b[\s,]*$", text[:verb.start()], re.I):
        return []  # "The United States in turn released …": the other side's release
    clause_start = _clause_start(text, verb.start())
    if re.match(r"\s*(?:he|she|it)\b", text[clause_start:verb.start()]):
        clause_start = 0  # "Lukashenko announced that he had pardoned 29": he is the sentence's subject
    found = []
    # "a Ukraine charity" and "US citizens" are no subject; "jailed in Russia", "In Minsk,"
    # only when nothing else is
    subject = [
        place for place in facts.places
        if clause_start <= place.start < verb.start() and _stands_for_state(place, text)
        and not re.search(r"\b(?:a|an)\s+$", text[:place.start], re.I)
        and not _NATIONALITY_OF.match(text[place.end:])
    ]
    # "Lithuania welcomes the release of its citizens", "calls for their immediate release": a
    # release named as a thing has no subject; only "Belarus's release of …" or "the release by
    # Belarus" say who freed
    before = text[:verb.start()]
    announced = _ANNOUNCED_RELEASE.search(before)
    if (_RELEASE_AS_NOUN.search(before) or described_release(text, verb)) and not _ORDERED_RELEASE.search(before) \
            and not announced:
        subject = [place for place in subject if place.possessive and text[place.end:verb.start()].strip() == ""]
    governed = [place for place in subject if not _can_give(text, place)]
    if len(governed) < len(subject):
        found.append(([place for place in subject if place not in governed][-1].code, 1 if announced else 3))
    elif governed:
        found.append((governed[-1].code, 1 if announced else 2))
    after = text[verb.end():]
    by = re.match(r"\s+(?:\w+\s+){0,5}?by\s+(?:the\s+)?", after)  # "the release of 52 political prisoners by"
    where = re.match(r"\s+(?:in|from)\s+(?:the\s+)?(?:an?\s+)?", after)
    for match, weight in ((by, 3), (where, 2)):
        if match:
            start = verb.end() + match.end()
            # "freed in Iran", not "freed in US-Russia prisoner swap"
            found += [(place.code, weight) for place in facts.places
                      if place.start == start and not text[place.end:place.end + 1] == "-"]
    if by:  # "pardoned by Alexander Lukashenko": a known ruler stands for his state
        ruler = next((match_known(name.text, known) for name in facts.names
                      if name.start == verb.end() + by.end() and name.kind != "organisation"), None)
        if ruler and ruler.ruler and ruler.country:
            found.append((ruler.country, 3))
    for name in facts.names:
        if clause_start <= name.start < verb.start() and name.kind != "organisation":
            entry = match_known(name.text, known)
            if entry and entry.kind == "person" and entry.country:
                found.append((entry.country, 2))
    return found + [(code, 1) for code in _held_in(facts)]  # "Five US citizens held in Iran were released"


def _held_in(facts: SentenceFacts) -> list[str]:
    """The states a sentence says held someone: "held in Iran", "in custody in Russia and
    Belarus", "released from a Belarusian prison"."""
    held, previous = [], None
    for place in facts.places:
        if place.start >= len(facts.release_part):  # "in return, the US freed five Iranians held in US prisons"
            break
        if place.kind == "demonym":
            jail = re.match(r"\s+(?:prisons?|jails?|penal colon(?:y|ies)|custody|detention)\b", facts.text[place.end:])
            if jail and re.search(r"\b(?:in|from|into|out of)\s+(?:an?\s+|the\s+)?$", facts.text[:place.start]):
                held.append(place.code)
            previous = None
        elif _HELD_IN.search(facts.text[:place.start]) or previous and re.fullmatch(
                r",\s+|,?\s+(?:and|or)\s+(?:the\s+)?", facts.text[previous.end:place.start]):
            held.append(place.code)
            previous = place
        else:
            previous = None
    return held


def _stands_for_state(place: Place, text: str) -> bool:
    """"Belarus", "Minsk", "Belarusian leader" stand for the state; "Americans" do not."""
    if place.kind != "demonym":
        return True
    return bool(_RELEASING_AUTHORITY_NOUN.match(text[place.end:]))


_THE_FREED = re.compile(
    r"\b(?:" + PERSON_NOUN + "|(?-i:" + _PEOPLE_NOUN + r"))\b|\b(?:they|them|he|she|him|her|all|both|group|others|freed|released|pardoned|men|women|"
    r"citizens|nationals)\b|"
    r"\bthe (?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b",
    re.I,
)


def destinations(reading: Reading, releasing: str | None) -> list[tuple[Found, int]]:
    """Where the freed were taken ("crossed into Lithuania", "flown to Vilnius"), each with
    how often the report says so, the most named first. The headline counts only when the
    body names none.

    Only a sentence about people counts ("Two Russian drones crossed into Poland" does not).
    """
    votes: Counter = Counter()
    first: dict[str, Found] = {}
    body = [facts for facts in reading.main if not facts.sentence.headline]
    for facts in body + [facts for facts in reading.main if facts.sentence.headline]:
        if votes and facts.sentence.headline:
            break
        part = facts.release_part
        if not (
            _THE_FREED.search(part)
            or any(name.kind == "person" for name in facts.names)
            or any(place.kind == "demonym" and facts.text[place.end - 1] == "s" for place in facts.places)
        ):
            continue
        places = facts.places + [region for region in find_regions(part)
                                 if not any(place.start <= region.start < place.end for place in facts.places)]
        for place in places:
            if place.start >= len(part) or place.possessive or place.code == releasing:
                continue
            before = part[:place.start]
            cue = _RECEIVING_CUE.search(before)
            # "handed over to Lithuanian border guards": a nationality stands for its state's
            # officials; and for its border once crossed ("driven to the Ukrainian border" is not
            # yet in Ukraine)
            official = place.kind == "demonym" and re.match(
                r"\s+(?:border guards|officials|authorities|diplomats|officers|police|side)\b", part[place.end:])
            border = place.kind == "demonym" and re.search(r"\bcrossed (?:the\s+)?(?:[A-Z][\w]+-)?$", before) and \
                re.match(r"\s+border\b", part[place.end:])  # "crossed the Belarusian-Lithuanian border"
            if not (cue and (place.kind != "demonym" or official) or border):
                continue
            if _NOT_YET.search(before[:cue.start()] if cue else before):
                continue
            votes[place.code] += 1
            first.setdefault(place.code, Found(place.code, facts.sentence))
    return [(first[code], count) for code, count in votes.most_common()]


_HOME = re.compile(
    r"\b(?:is|are|was|were) (?:now )?(?:back )?home\b(?! to\b)|"
    r"\b(?:returned|flew|came|arrived|went|headed) (?:back )?home\b(?! to\b)",
    re.I,
)


def gone_home(reading: Reading, breakdown: list[Found], releasing: str | None) -> list[tuple[Found, int]]:
    """"Ksenia Karelina is home": the freed, all of one foreign nationality, went to their state."""
    codes = {found.value[0] for found in breakdown}
    if len(codes) != 1 or releasing in codes:
        return []
    [code] = codes
    for facts in reading.main:
        if _HOME.search(facts.release_part):
            return [(Found(code, facts.sentence, f"the report says the freed are home; they are {country_name(code)} nationals"), 1)]
    return []


def receiving_state(destinations: list[tuple[Found, int]]) -> Found | None:
    """The one state the freed were taken to, when the report names it at least twice as
    often as any other; none when they went to several."""
    if not destinations:
        return None
    (top, votes), *rest = destinations
    if rest:
        if votes < 2 * rest[0][1]:
            return None
        top.low = "other destinations are named too: " + ", ".join(other.value for other, _ in rest)
    return top


# ---------------------------------------------------------------- counts


def _counted_group(facts: SentenceFacts, number: Number, part: str) -> tuple[int, frozenset] | None:
    """Where the noun phrase a number counts ends ("two jailed Catholic priests", "five
    Americans", "freed 52 more"), relative to the number's end, and the nationalities it names."""
    after = part[number.end:]
    counted = _COUNTED_PEOPLE.match(after) or (
        _VERB_BEFORE.search(part[:number.start]) and re.match(r"\s+(?:more|others)\b", after)) or (
        re.search(r"\b(?:the|all)\s+$", part[:number.start], re.I)
        and re.match(r"(?=\s+(?:were|have been|had been|freed|released|pardoned)\s)", after))  # "the 52 pardoned on …"
    nationality = _nationality_after(facts, number.end + 1)
    if not (counted or nationality):
        return None
    end = counted.end() if counted else nationality.end - number.end
    named = {place.code for place in facts.places if number.end < place.start < number.end + end}
    return end, frozenset(named | ({nationality.code} if nationality else set()))


# "In all, 33 people were pardoned", "a total of 33": the whole, whatever its parts
_IN_ALL = re.compile(r"\b(?:in all|in total|all told|altogether),?\s+$|\ba total of\s+$", re.I)


def _count_candidates(reading: Reading) -> tuple[list[Found], list[Found], list[Found]]:
    """Stated totals ("released 52 political prisoners", "two priests … were pardoned"),
    weaker ones, counted by nationality ("freed five Americans"), and wholes that others
    are among ("the two priests were among 33 people pardoned"), each with its sentence.
    The headline comes last: a tie goes to the report's body."""
    strong, weak, wholes = [], [], []
    for facts in sorted(reading.main, key=lambda facts: facts.sentence.headline):
        part = facts.release_part
        added = set()  # "two priests and 31 Ukrainians": the second count is in the first
        for index, number in enumerate(facts.numbers):
            group = _counted_group(facts, number, part) if number.start < len(part) else None
            if group is None and re.match(r",?\s+(?:in all|in total|all told|altogether)\b", part[number.end:]) \
                    and any(is_verb(part, verb) for verb in RELEASE_VERB.finditer(part)):
                wholes.append(Found((number.value, number.lower_bound), facts.sentence))  # "…, thirty in all"
            if group is None or number.start in added:
                continue
            end, nationality = group
            before = part[:number.start]
            value = number.value
            following = facts.numbers[index + 1] if index + 1 < len(facts.numbers) else None
            if following and re.fullmatch(r",?\s+and\s+", part[number.end + end:following.start]):
                second = _counted_group(facts, following, part)
                if second:
                    value += following.value
                    end = following.end - number.end + second[0]
                    nationality = nationality | second[1]
                    added.add(following.start)
            freed = _VERB_BEFORE.search(before) or _NOUN_OF_BEFORE.search(before) \
                or _WERE_FREED.match(part[number.end + end:]) \
                or _LET_GO.search(before) and re.match(r"\s+(?:go|free)\b", part[number.end + end:]) \
                or re.search(r"\b(?:freed|released|pardoned)\b", part[number.end:number.end + end])  # "52 freed prisoners"
            along = re.search(r"\b(?:together|along) with\s+$", before) or (
                re.search(r"\band\s+$", before) and re.match(r"\s+other\b", part[number.end:]))  # "Gershkovich and 15 other prisoners"
            if along and (freed or RELEASE_VERB.search(before)):
                # "Mora walked free together with 11 other prisoners", "the two priests were
                # pardoned together with 31 Ukrainians": those with them and they make the whole
                base = _counted_before(facts, along.start(), part)
                wholes.append(Found((value + base, number.lower_bound), facts.sentence,
                                    f"{base} and the {value} freed with them"))
            elif freed and nationality:
                weak.append(Found((value, number.lower_bound, nationality), facts.sentence,
                                  "counted from the nationality of those freed"))
            elif freed and (re.search(r"\bamong\s+(?:the\s+)?$", before) or _IN_ALL.search(before)):
                wholes.append(Found((value, number.lower_bound), facts.sentence))
            elif freed:
                strong.append(Found((value, number.lower_bound), facts.sentence))
    return strong, weak, wholes


def _counted_before(facts: SentenceFacts, position: int, part: str) -> int:
    """How many the words before `position` name: a count ("two priests") or the people
    named (one at least), not who freed them."""
    counts = [number.value for number in facts.numbers
              if number.end <= position and _counted_group(facts, number, part)]
    if counts:
        return counts[-1]
    named = [name for name in facts.names if name.end <= position and name.kind != "organisation"
             and not _RELEASES_SOMEONE.match(part[name.end:]) and not _OFFICIAL_TITLE.search(name.title)]
    return max(len(named), 1)


def total_released(reading: Reading, people: list[Found]) -> Found | None:
    """How many were freed; the value is (count, lower_bound). Counts by nationality of
    groups that share none add up ("released 10 Americans"; "also freed 20 Venezuelans")."""
    strong, weak, wholes = _count_candidates(reading)
    if wholes:  # the whole that others are among, however often its parts are counted
        strong, weak = wholes, []
    groups: dict[frozenset, Counter] = {}
    for found in weak:
        groups.setdefault(found.value[2], Counter())[found.value[:2]] += 1
    if len(groups) > 1 and all(not a & b for a in groups for b in groups if a is not b):
        parts = [counts.most_common(1)[0][0] for counts in groups.values()]
        return Found((sum(count for count, _ in parts), any(bound for _, bound in parts)), weak[0].sentence,
                     "added up from the nationalities of those freed: " + ", ".join(str(count) for count, _ in parts))
    weak = [Found(found.value[:2], found.sentence, found.low) for found in weak]
    for candidates in (strong, weak):
        if candidates:
            counts = Counter(found.value for found in candidates)
            value, _ = counts.most_common(1)[0]
            found = next(found for found in candidates if found.value == value)
            if len(counts) > 1 and not found.low:
                found.low = "the report gives other totals too: " + ", ".join(
                    str(other[0]) for other in counts if other != value
                )
            return found
    if _mentions_plural_release(reading):
        return None
    if len(people) == 1:
        return Found((1, False), people[0].sentence, "one person is named as freed and no count is given")
    singular = [facts for facts in reading.main for verb in RELEASE_VERB.finditer(facts.release_part)
                if _one_freed(facts, verb)]
    if not people and singular:  # "Russia released a dual US-Russian national"
        return Found((1, False), singular[0].sentence, "one person is described as freed and no count is given")
    return None


def _one_freed(facts: SentenceFacts, verb: re.Match) -> bool:
    article = re.match(r"\s+(?:a|an|one)\s+", facts.release_part[verb.end():], re.I)
    if not article:
        return False
    start = verb.end() + article.end()
    counted = _COUNTED_PEOPLE.match(" " + facts.release_part[start:])
    return bool(_nationality_after(facts, start) or counted and not counted.group().endswith("s"))


def _mentions_plural_release(reading: Reading) -> bool:
    """"released 20 prisoners", "the detainees were freed" ("a prisoner release" is not, nor
    "the people who campaigned for her release")."""
    return any(
        any(match.group().lower().endswith(("s", "people")) for match in re.finditer(PERSON_NOUN + r"\b", facts.release_part, re.I))
        and any(is_verb(facts.release_part, verb) for verb in RELEASE_VERB.finditer(facts.release_part))
        for facts in reading.main
    )


def foreign_nationals(reading: Reading) -> Found | None:
    """How many foreigners were among them, as the report states it; value (count, lower_bound)."""
    for facts in reading.main:
        part = facts.release_part
        for number in facts.numbers:
            if number.start < len(part) and _FOREIGN_AFTER.match(part[number.end:]) \
                    and not re.search(r"\bof (?:the |those |these )?$", part[:number.start]):  # "Nine of the 14"
                return Found((number.value, number.lower_bound), facts.sentence)
    return None


def _nationality_after(facts: SentenceFacts, start: int) -> Place | None:
    """A nationality written at `start`: "Lithuanians", "French national", "US citizens"."""
    for place in facts.places:
        if place.start != start or place.possessive:
            continue
        rest = facts.text[place.end:]
        written = facts.text[place.start:place.end]
        if _PERSONISH.match(rest):
            return place
        plural = place.kind == "demonym" and re.search(r"(?:s|men)$", written)
        bare = place.kind == "demonym" and re.match(
            r"^\s*(?:[,.;:–—)]|-\s|and\b|or\b|were\b|was\b|$|(?:who|whom|detained|held|jailed|arrested|"
            r"imprisoned|sentenced|convicted|accused)\b)", rest)  # "a Frenchman detained in Iran"
        if plural or bare:
            return place
    return None


# A sentence that goes on about the freed: "Nine of the 14 are foreign nationals: …", "The
# group included …", "The others are …".
_ABOUT_THE_FREED = re.compile(
    r"\b(?:of them|of the \w+|of those|the (?:group|others|rest|other \w+)|among (?:them|those|the freed)|"
    r"includ(?:e|es|ed|ing)|foreign(?:ers)?|besides|(?:they|these|those) (?:are|were|include)|"
    r"(?:the|all|both) (?:one|two|three|four|five|six|seven|eight|nine|ten|\d+))\b",
    re.I,
)
_CITIZENS_OF = re.compile(r"^\s*(?:(?:are|were|is|was)\s+)?(?:an?\s+)?(?:citizens?|nationals?|natives?)\s+of\s+(?:the\s+)?")
# "10 of them US citizens", "The other five are Belarusians", "Two of the released persons are …"
_OF_THEM = re.compile(
    r"^\s+(?:of (?:them|those (?:freed|released|pardoned)|the (?:freed|released|pardoned) \w+)\s+(?:(?:are|were|is|was)\s+)?|"
    r"(?:are|were)\s+(?:all\s+)?)(?:an?\s+)?")
_DUAL = re.compile(r"\bdual\s+(?=[A-Z])|\b(?=[A-Z][\w.]*-[A-Z]\w+ dual\b)")


def nationalities(
    reading: Reading, releasing: str | None = None, freed: list = (), total: int | None = None
) -> list[Found]:
    """(country, count) pairs: "six Lithuanians", "one French national", "a Briton",
    "six citizens of Lithuania, two of Latvia", "10 of them US citizens", the other
    nationality of a dual national of the releasing state, and, when the `freed`
    (PersonDraft) are all of the `total`, the nationality the report gives one of them
    anywhere ("Karelina, an American citizen"): two described among 16 freed are no breakdown."""
    found: dict[str, Found] = {}
    counted_groups: set[str] = set()  # "five are Belarusians" counts one "Belarusian opposition figure" too
    for facts in reading.main:
        part = facts.release_part
        if _REMAINING.search(part) and not facts.about_release:
            continue  # "Two French citizens remain held in Iran" were not freed
        counted = False
        listing = False  # "six citizens of Lithuania, two of Latvia": "of" goes on
        about_the_freed = facts.about_release or _ABOUT_THE_FREED.search(part) or any(
            _one_of(name.text, freed) for name in facts.names)
        for number in facts.numbers:
            if number.start >= len(part):
                continue
            after = part[number.end:]
            place = _nationality_after(facts, number.end + 1)
            them = _OF_THEM.match(after)
            if not place and them:
                place = _nationality_after(facts, number.end + them.end())
            elif not about_the_freed:
                continue  # "Two Poles were arrested at the border the same day"
            # "six citizens of Lithuania, two of Latvia", "one of them a citizen of the United States"
            rest = number.end + (them.end() if them and not place else 0)
            of = _CITIZENS_OF.match(part[rest:]) or (listing and re.match(r"^\s+of\s+(?:the\s+)?", after))
            if not place and of:
                place = _place_at(facts, rest + of.end())
                listing = bool(place)
            if place:
                counted = True
                if place.code not in counted_groups:
                    found.pop(place.code, None)
                    counted_groups.add(place.code)
                _add_nationality(found, place.code, number.value, facts)
        if not (counted or facts.about_release):
            continue
        singles: Counter = Counter()  # "a Belarusian activist and a Belarusian journalist": two
        for article in re.finditer(r"\b(?:an?|one)\s+(?:(?:detained|jailed|imprisoned)\s+)?", part, re.I):
            place = _nationality_after(facts, article.end())
            if place and not _plural_demonym(place, facts):
                singles[place.code] += 1
        the = re.match(r"(?:The|the)\s+", part)  # "The American schoolteacher, …, was released"
        place = the and (_nationality_after(facts, the.end()) or _nationality_after(facts, the.start()))
        if place and not _plural_demonym(place, facts):
            noun = _COUNTED_PEOPLE.match(part[place.end:])
            if noun and not noun.group().endswith("s") and _WERE_FREED.match(part[place.end + noun.end():]) \
                    or not noun and place.kind == "demonym" and _WERE_FREED.match(part[place.end:]):  # "The Swede, 45, was released"
                singles[place.code] += 1
        for dual in _DUAL.finditer(part):
            first = _place_at(facts, dual.end())
            second = first and _place_at(facts, first.end + 1)
            if second and releasing in (first.code, second.code) and first.code != second.code:
                singles[second.code if first.code == releasing else first.code] += 1
        for code, count in singles.items():
            if code not in counted_groups:
                _add_nationality(found, code, count, facts)
    described: dict[str, set] = {}
    everyone = freed if total is None or total <= len(freed) else []
    for facts, code, person in _described_nationalities(reading, everyone):
        if code not in found:
            described.setdefault(code, set()).add(person)
            _add_nationality(found, code, len(described[code]), facts)
        elif code in described and person not in described[code]:
            described[code].add(person)
            found[code].value = (code, len(described[code]))
    return list(found.values())


# "Karelina, an American teacher", "the US citizen Yuras Zenkovych", "the Swedish engineer Johan
# Berg", "Anna Roux, a Briton"
_CITIZEN_BEFORE = re.compile(r"\b(?:the|an?)\s+$", re.I)
_CITIZEN_BETWEEN = re.compile(r"^\s+(?:[a-z-]+\s+)?(?:citizen|national|" + _PEOPLE_NOUN[3:-1] + r")\s+$")


def _one_of(written: str, freed: list) -> str | None:
    """The one of the `freed` (PersonDraft) a written name or surname stands for."""
    return next((person.name for person in freed for spelling in [person.name, *person.aliases]
                 if same_name(spelling, written) or fold(written) == fold(spelling).split()[-1]), None)


def _described_nationalities(reading: Reading, freed: list):
    """(sentence, country, person) for each of the freed the report describes as of a nationality,
    at any time ("August 2021: Marc Fogel, an American teacher, is arrested")."""
    for facts in reading.sentences:
        for name in facts.names:
            person = _one_of(name.text, freed)
            if person is None:
                continue
            # ", an American teacher", ", the 63-year-old American teacher"
            after = re.match(r",\s+(?:an?|the)\s+(?:(?:\d+-year-old|[a-z]+-[a-z-]+)\s+)?", facts.text[name.end:])
            place = after and _nationality_after(facts, name.end + after.end())
            if place and not _plural_demonym(place, facts):
                yield facts, place.code, person
                continue
            before = next((place for place in facts.places if place.end < name.start
                           and _CITIZEN_BETWEEN.match(facts.text[place.end:name.start])
                           and _CITIZEN_BEFORE.search(facts.text[:place.start])), None)
            if before:
                yield facts, before.code, person


def _plural_demonym(place: Place, facts: SentenceFacts) -> bool:
    return place.kind == "demonym" and bool(re.search(r"(?:s|men)$", facts.text[place.start:place.end]))


def _place_at(facts: SentenceFacts, start: int) -> Place | None:
    return next((place for place in facts.places if place.start == start and not place.possessive), None)


def _add_nationality(found: dict[str, Found], code: str, count: int, facts: SentenceFacts) -> None:
    if code not in found:
        found[code] = Found((code, count), facts.sentence)
    elif found[code].value[1] != count and not found[code].low:
        found[code].low = f"the report also gives {count}"


# ---------------------------------------------------------------- people


_LIST_CUE = re.compile(
    r"\b(?:among them|among whom|including|includ(?:es|ed)|"
    r"among (?:those|the \w+) (?:freed|released|pardoned)(?: by \w+)?(?: \w+)? (?:were|are|was|is)|"
    r"among (?:those|the \w+) (?:freed|released|pardoned)(?: by \w+)?(?=:)|"
    r"(?:were |was )?named as|(?:have|has|had) been (?:named|identified)(?: as)?(?=:| as)|"
    r"the freed (?:\w+ )?(?:are|were|include|included)|"
    r"those (?:freed|released|pardoned)(?: \w+){0,3}? (?:are|were|include|included)|"
    # "Among the Lithuanians is …", "among the journalists were …"
    r"among the (?:[\w-]+ )?(?:(?-i:[A-Z])[\w-]*(?:s|men)|" + PERSON_NOUN[3:-1] + "|" + _PEOPLE_NOUN[3:-1] + r") (?:is|are|was|were)|"
    # "The best known is …", "the most prominent of them was …"
    r"(?:the )?(?:best[- ]known|most (?:prominent|high-profile|well-known))(?: of them| among them| of those freed)? "
    r"(?:is|was|are|were)|"
    # "One of the freed Americans, …", "the others are Belarusians: …", "Two of the released
    # persons are citizens of Belarus: …"
    r"one of (?:the|those) (?:freed|released|pardoned)(?: \w+)?(?=,)|"
    r"\b\w+ of (?:them|(?:the|those) (?:freed|released|pardoned)(?: \w+)?) (?:are|were) [^:;.]{1,60}(?=:)|"
    r"(?:the others|the rest|the other \w+) (?:are|were) (?:[\w-]+ )?[\w-]+(?=:))\b[:\s]*",
    re.I,
)
_LIST_END = re.compile(
    r",?\s+(?:after|following|hours|days|who|whom|which|when|while|in exchange|in return|"
    r"in a\b|in an\b|according|said|says|told|as part|at the request|on (?:Mon|Tues|Wednes|"
    r"Thurs|Fri|Satur|Sun)day)\b|[;—–]|\.$",
)
_AMONG_FREED_AFTER = re.compile(
    r"\b(?:(?:was|were|has been|have been)\s+(?:also\s+)?(?:among (?:those|the \w+)\s+)?"
    r"(?:freed|released|pardoned)|walked free|(?:is|are) (?:now )?(?:free|home)(?! to\b)|"
    r"(?:is|are|was|were) among (?:the )?(?:[\d,]+ |[a-z]+ )?(?:" + PERSON_NOUN[3:-1] + r"|those)(?= (?:freed|released|pardoned|that|who|whom)\b)|"
    r"(?:was|were) (?:swapped|exchanged|traded))\b",
    re.I,
)
# ", a journalist who contributed to Radio Svaboda, and Alena Maushuk": what describes one of
# those listed, up to the next of them
_DESCRIBED_IN_LIST = re.compile(
    r",\s+(?:an?|the)\s+(?:[a-z][\w'’-]*\s+){1,4}(?:who|whom|whose|which|that)\b[^;:]*?(?=,\s+(?:and\s+)?[A-Z])")


def _list_spans(rest: str, offset: int) -> list[tuple[int, int]]:
    """Where the names of a list that starts `offset` characters into the sentence are: up to
    where the list ends, leaving out what describes each of them."""
    spans, start = [], 0
    while True:
        end = _LIST_END.search(rest, start)
        described = _DESCRIBED_IN_LIST.search(rest, start)
        if described and (end is None or described.start() <= end.start()):
            spans.append((offset + start, offset + described.start()))
            start = described.end()
            continue
        spans.append((offset + start, offset + (end.start() if end else len(rest))))
        return spans


# "Two citizens of Latvia, Emīls Asars and Ivars Šumass, are …", "two Belarusians, the former
# journalist Ivan Petrau and …": names in apposition to a counted group, or after a noun for
# a person; the apposition ends at a comma before a word in lower case.
_APPOSITION_ITEM = r"(?:and\s+)?(?:[A-Z]|(?:the|an?)\s+(?:[\w-]+\s+){0,4}?" + _PEOPLE_NOUN + r"\s+[A-Z])"
_APPOSITION = re.compile(
    r"^(?:\s+of\s+(?:the\s+)?[A-Z][\w.]*(?: [A-Z][\w.]*)*)?,\s+(?=" + _APPOSITION_ITEM + ")")
_APPOSITION_END = re.compile(r",\s+(?!" + _APPOSITION_ITEM + r")|[;:—–()]|\.$")
# "Lukashenko pardoned them", "Maduro has freed 20": the subject of a release verb with an
# object freed them (not "Whelan released in swap").
_RELEASES_SOMEONE = re.compile(
    r"^\s+(?:(?:\w+ly|also|has|have|had|then|on \w+day)\s+){0,2}(?:pardon(?:s|ed)|releas(?:es|ed)|frees|freed)\s+"
    r"(?:them|him|her|the|a|an|his|its|their|another|more|all|both|some|dozens|hundreds|\d|(?-i:[A-Z])|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b)",
    re.I,
)
_OFFICIAL_TITLE = re.compile(
    r"\b(?:envoy|secretary|minister|official|officials|spokes\w+|ambassador|diplomat|president|"
    r"delegation|deputy|aide|adviser|advisor|prince|pope|cardinal|leader)\b",
    re.I,
)


@dataclass
class PersonDraft:
    name: str
    aliases: list[str] = field(default_factory=list)
    new: bool = False  # not in the database


def _full_names(reading: Reading) -> list[str]:
    """Every person's full name in the report, to complete a surname written alone."""
    names = []
    for facts in reading.sentences:
        for name in facts.names:
            if name.kind == "person" and not any(same_name(name.text, other) for other in names):
                names.append(name.text)
    return names


def resolve_person(written: str, reading: Reading, known: list[KnownName]) -> PersonDraft | None:
    """The person a written name stands for: a known one, or the fullest form in the report."""
    full = written
    if len(written.split()) == 1:
        fuller = [
            name for name in _full_names(reading)
            if same_name(written, name.split()[-1]) and name != written
        ]
        full = fuller[0] if len(fuller) == 1 else written
    entry = match_known(full, known) or match_known(written, known)
    if entry and entry.kind == "person":
        aliases = [spelling for spelling in {written, full} if fold(spelling) not in
                   {fold(s) for s in entry.spellings} and len(spelling.split()) > 1]
        return PersonDraft(entry.name, sorted(aliases))
    if entry:
        return None
    if len(full.split()) == 1:
        return None
    return PersonDraft(full, new=bool(known))


def people(reading: Reading, known: list[KnownName], releasing: str | None = None) -> list[Found]:
    """The people the report names as freed in the main event (not those another state
    than `releasing` freed: "the German government defended the decision to release …")."""
    found: list[Found] = []
    freed_groups = _freed_groups(reading)
    other_side = _other_side(reading, known)
    for facts, held in _after_those_held(reading):
        for name in _freed_names(facts, freed_groups, known, releasing, held):
            person = resolve_person(name.text, reading, known)
            if person and not any(same_name(person.name, other) for other in other_side) \
                    and not any(same_name(person.name, other.value.name) for other in found):
                found.append(Found(person, facts.sentence))
    return found


def _after_those_held(reading: Reading):
    """Each sentence about the main event, and whether the sentence before it (a question, past
    a "Yes.") tells of those still held: "Are other Americans still held? Yes. Among them is …"."""
    previous = None
    for facts in reading.sentences:
        if not facts.other_time:
            yield facts, bool(previous and _REMAINING.search(previous.text) and not previous.about_release)
        if len(facts.text.split()) > 2:
            previous = facts


def _other_side(reading: Reading, known: list[KnownName]) -> list[str]:
    """The people the report names as given in return ("in exchange for Alex Saab"): whatever
    else it says of them ("Biden granted clemency to Saab"), they are not this event's freed."""
    names = []
    for facts in reading.sentences:
        if facts.concession_from == 0 and not RELEASE_WORD.search(facts.text):
            continue  # "In return, Sweden freed Nouri. Berg landed in Stockholm": the paragraph goes back to the freed
        for name in facts.names:
            if name.start >= facts.concession_from and name.kind != "organisation":
                person = resolve_person(name.text, reading, known)
                if person:
                    names.append(person.name)
    return names


def _freed_groups(reading: Reading) -> set[str]:
    """Nouns that name those freed ("priests" in "pardons two Catholic priests")."""
    words = set()
    for facts in reading.main:
        for verb in RELEASE_VERB.finditer(facts.release_part):
            words |= set(re.findall(r"[a-z]+", facts.release_part[verb.end():verb.end() + 60].lower()))
    return words


def _freed_names(
    facts: SentenceFacts, freed_groups: set[str], known: list[KnownName], releasing: str | None, after_held: bool = False
) -> list[Name]:
    text = facts.release_part
    spans = []
    for cue in _LIST_CUE.finditer(text):
        if after_held and cue.start() == 0 and re.match(r"among (?:them|whom)\b", cue.group(), re.I):
            continue  # "… still held in Russia? Yes. Among them is …"
        if _REMAINING.search(text) and not facts.about_release and any(n.value >= 10 for n in facts.numbers):
            continue  # "still 1,250 political prisoners, among them …" are not freed
        if re.search(r"\b(?:not|never|no longer)\s+(?:\w+\s+)?$|n['’]t\s+(?:\w+\s+)?$", text[:cue.start()], re.I) \
                or re.search(r"\b(?:not|never)\b|n['’]t\b", cue.group(), re.I):
            continue  # "Those released did not include …"
        if re.search(r"\b(?:officials|delegation|diplomats|envoys|ministers|leaders)\b[^,]*,?\s*$",
                     text[max(0, cue.start() - 40):cue.start()]):
            continue
        rest = text[cue.end():]
        colon = rest.find(":")
        if 0 <= colon < 30 and "among" in cue.group().lower():
            rest, offset = rest[colon + 1:], cue.end() + colon + 1
        else:
            offset = cue.end()
        spans += _list_spans(rest, offset)
    for verb in RELEASE_VERB.finditer(text):
        after = text[verb.end():]
        by_others = {code for code, _ in _releasers(facts, verb, known)}
        if releasing and by_others and releasing not in by_others:
            continue
        if re.match(r"\s+(?:\w+\s+){0,2}by\b", after) or re.search(
            r"\b(?:the|a|an|this|that|his|her|their|its|whose|those|these)\s+$|['’]s\s+$", text[:verb.start()], re.I
        ):
            continue  # "their release", "those released did not include …"
        # "freed Tom Hale and Ann Reed", "let go Paul Whelan and the journalist Alsu Kurmasheva"
        end = re.search(r"[,;]|\b(?:after|in|on|who)\b|\band\b(?!\s+(?:the\s+(?:[a-z-]+\s+){0,3})?(?-i:[A-Z]))", after)
        spans.append((verb.end(), verb.end() + (end.start() if end else len(after))))
    passive = _AMONG_FREED_AFTER.search(text)
    if passive:
        spans.append((0, passive.start()))
    for named in _RELEASE_OF.finditer(text):
        end = _LIST_END.search(text[named.end():])
        spans.append((named.end(), named.end() + (end.start() if end else len(text))))
    if not _REMAINING.search(text):
        for number in facts.numbers:
            group = _counted_group(facts, number, text) if number.start < len(text) else None
            apposition = group and _APPOSITION.match(text[number.end + group[0]:])
            if apposition:
                start = number.end + group[0] + apposition.end()
                end = _APPOSITION_END.search(text[start:])
                spans.append((start, start + (end.start() if end else len(text))))
    if facts.sentence.headline:  # "Gershkovich, Whelan released in swap"; not "Lukashenko pardoned 29"
        bare = re.search(r"\b(?:freed|released|pardoned)\b(?!\s+(?:another|more|all|the|a|an|his|her|their|"
                         r"[A-Z0-9]|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b))", text)
        if bare:
            spans.append((0, bare.start()))
    group = re.match(r"^The (\w+), ", text)
    if group and group.group(1).lower() in freed_groups:
        end = re.search(r",\s+(?:had|have|has|were|was|are|is|who)\b", text)
        spans.append((group.end(), end.start() if end else len(text)))
    return [
        name for name in facts.names
        if name.kind != "organisation"
        and any(start <= name.start < end for start, end in spans)
        and not _OFFICIAL_TITLE.search(name.title.split(",")[-1])
        and not _RELEASES_SOMEONE.match(text[name.end:])
    ]


# ---------------------------------------------------------------- actors


@dataclass
class ActorDraft:
    name: str
    kind: str
    role: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    new: bool = False


_ROLE_ORDER = [role.value for role in (
    ActorRole.releasing_authority, ActorRole.mediator, ActorRole.delegation_head,
    ActorRole.envoy, ActorRole.requester, ActorRole.facilitator, ActorRole.transit,
    ActorRole.negotiating_party, ActorRole.host, ActorRole.other,
)]
# A person's title says more than what the person did: an envoy who brokered a deal is an envoy.
_PERSON_ROLE_ORDER = [role.value for role in (
    ActorRole.releasing_authority, ActorRole.delegation_head, ActorRole.envoy, ActorRole.mediator,
    ActorRole.requester, ActorRole.facilitator, ActorRole.negotiating_party, ActorRole.host, ActorRole.other,
)]


_ANY = r"(?:[\w’'-]+\s+){0,3}"
_QUOTE = r"[\"“]?"
_ROLE_BEFORE = [
    (re.compile(r"\bhead of (?:the )?(?:[A-Z]+ )?delegation,?\s+" + _ANY + "$"), "delegation_head"),
    # "headed by Deputy Assistant Secretary of State Christopher W. Smith": a long title
    (re.compile(r"\b(?:delegation|team|mission|group|officials)\b[^.;]{0,60}?\b(?:led|headed) by\s+(?:[\w’'-]+\s+){0,6}$"),
     "delegation_head"),
    (re.compile(r"\b(?:brokered|mediated|negotiated) by\s+(?:the\s+)?" + _ANY + "$"), "mediator"),
    (re.compile(r"\b(?:with|through|thanks to) the (?:mediation|help|assistance|good offices) of\s+(?:the\s+)?" + _ANY + "$"), "mediator"),
    (re.compile(r"\b(?:at the request of|requested by)\s+(?:the\s+)?" + _ANY + r"(?:[\w’'-]+,\s+)?$"), "requester"),
    # "was accompanied out of Belarus and into Lithuania by Chris Smith"
    (re.compile(r"\b(?:accompanied|escorted)\b[^.;]{0,80}?\bby\s+" + _ANY + "$"), "envoy"),
    (re.compile(r"\b(?:pardoned|released|freed)(?: \w+){0,3}? by\s+" + _ANY + "$"), "releasing_authority"),
    # "talks in Minsk with a delegation from the United States", "contacts between Minsk and the Holy See"
    (re.compile(r"\b(?:talks|meetings?|negotiations|agreements?|contacts|deal)\s+(?:in \w+\s+)?(?:between|with)\s+"
                r"(?:(?:an?|the) (?:\w+ )?delegation (?:from|of)\s+)?(?:the\s+)?" + _ANY + r"(?:and\s+" + _ANY + ")?$"),
     "negotiating_party"),
    (re.compile(r"\bnegotiations by\s+(?:the\s+)?" + _ANY + "$"), "negotiating_party"),
    (re.compile(r"\b(?:met|meets|meeting)\s+(?:with\s+)?" + _ANY + "$"), "negotiating_party"),
    (re.compile(r"\b(?:through|via)\s+$"), "transit"),
    # "talks held by Oman", not "prisoners held by the Lukashenko regime"
    (re.compile(r"\bhosted by\s+(?:the\s+)?" + _ANY + "$|"
                r"\b(?:talks|meetings?|negotiations|summit|ceremony|exchange|swap)\b[^.;]{0,30}?\bheld by\s+(?:the\s+)?" + _ANY + "$"),
     "host"),
    (re.compile(r"\b(?:facilitated|assisted|supported|organi[sz]ed) by\s+(?:the\s+)?" + _ANY + "$"), "facilitator"),
]
_ROLE_AFTER = [
    (re.compile(r"^,?\s+(?:who |which )?(?:led|headed) (?:the |a |an )?(?:[\w-]+ )?(?:delegation|team|mission)\b"),
     "delegation_head"),
    (re.compile(r"^, (?:the |a )?(?:[\w’'-]+ ){0,5}(?:[Ee]nvoy|[Nn]egotiator|[Dd]eputy)\b|"
                r"^\s+(?:\w+\s+){0,3}?as (?:the |a |an |his |her )?(?:[\w’'-]+ ){0,3}envoy\b"), "envoy"),
    # "Lukashenko pardoned", ", has pardoned", "announced that he had pardoned", "ordered the
    # release of", "signed a pardon decree" (not "announced the release": a spokesman may)
    (re.compile(r"^\s+(?:\w+ )?(?:pardoned|released|freed|pardons|releases|frees)\b|^['’]s (?:pardon|release)|"
                r"^,?\s+(?:has |had |also |personally )?(?:ordered|approved|authori[sz]ed|signed|decreed|issued)\s+"
                r"(?:the |a |an )?(?:\w+ )?(?:release|pardons?|clemency|amnesty|decree)\b|"
                r"^,?\s+(?:(?:has|had|have|also|personally|then|announced|said|confirmed|that|he|she)\s+){1,4}"
                r"(?:pardoned|released|freed|pardons|releases|frees)\b"), "releasing_authority"),
    (re.compile(r"^,?\s+(?:acting |which acted |who acted |acted |has acted |had acted )?as (?:a |the )?mediators?\b|"
                r"^\s+(?:was|were|had been|has been|as) " + _QUOTE + r"instrumental|"  # "described X as instrumental"
                r"^\s+(?:has |had |have )?(?:helped (?:to )?)?(?:brokered|mediated|broker|mediate)\b|^[- ](?:brokered|mediated)\b|^ mediation\b|"
                r"^\s+(?:has |had |also )?play(?:ed|s) an? (?:\w+ )?role in (?:the )?(?:negotiations|talks|release|deal)|"
                r"^ for (?:its |their |his |her )?(?:mediati(?:ng|on)|brokering)\b|"  # "thanked Qatar for mediating"
                r"^ with (?:securing|brokering|mediating|negotiating) (?:the |a |their |his |her )?(?:deal|release|swap|exchange)\b"),
     "mediator"),
    (re.compile(r"^\s+(?:has |had |have )?(?:also )?(?:accompanied|raised (?:her|his|their|the) case|travell?ed to|"
                r"received (?:the )?(?:\w+ )?(?:detainees|prisoners|freed|released|hostages))\b"), "envoy"),
    # "Lukashenko received the White House's special envoy": the one who receives an envoy negotiates
    (re.compile(r"^\s+(?:has |had |have )?(?:also )?received\b[^.;]{0,40}?\b(?:envoy|delegation|ambassador|minister|"
                r"secretary)\b"), "negotiating_party"),
    # "Pope Leo XIV had asked for the two priests to be pardoned"
    (re.compile(r"^\s+(?:has |had |have )?(?:personally )?(?:asked for|requested|appealed for|pleaded for)\b"), "requester"),
    (re.compile(r"^,?\s+(?:also )?took part in\b|^\s+(?:also )?helped (?:to )?(?:secure|arrange|win)\b|"
                r"^,?\s+(?:said it |says it )?(?:has |had )?(?:helped (?:to )?)?"
                r"(?:coordinated|facilitated|facilitate|coordinate)\b"), "facilitator"),
    (re.compile(r"^,?\s+(?:which |who )?(?:had )?(?:also )?hosted\b"), "host"),
    # "met Lukashenko", not "met them on the tarmac": who greets the freed did not negotiate
    (re.compile(r"^,?\s+(?:who |which )?(?:has |had |have )?(?:also )?(?:met(?! (?:with )?(?:them|him|her|the (?:freed|released|"
                r"plane|flight|group)|(?:the |their |his |her )?(?:returnees|prisoners|detainees|hostages|famil(?:y|ies)|relatives))\b)"
                r"|visited|held talks|negotiated)\b|"
                r"^ delegation\b|"
                r"^\s+(?:has|had|have) been " + _QUOTE + r"(?:\w+ly )?involved in the (?:negotiations|talks)"), "negotiating_party"),
]
_STATE_ROLES = {"mediator", "requester", "transit", "negotiating_party", "host", "facilitator"}
_ENVOY_TITLE = re.compile(r"\b(?:envoy|deputy|negotiator)\b", re.I)


def _skip_appositive(after: str) -> str:
    """The words after a name once a bracket or an appositive is passed."""
    after = re.sub(r"^\s*\([^)]*\)", "", after)
    appositive = re.match(r"^,[^,]{1,70},", after)
    if appositive and not re.match(r"^, (?:the |a )?(?:[\w’'-]+ ){0,4}(?:[Ee]nvoy|[Nn]egotiator|[Dd]eputy)\b", after):
        after = after[appositive.end():]
    return after


def _role(text: str, start: int, end: int, title: str, kind: str) -> str | None:
    before, after = text[:start], text[end:]
    if re.match(r"^['’]s? (?!pardon|release)", after):
        return None  # "the White House's special envoy": the envoy is the actor
    roles = [role for pattern, role in _ROLE_BEFORE if pattern.search(before)]
    # "Gugerotti, the prefect of the Dicastery for the Eastern Churches, visited …": what
    # follows an appositive is said of the name before it
    if not (after.startswith(",") and re.search(r"[A-Z][\w.’'-]+, (?:the|a|an) [^,;]*$", before)):
        roles += [role for pattern, role in _ROLE_AFTER if pattern.match(after) or pattern.match(_skip_appositive(after))]
    if kind == "person" and _ENVOY_TITLE.search(title.split(".")[-1]):
        roles.append("envoy")
    allowed = _STATE_ROLES if kind == "state" else set(_ROLE_ORDER) - {"transit"}
    roles = [role for role in roles if role in allowed]
    order = _PERSON_ROLE_ORDER if kind == "person" else _ROLE_ORDER
    return min(roles, key=order.index) if roles else None


def actors(
    reading: Reading, known: list[KnownName], releasing: str | None, taken_to: list[tuple[Found, int]]
) -> list[Found]:
    """Mediators, envoys, negotiating parties, the releasing authority, and each state the
    freed were taken to (`destinations`) as a receiving state."""
    found: dict[str, Found] = {}
    freed = {fold(found.value.name) for found in people(reading, known, releasing)}
    # "Last month, Cardinal Gugerotti visited Minsk as the Pope's envoy", "the Pope had asked
    # for their release, and his envoy visited Minsk in October": talks before the release are
    # part of it; only a sentence about another release is not
    for facts in [facts for facts in reading.sentences if not facts.other_time or not any(
            not re.search(r"\b(?:their|his|her)\s+$", facts.text[:word.start()]) for word in RELEASE_WORD.finditer(facts.text))]:
        text = facts.text
        organisations = [name for name in facts.names if name.kind == "organisation"]
        for place in facts.places:
            if place.code == releasing or any(o.start <= place.start < o.end for o in organisations):
                continue
            if re.match(r"^\s+(?:special\s+|presidential\s+|deputy\s+)?(?:envoy|president|secretary|"
                        r"official|diplomat|ambassador|leader|minister)\b", text[place.end:], re.I):
                continue
            if place.kind == "demonym" and not re.match(
                r"^[- ](?:brokered|mediated|mediation|delegation)\b", text[place.end:]
            ):
                continue
            role = _role(text, place.start, place.end, "", "state")
            if role:
                _add_actor(found, facts, _state_actor(place.code, role, known))
        for name in facts.names:
            if name.kind == "unknown" and not re.match(r"^[A-Z]{2,}$", name.text):
                person = resolve_person(name.text, reading, known)
                if person is None:
                    continue
            # "MIT", "ICRC": a word in capitals names an organisation
            kind = "organisation" if name.kind == "organisation" or re.fullmatch(r"[A-Z]{2,}", name.text) else "person"
            role = _role(text, name.start, name.end, _own_title(name, facts), kind)
            if not role:
                continue
            draft = _named_actor(name, kind, role, facts, reading, known)
            if draft and fold(draft.name) not in freed:
                _add_actor(found, facts, draft)
    for destination, _ in taken_to:
        state = _state_actor(destination.value, "receiving_state", known)
        found[f"{destination.value}:receiving_state"] = Found(state, destination.sentence, destination.low)
    return list(found.values())


def _add_actor(found: dict[str, Found], facts: SentenceFacts, draft: ActorDraft) -> None:
    key = draft.country if draft.kind == "state" else fold(draft.name)
    earlier = found.get(key)
    order = _PERSON_ROLE_ORDER if draft.kind == "person" else _ROLE_ORDER
    if earlier is None or order.index(draft.role) < order.index(earlier.value.role):
        found[key] = Found(draft, facts.sentence)


def _state_actor(code: str, role: str, known: list[KnownName]) -> ActorDraft:
    entry = next((entry for entry in known if entry.kind == "state" and entry.country == code), None)
    return ActorDraft(entry.name if entry else country_name(code), "state", role, code)


def _own_title(name: Name, facts: SentenceFacts) -> str:
    """The words before a name that say who the person is, up to the name before it ("US
    envoy Richard Grenell met Nicolás Maduro": Maduro's title is "met")."""
    earlier = [other.end for other in facts.names
               if name.start - len(name.title) <= other.end < name.start and other.kind != "organisation"]
    return facts.text[max(earlier):name.start].strip() if earlier else name.title


def _named_actor(
    name: Name, kind: str, role: str, facts: SentenceFacts, reading: Reading, known: list[KnownName]
) -> ActorDraft | None:
    title = _own_title(name, facts)
    title_places = [place for place in facts.places if place.end <= name.start and place.start >= name.start - len(title) - 1]
    country = title_places[-1].code if title_places else None
    if kind == "organisation":
        alias = re.match(r"^\s*\(([A-Z]{2,})\)", facts.text[name.end:])
        entry = match_known(name.text, known)
        if entry:
            return ActorDraft(entry.name, entry.kind, role, entry.country or country)
        return ActorDraft(name.text, kind, role, country, [alias.group(1)] if alias else [], new=bool(known))
    person = resolve_person(name.text, reading, known)
    if person is None:
        return None
    entry = match_known(person.name, known)
    if entry and entry.kind != "person":
        return None
    return ActorDraft(
        person.name, "person", role, (entry.country if entry else None) or country,
        person.aliases, new=person.new,
    )


# ---------------------------------------------------------------- concessions


_SANCTION = re.compile(r"\bsanction|\bembargo|\b(?:export|import|trade) restrictions\b", re.I)
_LIFT = re.compile(r"\b(?:lift\w*|eas(?:e|es|ed|ing)|remov\w+|relief|unfr[eo]\w+|suspend\w*)\b", re.I)
# "sanctions should not be eased in return", "urged the EU to lift sanctions", "perhaps some
# relief from the sanctions", "has not said whether": what is called for, argued against,
# guessed at or left open was not given.
_NOT_GIVEN = re.compile(
    r"\b(?:should|must|ought to|needs? to|might|could|perhaps|maybe|possibly)\b|\bnot (?:to|be)\b|"
    r"\b(?:call(?:s|ed|ing)? (?:on|for|upon)|urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?|appeal(?:s|ed)? to|demand(?:s|ed)?)\b|"
    r"\b(?:analysts|observers|experts|commentators) (?:\w+ )?(?:think|say|believe|suggest|expect|speculate)\b|"
    r"\bspeculat|\bwhether\b|\bunclear\b|\bwarn\w* (?:against|not)\b|\bagainst (?:easing|lifting|any)\b|"
    r"\boppos(?:e|es|ed|ing)\b|\brul(?:e|es|ed|ing) out\b|\bno (?:sign|indication|evidence)\b|"
    # "the deal was separate from the easing of oil sanctions": given, but not for this release
    r"\bseparate(?:ly)?\b|\bnot (?:a )?part of\b|\bunrelated\b|\bhad nothing to do with\b",
    re.I,
)
# "So far, there's no sign of that happening": the sentence before told of something not
# given; "Washington denied this": of something disputed.
_TAKEN_BACK = re.compile(r"\bno (?:sign|indication|evidence) (?:of )?(?:that|this|it)\b|"
                         r"\b(?:that|this|it) (?:has not|hasn't|did not|didn't|never) happen|"
                         # "They insisted the step was not part of the deal."
                         r"\b(?:was|is|were) (?:not (?:a )?part of|separate from|unrelated to) the (?:deal|agreement|"
                         r"exchange|swap|release)\b", re.I)
_DENIED_AFTER = re.compile(r"\bden(?:y|ies|ied) (?:that|this|it|the (?:report|claim))\b", re.I)
_DENIAL = re.compile(
    r"\bnot (?:in exchange|in return|linked|tied|connected)\b|\bden(?:y|ies|ied)\b|"
    r"\bno (?:concessions|sanctions relief|deal)\b",
    re.I,
)
_MONEY = re.compile(
    r"(?:\$|€|£|US\$|USD ?|EUR ?)\s?\d[\d.,]*\s*(?:million|billion|m\b|bn\b)|"
    r"\b\d[\d.,]*\s*(?:million|billion)\s+(?:dollars|euros|pounds)",
    re.I,
)
_MONEY_DEAL = re.compile(
    r"\b(?:unfr[eo]\w+|transfer\w*|funds?|access|payment|ransom|forfeit\w*|paid|pay|released|moved|deal)\b", re.I
)
_DIPLOMATIC = re.compile(
    r"\b(?:re-?open\w*\s+(?:its\s+|the\s+|an?\s+)?(?:\w+\s+)?embassy|restor\w+\s+(?:full\s+)?diplomatic|"
    r"diplomatic (?:relations|ties) (?:would|will) be|return\w*\s+(?:of\s+)?(?:its\s+|the\s+)?ambassador|"
    r"exchange ambassadors)",
    re.I,
)
_EXCHANGE = re.compile(
    r"\b(?:swap(?:s|ped)?|prisoner exchange|exchange of prisoners|granted (?:\w+ )?clemency|"
    r"clemency (?:to|for))\b",
    re.I,
)
# A legal step: "suspended arrest warrants against three Venezuelans", "dropped charges".
_LEGAL = re.compile(
    r"\b(?:suspend|drop|withdr[ae]w|cancel|quash)\w*\s+(?:the\s+|its\s+|all\s+)?"
    r"(?:arrest warrants?|charges|indictments?|prosecutions?|criminal cases?)\b",
    re.I,
)


@dataclass
class ConcessionDraft:
    kind: str
    description: str
    status: str
    granted_by: str | dict | None = None
    beneficiary: str | dict | None = None
    disputed: bool = False
    dispute: str | None = None


def _status(text: str) -> str:
    if re.search(r"\b(?:wants?|would like|reportedly|cited|as saying|according to)\b", text, re.I):
        return ConcessionStatus.reported.value
    if re.search(r"\b(?:will|would|to|is|are|agreed to)\s+(?:\w+\s+)?(?:lift|ease|remove|release|free|reopen|restore|"
                 r"transfer|unfreeze|forfeit|pay|return|grant)\b|\b(?:is|are) (?!being\b)\w+ing\b|\bto be\b|"
                 r"\b(?:will|shall|is set to|are set to|plans? to|is expected to|agreed to)\b", text, re.I):
        return ConcessionStatus.announced.value
    if re.search(r"\bpromis\w+\b", text, re.I):
        return ConcessionStatus.promised.value
    return ConcessionStatus.implemented.value


def _granting_state(facts: SentenceFacts, before: int, releasing: str | None) -> str | None:
    """The state that gives something: the nearest one named before the verb, as a subject
    (not "brokered by Qatar", "frozen in South Korea", "through Switzerland")."""
    states = [place for place in facts.places
              if place.code != releasing and place.kind != "demonym" and _can_give(facts.text, place)]
    earlier = [place for place in states if place.start < before]
    if earlier:
        return earlier[-1].code
    return states[0].code if states else None


def _can_give(text: str, place: Place) -> bool:
    return not re.search(r"\b(?:in|into|through|via|to|from|by|at|with|on|of|for)\s+(?:the\s+)?$", text[:place.start], re.I)


def _sanctions_beneficiary(facts: SentenceFacts, releasing: str | None) -> str | dict | None:
    target = re.search(r"\bsanctions?\s+(?:imposed\s+)?on\s+", facts.text, re.I)
    if target:
        phrase_end = re.search(r"[,.;]|\s(?:after|which|that|in|as|and)\s", facts.text[target.end():])
        end = target.end() + (phrase_end.start() if phrase_end else len(facts.text))
        for name in facts.names:
            if target.end() <= name.start < end and name.kind in {"organisation", "unknown"}:
                return {"name": name.text, "kind": "organisation", **({"country": releasing} if releasing else {})}
        for place in facts.places:
            if target.end() <= place.start < end:
                return place.code
    return releasing


def concessions(
    reading: Reading, releasing: str | None, receiving: Found | None, known: list[KnownName] = ()
) -> list[Found]:
    """What was given in return: sanctions relief, prisoners, money, diplomatic steps."""
    by_kind: dict[str, list[Found]] = {}
    following = dict(zip((id(facts) for facts in reading.sentences), reading.sentences[1:]))
    for facts in sorted(reading.main, key=lambda facts: facts.sentence.headline):  # the body says it best
        text = facts.text
        after = following.get(id(facts))
        after = next_in_paragraph(facts.sentence, after.sentence if after else None)
        if _TAKEN_BACK.search(after):
            continue
        part = text[facts.concession_from:] if facts.concession_from < len(text) else ""
        denied = bool(_DENIAL.search(text) or _DENIED_AFTER.search(after))
        lift = _LIFT.search(text)
        if _SANCTION.search(text) and lift and not _hedged(text, lift.start()):
            draft = ConcessionDraft(
                ConcessionKind.sanctions_relief.value,
                _describe(text),
                ConcessionStatus.denied.value if denied else _status(text),
                _granting_state(facts, lift.start(), releasing),
                _sanctions_beneficiary(facts, releasing),
                disputed=denied,
                dispute=_describe(text) if denied else None,
            )
            by_kind.setdefault(draft.kind, []).append(Found(draft, facts.sentence))
        money = _MONEY.search(text)
        if money and _MONEY_DEAL.search(text) and not _hedged(text, money.start()):
            # "forfeit $100 million to the US government": paid to that state, not to the releasing one
            paid_to = next((place.code for place in facts.places if place.start > money.end()
                            and re.search(r"\bto\s+(?:the\s+)?$", text[:place.start]) and place.code != releasing
                            and _stands_for_state(place, text)), None)
            draft = ConcessionDraft(
                ConcessionKind.financial.value, _describe(text), _status(text),
                None if paid_to else _granting_state(facts, money.start(), releasing), paid_to or releasing,
            )
            by_kind.setdefault(draft.kind, []).append(Found(draft, facts.sentence))
        diplomatic = _DIPLOMATIC.search(text)
        if diplomatic and not _hedged(text, diplomatic.start()):
            draft = ConcessionDraft(
                ConcessionKind.diplomatic.value, _describe(text), _status(text),
                _granting_state(facts, diplomatic.end(), releasing), releasing,
            )
            by_kind.setdefault(draft.kind, []).append(Found(draft, facts.sentence))
        handover = handed_over(text, after)
        # "the US released five Iranians and allowed Iran access to $6 billion": people freed in
        # return are an exchange, whatever else the sentence gives (not one handed over to justice)
        people_freed = any(re.match(r"\s+(?:\w+\s+){0,2}?(?:" + PERSON_NOUN[3:-1] + "|" + _PEOPLE_NOUN[3:-1]
                                    + r"|[A-Z][a-z]+(?:ans|s)\b|[A-Z][a-z]+ [A-Z][a-z]+)", part[verb.end():], re.I)
                           for verb in RELEASE_VERB.finditer(part)
                           if not _RELEASE_AS_NOUN.search(part[:verb.start()]) and not re.match(r"\s+of\b", part[verb.end():])
                           and not (handover and len(text) - len(part) + verb.start() == handover.start()))
        exchanged = part and (people_freed or not (
            _SANCTION.search(part) or _MONEY.search(part) or _DIPLOMATIC.search(part) or handover))
        swap = _EXCHANGE.search(text)
        if (exchanged and (any(name.start >= facts.concession_from and name.kind == "person"
                               for name in facts.names)
                           or re.search(PERSON_NOUN + "|" + _PEOPLE_NOUN + r"|\b[A-Z][a-z]+ans\b|clemency|\bagents?\b|\bspy|\bspies",
                                        part, re.I)) or swap) \
                and not _hedged(text, facts.concession_from if part else swap.start()):
            granted = [place.code for place in facts.places
                       if place.start >= facts.concession_from and place.code != releasing and place.kind != "demonym"
                       and _can_give(text, place)]
            if not granted:  # "President Joe Biden granted him clemency": the state of who freed him
                granted = [code for verb in RELEASE_VERB.finditer(text)
                           if verb.start() >= facts.concession_from or "clemency" in verb.group().lower()
                           for code, _ in _releasers(facts, verb, known) if code != releasing]
            draft = ConcessionDraft(
                ConcessionKind.prisoner_exchange.value, _describe(part or text), _status(part or text),
                granted[0] if granted else None, releasing,
            )
            found = Found(draft, facts.sentence, "" if granted else "who gave it is not stated")
            by_kind.setdefault(draft.kind, []).append(found)
        for key, step in (("handover", handover), ("legal", _LEGAL.search(text))):
            giver = step and not _hedged(text, step.start()) and _subject_state(facts, step.start())
            if not giver or (key == "handover" and giver != releasing):
                continue
            others = sorted((place for place in facts.places if place.code != giver and not place.possessive),
                            key=lambda place: not _stands_for_state(place, text))  # a state before a nationality
            others = [place.code for place in others]
            custody = IN_CUSTODY.search(f"{text} {after}") if key == "handover" else None
            custody = custody and lookup_place(custody.group("state"))  # "back in US custody": handed to the US
            beneficiary = releasing if giver != releasing else custody[0] if custody else (
                others[0] if others else receiving.value if receiving else None)
            clause = text[_clause_start(text, step.start()):]
            draft = ConcessionDraft(ConcessionKind.other.value, _describe(text), _status(re.split(r",\s", clause)[0]),
                                    giver, beneficiary)
            by_kind.setdefault(f"other:{key}", []).append(Found(draft, facts.sentence))
    return [_merge(found) for found in by_kind.values()]


_CLAUSE_BOUNDARY = re.compile(r"[;:]\s|,\s+(?:and|but|while|whereas)\s")


def _hedged(text: str, position: int) -> bool:
    """Whether the clause holding `position` calls for, argues against, guesses at or leaves
    open what it tells ("sanctions should not be eased in return"; not "In return, the US
    lifted sanctions, and called on Minsk to free the rest")."""
    start = max((match.end() for match in _CLAUSE_BOUNDARY.finditer(text[:position])), default=0)
    end = _CLAUSE_BOUNDARY.search(text, position)
    return bool(_NOT_GIVEN.search(text[start:end.start() if end else len(text)]))


def _subject_state(facts: SentenceFacts, position: int) -> str | None:
    """The state that does what the verb at `position` says: "Caracas also handed over",
    "the Venezuelan authorities suspended", "Venezuela also agreed to free 20 … and to
    return …" (the sentence's subject when the clause has none)."""
    start = _clause_start(facts.text, position)
    states = [place for place in facts.places
              if place.start < position and _stands_for_state(place, facts.text)]
    in_clause = [place for place in states if place.start >= start]
    if in_clause:
        return in_clause[-1].code
    return states[0].code if states and re.match(r"^(?:The\s+)?$", facts.text[:states[0].start]) else None


def _merge(found: list[Found]) -> Found:
    """One concession of each kind; the report's later mentions fill what the first lacks."""
    best = next(
        (item for item in found if isinstance(item.value.beneficiary, dict)),
        next((item for item in found if item.value.granted_by), found[0]),
    )
    draft = best.value
    for item in found:
        other = item.value
        if isinstance(other.beneficiary, dict) and not isinstance(draft.beneficiary, dict):
            draft.beneficiary = other.beneficiary
        if other.disputed and not draft.disputed:
            draft.disputed, draft.dispute = True, other.dispute
    if draft.status == ConcessionStatus.denied.value and not all(item.value.disputed for item in found):
        draft.status = next(item.value.status for item in found if not item.value.disputed)
    return best


def _describe(text: str) -> str:
    """The sentence it is read from, whole (never cut, so that no part of it passes for
    a description), as a starting point for the reviewer's own words."""
    return re.sub(r"\s+", " ", text).strip(" ,;")


# ---------------------------------------------------------------- remaining


def remaining_prisoners(reading: Reading) -> Found | None:
    """Political prisoners still held, as the report gives it; value (count, approximate,
    the state the sentence names, if any: "remain in Belarus")."""
    for facts in reading.main:
        if not _REMAINING.search(facts.text):
            continue
        for number in facts.numbers:
            before, after = facts.text[:number.start], facts.text[number.end:]
            if _VERB_BEFORE.search(before):
                continue  # "freed 14 prisoners, leaving 1,150 behind bars": 14 were freed
            political = re.search(r"\bpolitical", facts.text, re.I) and re.match(r"^\s+(?:people|prisoners)\b|^\s*[.;,]|^\s*$", after)
            if number.value >= 10 and (
                _REMAINING_BEFORE.search(before) or _REMAINING_AFTER.match(after) or political
            ):
                where = next((place.code for place in facts.places if place.kind != "demonym"), None)
                return Found((number.value, number.approximate, where), facts.sentence)
    return None
