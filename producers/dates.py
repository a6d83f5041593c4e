"""An entry's raw date string to a UTC instant we can trust, or to "estimated".

feedparser's own parsed dates are not used: its ISO 8601 handler fills what a string lacks
from the current time, so ``2020/1/10 14:33:00`` became "the first day of this month of 2020"
and an item published at 09:30 today was dated to the 1st, then dropped as late by
event-time rules. Here nothing is ever filled in from "now": a string without a day, a month
and a year is no date at all.

The chain, first match wins:

1. RFC 822 / 2822 (``Mon, 19 Nov 2018 08:10:26 GMT``), the RSS form.
2. ISO 8601 / W3C-DTF with at least year, month and day (``2018-11-19T08:42:59.267Z``).
3. Numeric dates with a four-digit year: ``YYYY/M/D``, ``YYYY.M.D``, ``YYYY-M-D`` (year first),
   ``D.M.YYYY`` (dots: day first, as everywhere that writes it), ``D/M/YYYY`` or ``M/D/YYYY``
   only where one part is above 12 (``05/12/2026`` is ambiguous and is not guessed).
4. Dates with month names in any language dateparser knows (``5 грудня 2026 09:30``,
   ``5 décembre 2026 à 09h30``, ``2026年12月5日``), absolute forms only: "2 hours ago" and
   "yesterday" depend on "now" and are refused.

``judge`` then decides whether the instant can be the item's event time, against the fetch
time: a date beyond the configured skew in the future or the past, before 1995, or with no time
zone and no time of day close to the fetch is *estimated* (the fetch time is used) and the
reason is returned so that the producer counts it per feed.
"""

from __future__ import annotations

import email.utils
import re
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

__all__ = ["DatePolicy", "EstimateReason", "ParsedDate", "judge", "parse_date"]

EstimateReason = Literal["missing", "unparsed", "implausible", "future", "past", "unzoned"]

