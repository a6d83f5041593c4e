"""The English pack's own stages: the rule engine tuned on the English evaluation sets.

Each stage reads and fills the :class:`~streams.classify.document.Document` as the pipeline
runs them (sentences, cues, negation, counts, labels, places); per-sentence findings live on
the English :class:`~streams.classify.lang.en.text.Sentence`. Each sentence gets a weight in
0..1 per label from the cue patterns in ``lexicon``; a label's score is the noisy-or of its
sentence weights (history sentences are damped, boilerplate ignored), and the label is on at
0.5.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import reduce
from operator import or_
from pathlib import Path

from streams.classify._gazetteer import get_gazetteer
from streams.classify.calibration import calibrate, load_curves
from streams.classify.document import Document
from streams.classify.lang.en import lexicon as lx
from streams.classify.lang.en.acts import (
    conflict_context,
    dated,
    denial_act,
    diplomatic_act,
    state_strike,
)
from streams.classify.lang.en.casualties import CountMention, extract_counts
from streams.classify.lang.en.places import Found, context_countries, find_places, pick_event
from streams.classify.lang.en.text import Sentence, case_odd, split_sentences
from streams.classify.lang.en.weights import (
    _B_ATTRIBUTION,
    _B_DISASTER,
    _B_SAID,
    _B_VIOLENCE,
    _HISTORY_DAMP,
    _PRONOUNS,
    DISASTER_ANY,
    THRESHOLD,
    W_ACCIDENT,
    blank_negated,
    casualty_weight,
    denial_info,
    denial_match,
    diplomatic_weight,
    neg_spans,
    noisy_or,
    strike_weight,
    unblock,
    violent,
)
from streams.classify.limits import EVIDENCE_MAX
from streams.classify.model import CasualtyCounts, DenialInfo, PlaceMention, place_mentions
from streams.models import LABELS

__all__ = ["STAGES"]

_B_ATTRIBUTION_OR_SAID = _B_ATTRIBUTION | _B_SAID
_CUE_STRIKE = lx.CUE_STRIKE
_CUE_CASUALTY = lx.CUE_CASUALTY
_CUE_DIPLOMATIC = lx.CUE_DIPLOMATIC
_CUE_DENIAL = lx.CUE_DENIAL
_WEAPON_ANY = reduce(or_, lx.WEAPON_BITS)  # the word gates of all the weapon kinds
_W_ACT = 0.6  # a diplomatic act frame (``acts``): as the rules' state-to-state frames
_W_STATE_STRIKE = 0.75  # a state as the subject of "struck": as a weapon near an attack verb
CALIBRATION = Path(__file__).with_name("calibration.json")
_CURVES = load_curves(CALIBRATION)


def sentences(doc: Document) -> None:
    """Split into sentences with boilerplate and history flags and word-gate masks."""
    doc.sentences = split_sentences(doc.text, doc.title)


def cues(doc: Document) -> None:
    """Strike and diplomatic weights and the denial cue of every sentence; whether the item
    speaks of an accident or disaster and of no violence at all (its deaths are then not
    conflict casualties, even in sentences that do not name the cause)."""
    sents: list[Sentence] = doc.sentences
    live = [s for s in sents if not s.boiler]
    doc.extra["disaster"] = any(
        s.mask & _B_DISASTER and DISASTER_ANY.search(s.lower, s.mask) for s in live
    ) and not any(s.mask & _B_VIOLENCE and violent(s.lower, s.mask) for s in live)
    for s in live:
        low, mask = s.lower, s.mask
        c = s.cues if s.cues >= 0 else lx.cue_mask(low)
        s.cues = c
        # the cue rules behind the label's prefilter words; the act frames (``acts``) behind
        # their own word gates, which are exact
        den = denial_match(low, mask) if c & _CUE_DENIAL else None
        s.denial = den or denial_act(low, mask)
        if c & _CUE_DIPLOMATIC:
            s.w_diplomatic = diplomatic_weight(low, mask, s.text)
        if s.w_diplomatic < THRESHOLD and diplomatic_act(low, s.text, mask) is not None:
            s.w_diplomatic = _W_ACT
        if c & _CUE_STRIKE:
            s.unblocked = unblock(low, mask)
            s.w_strike = strike_weight(low, mask, s.unblocked)
        if s.w_strike < THRESHOLD and state_strike(s.text, mask) is not None:
            s.w_strike = _W_STATE_STRIKE  # "Israel struck near the presidential palace"


def negation(doc: Document) -> None:
    """Spans of explicit absences ("no one was hurt") in sentences with casualty cues."""
    for s in doc.sentences:
        if not s.boiler:
            s.neg = neg_spans(s.lower, s.mask) if s.cues & _CUE_CASUALTY else []


def counts(doc: Document) -> None:
    """Figures of killed, wounded and missing, read with the absences blanked. A figure in a
    claim that a denial disputes counts ("rejected a report that its drones had killed 30
    civilians"): the report is news, and the denial is a label beside it."""
    for s in doc.sentences:
        if not s.boiler:
            if s.cues & _CUE_CASUALTY and not (s.history or s.earlier):
                s.counts = extract_counts(blank_negated(s, s.neg))
            else:
                s.counts = []


_PACT = r"(?:truce|cease-?fire|agreement|deal|accord|treaty|peace (?:plan|process|deal|treaty))"
# After the incident's toll, a figure for a period or a whole territory is a tally of many
# incidents, not this one's toll.
_PERIOD_TALLY = re.compile(
    r"\b(?:in|over|during|within) the (?:past|last|previous) (?:24|48|72|twenty-four) hours\b"
    r"|\bfrom across\b|\bacross the (?:gaza strip|country|territory"
    r"|enclave|region|province)\b|\bnationwide\b"
)
_DIP_CIRCUMSTANCE = re.compile(
    r"\b(?:during|despite|in spite of|since|amid|under|in violation of|in breach of)"
    r" (?:(?:the|a|an|last \w+'s) )?"
    r"(?:[\w-]+ ){0,3}?(?:truce|cease-?fire)\b"
    r"|\b(?:came|comes|took place|happened|occurred) (?:as|while|(?:just |shortly |only )?(?:hours|"
    r"days|a day|a week|weeks) (?:after|before)) [^.;]*\b(?:talks|truce|cease-?fire|negotiations"
    r"|mediat\w+|treaty|agreement|peace (?:deal|text|plan|accord))\b"
    # talks as the state of things: "the two countries have been negotiating a peace treaty"
    r"|\b(?:have|has) been (?:negotiating|holding talks|in talks)\b"
    # an agreement the event is measured against: "another breach of the ceasefire", "accuse
    # each other of breaking a truce", "urged both sides to respect the 2020 ceasefire"
    r"|\b(?:breach(?:es|ed)?|breaking|broke|violat(?:ion|ions|ing|ed|es)|respect|uphold"
    r"|committed to|abide by|adhere to)"
    r" (?:of )?(?:the|a|an|this|its|their) (?:[\w'-]+ ){0,3}?" + _PACT + r"\b"
    # an agreement of an earlier day: "a ceasefire signed months ago", "the truce that took
    # effect in november 2024", "agreed a ceasefire earlier in the year"
    r"|\b" + _PACT + r" (?:that )?(?:was |were |had been )?(?:signed|agreed|reached|brokered"
    r"|took effect|came into force|declared) (?:in (?:\w+ )?\d{4}|last \w+|(?:\w+ )?(?:months"
    r"|years|weeks) ago|earlier (?:this|in the) \w+)"
    r"|\b(?:agreed|signed|reached|brokered) (?:to )?(?:a|the) (?:[\w-]+ ){0,2}?"
    + _PACT
    + r" (?:in (?:\w+ )?\d{4}"
    r"|last \w+|(?:\w+ )?(?:months|years) ago|earlier (?:this|in the) \w+)"
)


def labels(doc: Document) -> None:
    """Casualty weights, damping, scores, labels, evidence, counts, denial, weapons and the
    attribution."""
    weights: dict[str, list[float]] = {label: [] for label in LABELS}
    evidence: dict[str, list[str]] = {label: [] for label in LABELS}
    mentions: list[CountMention] = []
    also: list[CountMention] = []  # dead of another group, told after the first toll
    denial: DenialInfo | None = None
    weapons: list[str] = []
    prev: Sentence | None = None
    disaster = doc.extra["disaster"]
    live = [s for s in doc.sentences if not s.boiler]
    cas = [_casualty(s, disaster) for s in live]
    # The text wins over its headline: a toll in the title with an explicit absence in the
    # body ("no one was hurt") and no casualty of the body's own is not a casualty.
    if (
        live
        and live[0].headline
        and cas[0] >= THRESHOLD
        and all(c < THRESHOLD for c in cas[1:])
        and any(lx.CAS_ABSENT.search(s.lower) for s in live[1:] if s.neg)
    ):
        cas[0] = 0.0
    # Wounded said only by where they went ("the owner was among those taken to hospital with
    # burns"), after an accident's toll and with no word of violence, are the accident's.
    accident = False
    for i, s in enumerate(live):
        if cas[i] == W_ACCIDENT:
            accident = True
        elif accident and cas[i] >= THRESHOLD and not violent(s.lower, s.mask):
            cas[i] = W_ACCIDENT
    lead = next((s.index for s in live if not s.headline), -1)
    for s, w_cas in zip(live, cas, strict=True):
        damp = _HISTORY_DAMP if s.history else 1.0
        found = s.counts if w_cas > 0 else []
        w_dip = s.w_diplomatic
        if w_dip and s.index > lead and _DIP_CIRCUMSTANCE.search(s.lower):
            # after the lead, a truce or talks as the time of something else ("during the
            # truce", "the strikes came as mediators tried to revive talks"): a circumstance
            w_dip *= _HISTORY_DAMP
        w = (s.w_strike, w_cas, 0.85 if s.denial else 0.0, w_dip)
        if w[1] >= THRESHOLD and not s.history and found:
            if mentions and _PERIOD_TALLY.search(s.lower):
                pass  # "38 bodies from across the Gaza Strip over the past 24 hours": a tally
            # both alternatives of _ALSO_KILLED hold the literal "also"
            elif mentions and "also" in s.lower and _ALSO_KILLED.search(s.lower):
                # "Two civilians passing by were also killed": another group, added
                also.extend(m for m in found if m.kind == "killed")
                mentions.extend(m for m in found if m.kind != "killed")
            else:
                mentions.extend(found)
        undamped = "denial" if s.denial is not None and dated(s.denial) else ""
        for label, wl in zip(LABELS, w, strict=True):
            wl *= 1.0 if label == undamped else damp
            if wl > 0:
                weights[label].append(wl)
                if wl >= THRESHOLD and len(evidence[label]) < EVIDENCE_MAX:
                    evidence[label].append(s.text)
        if s.denial is not None and (not s.history or undamped) and denial is None:
            denial = denial_info(s, s.denial, prev)
        # one test for all the weapon kinds' gates first: most sentences open none of them
        if not s.history and s.unblocked is not None and s.unblocked[1] & _WEAPON_ANY:
            utext, um = s.unblocked
            for (kind, rx), bit in zip(lx.WEAPON_KINDS, lx.WEAPON_BITS, strict=True):
                if um & bit and kind not in weapons and rx.search(utext):
                    weapons.append(kind)
        prev = s
    # A denial is news of the conflict only where the item speaks of it or of a state actor
    # (the airline's, the footballer's or the company's denial is not).
    if weights["denial"] and not any(conflict_context(s.lower, s.text) for s in live):
        weights["denial"] = []
        evidence["denial"] = []
        denial = None
    scores: dict[str, float] = {label: round(noisy_or(weights[label]), 4) for label in LABELS}
    on = tuple(label for label in LABELS if scores[label] >= THRESHOLD)
    doc.labels = on
    doc.scores = calibrate(scores, _CURVES)  # probabilities (calibration.json, fitted on dev)
    doc.evidence = {label: evidence[label] for label in on}
    doc.casualties = _aggregate(mentions, also) if "casualty" in on else CasualtyCounts()
    doc.weapons = tuple(weapons) if "strike" in on else ()
    doc.denial = denial if "denial" in on else None
    doc.attribution = _attribution(doc.sentences, evidence, on)


def _casualty(s: Sentence, disaster: bool) -> float:
    if not s.cues & _CUE_CASUALTY:
        return 0.0
    return casualty_weight(s.lower, s.mask, bool(s.counts), disaster, s.neg)


def places(doc: Document) -> None:
    """Places with coordinates, the event's told apart (see ``places``)."""
    doc.places = _places(doc.sentences, doc.evidence, doc.labels, doc.text, doc.title, doc.tags)


STAGES = {
    "sentences": sentences,
    "cues": cues,
    "negation": negation,
    "counts": counts,
    "labels": labels,
    "places": places,
}


_ALSO_KILLED = re.compile(
    r"\b(?:was|were|had been|have been|has been) also (?:killed|shot dead|shot and killed)\b"
    r"|\balso (?:died|killed)\b"
    r"(?! (?:in|during|when) (?:the|that) (?:same )?(?:attack|strike|raid))"
)


def _aggregate(
    mentions: list[CountMention], also: list[CountMention] | None = None
) -> CasualtyCounts:
    """Per kind, the largest figure reported (a toll is a running maximum, never a sum); the
    dead of another group told after it with "also" ("two civilians were also killed") add
    to the killed."""
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
    killed = best["killed"].value if "killed" in best else None
    if also:
        added = sum(m.value for m in also)
        killed = added if killed is None else killed + added
    return CasualtyCounts(
        killed=killed,
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
    ctx = context_countries(title, text, (tags or {}).get("country"), gaz)
    found = find_places(sentences, ctx, gaz)
    if not found:
        return ()
    ev_text = {
        t
        for label in ("strike", "casualty", "denial", "diplomatic")
        if label in labels
        for t in evidence[label]
    }
    event_sents = [s.index for s in sentences if s.text in ev_text and not (s.history or s.earlier)]
    lead = [s.index for s in sentences if not s.boiler and not s.history][:2]
    ev = pick_event(found, event_sents or lead)
    if ev is None and event_sents:  # the evidence names no place: the title and lead do
        ev = pick_event(found, lead)
    elif ev is not None and ev.source and event_sents:
        # the evidence names only where the wounded were treated or the report was made
        # ("the four were taken to hospital in Nablus"): the lead's place, if it names one
        led = pick_event(found, lead)
        if led is not None and not led.source:
            ev = led
    if ev is not None and ev.sentence == 0 and sentences and sentences[0].headline:
        ev = _body_settlement(found, sentences, ev) or ev
        if ev.sentence == 0:
            # the body names the headline's place with its country ("Kotluban in Russia's
            # Volgograd region"): the body's reading of the name
            same = (
                f
                for f in found
                if f.sentence > 0
                and f.text.lower() == ev.text.lower()
                and f.entry.country != ev.entry.country
                and not (f.source or f.state)
            )
            ev = next(same, ev)
    return place_mentions(
        (ev.text, ev.entry) if ev else None,
        ((f.text, f.entry) for f in found if f is not ev),
        12,
    )


# A settlement the body names with its kind, as what was attacked or where it happened:
# "struck the town of Huliaipole", "attacked the village of Unguwan Mantau", "in the town of".
_ATTACKED_SETTLEMENT = re.compile(
    r"\b(?:attacked|struck|hit|shelled|bombed|raided|stormed|targeted|overran|in|on|into|near)"
    r"\s+the\s+(?:town|village|hamlet|settlement|city)\s+of\s+$",
    re.I,
)


def _body_settlement(found: list[Found], sentences: list[Sentence], ev: Found) -> Found | None:
    """A headline names the best-known place ("Bandits kill 18 in Katsina", "Shelling in
    Zaporizhzhia"); the body names where it happened ("the gunmen attacked the village of
    Unguwan Mantau"). The first smaller settlement of the same country that the body names
    with its kind after an attack verb or a locative is the more specific event place."""
    text = {s.index: s.text for s in sentences if not s.headline and not s.history}
    for f in found:
        e = f.entry
        body = text.get(f.sentence)
        if (
            body is not None
            and e.kind == "city"
            and e.country == ev.entry.country
            and e.population < ev.entry.population
            and not (f.source or f.state or f.dateline or f.actor)
            and _ATTACKED_SETTLEMENT.search(body[max(0, f.start - 40) : f.start])
        ):
            return f
    return None


# The phrases an ``ATTRIBUTION`` match starts with (its case-insensitive group).
_ATTRIBUTION_HEAD = re.match(r"\\b\(\?i:([a-z |]+)\)\\s\+", lx.ATTRIBUTION.pattern)
assert _ATTRIBUTION_HEAD is not None
_ATTRIBUTION_WORDS = tuple(_ATTRIBUTION_HEAD.group(1).split("|"))


def _attribution_match(text: str, lower: str) -> re.Match[str] | None:
    """``lx.ATTRIBUTION.search(text)``, searched from the first of its phrases in ``lower``
    (``text.lower()``): no match starts before it. From the start when lowercasing moves
    offsets or the text has a character re.I matches with an ASCII letter that lower()
    does not give."""
    if len(lower) != len(text) or case_odd(text):
        return lx.ATTRIBUTION.search(text)
    first = -1
    for phrase in _ATTRIBUTION_WORDS:
        i = lower.find(phrase)
        if i >= 0 and (first < 0 or i < first):
            first = i
    return lx.ATTRIBUTION.search(text, first) if first >= 0 else None


def _attribution(
    sentences: list[Sentence], evidence: dict[str, list[str]], labels: tuple[str, ...]
) -> str | None:
    # only sentences that may hold "according to X" or "X said" (a dotted capital I escapes
    # the lowercase word gates), evidence sentences first
    may = [
        s
        for s in sentences
        if not (s.boiler or s.history) and (s.mask & _B_ATTRIBUTION_OR_SAID or "\u0130" in s.text)
    ]
    if not may:
        return None
    ev_text = {t for label in labels for t in evidence[label]}
    ordered = [s for s in may if s.text in ev_text] + [s for s in may if s.text not in ev_text]
    for s in ordered:  # an explicit "according to X" first
        if s.boiler or s.history:
            continue
        if not s.mask & _B_ATTRIBUTION and "\u0130" not in s.text:
            continue
        m = _attribution_match(s.text, s.lower)
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
