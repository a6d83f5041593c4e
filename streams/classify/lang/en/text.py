"""Sentences, tokens, boilerplate and history: what the label rules read.

Sentences are split once per item. Each sentence carries flags that the rules consult:
``boiler`` (site furniture such as "Follow us", "Subscribe", "Read more:") and ``history``
(background such as "since 1992", "in 1994", "the 2016 war", "last year"), neither of which
may produce evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from streams.classify._gate import GATES, split_top
from streams.classify._gazetteer_names import MONTH_NAMES
from streams.classify.lang.en.lexicon import cue_mask

__all__ = ["MONTH_NAMES", "Sentence", "sentence_masks", "split_sentences", "tokenize"]

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace and an
# uppercase letter, digit or opening quote; or at a paragraph break. Abbreviations such as
# "U.S." or "Col." are protected below.
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’»)]?\s+(?=[\"'“‘«(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z>])")
# The same boundaries, found faster: the first alternative consumes the end mark instead of
# looking behind for it, so ``re`` can skip straight to candidate characters. ``_split`` keeps
# the mark with the sentence, exactly as ``_SPLIT.split`` does.
_SPLIT_FAST = re.compile(r"[.!?][\"'”’»)]?\s+(?=[\"'“‘«(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z>])")
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Col|Gen|Lt|Maj|Capt|Sgt|Cpl|Adm|Rep|Sen|Gov|Rev|St|Mt|No|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Co|Corp|Ltd|vs|etc|approx|U\.S|U\.N|U\.K|E\.U)\.$"
    r"|\b[A-Z]\.$"
)

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d])|\w+(?:[-'’]\w+)*|[^\w\s]")

_BOILER = re.compile(
    r"\b(?:follow us|subscribe|newsletter|read more|click here|sign up|all rights reserved"
    r"|copyright|share this|share on|cookies?|advertisement|be a reporter|editorial team"
    r"|download (?:our|the) app|google news|app ?store|google ?play|related articles?|also read"
    r"|watch:|photo:|image:|follow (?:our|the) live (?:coverage|updates|blog)|©)",
)

# The word gate of _BOILER: every alternative but the "©" one, which is tested as a substring.
_B_BOILER = GATES.add(re.compile(_BOILER.pattern.replace("|©)", ")")))
assert _BOILER.pattern.endswith("|©)")

# Background cues. A bare year (not part of a full date such as "April 25, 2017") after
# since/in/during/of/between, or before war/conflict; relative past ("last year", "decades").
_YEAR = r"(?:19[0-9]{2}|20[0-2][0-9])"
_HISTORY = re.compile(
    rf"\b(?:since|during|until|till|between|from)\s+(?:the\s+)?(?:(?:early|mid"
    rf"|late)[- ])?(?:\w+\s+)?{_YEAR}"
    rf"|(?<![0-9],\s)(?<!\d\s)\b(?:in|of)\s+{_YEAR}(?:\s*[-–]\s*{_YEAR})?\b(?!\s*,?\s*(?:when"
    rf"|as)\b)"
    rf"|\b{_YEAR}(?:\s*[-–]\s*{_YEAR})?\s+(?:[\w-]+\s+){{0,2}}?(?:war|conflict|fighting|clashes|massacre"
    r"|genocide|invasion|uprising|revolution|coup|campaign|offensive|occupation|bombings?|attacks?"
    r"|strikes?|shelling|raids?|ambush|killings?)"
    rf"|\b(?:war|conflict|fighting|clashes) of {_YEAR}"
    r"|\blast year\b|\byears ago\b|\bdecades\b|\bdecade(?:-long| ago| earlier| before| of)\b"
    r"|\bin the (?:(?:early|mid|late)[- ])?(?:19|20)\d0s\b"
    r"|\bhistor(?:y|ic(?:al)?)\b"
    r"|\b(?:four|six|seven|thirty|hundred)[- ](?:day|year)s?[- ]war\b"
    # an anniversary: "marked three years since the strike"
    r"|\b(?:years?|months?) since\b|\banniversary\b",
    re.I,
)
# ``_HISTORY.search`` as a yes/no test, one alternative at a time behind substrings of the
# lowercase text each alternative needs (a match of the whole is a match of one alternative):
# per alternative, groups of words of which one must occur, for every group. "19" or "20"
# stands for a year. Exact when the text has none of the four characters re.I matches with
# an ASCII letter that ``str.lower`` does not turn into it (checked before).
_YEARS = ("19", "20")
_HISTORY_NEEDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (_YEARS, ("since", "during", "until", "till", "between", "from")),
    (_YEARS, ("in", "of")),
    (
        _YEARS,
        (
            "war",
            "conflict",
            "fighting",
            "clashes",
            "massacre",
            "genocide",
            "invasion",
            "uprising",
            "revolution",
            "coup",
            "campaign",
            "offensive",
            "occupation",
            "bombing",
            "attack",
            "strike",
            "shelling",
            "raid",
            "ambush",
            "killing",
        ),
    ),
    (_YEARS, ("war", "conflict", "fighting", "clashes"), (" of ",)),
    (("last year",),),
    (("years ago",),),
    (("decades",),),
    (("decade",),),
    (_YEARS, ("in the ",)),
    (("histor",),),
    (("war",), ("four", "six", "seven", "thirty", "hundred")),
    (("years since", "year since", "months since", "month since"),),
    (("anniversary",),),
)
_HISTORY_PARTS = tuple(
    (re.compile(alt, _HISTORY.flags), needs)
    for alt, needs in zip(split_top(_HISTORY.pattern), _HISTORY_NEEDS, strict=True)
)


def case_odd(text: str) -> bool:
    """Whether ``text`` holds a character re.I matches with an ASCII letter that ``str.lower``
    does not turn into it (İ ı ſ K), by four substring tests: in the usual Latin-1 string each
    answers at once (no character above U+00FF can be in it), where a set's ``isdisjoint``
    hashes every character of the text."""
    return "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text


def _history(text: str, lower: str) -> bool:
    """``_HISTORY.search(text) is not None``; ``lower`` is ``text.lower()``."""
    if case_odd(text):
        return _HISTORY.search(text) is not None
    for rx, needs in _HISTORY_PARTS:
        for group in needs:
            for word in group:
                if word in lower:
                    break
            else:
                break  # no word of this group: the alternative cannot match
        else:
            if rx.search(text) is not None:
                return True
    return False


# Every _HISTORY alternative needs one of these; most sentences have none.
_HISTORY_HINT = re.compile(r"\d{4}|last year|ago\b|decade|histor|war\b|since\b|anniversar")
_DIGITS4 = re.compile(r"\d{4}")
# Present-reporting cues that override a history cue in the same sentence.
_NOW = re.compile(
    r"\b(?:today|tonight|yesterday|this (?:morning|evening|week)|last night|on (?:monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)|now|currently|latest|new)\b",
    re.I,
)
# A span of time that ends in the event reported, not a past event: "for the first time in
# two decades", "ending decades of conflict", "after decades of hostility", "decades-old".
_SPAN_TO_NOW = re.compile(
    r"\b(?:(?:for the first time|the first \w+) in|ending|ended|end|ends|after|following"
    r"|in over|in more than|despite)\s+"
    r"(?:nearly |almost |more than |over |two |three |four |several |many )*decades\b"
    r"|\bdecades-(?:old|long)\b",
    re.I,
)
# An earlier event told as background after the lead: "The attack came a week after bandits
# killed 20 people in ...", "Last month the same gang killed more than 40 people". Not the lead
# itself ("The toll from last month's attack rose to 45" reports now).
_EARLIER = re.compile(
    r"^(?:last|earlier this) (?:week|month|year)\b"
    r"|\b(?:came|comes|follows|followed) (?:just )?(?:a|an|one|two|three|four|five|six|several"
    r"|\d+) (?:days?|weeks?|months?|years?) (?:after|since)\b",
    re.I,
)


def _may_be_earlier(text: str, lower: str) -> bool:
    """A necessary condition for ``_EARLIER.search(text)``, ``lower`` being ``text.lower()``:
    the text opens with "last" or "earlier this", or has "came", "comes" or "follow" and
    "after" or "since". A character that re.I matches with an ASCII letter but ``str.lower``
    does not turn into it (``case_odd``) lets the pattern run, so the test is exact."""
    if case_odd(text) or lower.startswith(("last", "earlier this")):
        return True
    return ("came" in lower or "comes" in lower or "follow" in lower) and (
        "after" in lower or "since" in lower
    )


_CARRY = re.compile(
    r"^(?:then|at that time|back then|at the time|at the same time|earlier|previously)\b", re.I
)


@dataclass(slots=True)
class Sentence:
    text: str
    lower: str
    index: int
    headline: bool = False
    boiler: bool = False
    history: bool = False
    # an earlier event told after the lead ("The attack came a week after bandits killed 20"):
    # its labels count, its figures and places are not the item's
    earlier: bool = False
    mask: int = 0  # word-gate bits of ``lower`` (see ``_gate``)
    cues: int = -1  # ``_lexicon.cue_mask(lower)``; -1 when not computed
    # filled by the pack's stages (lang/en/stages.py)
    unblocked: tuple[str, int] | None = None  # ``lower`` with non-attack weapon phrases blanked
    w_strike: float = 0.0
    w_diplomatic: float = 0.0
    denial: re.Match[str] | None = None  # the denial cue's match
    neg: list[tuple[int, int]] | None = None  # spans of explicit absences
    counts: list[Any] | None = None  # ``CountMention``s read in the sentence


def tokenize(lower: str) -> list[str]:
    """Tokens of a lowercase string: numbers with separators, hyphenated words, punctuation."""
    return _TOKEN.findall(lower)


def _split(text: str) -> list[str]:
    """``_SPLIT.split(text)``."""
    pieces: list[str] = []
    last = 0
    for m in _SPLIT_FAST.finditer(text):
        start = m.start()
        if text[start] in ".!?":
            start += 1
        pieces.append(text[last:start])
        last = m.end()
    pieces.append(text[last:])
    return pieces


def _history_hint(lower: str) -> bool:
    """``_HISTORY_HINT.search(lower)``, with cheap substring tests first."""
    return bool(
        (
            "war" in lower
            or "ago" in lower
            or "decade" in lower
            or "histor" in lower
            or "last year" in lower
            or "since" in lower
            or "anniversar" in lower
            or _DIGITS4.search(lower)
        )
        and _HISTORY_HINT.search(lower)
    )


# The _HISTORY_HINT alternatives without whitespace in them: "last year" is tested apart.
_HINT_IN_CHUNK = re.compile(r"\d{4}|ago\b|decade|histor|war\b|since\b|anniversar")
assert _HISTORY_HINT.pattern == r"\d{4}|last year|ago\b|decade|histor|war\b|since\b|anniversar"

# No word that ``GATES.mask`` (``\w+``) or ``cue_mask`` (``[a-z][a-z'’-]*``) reads contains
# whitespace, nor does any match of ``_HINT_IN_CHUNK``; and ``str.isspace`` is exactly ``\s``,
# so at a chunk's end ``\b`` sees what it sees at the end of the string. Reading a sentence
# chunk by chunk (``str.split()``) therefore finds the same words and hints as reading it
# whole: its masks are the OR of its chunks' masks, cached per chunk and packed into one int
# (cue bits lowest, then the hint bit, then the gate bits). A chunk's gate bits leave out
# ``GATES.always`` (the bits of ungated patterns, which every mask has and ``sentence_masks``
# adds once): the OR is the same, and about half the chunks' values are then zero or a few
# machine words, which OR faster than ints as wide as the gate table.
_CUE_LOW = 0b1111
_HINT_BIT = 1 << 4
_GATE_SHIFT = 5
_CHUNK_CACHE: dict[str, int] = {}
_CHUNK_VERSION = [-1]  # the ``GATES.version`` the cache was filled under


def _chunk_bits(chunk: str) -> int:
    bits = ((GATES.mask(chunk) & ~GATES.always) << _GATE_SHIFT) | cue_mask(chunk)
    if _HINT_IN_CHUNK.search(chunk):
        bits |= _HINT_BIT
    if len(_CHUNK_CACHE) >= 200_000:
        _CHUNK_CACHE.clear()
    _CHUNK_CACHE[chunk] = bits
    return bits


def sentence_masks(low: str) -> tuple[int, int, bool]:
    """``(GATES.mask(low), cue_mask(low), _history_hint(low))`` for a lowercase string, in
    one pass over its chunks."""
    if _CHUNK_VERSION[0] != GATES.version:  # patterns were registered since: start afresh
        _CHUNK_CACHE.clear()
        _CHUNK_VERSION[0] = GATES.version
    chunks = low.split()
    cache = _CHUNK_CACHE
    start = GATES.always << _GATE_SHIFT
    try:
        bits = reduce(or_, map(cache.__getitem__, chunks), start)
    except KeyError:
        bits = reduce(or_, [cache[c] if c in cache else _chunk_bits(c) for c in chunks], start)
    return bits >> _GATE_SHIFT, bits & _CUE_LOW, bool(bits & _HINT_BIT) or "last year" in low


# What the last word of a piece ends with when _ABBREV may match it (an abbreviation or a
# capital letter, then the dot): the pattern is run only then.
_ABBREV_STEMS = tuple(
    w.replace("\\.", ".")
    for w in re.fullmatch(r"\\b\(\?:([\w|\\.]+)\)\\\.\$\|\\b\[A-Z\]\\\.\$", _ABBREV.pattern)
    .group(1)  # type: ignore[union-attr]
    .split("|")
)


def _abbrev_end(word: str) -> bool:
    """``_ABBREV.search(word) is not None`` for a word without whitespace."""
    if not word.endswith("."):
        return False
    stem = word[:-1]
    if not ("A" <= stem[-1:] <= "Z" or stem.endswith(_ABBREV_STEMS)):
        return False
    return _ABBREV.search(word) is not None


def _raw_split(text: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    for piece in _split(text):
        piece = piece.strip()
        if not piece:
            continue
        # _ABBREV matches no whitespace and ends the string: it can only match the last word
        if buf and _abbrev_end(buf.rsplit(None, 1)[-1]):
            buf = f"{buf} {piece}"
            continue
        if buf:
            parts.append(buf)
        buf = piece
    if buf:
        parts.append(buf)
    return parts


def split_sentences(text: str, title: str | None = None) -> list[Sentence]:
    """Split an item into sentences, the title first (flagged ``headline``), with flags set."""
    out: list[Sentence] = []
    if title and title.strip():
        t = " ".join(title.split())
        mask, cues, _ = sentence_masks(t.lower())
        out.append(Sentence(t, t.lower(), 0, headline=True, mask=mask, cues=cues))
    prev_history = False
    for raw in _raw_split(text):
        s = " ".join(raw.split())
        if title and not out[1:] and s == out[0].text:
            continue  # feeds often repeat the title as the body's first line
        lower = s.lower()
        mask, cues, hint = sentence_masks(lower)
        sent = Sentence(s, lower, len(out), mask=mask, cues=cues)
        short_heading = len(s) < 40 and not s.endswith((".", '"', "”")) and len(out) > 0
        sent.boiler = (
            bool((mask & _B_BOILER or "©" in lower) and _BOILER.search(lower)) or short_heading
        )
        history = bool(hint and _history(s, lower) and not _NOW.search(s))
        if history and "decade" in lower:  # "ending decades of conflict" is today's news
            cut = _SPAN_TO_NOW.sub(" ", s)
            history = _history(cut, cut.lower())
        if (
            not history
            and any(not o.headline for o in out)  # not the lead
            and ("last" in lower or "earlier" in lower or " after " in lower or "since" in lower)
            and _may_be_earlier(s, lower)  # skips sentences without the words it needs
            and _EARLIER.search(s)
            and not _NOW.search(s)
        ):
            sent.earlier = True
        carried = bool(prev_history and _CARRY.match(s))
        sent.history = not sent.boiler and (history or carried)
        prev_history = sent.history
        out.append(sent)
    _retrospective(out)
    return out


# A lead that looks back: a court's verdict, an anniversary or a memorial ("A court sentenced a
# soldier for the 2022 shelling of ...", "Thousands gathered to mark two years since the attack").
_RETRO_LEAD = re.compile(
    r"\b(?:sentenced|sentences|convicted|acquitted|jailed|found guilty|verdict|on trial|tribunal"
    r"|anniversary|mark(?:s|ed|ing)? (?:\w+ )?(?:years?|months?|decades?)|commemorat\w+"
    r"|memorial (?:service|ceremony)|remembrance"
    r"|(?:remember|honou?r|mourn)(?:s|ed|ing)? the (?:victims|dead)"
    # a book or a film about a past attack: "a new book retells the 2002 massacre"
    r"|(?:book|film|documentary|memoir|novel|exhibition|podcast)\b[^.;]{0,60}?\b(?:retells?"
    r"|recounts?|revisits?|chronicles?|tells? the story of))\b",
    re.I,
)
# the word gate of _RETRO_LEAD (its words, lowercase), read from each sentence's mask
_B_RETRO = GATES.add(re.compile(_RETRO_LEAD.pattern))


def _retrospective(out: list[Sentence]) -> None:
    """After a lead that looks back (``_RETRO_LEAD``, or a lead told as history), the attacks and
    deaths the next sentences tell are those of the past event ("Prosecutors said the attack
    had killed four patients", "Relatives read out the names of the 364 people killed"), unless
    they say they happened now."""
    body = [s for s in out if not s.headline and not s.boiler]
    if len(body) < 2:
        return
    lead = body[0]
    if not (lead.mask & _B_RETRO and _RETRO_LEAD.search(lead.text)):
        return  # most leads have none of the words the pattern needs
    heads = [s for s in out if s.headline]
    if heads:
        head = heads[0]
        if not (head.mask & _B_RETRO and _RETRO_LEAD.search(head.text)) and not _history(
            head.text, head.lower
        ):
            return  # the headline reports something now
        head.history = True  # "Soldier sentenced over 2022 hospital shelling"
    # the day the lead names is the verdict's or the ceremony's, not the attack's
    lead.history = True
    for s in body[1:]:
        if not s.history and not _NOW.search(s.text):
            s.history = True
