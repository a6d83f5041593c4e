"""Classified reports of a casualty toll, and the rules the tests give the engine.

The unit tests of the rules agent and of ``flashpoint backtest``, the worker-restart test and
the Alertmanager test all feed the engine the same kind of record: a strike with a death toll
at one place. One factory makes it, so a change of the classified-item schema is made here;
:func:`rule` writes a rule as the rules file does, so a change of that schema is made here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from alerts.schema import IncidentSummary
from producers.items import Item
from streams.models import Casualties, ClassifiedItem, Place

__all__ = ["GANJA", "TOLL_RULE", "ganja_incident", "rule", "toll_report"]

GANJA = Place(name="Ganja", country="AZ", lat=40.68, lon=46.36, role="event")


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
