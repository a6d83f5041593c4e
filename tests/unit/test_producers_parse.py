"""Golden tests over the shared real and ill-formed feeds, and the parse defences.

Regenerate the golden files after an intended change with
``FLASHPOINT_REGEN_GOLDEN=1 .venv/bin/pytest tests/unit/test_producers_parse.py``.
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from producers.dates import DatePolicy
from producers.errors import ParseError
from producers.htmltext import html_to_text
from producers.parse import Limits, parse_bytes, sanitize

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "feeds"
FETCHED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
# The recorded feeds are years older than FETCHED: accept their dates as they are, so the golden
# files pin what each date string parses to (the past skew has tests of its own).
ARCHIVE = Limits(dates=DatePolicy(past_skew=timedelta(days=365 * 30)))
REGEN = os.environ.get("FLASHPOINT_REGEN_GOLDEN") == "1"


def _feed_files(shared: Path) -> list[Path]:
    base = shared / "feeds"
    return sorted(p for p in base.rglob("*") if p.is_file())


def _outcome(body: bytes) -> dict[str, object]:
    try:
        parsed = parse_bytes(body, feed="golden", fetched_at=FETCHED, language="xx", limits=ARCHIVE)
    except ParseError as exc:
        return {"error": exc.reason, "message": str(exc)}
    return {
        "title": parsed.title,
        "version": parsed.version,
        "ttl": parsed.ttl,
        "bozo": parsed.bozo is not None,
        # how an item arrived (push or poll) is not the parser's: left out of the golden files
        "items": [it.model_dump(mode="json", exclude={"mode"}) for it in parsed.items],
    }


def test_every_shared_feed_matches_its_golden(shared_data: Path) -> None:
    files = _feed_files(shared_data)
    assert len(files) >= 20
    mismatches = []
    for path in files:
        rel = path.relative_to(shared_data / "feeds")
        golden = GOLDEN / rel.with_suffix(rel.suffix + ".json")
        got = _outcome(path.read_bytes())
        if REGEN:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
            continue
        assert golden.exists(), f"no golden file for {rel}"
        want = json.loads(golden.read_text())
        if got != want:
            mismatches.append(str(rel))
    assert not mismatches, f"golden mismatch: {mismatches}"


def test_real_feeds_all_yield_items_with_clean_fields(shared_data: Path) -> None:
    for path in sorted((shared_data / "feeds" / "real").iterdir()):
        parsed = parse_bytes(path.read_bytes(), feed="real", fetched_at=FETCHED)
        assert parsed.items, path.name
        for it in parsed.items:
            assert it.published.tzinfo is not None and it.published.utcoffset() == timedelta(0)
            assert "<" not in it.title or "<" in html_to_text(it.title)
            assert not re.search(r"<(p|div|br|a)\b", it.text), (path.name, it.text[:80])
            assert len(it.id) == 64
        ids = [it.id for it in parsed.items]
        assert len(ids) == len(set(ids))


def _expectation(path: Path) -> str:
    m = re.search(rb"Expect:\s*(.+)", path.read_bytes())
    return m.group(1).decode("ascii", "replace").strip() if m else ""


def test_illformed_feeds_follow_their_stated_expectation(shared_data: Path) -> None:
    base = shared_data / "feeds" / "illformed"
    for path in sorted(p for p in base.rglob("*.xml")):
        expect = _expectation(path)
        assert expect, path.name
        got = _outcome(path.read_bytes())
        if expect.startswith("bozo"):
            # Either a clear parse error or a result flagged as recovered-with-problems.
            assert "error" in got or got["bozo"], path.name
        if "not bozo" in expect:
            assert "error" not in got and not got["bozo"], path.name
    doctype = _outcome((base / "always_strip_doctype.xml").read_bytes())
    assert doctype["title"] == "found"
    amp = _outcome((base / "rss_item_link_corrupted_ampersands.xml").read_bytes())
    assert amp["items"][0]["url"] == "http://link/get?a=1&b=2"  # type: ignore[index]
    empty = _outcome((base / "rss_empty_document.xml").read_bytes())
    assert empty["error"] == "not-a-feed"


def test_missing_date_falls_back_to_fetch_time_flagged() -> None:
    body = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>No date</title><link>https://e.example/a</link></item>
      <item><title>Dated</title><link>https://e.example/b</link>
        <pubDate>Tue, 10 Oct 2023 08:00:00 +0300</pubDate></item>
      <item><title>Future</title><link>https://e.example/c</link>
        <pubDate>Tue, 10 Oct 2099 08:00:00 +0000</pubDate></item>
    </channel></rss>"""
    items = parse_bytes(body, feed="f", fetched_at=FETCHED, limits=ARCHIVE).items
    assert items[0].published == FETCHED and items[0].published_estimated
    assert items[1].published == datetime(2023, 10, 10, 5, tzinfo=UTC)
    assert not items[1].published_estimated
    assert items[2].published == FETCHED and items[2].published_estimated


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        ("https://e.example/a?x=1&amp;y=2", "https://e.example/a?x=1&y=2"),
        ("HTTPS://E.example/a", "https://E.example/a"),
        ("/relative/path", "https://base.example/relative/path"),
        ("http://]]&gt;link/get", None),  # an unclosed IPv6 bracket: urlsplit raises
        ("http://[::1/x", None),
        ("http://host:99999/x", None),  # a port out of range
        ("http://:80/no-host", None),
        ("http://a b/x", None),
        ("javascript:alert(1)", None),
        ("ftp://e.example/f", None),
    ],
)
def test_a_bad_link_is_dropped_and_the_item_kept(link: str, kept: str | None) -> None:
    body = (
        '<rss version="2.0"><channel><title>t</title><link>https://base.example/</link>'
        f"<item><title>Shelling reported</title><link>{link}</link></item></channel></rss>"
    ).encode()
    parsed = parse_bytes(body, feed="f", fetched_at=FETCHED, base_url="https://base.example/")
    assert [it.title for it in parsed.items] == ["Shelling reported"]
    assert parsed.items[0].url == kept


