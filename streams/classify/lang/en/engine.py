"""The rule engine: sentences in, labels, scores, evidence and extractions out.

Each sentence gets a weight in 0..1 per label from the cue patterns in ``_lexicon``; the
label's score is the noisy-or of its sentence weights (history sentences are damped, boiler
sentences ignored), and the label is on at 0.5. Everything is pure and thread-safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from streams.classify._gate import GATES, AnyOf, MayMatch
from streams.classify._gazetteer import get_gazetteer
from streams.classify.lang.en import lexicon as lx
from streams.classify.lang.en.casualties import CountMention, extract_counts
from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.places import context_countries, find_places, pick_event
from streams.classify.lang.en.text import Sentence, split_sentences
from streams.classify.model import CasualtyCounts, Classification, DenialInfo, PlaceMention
from streams.models import LABELS

__all__ = ["classify"]

THRESHOLD = 0.5
_PRONOUNS = frozenset(["he", "she", "they", "it", "this", "that", "we", "i"])
_NEAR = 70  # characters between a weapon word and an attack verb in one clause
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
# whether CAS_NEG or DENIAL_TRAP can match at all, one gated alternative at a time
_CAS_NEG_MAY = MayMatch(lx.CAS_NEG)
_DENIAL_TRAP_MAY = MayMatch(lx.DENIAL_TRAP)
_SAID_BY = re.compile(
    r"[,\"”]\s*(?P<actor>(?:he|she|they|it|the [\w\s-]{3,60}?|[A-Z][\w\s.'-]{2,60}?))\s+(?:said"
    r"|wrote|stated|added|told|insisted)\b"
)


def _noisy_or(weights: list[float]) -> float:
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


def _unblocked(low: str, mask: int) -> tuple[str, int]:
    """The sentence with non-attack weapon phrases (``STRIKE_BLOCK``) blanked."""
    return _sub(lx.STRIKE_BLOCK, _B_STRIKE_BLOCK, " ", low, mask)


def _strike_weight(low: str, mask: int, unblocked: tuple[str, int] | None = None) -> float:
    """``unblocked`` is ``_unblocked(low, mask)`` when already known."""
    text, m = unblocked if unblocked is not None else _unblocked(low, mask)
    text, m = _sub(_AMID, _B_AMID, " ", text, m)
    strong = _STRIKE_STRONG_ANY.search(text, m)
    combo = False
    if not strong and m & _B_STRIKE_WEAPON:
        weapons = [x.start() for x in lx.STRIKE_WEAPON.finditer(text)]
        if weapons and m & _B_STRIKE_ACTION:
            actions = [x.start() for x in lx.STRIKE_ACTION.finditer(text)]
            combo = any(abs(a - w) <= _NEAR for a in actions for w in weapons)
    if not (strong or combo):
        return 0.0
    if (m & _B_STRIKE_THREAT and lx.STRIKE_THREAT.search(text)) and not (
        m & _B_STRIKE_PAST and lx.STRIKE_PAST.search(text)
    ):
        return 0.2
    if not strong and m & _B_STRIKE_NOT_ATTACK and lx.STRIKE_NOT_ATTACK.search(text):
        return 0.2
    return 0.9 if strong else 0.75


def _neg_spans(low: str, mask: int) -> list[tuple[int, int]]:
    """Spans of ``CAS_NEG`` matches in ``low`` (none when the gate rules them out): found once
    per sentence and used both to blank counts and to drop the absences before the cues."""
    if not mask & _B_CAS_NEG or not _CAS_NEG_MAY(low, mask):
        return []
    return [m.span() for m in lx.CAS_NEG.finditer(low)]


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


def _blank_negated(s: Sentence, mask: int, spans: list[tuple[int, int]] | None = None) -> str:
    """The sentence with explicit absences ("no one was hurt") blanked, for count extraction.
    ``spans`` are ``_neg_spans(s.lower, mask)`` when already known."""
    if len(s.lower) != len(s.text) or not mask & _B_CAS_NEG:
        return s.text
    if spans is None:
        spans = _neg_spans(s.lower, mask)
    return _cut(s.text, spans, None) if spans else s.text


def _casualty_weight(
    low: str,
    mask: int,
    counted: bool,
    doc_disaster: bool = False,
    spans: list[tuple[int, int]] | None = None,
) -> float:
    if spans is None:
        spans = _neg_spans(low, mask)
    text, m = low, mask
    if spans:  # ``lx.CAS_NEG.sub(" ", low)``, from the same matches
        out = _cut(low, spans, " ")
        if out != low:
            text, m = out, GATES.mask(out)
    strong = _CAS_STRONG_ANY.search(text, m)
    weak = bool(m & _B_CAS_WEAK) and lx.CAS_WEAK.search(text) is not None
    if not (strong or weak or counted):
        return 0.0
    violent = bool(mask & _B_VIOLENCE) and lx.VIOLENCE.search(low) is not None
    if not violent and (doc_disaster or (mask & _B_DISASTER and lx.DISASTER.search(low))):
        return 0.05  # deaths in an accident, disaster or disease
    if strong or counted:
        return 0.95 if counted else 0.85
    return 0.6 if violent else 0.2


def _denial_match(low: str, mask: int) -> re.Match[str] | None:
    text, m = low, mask
    if _DENIAL_TRAP_MAY(low, mask):
        text, m = _sub(lx.DENIAL_TRAP, _B_DENIAL_TRAP, _blank, low, mask)
    text, m = _sub(_PASSIVE_DENIED, _B_PASSIVE_DENIED, _blank, text, m)
    return lx.DENIAL_STRONG.search(text) if m & _B_DENIAL_STRONG else None


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


def _diplomatic_weight(low: str, mask: int, text: str) -> float:
    strong = (_DIP_STRONG_ANY.search(low, mask)) or _dip_named(text)
    blocked = bool(mask & _B_DIP_BLOCK) and lx.DIP_BLOCK.search(low) is not None
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
    weak = len(lx.DIP_WEAK.findall(low)) if mask & _B_DIP_WEAK else 0
    if not weak:
        return 0.0
    ctx = bool(mask & _B_DIP_CONTEXT) and lx.DIP_CONTEXT.search(low) is not None
    if blocked:
        return 0.1
    if ctx and weak >= 2:
        return 0.6
    return 0.35 if ctx else 0.15


def _denial_info(sent: Sentence, m: re.Match[str], prev: Sentence | None) -> DenialInfo:
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


def classify(
    text: str, title: str | None = None, *, tags: Mapping[str, str] | None = None
) -> Classification:
    """Classify one item (pure, synchronous, thread-safe).

    ``text`` is the body, ``title`` the headline if separate; ``tags`` are feed tags, of which
    ``country`` (ISO2) is used as a hint to pick between same-named places.
    """
    sentences = split_sentences(text or "", title)
    weights: dict[str, list[float]] = {label: [] for label in LABELS}
    evidence: dict[str, list[str]] = {label: [] for label in LABELS}
    mentions: list[CountMention] = []
    denial: DenialInfo | None = None
    weapons: list[str] = []
    prev: Sentence | None = None
    # an item that speaks of an accident or disaster and of no violence at all: its deaths are not
    # conflict casualties, even in sentences that do not name the cause
    masks = [0 if s.boiler else s.mask for s in sentences]
    doc_disaster = any(
        m & _B_DISASTER and lx.DISASTER.search(s.lower)
        for s, m in zip(sentences, masks, strict=True)
        if not s.boiler
    ) and not any(
        m & _B_VIOLENCE and lx.VIOLENCE.search(s.lower)
        for s, m in zip(sentences, masks, strict=True)
        if not s.boiler
    )
    for s, mask in zip(sentences, masks, strict=True):
        if s.boiler:
            continue
        low = s.lower
        damp = _HISTORY_DAMP if s.history else 1.0
        cues = s.cues if s.cues >= 0 else lx.cue_mask(low)
        casualty_cue = bool(cues & lx.CUE_CASUALTY)
        strike_cue = bool(cues & lx.CUE_STRIKE)
        neg = _neg_spans(low, mask) if casualty_cue else []
        counts = (
            extract_counts(_blank_negated(s, mask, neg)) if casualty_cue and not s.history else []
        )
        unblocked = _unblocked(low, mask) if strike_cue else (low, mask)
        w = {
            "strike": _strike_weight(low, mask, unblocked) if strike_cue else 0.0,
            "casualty": _casualty_weight(low, mask, bool(counts), doc_disaster, neg)
            if casualty_cue
            else 0.0,
            "diplomatic": _diplomatic_weight(low, mask, s.text)
            if cues & lx.CUE_DIPLOMATIC
            else 0.0,
        }
        dm = _denial_match(low, mask) if cues & lx.CUE_DENIAL else None
        w["denial"] = 0.85 if dm else 0.0
        if w["casualty"] >= THRESHOLD and not s.history:
            mentions.extend(counts)
        for label in LABELS:
            wl = w[label] * damp
            if wl > 0:
                weights[label].append(wl)
                if wl >= THRESHOLD:
                    evidence[label].append(s.text)
        if dm is not None and not s.history and denial is None:
            denial = _denial_info(s, dm, prev)
        if not s.history and strike_cue:
            utext, um = unblocked
            for (kind, rx), bit in zip(lx.WEAPON_KINDS, lx.WEAPON_BITS, strict=True):
                if um & bit and kind not in weapons and rx.search(utext):
                    weapons.append(kind)
        prev = s
    scores: dict[str, float] = {label: round(_noisy_or(weights[label]), 4) for label in LABELS}
    labels = tuple(label for label in LABELS if scores[label] >= THRESHOLD)
    casualties = _aggregate(mentions) if "casualty" in labels else CasualtyCounts()
    places = _places(sentences, evidence, labels, text, title, tags)
    attribution = _attribution(sentences, evidence, labels)
    return Classification(
        labels=labels,
        scores=scores,
        casualties=casualties,
        places=places,
        weapons=tuple(weapons) if "strike" in labels else (),
        attribution=attribution,
        denial=denial if "denial" in labels else None,
        evidence={label: evidence[label] for label in labels},
    )


def _aggregate(mentions: list[CountMention]) -> CasualtyCounts:
    """Per kind, the largest figure reported (a toll is a running maximum, never a sum)."""
    best: dict[str, CountMention] = {}
    spans: dict[str, list[str]] = {}
    for m in mentions:
        cur = best.get(m.kind)
        if cur is None or m.value > cur.value:
            best[m.kind] = m
        bucket = spans.setdefault(m.kind, [])
        if m.span not in bucket:
            bucket.append(m.span)
    quals = {k: m.qualifier for k, m in best.items() if m.qualifier}
    return CasualtyCounts(
        killed=best["killed"].value if "killed" in best else None,
        wounded=best["wounded"].value if "wounded" in best else None,
        missing=best["missing"].value if "missing" in best else None,
        qualifiers=quals,
        evidence={k: [best[k].span] for k in best},
    )


def _places(
    sentences: list[Sentence],
    evidence: dict[str, list[str]],
    labels: tuple[str, ...],
    text: str,
    title: str | None,
    tags: Mapping[str, str] | None,
) -> tuple[PlaceMention, ...]:
    gaz = get_gazetteer()
    full_lower = ((title or "") + "\n" + (text or "")).lower()
    ctx = context_countries(full_lower, (tags or {}).get("country"), gaz)
    found = find_places(sentences, ctx, gaz)
    if not found:
        return ()
    ev_text = {
        t
        for label in ("strike", "casualty", "denial", "diplomatic")
        if label in labels
        for t in evidence[label]
    }
    event_sents = [s.index for s in sentences if s.text in ev_text and not s.history]
    if not event_sents:
        event_sents = [s.index for s in sentences if not s.boiler and not s.history][:2]
    ev = pick_event(found, event_sents)
    out: list[PlaceMention] = []
    seen: set[tuple[str, str]] = set()
    ordered = ([ev] if ev else []) + [f for f in found if f is not ev]
    for f in ordered:
        key = (f.entry.name, f.entry.country)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            PlaceMention(
                name=f.text,
                country=f.entry.country,
                lat=round(f.entry.lat, 4),
                lon=round(f.entry.lon, 4),
                role="event" if f is ev else "mentioned",
                resolved=f.entry.name if f.entry.name != f.text else None,
            )
        )
        if len(out) >= 12:
            break
    return tuple(out)


def _attribution(
    sentences: list[Sentence], evidence: dict[str, list[str]], labels: tuple[str, ...]
) -> str | None:
    ev_text = {t for label in labels for t in evidence[label]}
    ordered = [s for s in sentences if s.text in ev_text] + [
        s for s in sentences if s.text not in ev_text
    ]
    for s in ordered:  # an explicit "according to X" first
        if s.boiler or s.history:
            continue
        if not s.mask & _B_ATTRIBUTION and "\u0130" not in s.text:
            continue
        m = lx.ATTRIBUTION.search(s.text)
        if m:
            src = m.group("src").strip()
            if src.lower() not in _PRONOUNS:
                return src
    for s in ordered:  # then "X said"
        if s.boiler or s.history:
            continue
        if not s.mask & _B_SAID and "\u0130" not in s.text:
            continue
        for said in lx.SAID.finditer(s.text):
            window = s.text[max(0, said.start() - 90) : said.start()]
            m = lx.SPEAKER.search(window)
            if m:
                src = m.group("src2").strip()
                if src.lower() not in _PRONOUNS:
                    return src
    return None
