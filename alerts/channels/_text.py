"""Plain-text pieces shared by the channels (subject lines, place labels)."""

from __future__ import annotations

import re

from alerts.schema import Alert

__all__ = ["one_line", "place_label", "subject_line"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: str, limit: int = 200) -> str:
    """Control characters and newlines become spaces; cut to ``limit`` characters."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def place_label(alert: Alert) -> str:
    """``"Ganja, AZ"``, ``"AZ"`` or ``""`` when the alert has no place."""
    inc = alert.incident
    if inc is None:
        return ""
    parts = [p for p in (inc.place, inc.country) if p]
    return ", ".join(parts)


def subject_line(alert: Alert) -> str:
    """``[CRITICAL] rule-name: Ganja, AZ: title`` on one line (feed text is flattened)."""
    head = f"[{alert.severity.upper()}]"
    if alert.status != "firing":
        head += f" [{alert.status.upper()}]"
    parts = [alert.rule]
    place = place_label(alert)
    if place:
        parts.append(place)
    if alert.title:
        parts.append(alert.title)
    return one_line(f"{head} " + ": ".join(parts), 250)
