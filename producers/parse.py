"""Feed bytes to Items: pre-parse defences, feedparser on io.BytesIO, normalisation.

Defences, in order:

1. ``sanitize``: a DOCTYPE with an internal subset or any ``<!ENTITY`` is rejected (entity
   expansion: one 50 KB entity referenced 2,000 times becomes a 100 MB string inside
   feedparser); a plain DOCTYPE is removed. The text of author-like elements is cut to
   ``max_field_bytes`` (feedparser's author-email regex is quadratic: 32 KB takes seconds).
2. ``parse_bytes`` caps entries per feed, title and text lengths.
3. ``ParserPool`` (producers.parsepool) runs each parse in a subprocess with an address-space
   limit and a wall-clock timeout, so whatever slips through costs one killed worker.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Required, TypedDict
from urllib.parse import urljoin

import feedparser

from flashpoint.core.urls import http_url_problem
from producers.dates import DatePolicy, ParsedDate, judge, parse_date
from producers.errors import ParseError
from producers.htmltext import html_to_text
from producers.items import Item, item_id

__all__ = ["FeedSource", "Limits", "ParsedFeed", "parse_bytes", "sanitize", "trim_entries"]

_ENTITY = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE\b([^>\[]*)(\[)?[^>]*>", re.I)
_AUTHORISH = re.compile(
    rb"(<(?:[\w.-]+:)?(author|creator|managingEditor|webMaster|contributor|publisher|owner)\b"
    rb"[^>]*>)(.*?)(</(?:[\w.-]+:)?\2\s*>)",
    re.I | re.S,
)
_DECL_ENCODING = re.compile(rb"""^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Limits:
    """Caps applied while parsing one feed."""

    max_items: int = 500
    max_title_chars: int = 1000
    max_text_chars: int = 20000
    max_field_bytes: int = 4096
    dates: DatePolicy = field(default_factory=DatePolicy)


@dataclass
class ParsedFeed:
    """The outcome of one parse. ``ttl`` is the RSS ``<ttl>`` in seconds, when given."""

    items: list[Item] = field(default_factory=list)
    title: str = ""
    version: str = ""
    ttl: float | None = None
    bozo: str | None = None
    entries_seen: int = 0
    skipped: int = 0
    # Entries not turned into items, by reason: "over-cap" (beyond max_items: the oldest are
    # dropped), "empty" (no guid, link, title or text), "repeated" (the same entry twice).
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    dates_estimated: dict[str, int] = field(default_factory=dict)
    # The entries' own dates where plausible, old ones included: the scheduler's view of how
    # often the feed publishes (an archive of years-old entries means "poll rarely").
    entry_dates: list[datetime] = field(default_factory=list)
    # WebSub discovery from the document: <atom:link rel="hub"> (first) and rel="self".
    hub: str | None = None
    self_url: str | None = None


def _to_utf8(body: bytes) -> bytes:
    """Re-encode UTF-16/32 bodies to UTF-8 so the byte-level checks below see the markup."""
    encoding = None
    for bom, name in _BOMS:
        if body.startswith(bom):
            encoding = name
            break
    if encoding is None and len(body) >= 4 and b"\x00" in body[:4]:
        encoding = "utf-16-le" if body[1:2] == b"\x00" else "utf-16-be"
        if body[:4] in (b"<\x00\x00\x00", b"\x00\x00\x00<"):
            encoding = "utf-32-le" if body[0:1] == b"<" else "utf-32-be"
    if encoding is None:
        return body
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(f"undecodable {encoding} body", reason="encoding") from exc
    out = text.lstrip("\ufeff").encode("utf-8")
    return _DECL_ENCODING.sub(rb"\1\2utf-8\2", out, count=1)


# Entries kept at each end of a feed too long to parse whole: a few thousand parse in well under
# a second, so only pathological feeds are cut, and an unsorted feed of normal size is not.
_TRIM_KEEP = 2000
_ENTRY_START = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")


