"""feeds.yaml: the feeds to poll, validated with errors naming the file, the feed and the field.

Format::

    feeds:
      - name: reuters-world          # unique; the metric label and Item.feed
        url: https://example.org/rss # http(s) only
        language: en                 # BCP 47 tag
        tags: {country: UA, region: europe, outlet_type: wire, side: neutral}
        interval: 10m                # optional: seconds, or 30s/10m/2h
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flashpoint.configfile import load_yaml
from flashpoint.errors import ConfigError
from flashpoint.urls import http_url_problem, redact_url

__all__ = ["TAG_KEYS", "FeedConfig", "load_feeds", "parse_feeds", "parse_shard", "shard_feeds"]

TAG_KEYS = ("country", "region", "outlet_type", "side")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_FIELDS = {"name", "url", "language", "tags", "interval"}


@dataclass(frozen=True)
class FeedConfig:
    """One configured feed. ``interval`` (seconds) pins the poll interval when given."""

    name: str
    url: str
    language: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    interval: float | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def _duration(value: Any, *, file: str, where: str) -> float:
    if isinstance(value, bool):
        raise ConfigError("must be a duration", file=file, where=where, field="interval")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    else:
        raise ConfigError(
            f"must be seconds or a duration like 30s, 10m, 2h (got {value!r})",
            file=file,
            where=where,
            field="interval",
        )
    if not 1 <= seconds <= 7 * 86400:
        raise ConfigError(
            f"must be between 1s and 7d (got {seconds:g}s)",
            file=file,
            where=where,
            field="interval",
        )
    return seconds


def _feed(raw: Any, index: int, *, file: str) -> FeedConfig:
    where = f"feeds[{index}]"
    if not isinstance(raw, Mapping):
        raise ConfigError("must be a mapping", file=file, where=where)
    name = raw.get("name")
    if isinstance(name, str) and name:
        where = f"feed {name!r}"
    for key in raw:
        if key not in _FIELDS:
            raise ConfigError(
                f"unknown field (allowed: {', '.join(sorted(_FIELDS))})",
                file=file,
                where=where,
                field=str(key),
            )
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(
            "required: letters, digits, '.', '_' or '-' (at most 100)",
            file=file,
            where=where,
            field="name",
        )
    url = raw.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError("required", file=file, where=where, field="url")
    url = url.strip()
    # http(s) only: a feeds file must not turn the producer into a local-file reader
    # (``flashpoint fetch PATH`` still reads local files for debugging). The URL is quoted
    # redacted: the message is printed, and feed URLs may carry credentials.
    problem = http_url_problem(url)
    if problem:
        raise ConfigError(
            f"{problem} (got {redact_url(url)!r})", file=file, where=where, field="url"
        )
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or not _LANG.match(language)):
        raise ConfigError(
            f"must be a language tag like en or pt-BR (got {language!r})",
            file=file,
            where=where,
            field="language",
        )
    tags_raw = raw.get("tags") or {}
    if not isinstance(tags_raw, Mapping):
        raise ConfigError("must be a mapping", file=file, where=where, field="tags")
    tags: dict[str, str] = {}
    for key, value in tags_raw.items():
        if key not in TAG_KEYS:
            raise ConfigError(
                f"unknown tag (allowed: {', '.join(TAG_KEYS)})",
                file=file,
                where=where,
                field=f"tags.{key}",
            )
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            raise ConfigError(
                "must be a non-empty string", file=file, where=where, field=f"tags.{key}"
            )
        tags[key] = str(value).strip()
    if "country" in tags and not re.fullmatch(r"[A-Za-z]{2}", tags["country"]):
        raise ConfigError(
            f"must be an ISO 3166 alpha-2 code (got {tags['country']!r})",
            file=file,
            where=where,
            field="tags.country",
        )
    if "country" in tags:
        tags["country"] = tags["country"].upper()
    interval = raw.get("interval")
    seconds = None if interval is None else _duration(interval, file=file, where=where)
    return FeedConfig(name=name, url=url, language=language, tags=tags, interval=seconds)


def parse_feeds(data: Any, *, file: str = "feeds.yaml") -> list[FeedConfig]:
    """Validate an already-loaded YAML document; raise ConfigError naming file, feed and field."""
    if not isinstance(data, Mapping) or "feeds" not in data:
        raise ConfigError("must be a mapping with a 'feeds' list", file=file)
    entries = data["feeds"]
    if not isinstance(entries, list):
        raise ConfigError("must be a list", file=file, field="feeds")
    feeds: list[FeedConfig] = []
    names: set[str] = set()
    urls: dict[str, str] = {}
    for i, raw in enumerate(entries):
        feed = _feed(raw, i, file=file)
        if feed.name in names:
            raise ConfigError(
                "duplicate feed name", file=file, where=f"feed {feed.name!r}", field="name"
            )
        if feed.url in urls:
            raise ConfigError(
                f"same URL as feed {urls[feed.url]!r}",
                file=file,
                where=f"feed {feed.name!r}",
                field="url",
            )
        names.add(feed.name)
        urls[feed.url] = feed.name
        feeds.append(feed)
    return feeds


def load_feeds(path: str | Path) -> list[FeedConfig]:
    """Read and validate a feeds.yaml file."""
    p = Path(path)
    data = load_yaml(p)
    return parse_feeds(data, file=str(p))


def parse_shard(text: str) -> tuple[int, int]:
    """Parse ``i/N`` (0 <= i < N) into (i, N)."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not 0 <= int(m.group(1)) < int(m.group(2)):
        raise ConfigError(f"shard must be i/N with 0 <= i < N (got {text!r})", field="--shard")
    return int(m.group(1)), int(m.group(2))


def _shard_of(name: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % count


def shard_feeds(feeds: Iterable[FeedConfig], index: int, count: int) -> list[FeedConfig]:
    """The feeds of shard ``index`` of ``count``: a stable hash of the feed name, no overlap."""
    return [f for f in feeds if _shard_of(f.name, count) == index]
