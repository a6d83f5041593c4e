"""The classified-item schema: what the classify agent publishes to ``flashpoint.items.classified``.

It wraps the producer's :class:`producers.items.Item` (imports follow the data flow) with the
classifier's output. ``key`` is the partition key: the country of the event's place (ISO 3166
alpha-2) or ``"ZZ"`` when unknown, so that every report a rule or an incident needs to see
together lands on one partition.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, get_args

import orjson
from pydantic import BaseModel, ConfigDict, Field

from producers.items import Item

__all__ = [
    "LABELS",
    "UNKNOWN_COUNTRY",
    "Casualties",
    "ClassifiedItem",
    "Denial",
    "Label",
    "Place",
]

Label = Literal["strike", "casualty", "denial", "diplomatic"]
LABELS: tuple[Label, ...] = get_args(Label)
UNKNOWN_COUNTRY = "ZZ"


class Place(BaseModel):
    """A resolved place. ``role`` is ``"event"`` where the event happened, else ``"mentioned"``."""

    model_config = ConfigDict(frozen=True)

    name: str
    country: str | None = None  # ISO 3166 alpha-2
    lat: float | None = None
    lon: float | None = None
    role: Literal["event", "mentioned"] = "mentioned"


class Casualties(BaseModel):
    """Counts of people, per mission.md: "at least 6" -> 6, groups add up, "dozens" -> None."""

    model_config = ConfigDict(frozen=True)

    killed: int | None = None
    wounded: int | None = None
    missing: int | None = None


class Denial(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: str | None = None
    claim: str | None = None


class ClassifiedItem(BaseModel):
    """An item with its labels and extractions."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    item: Item
    labels: tuple[Label, ...] = ()
    scores: dict[str, float] = Field(default_factory=dict)
    casualties: Casualties = Casualties()
    places: tuple[Place, ...] = ()
    weapons: tuple[str, ...] = ()
    attribution: str | None = None
    denial: Denial | None = None
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    # The language the classifier read the item in (detected from the text, ISO 639-1 or
    # "other"), and whether it has a language pack: False means the item was not labelled
    # because nothing could read it, never that it is about nothing. None: classified before
    # languages were detected.
    language: str | None = None
    language_supported: bool = True
    truncated: bool = False  # only the first part of a huge text was classified
    classified_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    # The MinHash sketch of title and text (streams.incidents.item_sketch), computed where the
    # item is classified so that incident folding need not: () for a text too short to sketch,
    # None when not computed (folding then computes it).
    minhash: tuple[int, ...] | None = None

    @property
    def event_place(self) -> Place | None:
        for p in self.places:
            if p.role == "event":
                return p
        return self.places[0] if self.places else None

    @property
    def key(self) -> str:
        """Partition key: the event's country, or ``UNKNOWN_COUNTRY``."""
        place = self.event_place
        if place is not None and place.country:
            return place.country
        return self.item.tags.get("country", UNKNOWN_COUNTRY) or UNKNOWN_COUNTRY

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_json(cls, data: bytes | str) -> ClassifiedItem:
        return cls.model_validate(orjson.loads(data))
