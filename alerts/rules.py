"""Rule definitions: the schema of ``rules.yaml``, validated at start-up.

A rules file holds ``defaults``, an ``incidents`` section (how reports fold into incidents) and a
list of ``rules``. Two rule types exist:

- ``threshold``: conditions select items; an aggregation over a tumbling or hopping window per
  group key is compared with severity steps (``thresholds``), with cooldown, escalation and
  resolution.
- ``contested``: a strike incident followed, within ``within``, by a denial about the same place
  or actor.

Errors name the file, the rule and the field (:class:`flashpoint.core.errors.ConfigError`).
Durations are seconds (int) or strings such as ``"90s"``, ``"10m"``, ``"6h"``, ``"2d"``, ``"1w"``,
``"500ms"``: :mod:`flashpoint.core.durations`, the parser feeds.yaml and the silences API use too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from alerts.schema import LABEL_NAME, LABEL_VALUE_MAX, RESERVED_LABELS, Severity, severity_rank
from flashpoint.core.configfile import load_yaml
from flashpoint.core.durations import Duration, parse_duration
from flashpoint.core.errors import ConfigError

__all__ = [
    "AGGREGATIONS",
    "GROUP_FIELDS",
    "Aggregation",
    "Conditions",
    "Geofence",
    "IncidentSettings",
    "Rule",
    "RuleSet",
    "SeverityStep",
    "Window",
    "load_rules",
    "parse_duration",
    "parse_rules",
]

Aggregation = Literal[
    "count", "distinct_sources", "distinct_incidents", "max_killed", "max_wounded"
]
AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)
GroupField = Literal["country", "place", "incident", "feed"]
GROUP_FIELDS: tuple[str, ...] = get_args(GroupField)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Geofence(_Model):
    """Within ``radius_km`` (great-circle) of ``lat``/``lon``."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=20_000)
    name: str | None = None


class Conditions(_Model):
    """What an item must match (all given conditions hold; lists mean any of)."""

    categories: tuple[Literal["strike", "casualty", "denial", "diplomatic"], ...] = ()
    all_categories: bool = Field(
        default=False, description="require every listed category, not any"
    )
    min_score: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="a listed category counts only when its score (a calibrated probability)"
        " is at least this",
    )
    killed_at_least: int | None = Field(default=None, ge=0)
    wounded_at_least: int | None = Field(default=None, ge=0)
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    geofence: Geofence | None = None
    feeds: tuple[str, ...] = ()
    source_tags: dict[str, str] = Field(default_factory=dict)
    languages: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _norm(self) -> Conditions:
        if self.min_score is not None and not self.categories:
            raise ValueError("min_score needs categories: it is the score of a listed category")
        for c in self.countries:
            if not re.fullmatch(r"[A-Za-z]{2}", c):
                raise ValueError(f"country {c!r} is not an ISO 3166 alpha-2 code")
        return self


class Window(_Model):
    """Tumbling (``advance`` equals ``size``) or hopping (``advance`` below ``size``)."""

    type: Literal["tumbling", "hopping"] = "tumbling"
    size: Duration = Field(description="window length, seconds")
    advance: Duration | None = Field(default=None, description="hop, seconds (hopping only)")

    @model_validator(mode="after")
    def _check(self) -> Window:
        if self.size <= 0:
            raise ValueError("size must be positive")
        if self.type == "hopping":
            if self.advance is None:
                raise ValueError("a hopping window needs 'advance'")
            if not 0 < self.advance <= self.size:
                raise ValueError("advance must be positive and at most size")
            if (self.size / self.advance) > 48:
                raise ValueError("size/advance above 48 keeps too many windows per item")
        elif self.advance is not None and self.advance != self.size:
            raise ValueError("a tumbling window has no 'advance' (or advance == size)")
        return self

    @property
    def hop(self) -> float:
        return self.advance if self.advance is not None else self.size


class SeverityStep(_Model):
    """Fire at ``severity`` when the aggregate is at least ``at``."""

    at: float = Field(ge=0)
    severity: Severity = "warning"


class Rule(_Model):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")
    description: str = ""
    type: Literal["threshold", "contested"] = "threshold"
    enabled: bool = True
    when: Conditions = Conditions()
    window: Window | None = None
    aggregate: Aggregation = "count"
    group_by: tuple[GroupField, ...] = ()
    thresholds: tuple[SeverityStep, ...] = ()
    cooldown: Duration = 3600.0
    resolve_after: Duration | None = Field(
        default=None, description="emit 'resolved' after this long with no window at threshold"
    )
    within: Duration = Field(
        default=6 * 3600.0, description="contested: longest strike-to-denial gap, seconds"
    )
    severity: Severity = Field(default="warning", description="contested: the alert severity")
    time: Literal["event", "processing"] = "event"
    grace: Duration = 600.0
    channels: tuple[str, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)
    burst: bool = Field(
        default=False,
        description="firing/escalated alerts make the producer burst-poll the incident's feeds",
    )

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if self.type == "threshold":
            if self.window is None:
                raise ValueError("a threshold rule needs a 'window'")
            if not self.thresholds:
                raise ValueError("a threshold rule needs at least one entry in 'thresholds'")
            ats = [s.at for s in self.thresholds]
            ranks = [severity_rank(s.severity) for s in self.thresholds]
            if ats != sorted(ats) or len(set(ats)) != len(ats):
                raise ValueError("'thresholds' must be in strictly increasing order of 'at'")
            if ranks != sorted(ranks) or len(set(ranks)) != len(ranks):
                raise ValueError(
                    "'thresholds' severities must rise with 'at' (info<warning<critical)"
                )
        if len(set(self.group_by)) != len(self.group_by):
            raise ValueError("'group_by' lists a field twice")
        return self

    @field_validator("labels")
    @classmethod
    def _labels(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not LABEL_NAME.match(name) or name.startswith("__"):
                raise ValueError(
                    f"label name {name!r} is not valid for Prometheus/Alertmanager: use "
                    "letters, digits and '_', not starting with a digit or '__'"
                )
            if name in RESERVED_LABELS:
                raise ValueError(
                    f"label name {name!r} is set by Flashpoint itself "
                    f"(reserved: {', '.join(sorted(RESERVED_LABELS))})"
                )
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"label {name!r}: the value is not valid UTF-8") from None
            if not text or len(text) > LABEL_VALUE_MAX:
                raise ValueError(
                    f"label {name!r}: the value must hold 1 to {LABEL_VALUE_MAX} characters"
                )
        return value

    def step_for(self, value: float) -> SeverityStep | None:
        """The highest severity step reached by ``value``, or None."""
        best: SeverityStep | None = None
        for step in self.thresholds:
            if value >= step.at:
                best = step
        return best


