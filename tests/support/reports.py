"""Classified reports of a casualty toll, and the rules the tests give the engine.

The unit tests of the rules agent and of ``flashpoint backtest``, the worker-restart test and
the Alertmanager test all feed the engine the same kind of record: a strike with a death toll
at one place. One factory makes it, so a change of the classified-item schema is made here;
:func:`rule` writes a rule as the rules file does, so a change of that schema is made here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from alerts.schema import IncidentSummary
from producers.items import Item
from streams.models import Casualties, ClassifiedItem, Denial, Label, Place

__all__ = [
    "GANJA",
    "PLACES",
    "T0",
    "TOLL_RULE",
    "ganja_incident",
    "place_of",
    "report",
    "rule",
    "toll_report",
]

GANJA = Place(name="Ganja", country="AZ", lat=40.68, lon=46.36, role="event")

# The engine tests' clock and gazetteer: (country, lat, lon) of the places their reports name.
T0 = datetime(2020, 10, 11, 0, 0, tzinfo=UTC)
PLACES = {
    "Ganja": ("AZ", 40.6828, 46.3606),
    "Goygol": ("AZ", 40.5856, 46.3189),
    "Stepanakert": ("AZ", 39.8153, 46.7519),
    "Yerevan": ("AM", 40.1792, 44.4991),
}


def place_of(name: str, role: str = "event") -> Place:
    """The :class:`Place` of ``name`` (a key of :data:`PLACES`) in the ``role`` given."""
    country, lat, lon = PLACES[name]
    return Place(name=name, country=country, lat=lat, lon=lon, role=role)


def numbered_title(n: int | str, place: str | None) -> str:
    return f"Report {n}"


def distinct_text(n: int | str, place: str | None) -> str:
    """A text of its own for report ``n``: no two fold as copies of one wire story."""
    return f"Distinct report {n} with its own words {n * 7}"


def report(
    n: int | str,
    minutes: float,
    labels: tuple[str, ...] = ("strike",),
    place: str | None = "Ganja",
    *,
    title: str | None = None,
    text: str | None = None,
    titled: Callable[[int | str, str | None], str] = numbered_title,
    worded: Callable[[int | str, str | None], str] = distinct_text,
    killed: int | None = None,
    wounded: int | None = None,
    feed: str = "f1",
    language: str | None = None,
    tags: dict[str, str] | None = None,
    denial: Denial | None = None,
    attribution: str | None = None,
    mentioned: tuple[str, ...] = (),
) -> ClassifiedItem:
    """Report ``n`` of feed ``feed``, published ``minutes`` after :data:`T0`, at ``place`` (a
    key of :data:`PLACES`, or None), naming the ``mentioned`` places too. Without a title or a
    text, ``titled`` and ``worded`` write them from ``n`` and ``place``."""
    published = T0 + timedelta(minutes=minutes)
    places = [place_of(place)] if place is not None else []
    places += [place_of(m, "mentioned") for m in mentioned]
    labelled: tuple[Label, ...] = labels  # type: ignore[assignment]
    return ClassifiedItem(
        item=Item(
            id=f"item-{n}",
            feed=feed,
            sources=(feed,),
            url=f"https://example.org/{n}",
            title=title or titled(n, place),
            text=text if text is not None else worded(n, place),
            published=published,
            fetched_at=published,
            language=language,
            tags=tags or {},
        ),
        labels=labelled,
        casualties=Casualties(killed=killed, wounded=wounded),
        places=tuple(places),
        denial=denial,
        attribution=attribution,
    )


def ganja_incident(incident_id: str, **fields: Any) -> IncidentSummary:
    """The summary of an incident at Ganja with 12 killed, as an alert carries it; ``fields``
    adds or changes the rest (wounded, headlines, sources...)."""
    values: dict[str, Any] = {"place": GANJA.name, "country": GANJA.country, "killed": 12}
    values.update(lat=GANJA.lat, lon=GANJA.lon, **fields)
    return IncidentSummary(id=incident_id, **values)


def rule(
    name: str,
    aggregate: str,
    thresholds: Mapping[str, int],
    *,
    categories: Sequence[str] = (),
    group_by: Sequence[str] = (),
    size: str = "1d",
    **extra: Any,
) -> dict[str, Any]:
    """A rule as the rules file writes it: ``thresholds`` maps severity to the value it fires
    at (in order), ``size`` is a tumbling window's (``window=`` overrides it), ``extra`` adds
    the other keys (cooldown, grace, channels...)."""
    out: dict[str, Any] = {"name": name}
    if categories:
        out["when"] = {"categories": list(categories)}
    out["window"] = {"type": "tumbling", "size": size}
    out["aggregate"] = aggregate
    if group_by:
        out["group_by"] = list(group_by)
    out["thresholds"] = [{"at": at, "severity": sev} for sev, at in thresholds.items()]
    return {**out, **extra}


# Fires a warning at 10 killed and a critical at 50, per incident, in a one-day window.
TOLL_RULE = rule(
    "toll",
    "max_killed",
    {"warning": 10, "critical": 50},
    categories=["casualty"],
    group_by=["incident"],
)


def toll_report(
    item_id: str,
    published: datetime,
    killed: int,
    *,
    place: Place = GANJA,
    feed: str = "f1",
    title: str | None = None,
    **item: Any,
) -> ClassifiedItem:
    """A strike report with ``killed`` dead at ``place``, published (and fetched) at
    ``published``; ``item`` sets further fields of the :class:`Item` (text, sources, url)."""
    item.setdefault("url", f"https://example.org/{item_id}")
    return ClassifiedItem(
        item=Item(
            id=item_id,
            feed=feed,
            title=title if title is not None else f"Toll {killed}",
            published=published,
            fetched_at=published,
            **item,
        ),
        labels=("strike", "casualty"),
        casualties=Casualties(killed=killed),
        places=(place,),
    )