_MAX_RAW = 200
# A time zone at the end of an RFC 822 date: numeric offset, or a named zone email.utils knows.
_RFC822_ZONE = re.compile(r"(?:[+-]\d{4}|\b(?:UT|UTC|GMT|Z|[ECMP][SD]T|[A-IK-Z])\b)\s*$", re.I)
_RFC822_SHAPE = re.compile(r"^\s*(?:[A-Za-z]{2,9},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\b")
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$",
    re.I,
)
_TIME = (
    r"(?:[T ,]+(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
)
_YMD = re.compile(
    r"^\s*(?P<y>\d{4})[/.\-](?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})" + _TIME + r"\s*$", re.I
)
_DMY_DOTS = re.compile(r"^\s*(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>\d{4})" + _TIME + r"\s*$", re.I)
_XY_SLASH = re.compile(r"^\s*(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})" + _TIME + r"\s*$", re.I)
_HAS_LETTERS = re.compile(r"[^\W\d_]")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}\s*[:h]\s*\d{2}(?!\d)")
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date. ``has_time`` is false for a date without a time of day (00:00 given);
    ``has_zone`` is false when the string named no time zone (UTC assumed)."""

    when: datetime
    has_time: bool = True
    has_zone: bool = True


@dataclass(frozen=True)
class DatePolicy:
    """How far a date may lie from the fetch time and still be taken as the event time."""

    future_skew: timedelta = timedelta(minutes=15)
    past_skew: timedelta = timedelta(days=30)


def _offset(tz: str | None) -> timedelta | None:
    if tz is None:
        return None
    tz = tz.upper()
    if tz in ("Z", "UTC", "GMT"):
        return timedelta(0)
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError("offset out of range")
    return sign * timedelta(hours=hours, minutes=minutes)


def _build(y: int, mo: int, d: int, m: re.Match[str]) -> ParsedDate:
    h, mi, s = m.group("h"), m.group("mi"), m.group("s")
    clock = time(int(h), int(mi), int(s or 0)) if h is not None else time(0)
    off = _offset(m.group("tz"))
    naive = datetime.combine(date(y, mo, d), clock)
    when = (naive - off if off is not None else naive).replace(tzinfo=UTC)
    return ParsedDate(when, has_time=h is not None, has_zone=off is not None or h is None)


def _rfc822(raw: str) -> ParsedDate | None:
    if not _RFC822_SHAPE.match(raw):
        return None
    parts = email.utils.parsedate_tz(raw)
    if parts is None:
        return None
    y, mo, d, h, mi, s = parts[:6]
    if y < 100:  # RFC 822's two-digit years, as RFC 2822 reads them
        y += 2000 if y < 50 else 1900
    naive = datetime(y, mo, d, h, mi, min(s, 59))
    has_zone = bool(_RFC822_ZONE.search(raw))
    offset = timedelta(seconds=parts[9] or 0) if has_zone else timedelta(0)
    return ParsedDate((naive - offset).replace(tzinfo=UTC), has_time=True, has_zone=has_zone)


def _numeric(raw: str) -> ParsedDate | None:
    m = _ISO.match(raw)
    if m:
        return _build(int(m.group("y")), int(m.group("mo")), int(m.group("d")), m)
    m = _YMD.match(raw)
    if m:
        return _build(int(m.group("y")), int(m.group("a")), int(m.group("b")), m)
    m = _DMY_DOTS.match(raw)
    if m:
        return _build(int(m.group("y")), int(m.group("b")), int(m.group("a")), m)
    m = _XY_SLASH.match(raw)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            return _build(int(m.group("y")), b, a, m)
        if b > 12 >= a:
            return _build(int(m.group("y")), a, b, m)
        return None  # 05/12/2026: day-first or month-first cannot be told
    return None


_PARSERS: dict[tuple[str, ...] | None, Any] = {}
_PARSERS_LOCK = threading.Lock()


def _month_names(raw: str, language: str | None) -> ParsedDate | None:
    """Dates with month names, through dateparser (imported on first need: ~50 ms)."""
    from dateparser.date import DateDataParser

    languages = (language.split("-")[0].lower(),) if language else None
    settings = {
        "STRICT_PARSING": True,  # day, month and year must all be in the string
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],  # never "2 hours ago": that reads the clock
        "DATE_ORDER": "DMY",
    }
    for langs in (languages, None) if languages else (None,):
        with _PARSERS_LOCK:
            parser = _PARSERS.get(langs)
            if parser is None:
                try:
                    parser = DateDataParser(
                        languages=list(langs) if langs else None, settings=settings
                    )
                except ValueError:  # a language dateparser does not know: detect instead
                    continue
                _PARSERS[langs] = parser
        data = parser.get_date_data(raw)
        found = data.date_obj
        if found is None:
            continue
        has_zone = found.tzinfo is not None
        if has_zone:
            found = found.astimezone(UTC).replace(tzinfo=None)
        has_time = bool(_CLOCK.search(raw))  # dateparser's period says "day" either way
        return ParsedDate(
            found.replace(tzinfo=UTC), has_time=has_time, has_zone=has_zone or not has_time
        )
    return None


def parse_date(raw: str | None, *, language: str | None = None) -> ParsedDate | None:
    """Parse one raw date string; None when it is empty, unparsable or incomplete.

    ``language`` (the feed's declared language, e.g. ``uk`` or ``fr-FR``) is only a hint for
    month names; every language dateparser knows is tried when the hint does not fit.
    """
    if not raw or not raw.strip():
        return None
    raw = raw.strip()[:_MAX_RAW]
    try:
        found = _rfc822(raw) or _numeric(raw)
        if found is None and _HAS_LETTERS.search(raw):
            found = _month_names(raw, language)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None
    return found


def judge(
    found: ParsedDate | None, raw: str | None, fetched: datetime, policy: DatePolicy
) -> tuple[datetime, EstimateReason | None]:
    """The event time of an item and, when it is the fetch time, why.

    - no raw string: ``missing``; a string that does not parse: ``unparsed``;
    - before 1995: ``implausible`` (0001-01-01, the 1969/1970 epoch);
    - more than ``policy.future_skew`` after the fetch: ``future``;
    - more than ``policy.past_skew`` before the fetch: ``past``;
    - a date without a time of day, or without a zone, whose window of possible instants holds
      the fetch time: ``unzoned``, with the fetch time, since the item cannot be later than its
      first fetch and the string cannot say more. Taken as UTC, ``2026/12/5 09:30`` from a
      UTC-5 outlet would lie five hours in the past and be dropped as late by event-time rules.
    """
    if found is None:
        return fetched, ("unparsed" if raw and raw.strip() else "missing")
    when = found.when
    if when < _EARLIEST:
        return fetched, "implausible"
    if not (found.has_time and found.has_zone):
        # A local time of day in an unknown zone lies within UTC-12..UTC+14 of the string; a bare
        # date lies within that day, in the same zones.
        lo = when - timedelta(hours=14)
        day = timedelta(days=0 if found.has_time else 1)
        hi = when + day + timedelta(hours=12)
        if lo <= fetched <= hi:
            return fetched, "unzoned"
        if when > fetched:
            return fetched, "future"
    if when > fetched + policy.future_skew:
        return fetched, "future"
    if when < fetched - policy.past_skew:
        return fetched, "past"
    return when, None
