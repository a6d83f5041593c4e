"""The classifier's result type and its JSON contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from streams.models import LABELS

__all__ = ["CasualtyCounts", "Classification", "DenialInfo", "PlaceMention", "place_mentions"]


@dataclass(slots=True, frozen=True)
class CasualtyCounts:
    """Counts of people (ints or ``None`` when not stated or vague).

    ``qualifiers`` maps a kind ("killed", "wounded", "missing") to the qualifier written with
    the chosen figure ("at least", "more than", "about", "nearly", "up to"); ``evidence`` maps a
    kind to the sentences the figures came from.
    """

    killed: int | None = None
    wounded: int | None = None
    missing: int | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class PlaceMention:
    name: str  # as written in the text
    country: str | None  # ISO 3166 alpha-2
    lat: float | None
    lon: float | None
    role: Literal["event", "mentioned"] = "mentioned"
    resolved: str | None = None  # the gazetteer's name, when it differs from ``name``


class _Place(Protocol):
    """What a gazetteer entry gives a mention (``_gazetteer.Entry``)."""

    @property
    def name(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


def place_mentions(
    event: tuple[str, _Place] | None, others: Iterable[tuple[str, _Place]], most: int
) -> tuple[PlaceMention, ...]:
    """The place mentions of an item, its event place first: one per gazetteer place (the
    first spelling found wins), at most ``most``. Pairs are (name as written, entry); every
    language's place stage ends here, so the output reads the same whoever found the names."""
    out: list[PlaceMention] = []
    seen: set[tuple[str, str]] = set()
    for i, (written, e) in enumerate(([event] if event else []) + list(others)):
        if (e.name, e.country) in seen:
            continue
        seen.add((e.name, e.country))
        out.append(
            PlaceMention(
                name=written,
                country=e.country,
                lat=round(e.lat, 4),
                lon=round(e.lon, 4),
                role="event" if event is not None and i == 0 else "mentioned",
                resolved=e.name if e.name != written else None,
            )
        )
        if len(out) >= most:
            break
    return tuple(out)


@dataclass(slots=True, frozen=True)
class DenialInfo:
    actor: str | None
    claim: str | None
    sentence: str


@dataclass(slots=True, frozen=True)
class Classification:
    """What :func:`streams.classify.classify` returns. ``labels`` keep the order of ``LABELS``."""

    labels: tuple[str, ...]
    scores: dict[str, float]
    casualties: CasualtyCounts
    places: tuple[PlaceMention, ...]
    weapons: tuple[str, ...]
    attribution: str | None
    denial: DenialInfo | None
    evidence: dict[str, list[str]]
    language: str = "en"  # detected (ISO 639-1, or "other")
    language_supported: bool = True  # False: no pack for ``language``, nothing was labelled
    truncated: bool = False  # only the first ``limits.MAX_CHARS`` characters were read

    @property
    def event_place(self) -> PlaceMention | None:
        for p in self.places:
            if p.role == "event":
                return p
        return None

    def to_contract(self, item_id: Any) -> dict[str, Any]:
        """The classification contract of this result (``to_output`` adds the language)."""
        return {
            "id": item_id,
            "labels": list(self.labels),
            "scores": {label: round(self.scores.get(label, 0.0), 3) for label in LABELS},
            "casualties": {"killed": self.casualties.killed, "wounded": self.casualties.wounded},
            "places": [
                {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon, "role": p.role}
                for p in self.places
            ],
            "evidence": {label: list(self.evidence.get(label, [])) for label in self.labels},
        }

    def to_output(self, item_id: Any) -> dict[str, Any]:
        """The ``flashpoint classify`` output line: the contract, the detected ``language``
        and ``language_supported`` (False: no pack, nothing labelled), and ``truncated``
        when only the first ``limits.MAX_CHARS`` characters were read."""
        out = self.to_contract(item_id)
        out["language"] = self.language
        out["language_supported"] = self.language_supported
        if self.truncated:
            out["truncated"] = True
        return out
