"""What a rule's window keeps, and its value (used by :mod:`streams.engine`).

A window record holds only what its rule's aggregate needs (short item hashes for ``count``,
sources, incident ids, or a maximum), capped at ``MAX_WINDOW_ITEMS`` entries, so that the
records rewritten to the changelog stay small.
"""

from __future__ import annotations

from typing import Any

from alerts.rules import Rule
from streams.incidents import short_id
from streams.models import ClassifiedItem

MAX_WINDOW_ITEMS = 5000


def fold_into_window(
    agg: str, win: dict[str, Any], ci: ClassifiedItem, inc: dict[str, Any]
) -> None:
    """Fold the item into the window, keeping only what the rule's aggregate needs.

    Item ids (as short hashes) serve only ``count``, sources ``distinct_sources``, incidents
    ``distinct_incidents``; a maximum needs none of them. So an item that does not move the
    window's aggregate leaves the record unchanged, and the engine does not rewrite it. Lists
    of a window written under another aggregate (an edited rule) are kept as they are.
    """
    if agg == "count":
        sid = short_id(ci.item.id)
        items = win.get("items") or []
        if sid not in items:
            if len(items) < MAX_WINDOW_ITEMS:
                win["items"] = [*items, sid]
            else:
                win["overflow"] = win.get("overflow", 0) + 1
    elif agg == "distinct_sources":
        sources = win.get("sources") or []
        new = [s for s in dict.fromkeys((ci.item.feed, *ci.item.sources)) if s not in sources]
        if new:
            win["sources"] = [*sources, *new][: max(len(sources), MAX_WINDOW_ITEMS)]
    elif agg == "distinct_incidents":
        incidents = win.get("incidents") or []
        if inc["id"] not in incidents:
            win["incidents"] = [*incidents, inc["id"]]
    else:
        k = "max_killed" if agg == "max_killed" else "max_wounded"
        v = inc.get("killed") if agg == "max_killed" else inc.get("wounded")
        if v is not None and (win.get(k) is None or v > win[k]):
            win[k] = v


def window_value(rule: Rule, win: dict[str, Any]) -> float:
    """The window's value under the rule's aggregate, compared with its threshold."""
    agg = rule.aggregate
    if agg == "count":
        return float(len(win.get("items") or ()) + win.get("overflow", 0))
    if agg == "distinct_sources":
        return float(len(win.get("sources") or ()))
    if agg == "distinct_incidents":
        return float(len(win.get("incidents") or ()))
    if agg == "max_killed":
        return float(win.get("max_killed") or 0)
    return float(win.get("max_wounded") or 0)
