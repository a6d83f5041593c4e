"""Feed dates: every format the recorded feeds use and the common non-RFC 822 ones, parsed the
same whatever the clock says, and judged against the fetch time.

The clock is frozen (time-machine) at several dates far apart: a parser that fills a missing
part from "now" gives a different answer at one of them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from producers.dates import DatePolicy, ParsedDate, judge, parse_date
from producers.parse import Limits, parse_bytes

CLOCKS = (
    datetime(2026, 12, 5, 9, 40, tzinfo=UTC),
    datetime(2031, 6, 17, 23, 5, tzinfo=UTC),
    datetime(2019, 2, 28, 0, 30, tzinfo=UTC),
)

# raw string, language hint -> (UTC instant, has_time, has_zone)
CASES: list[tuple[str, str | None, tuple[datetime, bool, bool]]] = [
    # RFC 822 / 2822, as the recorded feeds write them
    ("Mon, 19 Nov 2018 08:10:26 GMT", None, (datetime(2018, 11, 19, 8, 10, 26), True, True)),
    ("Sun, 17 Jan 2021 19:27:00 +0100", None, (datetime(2021, 1, 17, 18, 27), True, True)),
    ("Fri, 24 May 2019 00:00:00 -0700", None, (datetime(2019, 5, 24, 7, 0), True, True)),
    ("Tue, 28 Nov 2017 15:40:00 PST", None, (datetime(2017, 11, 28, 23, 40), True, True)),
    ("17 Jan 21 19:27:00 +0100", None, (datetime(2021, 1, 17, 18, 27), True, True)),
    ("Mon, 19 Nov 2018 08:10:26", None, (datetime(2018, 11, 19, 8, 10, 26), True, False)),
    # ISO 8601 / W3C-DTF
    ("2018-11-19T08:42:59.267Z", None, (datetime(2018, 11, 19, 8, 42, 59), True, True)),
    ("2026-12-05T11:30:00+02:00", None, (datetime(2026, 12, 5, 9, 30), True, True)),
    ("2026-12-05 09:30", None, (datetime(2026, 12, 5, 9, 30), True, False)),
    ("2026-12-05", None, (datetime(2026, 12, 5), False, True)),
    # numeric, year first or day first
    ("2020/1/10 14:33:00", None, (datetime(2020, 1, 10, 14, 33), True, False)),
    ("2026/12/5 09:30", None, (datetime(2026, 12, 5, 9, 30), True, False)),
    ("2026.12.05 09:30 +03:00", None, (datetime(2026, 12, 5, 6, 30), True, True)),
    ("05.12.2026 09:30", None, (datetime(2026, 12, 5, 9, 30), True, False)),
    ("5.12.2026", None, (datetime(2026, 12, 5), False, True)),
    ("25/12/2026 18:00", None, (datetime(2026, 12, 25, 18, 0), True, False)),
    ("12/25/2026 18:00", None, (datetime(2026, 12, 25, 18, 0), True, False)),
    # month names in the feed's language, or found without a hint
    ("5 грудня 2026 09:30", "uk", (datetime(2026, 12, 5, 9, 30), True, False)),
    ("5 декабря 2026, 09:30", "ru", (datetime(2026, 12, 5, 9, 30), True, False)),
    ("5 décembre 2026 à 09h30", "fr-FR", (datetime(2026, 12, 5, 9, 30), True, False)),
    ("5 de diciembre de 2026 09:30", "es", (datetime(2026, 12, 5, 9, 30), True, False)),
    ("Sa, 05 Dez 2026 09:30:00 +0100", None, (datetime(2026, 12, 5, 8, 30), True, True)),
    ("5 ديسمبر 2026", "ar", (datetime(2026, 12, 5), False, True)),
    ("5 декабря 2026, 09:30", "fr", (datetime(2026, 12, 5, 9, 30), True, False)),
]

REFUSED = [
    "",
    "   ",
    "garbage",
    "Dec 2026",  # no day
    "5 December",  # no year
    "2020-12",  # no day
    "yesterday",  # reads the clock
    "2 hours ago",
    "05/12/2026",  # day-first or month-first cannot be told
    "2026-13-45",
    "Mon, 32 Nov 2018 08:10:26 GMT",
]


@pytest.mark.parametrize("clock", CLOCKS, ids=lambda c: c.date().isoformat())
@pytest.mark.parametrize(("raw", "lang", "want"), CASES, ids=[c[0] for c in CASES])
def test_dates_parse_the_same_at_any_clock(
    clock: datetime, raw: str, lang: str | None, want: tuple[datetime, bool, bool]
) -> None:
    with time_machine.travel(clock, tick=False):
        got = parse_date(raw, language=lang)
    when, has_time, has_zone = want
    assert got == ParsedDate(when.replace(tzinfo=UTC), has_time=has_time, has_zone=has_zone)


@pytest.mark.parametrize("clock", CLOCKS, ids=lambda c: c.date().isoformat())
@pytest.mark.parametrize("raw", REFUSED)
def test_incomplete_or_relative_dates_are_refused(clock: datetime, raw: str) -> None:
    with time_machine.travel(clock, tick=False):
        assert parse_date(raw) is None


FETCHED = datetime(2026, 12, 5, 9, 40, tzinfo=UTC)
POLICY = DatePolicy(future_skew=timedelta(minutes=15), past_skew=timedelta(days=30))


@pytest.mark.parametrize(
    ("raw", "event", "reason"),
    [
        ("Sat, 05 Dec 2026 09:30:00 +0000", datetime(2026, 12, 5, 9, 30), None),
        ("2026-11-20T08:00:00Z", datetime(2026, 11, 20, 8, 0), None),  # old, within the skew
        ("Sat, 05 Dec 2026 09:50:00 +0000", datetime(2026, 12, 5, 9, 50), None),  # within skew
        ("Sat, 05 Dec 2026 10:30:00 +0000", None, "future"),
        ("2026-10-01T08:00:00Z", None, "past"),
        ("0001-01-01T00:00:00Z", None, "implausible"),
        ("Wed, 31 Dec 1969 23:59:59 GMT", None, "implausible"),
        # a local time with no zone, within a day of the fetch: the fetch time is the best bound
        ("2026/12/5 09:30", None, "unzoned"),
        ("2026/12/5 17:30", None, "unzoned"),  # a UTC+8 outlet's local time
        ("2026-12-05", None, "unzoned"),
        ("2026/11/20 09:30", datetime(2026, 11, 20, 9, 30), None),  # old enough to keep
        ("2026/12/7 09:30", None, "future"),
        ("not a date", None, "unparsed"),
        ("", None, "missing"),
    ],
)
def test_judge_takes_the_fetch_time_for_dates_it_cannot_trust(
    raw: str, event: datetime | None, reason: str | None
) -> None:
    when, why = judge(parse_date(raw), raw, FETCHED, POLICY)
    assert why == reason
    assert when == (event.replace(tzinfo=UTC) if event else FETCHED)


def _rss(*dates: str) -> bytes:
    items = "".join(
        f"<item><title>t{i}</title><link>https://e.example/{i}</link><pubDate>{d}</pubDate></item>"
        for i, d in enumerate(dates)
    )
    return f"<rss version='2.0'><channel><title>x</title>{items}</channel></rss>".encode()


def test_feed_keeps_the_raw_date_and_counts_estimates_by_reason() -> None:
    body = _rss("2026/12/5 09:30:00", "Sat, 05 Dec 2026 09:30:00 +0000", "0001-01-01", "soon")
    with time_machine.travel(datetime(2031, 6, 17, tzinfo=UTC), tick=False):
        parsed = parse_bytes(body, feed="f", fetched_at=FETCHED, limits=Limits(dates=POLICY))
    first, second, third, fourth = parsed.items
    assert (first.published, first.published_estimated) == (FETCHED, True)
    assert first.published_raw == "2026/12/5 09:30:00"
    assert second.published == datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    assert not second.published_estimated
    assert (third.published, third.published_estimated) == (FETCHED, True)
    assert (fourth.published, fourth.published_raw) == (FETCHED, "soon")
    assert parsed.dates_estimated == {"unzoned": 1, "implausible": 1, "unparsed": 1}


def test_the_seed_bug_an_item_of_this_morning_is_not_dated_to_the_first() -> None:
    """``2026/12/5 09:30`` used to become 2026-12-01 00:00 and be dropped as late."""
    body = _rss("2026/12/5 09:30:00")
    with time_machine.travel(FETCHED, tick=False):
        (item,) = parse_bytes(body, feed="f", fetched_at=FETCHED).items
    assert item.published.date() == FETCHED.date()
    assert FETCHED - item.published < timedelta(hours=1)
