"""Matching names across spellings, and the slugs that become ids."""

import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from anyascii import anyascii


@lru_cache(maxsize=65536)  # names are folded again and again while matching
def fold(name: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for matching aliases."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


def slugify(name: str) -> str:
    """'Syarhei Tsikhanouski' -> 'syarhei-tsikhanouski'; never empty."""
    ascii_name = fold(name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return slug or "unnamed"


@lru_cache(maxsize=65536)
def same_name(a: str, b: str, threshold: float = 0.88) -> bool:
    """Whether two spellings name the same person or body: equal when folded, one a
    fuller form of the other ("Leo XIV", "Pope Leo XIV"), or a close misspelling
    ("John Cole", "John Coale"; "Lukshenko", "Lukashenko")."""
    left, right = fold(a), fold(b)
    if left == right:
        return True
    short, long = sorted((left.split(), right.split()), key=len)
    if len(short) >= 2 and " ".join(short) in " ".join(long):
        return True
    if len(short) != len(long) or min(len(left), len(right)) < 6:
        return False
    if difflib.SequenceMatcher(None, left, right).ratio() >= threshold:
        return True
    # Transliterations differ word by word: "Alyaksandr Lukashenka", "Alexander Lukashenko".
    return len(short) >= 2 and all(
        difflib.SequenceMatcher(None, x, y).ratio() >= (0.75 if i == len(short) - 1 else 0.6)
        for i, (x, y) in enumerate(zip(short, long))
    )


# One name written in Polish, German or English romanisation: "Józef Staniewski" and
# "Jozef Stanevsky", "Juchniewicz" and "Yukhnevich". Applied in order, to both spellings.
_ROMANISATIONS = (
    ("ł", "l"), ("szcz", "shch"), ("tsch", "ch"), ("sch", "sh"), ("sz", "sh"), ("cz", "ch"),
    ("rz", "zh"), ("kh", "h"), ("ch", "h"), ("w", "v"), ("ie", "e"), ("j", "y"), ("ou", "ov"),
)


@lru_cache(maxsize=65536)
def romanised(name: str) -> str:
    """A form of a name that most romanisations of a Slavic name share, for matching."""
    key = fold(name)
    for written, common in _ROMANISATIONS:
        key = key.replace(written, common)
    key = re.sub(r"sk(?:iy|ij|i|y)\b", "sky", key)
    return re.sub(r"(?:iy|ij|yj)\b", "y", key)


# ---------------------------------------------------------------- withheld names
#
# A withheld name must be found however it is written: with invisible characters inside
# ("Zhu\u00adkava"), in compatibility forms (fullwidth "Ｚｈｕｋａｖａ"), in any case, with or
# without accents, in another script ("Паліна Шарэнда-Панасюк", "Palina Sharenda-Panasiuk")
# or another romanisation ("Polina Sharendo-Panasyuk"). Texts are compared word by word
# after `plain_text` and `sound_key`; a name is found when its words, in any order, are a
# run of consecutive words of the text.

# Code points that Unicode lists as default-ignorable but classes as letters (Hangul
# fillers); every other default-ignorable code point is a format character (Cf), a mark
# (Mn) or unassigned, which `_plain_character` drops or anyascii gives as nothing.
_HANGUL_FILLERS = {0x115F, 0x1160, 0x3164, 0xFFA0}
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me"}
# Letters with a caron that romanise as digraphs elsewhere: Łacinka "Statkievič" is
# "Statkevich" in English; anyascii would give "Statkievic".
_CARON_DIGRAPHS = {"č": "ch", "Č": "Ch"}


def _plain_character(code: int) -> str:
    """One character as lower-case ASCII: nothing for what is invisible or a mark."""
    character = chr(code)
    if code in _HANGUL_FILLERS or unicodedata.category(character) in _INVISIBLE_CATEGORIES:
        return ""
    character = _CARON_DIGRAPHS.get(character, character)
    decomposed = unicodedata.normalize("NFKD", character)
    bare = "".join(
        part for part in decomposed if unicodedata.category(part) not in _INVISIBLE_CATEGORIES
    )
    return anyascii(bare).casefold()


class _PlainCharacters(dict):
    """A `str.translate` table filled as characters are met: one call per new character."""

    def __missing__(self, code: int) -> str:
        self[code] = _plain_character(code)
        return self[code]


_PLAIN = _PlainCharacters()
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
_WORD = re.compile(r"[a-z0-9]+")
# Every character of plain text that is not a letter or a digit, as a space.
_SPACES = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})


def plain_text(text: str) -> str:
    """Text as lower-case ASCII: Unicode compatibility forms folded (NFKC), default-ignorable
    and format characters removed, accents stripped, other scripts transliterated."""
    if not text.isascii():
        text = _NOT_ASCII.sub(
            lambda run: run.group().translate(_PLAIN), unicodedata.normalize("NFC", text)
        )
    return text.lower()


def plain_words(text: str) -> list[str]:
    return plain_text(text).translate(_SPACES).split()


def _plain_word_spans(text: str) -> list[tuple[int, int]]:
    """Where each of `plain_words(text)` is written in `text` (in NFC), as (start, end)."""
    origins = []  # for each character of the plain text, the one it was made from
    for position, character in enumerate(text):
        origins += [position] * len(plain_text(character))
    return [
        (origins[match.start()], origins[match.end() - 1] + 1)
        for match in _WORD.finditer(plain_text(text))
    ]


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """What the romanisations of one word share, on top of `romanised`: "ts" and "c" are
    one letter (Tsikhanouski, Cichanoŭski), so are "g" and "h" (Belarusian "г": Syarhei,
    Syargey), "sh" and "s", "zh" and "z" (a caron dropped); every run of vowels is one
    (Palina and Polina, Panasiuk and Panasyuk), and doubled letters are single (Panassjuk)."""
    key = romanised(word).replace("g", "h")
    key = re.sub(r"t[sz]", "c", key)
    key = re.sub(r"(?<=[sz])h", "", key)
    key = re.sub(r"[aeiouy]+", "a", key)
    return re.sub(r"(.)\1+", r"\1", key)


