"""Metrics of the worker process (``flashpoint_`` namespace, bounded labels)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from prometheus_client import CollectorRegistry

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

_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)


class WorkerMetrics(MetricSet):
    """The worker's metrics on an injectable registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        super().__init__(registry)
        self.items_consumed = self.counter(
            "flashpoint_worker_items_consumed", "Raw items consumed by the classify agent."
        )
        self.items_classified = self.counter(
            "flashpoint_items_classified",
            "Classified items by category (an item counts once per label; 'none' if unlabelled).",
            ["category"],
        )
        self.items_by_country = self.counter(
            "flashpoint_items_by_country",
            "Classified items with at least one label, by event country (ISO 3166 alpha-2).",
            ["country"],
        )
        self.items_by_language = self.counter(
            "flashpoint_items_by_language",
            "Classified items by the language detected in their text (ISO 639-1 from the "
            "detector's fixed set, else 'other') and whether a language pack read them.",
            ["language", "supported"],
        )
        self.unsupported_language = self.counter(
            "flashpoint_classify_unsupported_language",
            "Items in a language without a pack: not labelled (nothing could read them), by "
            "detected language (ISO 639-1 from the detector's fixed set, else 'other').",
            ["language"],
        )
        self.classify_truncated = self.counter(
            "flashpoint_classify_truncated",
            "Items longer than the classifier's input limit: only their start was classified.",
        )
        self.bad_items = self.counter(
            "flashpoint_worker_bad_items",
            "Records the worker could not process, by stage and reason; sent to the dead letters.",
            ["stage", "reason"],
            start=BAD_ITEM_REASONS,
        )
        self.classify_seconds = self.histogram(
            "flashpoint_classify_seconds",
            "Time to classify and extract one item.",
            buckets=(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 1),
        )
        self.classifier_restarts = self.counter(
            "flashpoint_classifier_process_restarts",
            "Times a classifier process died; its batch was classified in the worker itself.",
        )
        self.latency_classified = self.histogram(
            "flashpoint_latency_published_to_classified_seconds",
            "From item published (event time) to classified.",
            buckets=_LATENCY_BUCKETS,
        )
        self.latency_alert = self.histogram(
            "flashpoint_latency_published_to_alert_seconds",
            "From the newest item behind an alert (event time) to the alert published.",
            buckets=_LATENCY_BUCKETS,
        )
        self.time_to_alert = self.histogram(
            "flashpoint_time_to_alert",
            "Publication of the report that triggered an alert to the alert raised (detected_at "
            "- published), by how the report arrived (push: WebSub, poll). Reports whose date "
            "was estimated are left out.",
            ["mode"],
            unit="seconds",
            buckets=(0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200),
            start=("push", "poll"),
        )
        self.alerts_fired = self.counter(
            "flashpoint_alerts_fired",
            "Alerts published, by rule and severity.",
            ["rule", "severity", "status"],
        )
        self.rules_events = self.counter(
            "flashpoint_rules_events",
            "Rules engine events: item (processed), duplicate (item id seen before, dropped), "
            "unlabelled (no category, skipped), late (a window update past the grace period, "
            "dropped), suppressed (an alert held back by a cooldown).",
            ["event"],
            start=RULES_EVENTS,
        )
        self.open_incidents = self.gauge(
            "flashpoint_open_incidents", "Incidents currently open in this worker's partitions."
        )
        self.incidents_opened = self.counter(
            "flashpoint_incidents_opened",
            "Incidents opened, by category (an incident counts once per category it opens with).",
            ["category"],
        )
        self.casualties = self.counter(
            "flashpoint_casualties_reported",
            "Casualties by event country and kind (killed, wounded): the sum of the increases "
            "of each incident's running maximum, so syndicated reports do not inflate it.",
            ["country", "kind"],
        )
        self.place_incidents = self.gauge(
            "flashpoint_place_incidents",
            "Incidents seen at a place since start (top places only; lat/lon fixed per place).",
            ["country", "place", "lat", "lon"],
        )
        self.agent_idle = self.gauge(
            "flashpoint_worker_agent_seconds_since_progress",
            "Seconds since the agent last finished a batch (or woke from idle with a record).",
            ["agent"],
        )
        self.agent_waiting = self.gauge(
            "flashpoint_worker_agent_waiting_records",
            "Records waiting for the agent: those it holds (batch queue and current batch) or,"
            " if more, those of its assigned input past the group's committed offsets.",
            ["agent"],
        )
        self.agent_stalled = self.gauge(
            "flashpoint_worker_agent_stalled",
            "1 when records wait for the agent and no batch finished and no committed offset"
            " moved for health.stall_after.",
            ["agent"],
        )
        self.agent_failures = self.counter(
            "flashpoint_worker_agent_failures",
            "Times an agent died on an error of its batch handler (the worker then exits).",
            ["agent"],
        )
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
