"""Fuzz the parse-and-normalise path with mutations of the ill-formed feed corpus.

The corpus is feedparser's own ill-formed test feeds (../shared/data/feeds/illformed, BSD
2-clause, kurtmckee/feedparser). Hypothesis mutates their bytes (flips, cuts, splices, hostile
snippets); ``parse_bytes`` must either return normalised Items or raise the typed ParseError,
never anything else, and every Item it returns must be valid and survive its JSON round trip.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from producers.errors import ParseError
from producers.items import Item
from producers.parse import Limits, parse_bytes
from tests.conftest import DATA
from tests.faults.report import Collector

pytestmark = [pytest.mark.integration, pytest.mark.faults]

CORPUS_DIR = DATA / "feeds" / "illformed"
LIMITS = Limits(max_items=50, max_title_chars=200, max_text_chars=2000, max_field_bytes=1024)
FETCHED = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
SNIPPETS = (
    b"<!DOCTYPE rss>",
    b'<!DOCTYPE x [<!ENTITY a "b">]>',
    b"<!ENTITY",
    b"&a;",
    b"&#0;",
    b"&#xD800;",
    b"<![CDATA[",
    b"]]>",
    b"<item>",
    b"</item>",
    b"<entry>",
    b"<link>javascript:alert(1)</link>",
    b"<link>file:///etc/passwd</link>",
    b"<pubDate>Fri, 31 Dec 99999 23:59:59 GMT</pubDate>",
    b"<ttl>-1</ttl>",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3\x28",
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="x-bogus"?>',
    b"<author>" + b"a@" * 600 + b"</author>",
)


def _corpus() -> list[bytes]:
    if not CORPUS_DIR.is_dir():
        return []
    return [p.read_bytes() for p in sorted(CORPUS_DIR.rglob("*.xml"))]


CORPUS = _corpus()
_stats = {
    "examples": 0,
    "items": 0,
    "parse_errors": 0,
    "crashes": 0,
    "nul_items": 0,
    "seconds": 0.0,
}


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(("flip", "cut", "insert", "splice", "dup", "truncate")))
        n = len(body)
        at = draw(st.integers(0, max(0, n)))
        if op == "flip" and n:
            i = min(at, n - 1)
            body[i] = draw(st.integers(0, 255))
        elif op == "cut" and n:
            end = min(n, at + draw(st.integers(1, 64)))
            del body[at:end]
        elif op == "insert":
            body[at:at] = draw(st.sampled_from(SNIPPETS))
        elif op == "splice":
            other = draw(st.sampled_from(CORPUS))
            s = draw(st.integers(0, len(other)))
            body[at:at] = other[s : s + draw(st.integers(1, 256))]
        elif op == "dup" and n:
            end = min(n, at + draw(st.integers(1, 512)))
            body[at:at] = body[at:end] * draw(st.integers(2, 20))
        elif op == "truncate":
            del body[at:]
    return bytes(body)


@settings(
    max_examples=800,
    deadline=None,
    # A fixed seed, not a fresh one per run; a failure prints @reproduce_failure to replay it.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(body=mutated())
def test_mutated_corpus_yields_items_or_the_typed_error(body: bytes) -> None:
    _stats["examples"] += 1
    t0 = time.perf_counter()
    try:
        parsed = parse_bytes(body, feed="fuzz", fetched_at=FETCHED, language="en", limits=LIMITS)
    except ParseError as exc:
        _stats["parse_errors"] += 1
        # "crash" is feedparser raising on its own (e.g. a KeyError on a cut GML point):
        # parse_bytes converts it at the boundary, which is the contract under test.
        assert exc.reason in ("doctype", "not-a-feed", "encoding", "crash"), exc.reason
        if exc.reason == "crash":
            _stats["crashes"] += 1
        return
    finally:
        _stats["seconds"] += time.perf_counter() - t0
    assert len(parsed.items) <= LIMITS.max_items
    for item in parsed.items:
        _stats["items"] += 1
        assert Item.from_json(item.to_json()) == item
        # the caps cut at a word and append "…" (the producer's convention: limit + 1)
        assert len(item.title) <= LIMITS.max_title_chars + 1
        assert len(item.text) <= LIMITS.max_text_chars + 1
        assert item.url is None or item.url.startswith(("http://", "https://"))
        if "\x00" in item.title + item.text:
            _stats["nul_items"] += 1  # reported, not a failure: see the report's notes
        assert item.published <= FETCHED.replace(year=FETCHED.year + 1)


def test_fuzz_figures(reliability: Collector) -> None:
    """Records the fuzz run's figures (runs after the fuzz test, in file order)."""
    assert CORPUS, f"no corpus at {CORPUS_DIR}"
    assert _stats["examples"] > 0, "the fuzz test did not run first"
    reliability.record(
        group="fuzz",
        name="parse + normalise",
        fault=f"hypothesis mutations of {len(CORPUS)} ill-formed corpus feeds",
        sent=int(_stats["examples"]),
        lost=0,
        wall_s=float(_stats["seconds"]),
        outcome=(
            f"{int(_stats['parse_errors'])} typed ParseError, {int(_stats['items'])} valid "
            "items, 0 other exceptions"
        ),
        notes=(
            f"{int(_stats['crashes'])} of the ParseErrors are feedparser raising internally "
            "(e.g. KeyError on a cut GML element), converted to ParseError(reason=crash) at the "
            "boundary; the producer counts them under parse_errors{reason=crash}. "
            f"{int(_stats['nul_items'])} valid items carried a NUL character in their title or "
            "text (C0 control characters are not stripped by normalisation)"
        ),
    )