def test_ttl_is_read_in_seconds() -> None:
    body = b'<rss version="2.0"><channel><title>t</title><ttl>30</ttl></channel></rss>'
    assert parse_bytes(body, feed="f", fetched_at=FETCHED).ttl == 1800


def test_entity_declarations_are_rejected_before_parsing() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "'
        + b"x" * 50_000
        + b'">]><rss><channel><item><description>'
        + b"&a;" * 2000
        + b"</description></item></channel></rss>"
    )
    with pytest.raises(ParseError) as info:
        parse_bytes(bomb, feed="f", fetched_at=FETCHED)
    assert info.value.reason == "doctype"
    utf16 = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY a "b">]><rss/>'
    with pytest.raises(ParseError):
        sanitize(utf16.encode("utf-16"))


def test_plain_doctype_is_removed_and_utf16_is_reencoded() -> None:
    body = (
        '<?xml version="1.0" encoding="utf-16"?>'
        '<rss version="2.0"><channel><title>Київ</title></channel></rss>'
    )
    parsed = parse_bytes(body.encode("utf-16"), feed="f", fetched_at=FETCHED)
    assert parsed.title == "Київ"


def test_long_author_is_cut_before_feedparser_sees_it() -> None:
    author = b"a" * 100_000
    body = b'<rss version="2.0"><channel><item><title>t</title><author>' + author
    body += b"</author></item></channel></rss>"
    cleaned = sanitize(body, max_field_bytes=1024)
    assert len(cleaned) < 2000
    parsed = feedparser.parse(io.BytesIO(cleaned))
    assert len(parsed.entries[0].author) <= 1024


def test_caps_on_items_and_fields() -> None:
    items = b"".join(
        b"<item><title>" + b"T" * 5000 + b"</title><link>https://e.example/%d</link>"
        b"<description>" % i + b"word " * 10000 + b"</description></item>"
        for i in range(20)
    )
    body = b'<rss version="2.0"><channel><title>t</title>' + items + b"</channel></rss>"
    limits = Limits(max_items=5, max_title_chars=100, max_text_chars=1000)
    parsed = parse_bytes(body, feed="f", fetched_at=FETCHED, limits=limits)
    assert len(parsed.items) == 5 and parsed.skipped == 15
    assert all(len(it.title) <= 101 and len(it.text) <= 1001 for it in parsed.items)


def test_html_to_text() -> None:
    html = (
        "<p>Missiles hit <b>Ganja</b>&nbsp;overnight.</p><script>var x=1</script>"
        "<div>Twelve killed.<br>More than 40 wounded.</div>"
        "<p>The post Strike on Ganja appeared first on Example News.</p>"
    )
    assert html_to_text(html) == (
        "Missiles hit Ganja overnight.\nTwelve killed.\nMore than 40 wounded."
    )
    assert html_to_text("AT&amp;T  said") == "AT&T said"
    assert html_to_text("word " * 100, limit=50).endswith("…")


def _big_feed(n: int, *, oldest_first: bool = False) -> bytes:
    """An RSS feed of ``n`` entries, one a minute back from 2026-12-05 09:00 UTC."""
    start = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    order = range(n - 1, -1, -1) if oldest_first else range(n)
    items = "".join(
        f"<item><guid>g{i}</guid>"
        f"<pubDate>{(start - timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%MZ')}</pubDate></item>"
        for i in order
    )
    return f"<rss version='2.0'><channel><title>big</title>{items}</channel></rss>".encode()


@pytest.mark.parametrize("oldest_first", [False, True], ids=["newest-first", "oldest-first"])
def test_a_huge_feed_keeps_its_newest_entries_and_counts_the_rest(oldest_first: bool) -> None:
    body = _big_feed(100_000, oldest_first=oldest_first)
    assert 5_000_000 < len(body) < 10 * 1024 * 1024  # within the default size cap
    fetched = datetime(2026, 12, 5, 9, 1, tzinfo=UTC)
    parsed = parse_bytes(body, feed="big", fetched_at=fetched)
    assert {it.guid for it in parsed.items} == {f"g{i}" for i in range(500)}
    assert parsed.entries_seen == 100_000
    assert parsed.skipped_reasons == {"over-cap": 99_500} and parsed.skipped == 99_500


def test_the_cap_keeps_the_newest_by_date_not_by_position() -> None:
    stamps = [5, 1, 9, 3, 7, 2, 8]  # hours after midnight, in document order
    items = (
        "".join(
            f"<item><guid>g{h}</guid><title>h{h}</title>"
            f"<pubDate>Sat, 05 Dec 2026 0{h}:00:00 +0000</pubDate></item>"
            for h in stamps
        )
        + "<item><guid>undated</guid><title>undated</title></item>"
    )
    body = f"<rss version='2.0'><channel><title>x</title>{items}</channel></rss>".encode()
    fetched = datetime(2026, 12, 5, 10, tzinfo=UTC)
    parsed = parse_bytes(body, feed="f", fetched_at=fetched, limits=Limits(max_items=3))
    assert [it.title for it in parsed.items] == ["h9", "h7", "h8"]  # document order
    assert parsed.skipped_reasons == {"over-cap": 5}
