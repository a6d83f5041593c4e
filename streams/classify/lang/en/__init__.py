"""English: the first pack, with its own implementation of every stage (the rule engine
tuned on the English evaluation sets, whose output the generic stages would change)."""

from __future__ import annotations

from streams.classify.document import Document
from streams.classify.lang import LanguagePack

__all__ = ["PACK"]


def _noop(doc: Document) -> None:
    return None


def _engine(doc: Document) -> None:
    from streams.classify.lang.en.engine import classify

    r = classify(doc.text, doc.title, tags=doc.tags)
    doc.labels, doc.scores, doc.evidence = r.labels, r.scores, r.evidence
    doc.casualties, doc.places, doc.weapons = r.casualties, r.places, r.weapons
    doc.attribution, doc.denial = r.attribution, r.denial


PACK = LanguagePack(
    code="en",
    name="English",
    stages={
        "sentences": _noop,
        "cues": _noop,
        "negation": _noop,
        "counts": _noop,
        "labels": _engine,
        "places": _noop,
    },
)
