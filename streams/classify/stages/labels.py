"""Stage 6, labels and scores (generic): weights, noisy-or, evidence, counts, denial, weapons.

A sentence's weight for a label is the largest weight of its remaining cues (a casualty figure
read there makes it at least 0.95); the pack's ``caps`` bound it; history sentences are damped
(x0.15). A label's score is the noisy-or of its sentence weights and the label is on at 0.5;
the sentences weighing 0.5 or more are its evidence (at most ``EVIDENCE_MAX``). Counts are the
largest figure per kind over the casualty evidence; the denial's actor is what precedes the
first denial cue in its sentence (or the sentence's source), the claim what follows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from streams.classify.document import CountMention, Document
from streams.classify.limits import EVIDENCE_MAX
from streams.classify.model import CasualtyCounts, DenialInfo
from streams.classify.stages import acts
from streams.models import LABELS

__all__ = ["THRESHOLD", "run"]

THRESHOLD = 0.5
HISTORY_DAMP = 0.15
COUNTED = 0.95
_SEGMENT = re.compile(r"[,;:\"“”«»—–،؛]\s*")


def _noisy_or(weights: list[float]) -> float:
    p = 1.0
    for w in weights:
        p *= 1.0 - w
    return 1.0 - p


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    acts.run(doc)  # diplomacy and denial as acts of parties (pack data ``[labels.acts]``)
    cp = pack.compiled
    sources: list[str | None] = doc.extra.get("sources", [None] * len(doc.sentences))
    weights: dict[str, list[float]] = {label: [] for label in LABELS}
    evidence: dict[str, list[str]] = {label: [] for label in LABELS}
    mentions: list[CountMention] = []
    weapons: list[str] = []
    denial: DenialInfo | None = None
    ev_sources: list[str] = []
    carried: dict[str, float] = {}  # ``carry_caps`` of the sentence before
    for s, cues, counts, src in zip(doc.sentences, doc.cues, doc.counts, sources, strict=True):
        if s.boiler:
            continue
        carry = _carried(s.fold, cp.carry_caps)
        damp = HISTORY_DAMP if s.history else 1.0
        w: dict[str, float] = {}
        for label in LABELS:
            hits = cues.get(label)
            wl = max((h[2] for h in hits), default=0.0) if hits else 0.0
            if label == "casualty" and counts:
                wl = max(wl, COUNTED)
            if wl > 0:
                for rx, cap in cp.caps[label]:
                    if wl > cap and rx.search(s.fold):
                        wl = cap
                wl = min(wl, carried.get(label, wl), carry.get(label, wl))
            w[label] = wl * damp
        carried = carry
        for lab, wl in w.items():
            if wl > 0:
                weights[lab].append(wl)
                if wl >= THRESHOLD and len(evidence[lab]) < EVIDENCE_MAX:
                    evidence[lab].append(s.text)
        if s.history:
            continue
        if any(wl >= THRESHOLD for wl in w.values()) and src:
            ev_sources.append(src)
        if w["casualty"] >= THRESHOLD:
            mentions.extend(counts)
        if w["strike"] >= THRESHOLD:
            for kind, rx in cp.weapons:
                if kind not in weapons and rx.search(s.fold):
                    weapons.append(kind)
        if denial is None and w["denial"] >= THRESHOLD:
            denial = _denial(s.text, s.fold, cues["denial"], src, cp.actor_trim)
    scores: dict[str, float] = {label: round(_noisy_or(weights[label]), 4) for label in LABELS}
    labels = tuple(label for label in LABELS if scores[label] >= THRESHOLD)
    doc.labels = labels
    doc.scores = scores
    doc.evidence = {label: evidence[label] for label in labels}
    doc.casualties = _aggregate(mentions) if "casualty" in labels else CasualtyCounts()
    doc.weapons = tuple(weapons) if "strike" in labels else ()
    doc.denial = denial if "denial" in labels else None
    others = [x for x in sources if x]
    doc.attribution = ev_sources[0] if ev_sources else (others[0] if others else None)


def _carried(
    fold: str, table: Mapping[str, Sequence[tuple[re.Pattern[str], float]]]
) -> dict[str, float]:
    """The ``carry_caps`` a sentence sets, label -> cap (for itself and the next sentence)."""
    out: dict[str, float] = {}
    for label, caps in table.items():
        for rx, cap in caps:
            if cap < out.get(label, 1.0) and rx.search(fold):
                out[label] = cap
    return out


def _denial(
    text: str,
    fold: str,
    hits: list[tuple[int, int, float]],
    src: str | None,
    trim: re.Pattern[str] | None,
) -> DenialInfo:
    a, b, _ = min(hits)
    base = text if len(text) == len(fold) else fold
    before = base[:a].strip()
    actor: str | None = None
    if before:
        cand = _SEGMENT.split(before)[-1].strip()
        if trim is not None:
            cand = trim.sub("", cand).strip(" ,")
        if 2 <= len(cand) <= 120:
            actor = cand
    if actor is None:
        actor = src
    claim = base[b:].strip(' ,.;:"“”«»') or None
    if claim and len(claim) > 200:
        claim = claim[:200].rsplit(" ", 1)[0]
    return DenialInfo(actor, claim, text)


def _aggregate(mentions: list[CountMention]) -> CasualtyCounts:
    """Per kind, the largest figure reported (a toll is a running maximum, never a sum)."""
    best: dict[str, CountMention] = {}
    for m in mentions:
        cur = best.get(m.kind)
        if cur is None or m.value > cur.value:
            best[m.kind] = m
    return CasualtyCounts(
        killed=best["killed"].value if "killed" in best else None,
        wounded=best["wounded"].value if "wounded" in best else None,
        missing=best["missing"].value if "missing" in best else None,
        qualifiers={k: m.qualifier for k, m in best.items() if m.qualifier},
        evidence={k: [m.span] for k, m in best.items()},
    )