class IncidentSettings(_Model):
    """How reports fold into incidents."""

    radius_km: float = Field(
        default=25.0, gt=0, description="places closer than this are the same place"
    )
    fold_window: Duration = Field(
        default=12 * 3600.0, description="a report folds into an incident last seen this recently"
    )
    contest_window: Duration = Field(
        default=24 * 3600.0, description="a denial contests a strike incident seen this recently"
    )
    near_duplicate_jaccard: float = Field(
        default=0.6,
        gt=0,
        le=1,
        description="estimated shingle Jaccard similarity at or above which texts are copies",
    )
    retention: Duration = Field(
        default=3 * 86400.0, description="incidents last seen longer ago than this are forgotten"
    )
    max_open: int = Field(default=2000, ge=10, description="most incidents kept per partition")
    seen_retention: Duration = Field(
        default=2 * 86400.0, description="how long an item id is remembered for de-duplication"
    )


class Defaults(_Model):
    cooldown: Duration | None = None
    grace: Duration | None = None
    channels: tuple[str, ...] | None = None
    time: Literal["event", "processing"] | None = None


class RuleSet(_Model):
    """A validated rules file."""

    version: int = 1
    defaults: Defaults = Defaults()
    incidents: IncidentSettings = IncidentSettings()
    rules: tuple[Rule, ...] = ()
    source: str | None = Field(default=None, description="the file it was read from")

    @property
    def enabled(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)

    def rule(self, name: str) -> Rule:
        for r in self.rules:
            if r.name == name:
                return r
        raise KeyError(name)


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _config_error(exc: ValidationError, *, file: str, where: str | None) -> ConfigError:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-before"))
    field = _field_path(loc) or None
    msg = str(err["msg"]).removeprefix("Value error, ")
    extra = f" (and {len(exc.errors()) - 1} more errors)" if len(exc.errors()) > 1 else ""
    return ConfigError(msg + extra, file=file, where=where, field=field)


def parse_rules(data: Any, *, file: str = "<rules>") -> RuleSet:
    """Validate a parsed rules document; raise :class:`ConfigError` naming file, rule, field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping with a 'rules' list", file=file)
    unknown = set(data) - {"version", "defaults", "incidents", "rules"}
    if unknown:
        raise ConfigError(f"unknown top-level key(s): {', '.join(sorted(unknown))}", file=file)
    try:
        defaults = Defaults.model_validate(data.get("defaults") or {})
    except ValidationError as exc:
        raise _config_error(exc, file=file, where="defaults") from exc
    try:
        incidents = IncidentSettings.model_validate(data.get("incidents") or {})
    except ValidationError as exc:
        raise _config_error(exc, file=file, where="incidents") from exc
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise ConfigError("'rules' must be a list", file=file, field="rules")
    rules: list[Rule] = []
    names: set[str] = set()
    for i, raw in enumerate(raw_rules):
        if not isinstance(raw, dict):
            raise ConfigError("each rule must be a mapping", file=file, where=f"rules[{i}]")
        name = raw.get("name")
        where = f"rule {name!r}" if isinstance(name, str) and name else f"rules[{i}]"
        merged = dict(raw)
        for key in ("cooldown", "grace", "channels", "time"):
            default = getattr(defaults, key)
            if key not in merged and default is not None:
                merged[key] = default
        try:
            rule = Rule.model_validate(merged)
        except ValidationError as exc:
            raise _config_error(exc, file=file, where=where) from exc
        if rule.name in names:
            raise ConfigError("duplicate rule name", file=file, where=where, field="name")
        names.add(rule.name)
        rules.append(rule)
    version = data.get("version", 1)
    if version != 1:
        raise ConfigError(
            f"unsupported version {version!r} (expected 1)", file=file, field="version"
        )
    return RuleSet(defaults=defaults, incidents=incidents, rules=tuple(rules), source=file)


def load_rules(path: str | Path) -> RuleSet:
    """Read and validate a rules YAML file. Every problem is a :class:`ConfigError`."""
    p = Path(path)
    data = load_yaml(p)
    return parse_rules(data, file=str(p))
