"""Classified reports of a casualty toll, and the ``toll`` rule, for the rules tests.

The unit tests of the rules agent and of ``flashpoint backtest``, the worker-restart test and
the Alertmanager test all feed the engine the same kind of record: a strike with a death toll
at one place. One factory makes it, so a change of the classified-item schema is made here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from producers.items import Item
from streams.models import Casualties, ClassifiedItem, Place

__all__ = ["GANJA", "TOLL_RULE", "toll_report"]

GANJA = Place(name="Ganja", country="AZ", lat=40.68, lon=46.36, role="event")

# Fires a warning at 10 killed and a critical at 50, per incident, in a one-day window.
TOLL_RULE: dict[str, Any] = {
    "name": "toll",
    "when": {"categories": ["casualty"]},
    "window": {"type": "tumbling", "size": "1d"},
    "aggregate": "max_killed",
    "group_by": ["incident"],
    "thresholds": [{"at": 10, "severity": "warning"}, {"at": 50, "severity": "critical"}],
}


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
