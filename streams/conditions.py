"""Whether a classified item, or an incident, meets a rule's ``when`` conditions.

Pure functions over :class:`alerts.rules.Conditions`, used by :mod:`streams.engine`.
"""

from __future__ import annotations

from typing import Any

from alerts.rules import Conditions
from streams.incidents import haversine_km, normalise_place
from streams.models import ClassifiedItem

__all__ = ["matches", "matches_incident"]


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def matches(cond: Conditions, ci: ClassifiedItem, inc: dict[str, Any] | None) -> bool:
    """Whether an item (with its incident, for the running casualty maxima) meets ``cond``."""
    labels = set(ci.labels)
    if cond.min_score is not None:  # a category counts only at or above the minimum score
        labels = {label for label in labels if ci.scores.get(label, 0.0) >= cond.min_score}
    if cond.categories:
        wanted = set(cond.categories)
        if cond.all_categories and not wanted <= labels:
            return False
        if not cond.all_categories and not wanted & labels:
            return False
    killed = ci.casualties.killed
    wounded = ci.casualties.wounded
    if inc is not None:
        killed = _max(killed, inc.get("killed"))
        wounded = _max(wounded, inc.get("wounded"))
    if cond.killed_at_least is not None and (killed is None or killed < cond.killed_at_least):
        return False
    if cond.wounded_at_least is not None and (wounded is None or wounded < cond.wounded_at_least):
        return False
    place = ci.event_place
    if cond.countries:
        countries = {c.upper() for c in cond.countries}
        have = {ci.key.upper()} | {p.country.upper() for p in ci.places if p.country}
        if not countries & have:
            return False
    if cond.places:
        wanted_p = {normalise_place(p) for p in cond.places}
        have_p = {normalise_place(p.name) for p in ci.places}
        if inc is not None and inc.get("place_norm"):
            have_p.add(inc["place_norm"])
        if not wanted_p & have_p:
            return False
    if cond.geofence is not None:
        lat = place.lat if place is not None else None
        lon = place.lon if place is not None else None
        if (lat is None or lon is None) and inc is not None:
            lat, lon = inc.get("lat"), inc.get("lon")
        if lat is None or lon is None:
            return False
        g = cond.geofence
        if haversine_km(lat, lon, g.lat, g.lon) > g.radius_km:
            return False
    if cond.feeds and not set(cond.feeds) & {ci.item.feed, *ci.item.sources}:
        return False
    for k, v in cond.source_tags.items():
        if ci.item.tags.get(k) != v:
            return False
    if cond.languages:
        lang = (ci.item.language or "").lower().split("-")[0]
        if lang not in {x.lower().split("-")[0] for x in cond.languages}:
            return False
    return True


def matches_incident(cond: Conditions, inc: dict[str, Any]) -> bool:
    """Place conditions checked against the incident alone (for the contested rule)."""
    if cond.countries and (inc.get("country") or "").upper() not in {
        c.upper() for c in cond.countries
    }:
        return False
    if cond.places and inc.get("place_norm") not in {normalise_place(p) for p in cond.places}:
        return False
    if cond.geofence is not None:
        if inc.get("lat") is None or inc.get("lon") is None:
            return False
        g = cond.geofence
        if haversine_km(inc["lat"], inc["lon"], g.lat, g.lon) > g.radius_km:
            return False
    return True