def trim_entries(body: bytes, keep: int) -> tuple[bytes, int]:
    """Cut a feed with more than ``2 * keep`` entries down to its first and last ``keep``.

    feedparser's time grows with the entry count (100,000 entries in a 5 MB feed took 6.4 s), so
    such a feed could hit the parse deadline and be lost whole. Feeds are sorted newest first, or
    more rarely oldest first, so the newest entries are at one end: both ends are kept, the middle
    is dropped before parsing, and its count returned. A literal ``<item`` inside CDATA could make
    the cut land inside an element; feedparser then recovers what it can (bozo).
    """
    starts = [m.start() for m in _ENTRY_START.finditer(body)]
    if len(starts) <= 2 * keep:
        return body, 0
    cut_from, cut_to = starts[keep], starts[len(starts) - keep]
    return body[:cut_from] + body[cut_to:], len(starts) - 2 * keep


def _cut_utf8(raw: bytes, limit: int) -> bytes:
    cut = raw[:limit]
    while cut and (cut[-1] & 0xC0) == 0x80:
        cut = cut[:-1]
    if cut and cut[-1] >= 0xC0:
        cut = cut[:-1]
    return cut


def sanitize(body: bytes, *, max_field_bytes: int = 4096) -> bytes:
    """Apply the pre-parse defences; raise ParseError(reason="doctype") on entity declarations."""
    body = _to_utf8(body)
    if _ENTITY.search(body):
        raise ParseError("entity declarations are not accepted", reason="doctype")
    m = _DOCTYPE.search(body)
    if m is not None:
        if m.group(2):
            raise ParseError("DOCTYPE with an internal subset is not accepted", reason="doctype")
        body = body[: m.start()] + body[m.end() :]
        if _DOCTYPE.search(body):
            raise ParseError("more than one DOCTYPE", reason="doctype")

    def _cap(m: re.Match[bytes]) -> bytes:
        inner = m.group(3)
        if len(inner) <= max_field_bytes:
            return m.group(0)
        if b"<" not in inner:
            inner = _cut_utf8(inner, max_field_bytes)
        else:
            inner = re.sub(
                rb"[^<]{%d,}" % (max_field_bytes + 1),
                lambda t: _cut_utf8(t.group(0), max_field_bytes),
                inner,
            )
        return m.group(1) + inner + m.group(4)

    if len(body) > max_field_bytes:
        body = _AUTHORISH.sub(_cap, body)
    return body


