"""The document the classifier's stages pass along: input, then each stage's findings.

Stages (streams/classify/pipeline.py) read and fill one :class:`Document` in order:
language -> sentences -> cues -> negation and attribution -> counts -> labels and scores ->
places. Fields each stage fills are documented there; ``extra`` holds a pack's private state
between its own stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from streams.classify.lang import LanguagePack
from streams.classify.model import CasualtyCounts, DenialInfo, PlaceMention

__all__ = ["CountMention", "Document", "Sent"]

_NO_COUNTS = CasualtyCounts()  # shared: frozen, and nothing writes to its dicts


@dataclass(slots=True)
class Sent:
    """A sentence of the generic stages: ``fold`` is what patterns match (``pack.fold``)."""

    text: str
    fold: str
    index: int
    headline: bool = False
    boiler: bool = False
    history: bool = False


@dataclass(slots=True, frozen=True)
class CountMention:
    """A figure of people: ``kind`` killed/wounded/missing, ``value``, the qualifier written
    with it (in English: "at least"), and the sentence it came from."""

    kind: str
    value: int
    qualifier: str | None
    span: str


@dataclass(slots=True)
class Document:
    # input
    text: str
    title: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    hint: str | None = None  # the feed's declared language
    truncated: bool = False  # the text was cut to the classifier's input limit
    # language stage
    language: str = ""
    confidence: float = 0.0
    pack: LanguagePack | None = None
    # sentences stage: the pack's sentence objects (``Sent`` for the generic stages)
    sentences: list[Any] = field(default_factory=list)
    # cues stage: per sentence, label -> the matched cues as (start, end, weight) in ``fold``
    cues: list[dict[str, list[tuple[int, int, float]]]] = field(default_factory=list)
    # negation stage: per sentence, the folded text with absences blanked (generic stages)
    unnegated: list[str] = field(default_factory=list)
    # counts stage: per sentence, the figures read there
    counts: list[list[CountMention]] = field(default_factory=list)
    # labels stage
    labels: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    casualties: CasualtyCounts = _NO_COUNTS
    weapons: tuple[str, ...] = ()
    attribution: str | None = None
    denial: DenialInfo | None = None
    # places stage
    places: tuple[PlaceMention, ...] = ()
    # a pack's own state between its stages
    extra: dict[str, Any] = field(default_factory=dict)
