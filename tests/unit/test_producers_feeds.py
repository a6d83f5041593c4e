from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from flashpoint.core.errors import ConfigError
from producers.feeds import FeedConfig, load_feeds, parse_feeds, parse_shard, shard_feeds

ROOT = Path(__file__).resolve().parents[2]


def _one(**over: object) -> dict[str, object]:
    feed: dict[str, object] = {
        "name": "kyiv-independent",
        "url": "https://kyivindependent.com/feed/",
        "language": "en",
        "tags": {"country": "ua", "region": "europe", "outlet_type": "outlet", "side": "UA"},
    }
    feed.update(over)
    return {"feeds": [feed]}


def test_valid_feed_is_normalised() -> None:
    (feed,) = parse_feeds(_one(interval="10m"), file="f.yaml")
    assert feed.name == "kyiv-independent"
    assert feed.tags["country"] == "UA"
    assert feed.interval == 600.0
    assert feed.host == "kyivindependent.com"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": None}, "url"),
        ({"name": "bad name!"}, "name"),
        ({"language": "english language"}, "language"),
        ({"tags": {"colour": "red"}}, "tags.colour"),
        ({"tags": {"country": "Ukraine"}}, "tags.country"),
        ({"interval": "soon"}, "interval"),
        ({"interval": 0}, "interval"),
        ({"extra": 1}, "extra"),
    ],
)
def test_errors_name_file_feed_and_field(over: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_feeds(_one(**over), file="feeds.yaml")
    err = info.value
    assert err.file == "feeds.yaml"
    assert err.field == field
    assert err.where and err.where.startswith(("feed ", "feeds[0]"))
    assert str(err).startswith("feeds.yaml: ")


def test_duplicates_rejected() -> None:
    data: dict[str, Any] = _one()
    data["feeds"].append(dict(data["feeds"][0]))
    with pytest.raises(ConfigError, match="duplicate feed name"):
        parse_feeds(data)
    data["feeds"][1] = dict(data["feeds"][0], name="other")
    with pytest.raises(ConfigError, match="same URL"):
        parse_feeds(data)


def test_load_feeds_reports_yaml_and_io_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds: [\n  - name: x\n    url: [unclosed\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml"):
        load_feeds(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_feeds(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match="'feeds' list"):
        bad.write_text("- just a list\n")
        load_feeds(bad)


def test_shards_partition_the_feeds_without_overlap() -> None:
    feeds = parse_feeds(
        {"feeds": [{"name": f"f{i}", "url": f"https://h{i}.example/rss"} for i in range(200)]}
    )
    shards = [shard_feeds(feeds, i, 3) for i in range(3)]
    names = [f.name for s in shards for f in s]
    assert sorted(names) == sorted(f.name for f in feeds)
    assert len(set(names)) == len(names)
    assert all(len(s) > 30 for s in shards)
    assert parse_shard("1/3") == (1, 3)
    with pytest.raises(ConfigError):
        parse_shard("3/3")


def test_deploy_feeds_yaml_is_valid() -> None:
    feeds = load_feeds(ROOT / "deploy" / "feeds.yaml")
    assert len(feeds) >= 20
    assert len({f.language for f in feeds}) >= 4
    assert all(f.url.startswith("https://") or f.url.startswith("http://") for f in feeds)


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"url": None}, "url", "required"),
        ({"url": "ftp://user:pw@example.org/x"}, "url", "http:// or https:// URL (got 'ftp://"),
        ({"tags": {"colour": "red"}}, "tags.colour", "unknown tag (allowed: country, region"),
        ({"tags": {"country": "Ukraine"}}, "tags.country", "ISO 3166 alpha-2"),
        ({"tags": {"side": " "}}, "tags.side", "non-empty string"),
        ({"tags": "UA"}, "tags", "must be a mapping"),
        ({"interval": "soon"}, "interval", "invalid duration 'soon'"),
        ({"interval": "500ms"}, "interval", "at least 1s"),
        ({"interval": "8d"}, "interval", "at most 1w"),
        ({"interval": float("inf")}, "interval", "finite"),
        ({"intervall": "5m"}, "intervall", "unknown field (allowed: name, url,"),
    ],
)
def test_error_messages_say_what_is_wrong(
    over: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse_feeds(_one(**over), file="feeds.yaml")
    assert info.value.field == field
    assert str(info.value).startswith(f"feeds.yaml: feed 'kyiv-independent': {field}: ")
    assert message in str(info.value)
    assert "pw" not in str(info.value)  # a URL is quoted redacted


def test_interval_reads_like_a_rules_duration() -> None:
    # the parser of rules.yaml (flashpoint.core.durations): a week and milliseconds are durations
    assert parse_feeds(_one(interval="1w"))[0].interval == 7 * 86400
    assert parse_feeds(_one(interval="1500ms"))[0].interval == 1.5
    assert parse_feeds(_one(interval=90))[0].interval == 90


def test_a_feed_built_in_code_is_validated_too() -> None:
    feed = FeedConfig("a", "https://a.example/rss", tags={"country": "ua"})
    assert feed.tags == {"country": "UA"} and feed.interval is None
    with pytest.raises(ValidationError):
        FeedConfig("a", "file:///etc/passwd")
