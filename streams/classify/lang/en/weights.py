"""English sentence weights: the cue patterns of ``lexicon`` turned into a weight in 0..1 per
label, and the denial's actor and claim. Used by the English stages (``stages``); everything
is pure and thread-safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.classify._gate import GATES, AnyOf, MayMatch, word_alternatives
from streams.classify._gazetteer import get_gazetteer
from streams.classify.lang.en import lexicon as lx
from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.text import Sentence
from streams.classify.model import DenialInfo

__all__ = [
    "THRESHOLD",
    "W_ACCIDENT",
    "blank_negated",
    "casualty_weight",
    "denial_info",
    "denial_match",
    "diplomatic_weight",
    "neg_spans",
    "noisy_or",
    "strike_weight",
    "unblock",
    "violent",
]

THRESHOLD = 0.5
#: a casualty sentence's weight for deaths in an accident, a disaster or disease
W_ACCIDENT = 0.05
_PRONOUNS = frozenset(["he", "she", "they", "it", "this", "that", "we", "i"])
_NEAR = 70  # characters between a weapon word and an attack verb in one clause
_NOT_ATTACK_NEAR = 30  # characters between a weapon word and "found", "seized", "cache"
_FOUND = re.compile(
    r"(?:caches?|seiz\w+|recovered|found|discovered|defus\w+|confiscat\w+|stockpiles?|unexploded)$"
)
_HISTORY_DAMP = 0.15
_AMID = re.compile(
    r"\b(?:amid|despite|during|in the midst of)\s+(?:an?\s+|the\s+|its\s+"
    r"|their\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:bombing|air|aerial|military|shelling)\s+(?:campaign|war|offensive)\b",
)
_PASSIVE_DENIED = re.compile(
    r"\b(?:was|were|been|being|is|are|get|got|gets) (?:\w+ )?denied\s+(?!by\b)[a-z]"
)
_ACTOR_TRIM = re.compile(
    r"^(?:(?:at the same time|meanwhile|however|in turn|in response|later|earlier|on \w+|also"
    r"|but|and|yet|so)\s*,?\s*)+",
    re.I,
)
_ACTOR_TAIL = re.compile(
    r"\s+(?:has|have|had|also|again|strongly|flatly|categorically|firmly|vehemently|quickly"
    r"|swiftly|promptly"
    r"|officially|publicly|immediately|later|on \w+|however|,)+$",
    re.I,
)
_B_AMID = GATES.add(_AMID)
# Every _AMID match ends with one of these words: without them it is not run.
_AMID_LAST = ("campaign", "war", "offensive")
assert _AMID.pattern.endswith(r"(?:" + "|".join(_AMID_LAST) + r")\b")
_B_PASSIVE_DENIED = GATES.add(_PASSIVE_DENIED)
_B = lx.BIT
_B_STRIKE_BLOCK = _B["STRIKE_BLOCK"]
_B_STRIKE_WEAPON = _B["STRIKE_WEAPON"]
_B_STRIKE_ACTION = _B["STRIKE_ACTION"]
_B_STRIKE_THREAT = _B["STRIKE_THREAT"]
_B_STRIKE_PAST = _B["STRIKE_PAST"]
_B_STRIKE_NOT_ATTACK = _B["STRIKE_NOT_ATTACK"]
_B_CAS_NEG = _B["CAS_NEG"]
_B_CAS_WEAK = _B["CAS_WEAK"]
_B_VIOLENCE = _B["VIOLENCE"]
_B_DISASTER = _B["DISASTER"]
_B_DENIAL_TRAP = _B["DENIAL_TRAP"]
_B_DENIAL_STRONG = _B["DENIAL_STRONG"]
_B_DIP_BLOCK = _B["DIP_BLOCK"]
_B_DIP_SPECIFIC = _B["DIP_SPECIFIC"]
_B_DIP_STATE_VERB = _B["DIP_STATE_VERB"]
_B_DIP_WEAK = _B["DIP_WEAK"]
_B_DIP_CONTEXT = _B["DIP_CONTEXT"]
_B_DIP_MEET = _B["DIP_MEET"]
_B_DIP_PROPOSAL = _B["DIP_PROPOSAL"]
_B_DIP_CONFLICT = _B["DIP_CONFLICT"]
_B_DIP_TRAVEL = _B["DIP_TRAVEL"]
_B_DIP_FOREIGN_OFFICIAL = _B["DIP_FOREIGN_OFFICIAL"]
# A modal or "to" just before a past-looking verb ("would hit", "vowed to strike back"): the
# verb is the threat, not a past attack.
_MODAL_BEFORE = re.compile(r"\b(?:would|will|could|might|may|shall|can|must|to)\s+(?:\w+\s+){0,1}$")
# Word gates for the attribution patterns, which run on the cased sentence: the same words
# in lowercase. Used only where lowercasing keeps word boundaries (no dotted capital I).
_B_ATTRIBUTION = GATES.add(
    re.compile(
        r"\b(?:according to|announced by|reported by|quoted|quoting|citing|cited|confirmed by"
        r"|stated by|said by)\s"
    )
)
_B_SAID = GATES.add(lx.SAID)
# yes/no tests of the big alternations, one gated alternative at a time
_STRIKE_STRONG_ANY = AnyOf(lx.STRIKE_STRONG)
_CAS_STRONG_ANY = AnyOf(lx.CAS_STRONG)
_DIP_STRONG_ANY = AnyOf(lx.DIP_STRONG)
_DENIAL_STRONG_ANY = AnyOf(lx.DENIAL_STRONG)
_STRIKE_BLOCK_MAY = MayMatch(lx.STRIKE_BLOCK)
# yes/no tests of the big word groups, one gated word at a time
DISASTER_ANY = AnyOf(word_alternatives(lx.DISASTER))
_VIOLENCE_ANY = AnyOf(word_alternatives(lx.VIOLENCE))
_DIP_BLOCK_ANY = AnyOf(word_alternatives(lx.DIP_BLOCK))
# the meeting verbs, searched with only the words that may match (the same first match)
_DIP_MEET_MAY = MayMatch(word_alternatives(lx.DIP_MEET))
# whether CAS_NEG or DENIAL_TRAP can match at all, one gated alternative at a time
_CAS_NEG_MAY = MayMatch(lx.CAS_NEG)
_DENIAL_TRAP_MAY = MayMatch(lx.DENIAL_TRAP)
_SAID_BY = re.compile(
    r"[,\"”]\s*(?P<actor>(?:he|she|they|it|the [\w\s-]{3,60}?|[A-Z][\w\s.'-]{2,60}?))\s+(?:said"
    r"|wrote|stated|added|told|insisted)\b"
)


def noisy_or(weights: list[float]) -> float:
    p = 1.0
    for w in weights:
        p *= 1.0 - w
    return 1.0 - p


def _sub(
    rx: re.Pattern[str], bit: int, repl: str | Callable[[re.Match[str]], str], text: str, mask: int
) -> tuple[str, int]:
    """``rx.sub(repl, text)`` when the gate allows, with the word mask of the result."""
    if mask & bit:
        out = rx.sub(repl, text)
        if out != text:
            return out, GATES.mask(out)
    return text, mask


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def unblock(low: str, mask: int) -> tuple[str, int]:
    """The sentence with non-attack weapon phrases (``STRIKE_BLOCK``) blanked."""
    rx = _STRIKE_BLOCK_MAY.narrow(low, mask)  # only the alternatives that may match
    if rx is None:
        return low, mask
    return _sub(rx, _B_STRIKE_BLOCK, " ", low, mask)


def strike_weight(low: str, mask: int, unblocked: tuple[str, int] | None = None) -> float:
    """``unblocked`` is ``unblock(low, mask)`` when already known."""
    text, m = unblocked if unblocked is not None else unblock(low, mask)
    if "war" in text or "campaign" in text or "offensive" in text:  # _AMID_LAST
        text, m = _sub(_AMID, _B_AMID, " ", text, m)
    strong = _STRIKE_STRONG_ANY.search(text, m)
    combo = False
    weapons: list[int] = []
    if not strong and m & _B_STRIKE_WEAPON:
        weapons = [x.start() for x in lx.STRIKE_WEAPON.finditer(text)]
        if weapons and m & _B_STRIKE_ACTION:
            actions = [x.start() for x in lx.STRIKE_ACTION.finditer(text)]
            combo = any(abs(a - w) <= _NEAR for a in actions for w in weapons)
    if not (strong or combo):
        return 0.0
    if (m & _B_STRIKE_THREAT and lx.STRIKE_THREAT.search(text)) and not (
        m & _B_STRIKE_PAST and _past_attack(text)
    ):
        return 0.2
    # a test, drill, parade or crash is the sentence's event; a weapon found or seized must be
    # near its weapon word ("a cache of rockets", not "the block hit by a missile, where bodies
    # were found")
    if not strong and m & _B_STRIKE_NOT_ATTACK:
        for x in lx.STRIKE_NOT_ATTACK.finditer(text):
            if not _FOUND.match(x.group(0)) or any(
                abs(x.start() - w) <= _NOT_ATTACK_NEAR for w in weapons
            ):
                return 0.2
    return 0.9 if strong else 0.75


def _past_attack(text: str) -> bool:
    """A past attack verb in ``text`` that no modal governs ("hit", not "would hit ... again")."""
    return any(
        not _MODAL_BEFORE.search(text, max(0, x.start() - 30), x.start())
        for x in lx.STRIKE_PAST.finditer(text)
    )


def neg_spans(low: str, mask: int) -> list[tuple[int, int]]:
    """Spans of ``CAS_NEG`` matches in ``low`` (none when the gate rules them out): found once
    per sentence and used both to blank counts and to drop the absences before the cues."""
    if not mask & _B_CAS_NEG:
        return []
    rx = _CAS_NEG_MAY.narrow(low, mask)  # only the alternatives that may match: same spans
    return [m.span() for m in rx.finditer(low)] if rx is not None else []


def _cut(text: str, spans: list[tuple[int, int]], fill: str | None) -> str:
    """``text`` with each span replaced by ``fill``, or by as many spaces when ``fill`` is None."""
    parts: list[str] = []
    last = 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(" " * (b - a) if fill is None else fill)
        last = b
    parts.append(text[last:])
    return "".join(parts)


def blank_negated(s: Sentence, spans: list[tuple[int, int]] | None = None) -> str:
    """The sentence with explicit absences ("no one was hurt") blanked, for count extraction.
    ``spans`` are ``neg_spans(s.lower, s.mask)`` when already known."""
    text = s.text
    if len(s.lower) != len(text) or not s.mask & _B_CAS_NEG:
        return text
    if spans is None:
        spans = neg_spans(s.lower, s.mask)
    return _cut(text, spans, None) if spans else text


# Violence said not to be the cause ("police said, ruling out an attack") or a weather word
# ("a lightning strike"): no sign of violence.
_NOT_VIOLENCE = re.compile(
    r"\b(?:rul\w+ out|no sign of|not an?|rather than an?) (?:an? |any )?(?:\w+ )?"
    r"(?:attack|sabotage|terror\w*|foul play|bomb\w*)"
    r"|\blightning strikes?\b"
)


_ACCIDENT_BLAST = re.compile(r"\b(?:blasts?|explosions?|exploded)\b")


def violent(low: str, mask: int | None = None) -> bool:
    """A word of violence in the lowercase text, less violence ruled out and weather.
    ``mask`` is the word mask of ``low`` when known."""
    if not (_VIOLENCE_ANY.search(low, mask) if mask is not None else lx.VIOLENCE.search(low)):
        return False
    if "rul" in low or "lightning" in low or "no sign" in low or "rather than" in low:
        cleared = _NOT_VIOLENCE.sub(" ", low)
        if cleared != low and ("rul" in low or "no sign" in low):
            cleared = _ACCIDENT_BLAST.sub(" ", cleared)  # the blast is then the accident
        return lx.VIOLENCE.search(cleared) is not None
    return True


def casualty_weight(
    low: str,
    mask: int,
    counted: bool,
    doc_disaster: bool = False,
    spans: list[tuple[int, int]] | None = None,
) -> float:
    if spans is None:
        spans = neg_spans(low, mask)
    text, m = low, mask
    if spans:  # ``lx.CAS_NEG.sub(" ", low)``, from the same matches
        out = _cut(low, spans, " ")
        if out != low:
            text, m = out, GATES.mask(out)
    strong = _CAS_STRONG_ANY.search(text, m)
    weak = bool(m & _B_CAS_WEAK) and lx.CAS_WEAK.search(text) is not None
    if not (strong or weak or counted):
        return 0.0
    is_violent = bool(mask & _B_VIOLENCE) and violent(low, mask)
    if not is_violent and (doc_disaster or (mask & _B_DISASTER and DISASTER_ANY.search(low, mask))):
        return W_ACCIDENT
    if strong or counted:
        return 0.95 if counted else 0.85
    return 0.6 if is_violent else 0.2


def denial_match(low: str, mask: int) -> re.Match[str] | None:
    text, m = low, mask
    trap = _DENIAL_TRAP_MAY.narrow(low, mask)  # only the alternatives that may match
    if trap is not None:
        text, m = _sub(trap, _B_DENIAL_TRAP, _blank, low, mask)
    text, m = _sub(_PASSIVE_DENIED, _B_PASSIVE_DENIED, _blank, text, m)
    if not m & _B_DENIAL_STRONG or not _DENIAL_STRONG_ANY.search(text, m):
        return None
    return lx.DENIAL_STRONG.search(text)


_CAP_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")


def _countries_in(text: str) -> int:
    """Distinct countries named (or given by a nationality word) in ``text``."""
    gaz = get_gazetteer()
    found: set[str] = set()
    for m in _CAP_RUN.finditer(text):
        phrase = m.group(0).lower()
        for cand in (phrase, phrase.split()[0]):
            cc = gaz.country_names.get(cand) or DEMONYMS.get(cand)
            if cc:
                found.add(cc)
                break
    return len(found)


# Literal text every ``DIP_NAMED`` match contains (the pattern is case-sensitive).
_DIP_NAMED_NEED = (
    "process",
    "format",
    "accord",
    "agreement",
    "protocol",
    "peace plan",
    "declaration",
    "communiqu",
)


def _dip_named(text: str) -> bool:
    """``lx.DIP_NAMED.search(text) is not None``, skipped when a needed word is absent."""
    for need in _DIP_NAMED_NEED:
        if need in text:
            return lx.DIP_NAMED.search(text) is not None
    return False


def _capital_at(text: str, at: int) -> bool:
    """A national capital is the first name after ``at``."""
    m = _CAP_RUN.search(text, at, at + 40)
    if m is None:
        return False
    gaz = get_gazetteer()
    return any(name.lower() == m.group(0).lower() for name, _ in gaz.capitals)


def _official_abroad(low: str, text: str) -> bool:
    """An official travelling to a named place: a foreign minister (or envoy) with a country
    named, any other official with two ("Mozambique's president flew to Kigali to ask for
    Rwandan troops")."""
    travel = lx.DIP_TRAVEL.search(low)
    if travel is None or not text[travel.end() : travel.end() + 40].strip()[:1].isupper():
        return False
    before = low[max(0, travel.start() - 60) : travel.start()]
    if lx.DIP_FOREIGN_OFFICIAL.search(before):
        # a country named, or the capital travelled to ("travelled to Belgrade and Pristina")
        return _countries_in(text) >= 1 or _capital_at(text, travel.end())
    return lx.DIP_OFFICIAL.search(before) is not None and _countries_in(text) >= 2


# A dispute between workers and management: a "truce" or "deal" there is labour news.
_LABOUR = re.compile(
    r"\b(?:unions? and (?:the )?management|management and (?:the )?unions?|workers and (?:the )?"
    r"(?:management|employers?)|pensions?|wage (?:talks|dispute|deal))\b"
)


def diplomatic_weight(low: str, mask: int, text: str) -> float:
    if ("pension" in low or "management" in low or "wage" in low) and _LABOUR.search(low):
        return 0.2
    strong = (_DIP_STRONG_ANY.search(low, mask)) or _dip_named(text)
    blocked = bool(mask & _B_DIP_BLOCK) and _DIP_BLOCK_ANY.search(low, mask)
    if strong:
        specific = mask & _B_DIP_SPECIFIC and lx.DIP_SPECIFIC.search(low)
        return 0.45 if blocked and not specific else 0.85
    if (
        not blocked
        and mask & _B_DIP_STATE_VERB
        and lx.DIP_STATE_VERB.search(low)
        and _countries_in(text) >= 2
    ):
        return 0.6
    if (  # a proposal put to or answered by the parties
        not blocked
        and mask & _B_DIP_PROPOSAL
        and mask & _B_DIP_CONFLICT
        and lx.DIP_PROPOSAL.search(low) is not None
        and lx.DIP_CONFLICT.search(low) is not None
    ):
        return 0.6
    if not blocked and mask & _B_DIP_TRAVEL and _official_abroad(low, text):
        return 0.6
    meet_rx = _DIP_MEET_MAY.narrow(low, mask) if not blocked and mask & _B_DIP_MEET else None
    meet = meet_rx.search(low) if meet_rx is not None else None  # same match as DIP_MEET's
    if (  # an official after the verb, and a country named: one state meets another
        meet is not None
        and lx.DIP_OFFICIAL.search(low, meet.end()) is not None
        and _countries_in(text) >= 1
    ):
        return 0.6
    weak = len(lx.DIP_WEAK.findall(low)) if mask & _B_DIP_WEAK else 0
    if not weak:
        return 0.0
    ctx = bool(mask & _B_DIP_CONTEXT) and lx.DIP_CONTEXT.search(low) is not None
    if blocked:
        return 0.1
    if ctx and weak >= 2:
        return 0.6
    return 0.35 if ctx else 0.15


def denial_info(sent: Sentence, m: re.Match[str], prev: Sentence | None) -> DenialInfo:
    text = sent.text
    before = text[: m.start()].strip()
    actor: str | None = None
    if before:
        seg = re.split(r"[,;:\"“”]\s*", before)
        cand = _ACTOR_TAIL.sub("", _ACTOR_TRIM.sub("", seg[-1].strip())).strip(" ,")
        if 2 <= len(cand) <= 120:
            actor = cand
    said = _SAID_BY.search(text, m.end())
    if (actor is None or actor.lower() in ("he", "she", "they", "it", "no")) and said:
        actor = said.group("actor").strip()
    if actor and actor.lower() in ("he", "she", "they", "it") and prev is not None:
        actor = None
    first_word_end = m.start() + len(m.group(0).split()[0])
    claim = text[first_word_end:].strip(' ,.;:"“”')
    claim = re.sub(r"^(?:that|any|the|of)\s+", "", claim, flags=re.I) if claim else claim
    if said is not None and said.start() > first_word_end:
        claim = text[first_word_end : said.start()].strip(' ,.;:"“”') or claim
    if claim and len(claim) > 200:
        claim = claim[:200].rsplit(" ", 1)[0]
    return DenialInfo(actor or None, claim or None, text)
