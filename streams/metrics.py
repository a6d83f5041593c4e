"""Metrics of the worker process (``flashpoint_`` namespace, bounded labels)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from flashpoint.core.metrics import MetricSet

__all__ = ["BAD_ITEM_REASONS", "RULES_EVENTS", "WorkerMetrics"]

# The (stage, reason) pairs of items sent to the dead letters (streams.deadletter callers)
# and the rules engine's events: their counters start at 0 so dashboards show 0, not "No data".
BAD_ITEM_REASONS = (
    ("classify", "invalid_item"),
    ("classify", "classifier_error"),
    ("rules", "invalid_classified"),
    ("rules", "engine_error"),
)
RULES_EVENTS = ("item", "duplicate", "unlabelled", "late", "suppressed")

# Bounds that keep incident metrics' label sets small: the places on the map, and the incidents
# whose last casualty maxima are remembered (to count only increases of a running maximum).
_MAX_PLACES = 50
_MAX_TRACKED_PLACES = 2_000
_MAX_TRACKED_INCIDENTS = 10_000

_TABLE = Path(__file__).with_name("metrics.toml")


class WorkerMetrics(MetricSet):
    """The worker's metrics (declared in metrics.toml) on an injectable registry."""

    items_consumed: Counter
    items_classified: Counter
    items_by_country: Counter
    items_by_language: Counter
    unsupported_language: Counter
    classify_truncated: Counter
    bad_items: Counter
    classify_seconds: Histogram
    classifier_restarts: Counter
    latency_classified: Histogram
    latency_alert: Histogram
    time_to_alert: Histogram
    alerts_fired: Counter
    rules_events: Counter
    open_incidents: Gauge
    incidents_opened: Counter
    casualties: Counter
    place_incidents: Gauge
    agent_idle: Gauge
    agent_waiting: Gauge
    agent_stalled: Gauge
    agent_failures: Counter

    def __init__(self, registry: CollectorRegistry) -> None:
        super().__init__(registry)
        self.declare(_TABLE, BAD_ITEM_REASONS=BAD_ITEM_REASONS, RULES_EVENTS=RULES_EVENTS)
        self._maxima: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._places: dict[tuple[str, str, str, str], int] = {}
        self._shown: set[tuple[str, str, str, str]] = set()

    def observe_incident(self, incident: Mapping[str, Any], *, created: bool) -> None:
        """Update the incident metrics after a report folded into ``incident``.

        ``incident`` is an incident record (``id``, ``categories``, ``country``, ``place``,
        ``lat``, ``lon``, ``killed``, ``wounded``). Casualties count only the rise of the
        incident's maxima since the last call; maxima of at most ``_MAX_TRACKED_INCIDENTS``
        incidents are remembered (an older one counts from zero again). The place gauge keeps the
        ``_MAX_PLACES`` places with most incidents.
        """
        country = str(incident.get("country") or "ZZ")
        if created:
            for category in incident.get("categories", ()):
                self.incidents_opened.labels(category=str(category)).inc()
        inc_id = str(incident.get("id", ""))
        killed = int(incident.get("killed") or 0)
        wounded = int(incident.get("wounded") or 0)
        old_killed, old_wounded = self._maxima.pop(inc_id, (0, 0))
        self._maxima[inc_id] = (max(killed, old_killed), max(wounded, old_wounded))
        while len(self._maxima) > _MAX_TRACKED_INCIDENTS:
            self._maxima.popitem(last=False)
        if killed > old_killed:
            self.casualties.labels(country=country, kind="killed").inc(killed - old_killed)
        if wounded > old_wounded:
            self.casualties.labels(country=country, kind="wounded").inc(wounded - old_wounded)
        place, lat, lon = incident.get("place"), incident.get("lat"), incident.get("lon")
        if created and place and lat is not None and lon is not None:
            self._count_place((country, str(place), f"{float(lat):.3f}", f"{float(lon):.3f}"))

    def _count_place(self, key: tuple[str, str, str, str]) -> None:
        # Counts are kept for up to _MAX_TRACKED_PLACES places; only the top _MAX_PLACES are
        # exported, a place entering once its count exceeds the weakest one shown.
        count = self._places.get(key, 0) + 1
        if key not in self._places and len(self._places) >= _MAX_TRACKED_PLACES:
            return
        self._places[key] = count
        if key not in self._shown and len(self._shown) >= _MAX_PLACES:
            weakest = min(self._shown, key=self._places.__getitem__)
            if self._places[weakest] >= count:
                return
            self._shown.discard(weakest)
            self.place_incidents.remove(*weakest)
        self._shown.add(key)
        self.place_incidents.labels(*key).set(count)