def _raw_date(entry: Mapping[str, Any]) -> str:
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _entry_text(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    best = ""
    for c in contents:
        value = c.get("value") or ""
        if len(value) > len(best):
            best = value
    return best or entry.get("summary") or entry.get("description") or ""


_URL_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _clean_url(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    url = url.strip()
    if len(url) > 4096 or _URL_CONTROL.search(url):
        return None  # a control character or a space inside is not a link (``http:\x00/x``)
    if http_url_problem(url) is not None:  # no host, not http(s), or unparsable (``http://]x``)
        return None
    scheme, _, rest = url.partition("://")
    return scheme.lower() + "://" + rest


def _link(feed: Mapping[str, Any], rel: str) -> str | None:
    """The first feed-level link with ``rel`` (atom:link, also inside RSS), bounded in size."""
    for link in feed.get("links") or ():
        if isinstance(link, Mapping) and link.get("rel") == rel:
            href = str(link.get("href") or "").strip()
            if href and len(href) <= 2048:
                return href
    return None


def _ttl(feed: Mapping[str, Any]) -> float | None:
    raw = feed.get("ttl")
    try:
        minutes = float(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None
    if minutes is None or minutes <= 0 or minutes > 7 * 24 * 60:
        return None
    return minutes * 60.0


class FeedSource(TypedDict, total=False):
    """Where a feed body came from: the keyword arguments of :func:`parse_bytes` but ``limits``
    (:meth:`producers.parsepool.ParserPool.parse` takes them and adds its own limits)."""

    feed: Required[str]
    fetched_at: Required[datetime]
    language: str | None
    tags: Mapping[str, str] | None
    content_type: str | None
    base_url: str | None


def parse_bytes(
    body: bytes,
    *,
    feed: str,
    fetched_at: datetime,
    language: str | None = None,
    tags: Mapping[str, str] | None = None,
    content_type: str | None = None,
    base_url: str | None = None,
    limits: Limits = Limits(),
) -> ParsedFeed:
    """Parse one feed body into normalised Items (in-process; see ParserPool for the bounds).

    Raises ParseError when the body is hostile or is not a feed at all. A feed that parsed with
    recoverable problems (feedparser's ``bozo``) still yields its entries; ``bozo`` names the
    problem. ``published`` is the entry's own date when it can be trusted (producers.dates), else
    ``fetched_at`` with ``published_estimated=True``; ``dates_estimated`` counts those by reason.
    The raw date string is kept in ``published_raw``.
    """
    clean = sanitize(body, max_field_bytes=limits.max_field_bytes)
    clean, trimmed = trim_entries(clean, max(limits.max_items, _TRIM_KEEP))
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(
            io.BytesIO(clean),
            response_headers=headers,
            resolve_relative_uris=False,  # it would also rewrite relative guids
            sanitize_html=False,  # the text is stripped to plain text below
        )
    except Exception as exc:  # feedparser bugs must not take the producer down
        raise ParseError(f"parser crashed: {type(exc).__name__}", reason="crash") from exc
    meta = parsed.get("feed") or {}
    entries = parsed.get("entries") or []
    bozo = None
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        bozo = f"{type(problem).__name__}: {problem}"[:300] if problem is not None else "bozo"
    if not entries and not parsed.get("version") and not meta.get("title"):
        raise ParseError(f"not a feed ({bozo or 'no RSS/Atom markup'})", reason="not-a-feed")
    fetched = fetched_at.astimezone(UTC)
    out = ParsedFeed(
        title=html_to_text(meta.get("title") or "", limit=limits.max_title_chars),
        version=parsed.get("version") or "",
        ttl=_ttl(meta),
        bozo=bozo,
        entries_seen=len(entries) + trimmed,
        hub=_link(meta, "hub"),
        self_url=_link(meta, "self"),
    )
    if trimmed:
        out.skipped_reasons["over-cap"] = trimmed
    tag_map = dict(tags or {})
    lang = language or (meta.get("language") or None)
    if lang is not None:
        lang = lang[:35]
    seen: set[str] = set()
    dates = [parse_date(_raw_date(e), language=lang) for e in entries]
    chosen = _newest(len(entries), dates, limits.max_items)
    if len(chosen) < len(entries):
        over = len(entries) - len(chosen)
        out.skipped_reasons["over-cap"] = out.skipped_reasons.get("over-cap", 0) + over
    for index in chosen:
        entry = entries[index]
        guid = entry.get("id") or None
        if guid is not None:
            guid = guid.strip()[:2048] or None
        raw_link = entry.get("link")
        if base_url and isinstance(raw_link, str) and raw_link and "://" not in raw_link:
            try:
                raw_link = urljoin(base_url, raw_link.strip())
            except ValueError:  # an unparsable relative link (``//[x/a``) is no link
                raw_link = None
        link = _clean_url(raw_link)
        title = html_to_text(entry.get("title") or "", limit=limits.max_title_chars)
        text = html_to_text(_entry_text(entry), limit=limits.max_text_chars)
        if not (guid or link or title or text):
            out.skipped_reasons["empty"] = out.skipped_reasons.get("empty", 0) + 1
            continue
        raw_date = _raw_date(entry)
        ident = item_id(guid, link, title or text[:200], raw_date)
        if ident in seen:  # a feed repeating an entry
            out.skipped_reasons["repeated"] = out.skipped_reasons.get("repeated", 0) + 1
            continue
        seen.add(ident)
        found = dates[index]
        published, why = judge(found, raw_date, fetched, limits.dates)
        if why is not None:
            out.dates_estimated[why] = out.dates_estimated.get(why, 0) + 1
        if found is not None and why in (None, "past"):
            out.entry_dates.append(found.when)
        out.items.append(
            Item(
                id=ident,
                feed=feed,
                sources=(feed,),
                url=link,
                guid=guid,
                title=title,
                text=text,
                published=published,
                published_estimated=why is not None,
                published_raw=raw_date[:200] or None,
                fetched_at=fetched,
                language=lang,
                tags=tag_map,
            )
        )
    out.skipped = sum(out.skipped_reasons.values())
    return out


def _newest(count: int, dates: list[ParsedDate | None], keep: int) -> list[int]:
    """Indexes of the ``keep`` newest entries, in document order. Undated entries rank after
    dated ones, in document order (a feed without dates is taken from its top)."""
    if count <= keep:
        return list(range(count))
    dated = [(found.when, -i) for i, found in enumerate(dates) if found is not None]
    dated.sort(reverse=True)
    ranked = [-neg for _, neg in dated] + [i for i, found in enumerate(dates) if found is None]
    return sorted(ranked[:keep])
