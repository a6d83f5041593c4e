"""The classifier and extractor: a pure, synchronous library (no Kafka).

``classify(text, title, tags=...)`` labels an item (strike, casualty, denial, diplomatic; any
combination) and extracts casualty counts, places with coordinates, weapons, attribution, the
denial's actor and claim, and the evidence sentences for each label.
``classify_item(item)`` does the same for a :class:`producers.items.Item` and returns the
:class:`streams.models.ClassifiedItem` the stream publishes.

It may import the standard library, its own data and packages, the item schemas
(``producers.items``, ``streams.models``) and ``flashpoint.core``; never Faust, Kafka clients,
the alerts stage or the worker's agents (the ``classifier-pure`` import contract in
pyproject.toml checks it).
"""

from __future__ import annotations

from producers.items import Item
from streams.classify.model import CasualtyCounts, Classification, DenialInfo, PlaceMention
from streams.classify.pipeline import classify
from streams.models import Casualties, ClassifiedItem, Denial, Place

__all__ = [
    "CasualtyCounts",
    "Classification",
    "DenialInfo",
    "PlaceMention",
    "classify",
    "classify_item",
    "to_classified_item",
]


def to_classified_item(item: Item, result: Classification) -> ClassifiedItem:
    """Wrap ``item`` with a classification in the stream's schema."""
    return ClassifiedItem(
        item=item,
        labels=result.labels,
        scores=dict(result.scores),
        casualties=Casualties(
            killed=result.casualties.killed,
            wounded=result.casualties.wounded,
            missing=result.casualties.missing,
        ),
        places=tuple(
            Place(name=p.name, country=p.country, lat=p.lat, lon=p.lon, role=p.role)
            for p in result.places
        ),
        weapons=result.weapons,
        attribution=result.attribution,
        denial=Denial(actor=result.denial.actor, claim=result.denial.claim)
        if result.denial
        else None,
        evidence={k: list(v) for k, v in result.evidence.items()},
        language=result.language,
        language_supported=result.language_supported,
        truncated=result.truncated,
    )


def classify_item(item: Item) -> ClassifiedItem:
    """Classify a feed item: its title and text, with its feed tags and declared language
    (a BCP 47 tag) as hints."""
    return to_classified_item(
        item, classify(item.text, item.title or None, tags=item.tags, language=item.language)
    )
