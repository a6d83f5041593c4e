"""feeds.yaml: the feeds to poll, a validated pydantic model; errors name the file, the feed and
the field.

Format::

    feeds:
      - name: reuters-world          # unique; the metric label and Item.feed
        url: https://example.org/rss # http(s) only
        language: en                 # BCP 47 tag
        tags: {country: UA, region: europe, outlet_type: wire, side: neutral}
        interval: 10m                # optional: seconds, or 500ms/30s/10m/2h/1d (1s to 7d)

``interval`` is read by :mod:`flashpoint.core.durations`, the parser of rules.yaml too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)
from pydantic.dataclasses import dataclass
from typing_extensions import TypedDict

from flashpoint.core.configfile import load_yaml
from flashpoint.core.durations import parse_duration
from flashpoint.core.errors import ConfigError
from flashpoint.core.urls import http_url_problem, redact_url

__all__ = ["TAG_KEYS", "FeedConfig", "load_feeds", "parse_feeds", "parse_shard", "shard_feeds"]

TAG_KEYS = ("country", "region", "outlet_type", "side")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_MAX_INTERVAL = 7 * 86400.0


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError("must be letters, digits, '.', '_' or '-' (at most 100)")
    return value


def _url(value: str) -> str:
    # http(s) only: a feeds file must not turn the producer into a local-file reader
    # (``flashpoint fetch PATH`` still reads local files for debugging). The URL is quoted
    # redacted: the message is printed, and feed URLs may carry credentials.
    value = value.strip()
    if not value:
        raise ValueError("required")
    problem = http_url_problem(value)
    if problem:
        raise ValueError(f"{problem} (got {redact_url(value)!r})")
    return value


def _language(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"must be a language tag like en or pt-BR (got {value!r})")
    return value


def _tag_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise ValueError("must be a non-empty string")
    return str(value).strip()


def _country(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValueError(f"must be an ISO 3166 alpha-2 code (got {value!r})")
    return value.upper()


def _interval(value: Any) -> Any:
    if value is None:
        return None
    return parse_duration(value, minimum=1, maximum=_MAX_INTERVAL)


_TagText = Annotated[str, BeforeValidator(_tag_text)]


class FeedTags(TypedDict, total=False):
    """The tags of a feed (all optional); an unknown tag is an error."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    country: Annotated[str, BeforeValidator(_tag_text), AfterValidator(_country)]
    region: _TagText
    outlet_type: _TagText
    side: _TagText


# Validated as FeedTags (per-tag errors, unknown tags refused); read everywhere as the plain
# mapping of strings that pydantic builds from it.
if TYPE_CHECKING:
    _Tags = Mapping[str, str]
else:
    _Tags = FeedTags


@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class FeedConfig:
    """One configured feed, validated on construction (from feeds.yaml or in code).

    ``interval`` (seconds, 1s to 7d) pins the poll interval when given; ``tags`` hold at most
    ``country`` (ISO alpha-2, upper-cased), ``region``, ``outlet_type`` and ``side``.
    """

    name: Annotated[str, AfterValidator(_name)]
    url: Annotated[str, AfterValidator(_url)]
    language: Annotated[str, AfterValidator(_language)] | None = None
    tags: _Tags = Field(default_factory=dict)
    interval: Annotated[float | None, BeforeValidator(_interval)] = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


_FEED = TypeAdapter(FeedConfig)
_ALLOWED = {
    (): f"unknown field (allowed: {', '.join(('name', 'url', 'language', 'tags', 'interval'))})",
    ("tags",): f"unknown tag (allowed: {', '.join(TAG_KEYS)})",
}


def _config_error(
    exc: ValidationError, raw: Mapping[str, Any], *, file: str, where: str
) -> ConfigError:
    """The first pydantic error as a ConfigError naming the file, the feed and the field."""
    err = exc.errors()[0]
    loc = tuple(str(p) for p in err["loc"])
    field = ".".join(loc) or None
    if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        message = _ALLOWED.get(loc[:-1], "unknown field")
    elif err["type"] == "missing" or (err["type"] == "string_type" and raw.get(loc[0]) is None):
        message = "required"
    elif err["type"] in ("dict_type", "typed_dict_type"):
        message = "must be a mapping"
    elif err["type"] == "value_error":
        message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    else:
        message = err["msg"]
    return ConfigError(message, file=file, where=where, field=field)


def _feed(raw: Any, index: int, *, file: str) -> FeedConfig:
    where = f"feeds[{index}]"
    if not isinstance(raw, Mapping):
        raise ConfigError("must be a mapping", file=file, where=where)
    name = raw.get("name")
    if isinstance(name, str) and name:
        where = f"feed {name!r}"
    try:
        return _FEED.validate_python(dict(raw))
    except ValidationError as exc:
        raise _config_error(exc, raw, file=file, where=where) from None


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
