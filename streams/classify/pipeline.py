"""The classifier as a pipeline of named stages over one :class:`Document`.

    language -> sentences -> cues -> negation and attribution -> counts -> labels and scores
    -> places

The language stage picks the pack; every later stage runs the pack's own implementation when
the pack declares one (``LanguagePack.stages``) and the generic, pack-driven one otherwise.
A language without a pack is reported (``language_supported`` False, a metric by language)
and gets no labels. docs/classification.md draws the stages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from types import MappingProxyType

from streams.classify.document import Document
from streams.classify.lang import STAGE_NAMES, get_pack, packs
from streams.classify.limits import MAX_CHARS
from streams.classify.model import Classification
from streams.classify.places_index import build_lazy_parts
from streams.classify.stages import counts, cues, labels, language, negation, places, sentences
from streams.classify.stages.language import detect_language, metric_label
from streams.models import LABELS

__all__ = ["GENERIC_STAGES", "classify", "run_stages", "warm_up"]

log = logging.getLogger(__name__)

_NO_TAGS: Mapping[str, str] = MappingProxyType({})

GENERIC_STAGES: dict[str, Callable[[Document], None]] = {
    "sentences": sentences.run,
    "cues": cues.run,
    "negation": negation.run,
    "counts": counts.run,
    "labels": labels.run,
    "places": places.run,
}
assert tuple(GENERIC_STAGES) == STAGE_NAMES


def run_stages(doc: Document) -> None:
    """Every stage after language, the pack's own where it has one."""
    pack = doc.pack
    assert pack is not None
    for stage in pack.stage_functions(GENERIC_STAGES):
        stage(doc)


def warm_up() -> None:
    """Load and build now what the classifier would otherwise build on its first item: the
    packs, the language model, and what each pack's stages build on their first run (a
    language's place index takes 0.2 to 0.7 s and some 50,000 objects; the towns and villages
    lists are read on first need; the index of places under another spelling, 0.3 to 0.7 s, on
    the first name the gazetteer lacks in a place's frame). A worker calls this before its first
    batch, so that no batch waits for it."""
    from streams.classify._gazetteer import get_gazetteer
    from streams.classify._gazetteer_spelling import get_respellings
    from streams.classify._gazetteer_towns import get_towns
    from streams.classify._gazetteer_villages import villages

    get_gazetteer()
    get_towns()
    villages()
    get_respellings()
    language.warm_up()
    for pack in packs().values():
        doc = Document("", hint=pack.code)
        doc.language = pack.code
        doc.pack = pack
        run_stages(doc)
    build_lazy_parts()


def classify(
    text: str,
    title: str | None = None,
    *,
    tags: Mapping[str, str] | None = None,
    language: str | None = None,
) -> Classification:
    """Classify one item (pure, synchronous, thread-safe).

    ``text`` is the body, ``title`` the headline if separate; ``tags`` are feed tags, of which
    ``country`` (ISO2) is a hint to pick between same-named places and ``lang`` the feed's
    declared language; ``language`` overrides that hint. Only the first ``MAX_CHARS``
    characters of ``text`` are read (``truncated`` says when it was cut).
    """
    if not text:
        text = ""
    truncated = len(text) > MAX_CHARS
    if truncated:
        log.info("classify input cut chars=%d of=%d", MAX_CHARS, len(text))
        text = text[:MAX_CHARS]
    hint = language or (tags.get("lang") if tags else None) or None
    if hint:  # a BCP 47 tag ("pt-BR"): its primary language subtag
        hint = hint.split("-", 1)[0].lower()
    det = detect_language(text, title, hint)
    doc = Document(text, title, tags or _NO_TAGS, hint, truncated)
    doc.language = det.language
    doc.confidence = det.confidence
    doc.pack = get_pack(det.language)
    if doc.pack is None:  # no pack can read it: nothing labelled, every score 0
        doc.language = metric_label(det.language)
        doc.scores = {label: 0.0 for label in LABELS}
    else:
        run_stages(doc)
    return Classification(
        labels=doc.labels,
        scores=doc.scores,
        casualties=doc.casualties,
        places=doc.places,
        weapons=doc.weapons,
        attribution=doc.attribution,
        denial=doc.denial,
        evidence=doc.evidence,
        language=doc.language,
        language_supported=doc.pack is not None,
        truncated=truncated,
    )