def name_key(name: str) -> tuple[str, ...]:
    """A name's words as `sound_key`s, in sorted order: a name is found in any order."""
    return tuple(sorted(sound_key(word) for word in plain_words(name)))


# How many plain words a NameFinder remembers having met.
_WORDS_REMEMBERED = 200_000


class NameFinder:
    """Finds any of a set of names in texts, however spelt (see `plain_text`, `sound_key`).

    Each name carries a label (whose name it is), returned with every find. A name's
    words written as one ("AlenaZhukava", or joined by an invisible character) are found
    too, in either order.
    """

    def __init__(self, names: dict[str, str]):
        """`names`: each spelling and its label."""
        self.labels: dict[tuple[str, ...], str] = {}
        for name, label in names.items():
            key = name_key(name)
            if key:
                self.labels.setdefault(key, label)
            words = plain_words(name)
            if len(words) > 1:
                for order in (words, words[::-1]):
                    self.labels.setdefault((sound_key("".join(order)),), label)
        self.words = {word for key in self.labels for word in key}
        self.lengths = sorted({len(key) for key in self.labels})
        # Each name under the word that the fewest names have (a surname, mostly): a text
        # can give the name only if it has that word.
        having = Counter(word for key in self.labels for word in set(key))
        self._names_by_rarest: dict[str, list[set[str]]] = {}
        for key in self.labels:
            rarest = min(key, key=lambda word: (having[word], word))
            self._names_by_rarest.setdefault(rarest, []).append(set(key))
        # Plain words already met, and those of them that sound like a word of a name:
        # most texts are then told apart from names by set operations alone.
        self._met: set[str] = set()
        self._in_names: set[str] = set()
        # Names rarely have digits; then words that have some (ids, dates, counts) need no
        # sound key, and a quick look at a text need not see them.
        self._digits_in_names = any(not word.isalpha() for word in self.words)
        self._quick_separators = _SPACES if self._digits_in_names else _SPACES | {
            ord(digit): " " for digit in "0123456789"
        }

    def __bool__(self) -> bool:
        return bool(self.labels)

    def may_give(self, text: str) -> bool:
        """Whether the text may give a name: a quick look, never wrong when it says no
        (`find` says where)."""
        return self._could_be_named(set(plain_text(text).translate(self._quick_separators).split()))

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(label, first word, word after the last) of every name the text gives."""
        words = plain_words(text)
        if not self._could_be_named(set(words)):
            return []
        hits = [index for index, word in enumerate(words) if word in self._in_names]
        # Only a run of consecutive words that all sound like words of names can be a name.
        runs = [[hits[0], hits[0] + 1]]
        for index in hits[1:]:
            if index == runs[-1][1]:
                runs[-1][1] += 1
            else:
                runs.append([index, index + 1])
        found = []
        for start, end in runs:
            keys = [sound_key(word) for word in words[start:end]]
            for length in self.lengths:
                for first in range(end - start - length + 1):
                    label = self.labels.get(tuple(sorted(keys[first : first + length])))
                    if label is not None:
                        found.append((label, start + first, start + first + length))
        return found

    def _could_be_named(self, present: set[str]) -> bool:
        """Whether these plain words have all the words of some name, as they sound."""
        new = present - self._met
        if new:
            if len(self._met) > _WORDS_REMEMBERED:
                self._met.clear()  # a bound, so that memory stays flat
                self._in_names = {word for word in self._in_names if word in present}
            self._met |= new
            if not self._digits_in_names:
                new = {word for word in new if word.isalpha()}
            self._in_names |= {word for word in new if sound_key(word) in self.words}
        heard = {sound_key(word) for word in present & self._in_names}
        # Most texts that have some words of names have not all of any.
        return any(key <= heard for word in heard for key in self._names_by_rarest.get(word, ()))

    def replace(self, text: str, replacement: str) -> str:
        """The text (in NFC) with every name it gives replaced."""
        found = self.find(text)
        if not found:
            return text
        runs: list[list[int]] = []  # overlapping finds ("Zhukava Alena Zhukava") are one
        for _, first, after in sorted(found, key=lambda item: item[1]):
            if runs and first < runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], after)
            else:
                runs.append([first, after])
        text = unicodedata.normalize("NFC", text)
        spans = _plain_word_spans(text)
        for first, after in reversed(runs):
            text = text[: spans[first][0]] + replacement + text[spans[after - 1][1] :]
        return text

    def labels_in(self, text: str) -> list[str]:
        """The labels of the names that a text gives, each once."""
        return list(dict.fromkeys(label for label, _, _ in self.find(text)))


# Shorter words (initials, "de", "al") would be found in ids by chance.
_NAME_WORD_LENGTH = 3


def revealing_word(identifier: str, name: str) -> str | None:
    """A word of `name` that `identifier` gives: as written, or a word of the id that
    sounds the same ("sharenda-1", "sharendo-1" for "Шарэнда"); None if none."""
    identifier = identifier.lower()
    id_keys = {sound_key(part) for part in re.findall(r"[a-z]+", identifier)}
    for word in plain_words(name):
        if len(word) >= _NAME_WORD_LENGTH and (word in identifier or sound_key(word) in id_keys):
            return word
    return None
