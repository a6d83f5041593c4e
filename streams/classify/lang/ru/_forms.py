"""Helpers shared by the Russian and Ukrainian packs: inflected region names and singular
casualty verbs.

Region names are two words ("Харьковская область", "Харківська область") that decline
together; the place index strips an ending only from a phrase's last word, so every case form
is listed instead. Generated from the adjective's stem so that a new region is one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "RU_REGION_ENDINGS",
    "UK_REGION_ENDINGS",
    "comma_break",
    "expand_regions",
    "glue",
    "normalizer",
    "number_words",
    "singular_marker",
    "toll_update",
    "words",
]

# adjective ending + noun form, per case (nominative, genitive/dative/prepositional,
# accusative, instrumental)
RU_REGION_ENDINGS = (
    "ая область",
    "ой области",
    "ую область",
    "ой областью",
    "ий район",
    "ого района",
    "ом районе",
    "ому району",
    "ий край",
    "ого края",
    "ом крае",
    "ому краю",
)
UK_REGION_ENDINGS = (
    "а область",
    "ої області",
    "ій області",
    "у область",
    "ою областю",
    "ий район",
    "ого району",
    "ому районі",
    "ий край",
)


def expand_regions(stems: Mapping[str, str | int], endings: Iterable[str]) -> dict[str, str | int]:
    """``{"харьковск": "Kharkiv Oblast"}`` -> every case form of the region and district."""
    ends = tuple(endings)
    return {stem + end: ref for stem, ref in stems.items() for end in ends}


def singular_marker(
    verbs: str, numbers: Iterable[str], triggers: Iterable[str]
) -> Callable[[str], str]:
    """A ``normalize`` step that writes "1" after a singular casualty verb ("погиб мужчина",
    "водій загинув", "поранена жінка") that no number goes with, so that the counts stage
    reads one killed or wounded as the labelling guide asks. ``verbs``: an alternation of
    the singular forms (never the neuter "погибло", which goes with numbers); ``triggers``:
    substrings of them, tested first (most sentences have none)."""
    nums = "|".join(sorted(numbers, key=len, reverse=True))
    verb = re.compile(r"(?<![\w-])(?:" + verbs + r")(?![\w-])")
    # a figure right after the verb is its count, an age ("погиб 52-летний мужчина") is not
    number_after = re.compile(
        r"\s+(?:\d+(?![\d-])|\d+-(?!летн|річн|літн)|(?:" + nums + r")(?![\w-]))"
    )
    number_before = re.compile(r"(?:\d|(?<![\w-])(?:" + nums + r"))[\w-]*(?:\s+[\w-]+){0,3}\s*$")
    negated = re.compile(r"(?<![\w-])(?:не|ни|ніхто|никто)\s+$")

    cheap = tuple(triggers)

    def mark(text: str) -> str:
        if not any(t in text for t in cheap):
            return text
        out: list[str] = []
        last = 0
        for m in verb.finditer(text):
            before = text[max(0, m.start() - 60) : m.start()]
            if number_after.match(text, m.end()) or negated.search(before):
                continue
            if number_before.search(before):
                continue
            out.append(text[last : m.end()])
            out.append(" 1")
            last = m.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    return mark


def words(*lines: str) -> list[str]:
    """The words of one or more lines of text (long word lists stay readable in data)."""
    return " ".join(lines).split()


def number_words(table: Mapping[int, str]) -> dict[str, int]:
    """``{3: "три трех трое"}`` -> ``{"три": 3, "трех": 3, "трое": 3}`` (the pack's
    ``numbers``: every case form of a number written on one line)."""
    return {w: value for value, forms in table.items() for w in forms.split()}


def glue(phrases: Iterable[str]) -> Callable[[str], str]:
    """A ``normalize`` step that writes each phrase of several words as one word ("по меньшей
    мере" -> "поменьшеймере"), so a qualifier does not push a casualty verb out of the counts
    stage's back window; qualifier patterns are written glued."""
    rx = re.compile(r"\b(" + "|".join(sorted(phrases, key=len, reverse=True)) + r")\b")
    firsts = tuple({p.split(" ", 1)[0] for p in phrases})

    def join(text: str) -> str:
        if not any(f in text for f in firsts):
            return text
        return rx.sub(lambda m: m.group(1).replace(" ", ""), text)

    return join


def toll_update(counters: str, nouns: str, verbs: str) -> Callable[[str], str]:
    """A ``normalize`` step for toll updates whose casualty noun stands far from the figure
    ("число погибших в результате удара по Днепру возросло до 12"): the noun is written
    again after the verb ("... возросло погибших до 12"), within the counts stage's reach.
    Each argument is an alternation: the counting word ("число"), the casualty nouns in
    the genitive ("погибших"), the verbs of rising or reaching ("возросло")."""
    rx = re.compile(
        r"\b(?:"
        + counters
        + r") (?P<noun>"
        + nouns
        + r")\b(?:[^.;:!?]{0,120}?)\b(?:"
        + verbs
        + r")\w*(?= до\b| \d| [^\W\d]+)"
    )
    first = tuple(c for c in counters.split("|"))

    def move(text: str) -> str:
        if not any(f in text for f in first):
            return text
        return rx.sub(lambda m: m.group(0) + " " + m.group("noun"), text)

    return move


def normalizer(letters: Callable[[str], str], *steps: Callable[[str], str]) -> Callable[[str], str]:
    """A pack's ``normalize``: ``letters`` on every text, then ``steps`` in order on text of
    several words (the places stage folds one word at a time: the steps are for sentences)."""

    def normalize(text: str) -> str:
        text = letters(text)
        if " " not in text:
            return text
        for step in steps:
            text = step(text)
        return text

    return normalize


def comma_break(verbs: str) -> Callable[[str], str]:
    """A ``normalize`` step: a comma right before a singular casualty verb becomes a clause
    break (";"), so that a number before it ("три авиабомбы, погиб мужчина", "пошкоджено 9
    осель, постраждала дитина") is not read as that verb's count: a singular verb cannot
    take a plural figure from the clause before."""
    rx = re.compile(r",(\s+)(?=(?:" + verbs + r")(?![\w-]))")

    def cut(text: str) -> str:
        return rx.sub(r";\1", text) if "," in text else text

    return cut
