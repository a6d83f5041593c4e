"""Malformed config values give one clear line and exit code 2 through the CLI, --check too."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.cli import main
from tests.support.cli import no_flashpoint_env

SECRET = "FeedPassw0rd"
RULES = "version: 1\nrules: []\n"
FEEDS = "feeds:\n  - name: ok\n    url: https://news.example/rss\n"
CHANNELS = "channels:\n  hook:\n    type: webhook\n    format: slack\n    url: {url}\n"


def _run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return int(info.value.code or 0), err.strip().splitlines()


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    no_flashpoint_env(monkeypatch)
    (tmp_path / "feeds.yaml").write_text(FEEDS)
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "channels.yaml").write_text(CHANNELS.format(url="https://hooks.example/x"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(extra: str = "") -> list[str]:
    return ["run", "--check", "--feeds", "feeds.yaml", "--rules", "rules.yaml"] + (
        ["--channels", "channels.yaml"] if not extra else [extra]
    )


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ('"http://[::1"', "not a valid URL"),
        ("http://news.example:99999/rss", "not a valid URL"),
        ("http://news.example:port/rss", "not a valid URL"),
        (f"'http://user:{SECRET}@[::1'", "not a valid URL"),
    ],
)
def test_run_check_bad_feed_url(
    files: Path,
    url: str,
    fragment: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (files / "feeds.yaml").write_text(f"feeds:\n  - name: a\n    url: {url}\n")
    code, lines = _run(_check(), monkeypatch, capsys)
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith("flashpoint: error: feeds.yaml: feed 'a': url: ")
    assert fragment in lines[0] and SECRET not in lines[0]


@pytest.mark.parametrize("command", ["deliver", "run"])
def test_check_bad_channel_url(
    files: Path, command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "channels.yaml").write_text(CHANNELS.format(url='"http://[::1"'))
    argv = (
        ["deliver", "--check", "--channels", "channels.yaml"] if command == "deliver" else _check()
    )
    code, lines = _run(argv, monkeypatch, capsys)
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith("flashpoint: error: channels.yaml: hook: url: ")
    assert "not a valid URL" in lines[0]


# Bad values of each variable, and a fragment of the one line that must name the fault.
BAD_VALUES: dict[str, list[tuple[str, str]]] = {
    "FLASHPOINT_PRODUCER__ALLOWED_HOSTS": [
        ("not-json", "not valid JSON"),
        ('["10.0.0.0/33"]', "not an address or CIDR"),
    ],
    "FLASHPOINT_DELIVERY__ALLOWED_HOSTS": [
        ("[127.0.0.1", "not valid JSON"),
        ('["example.org"]', "not an address or CIDR"),
    ],
    "FLASHPOINT_DELIVERY__DEFAULT_CHANNELS": [("hook", "not valid JSON")],
    "FLASHPOINT_KAFKA__PARTITIONS": [("many", "FLASHPOINT_KAFKA__PARTITIONS")],
    "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": [
        ("localhost:abc", "not a host:port"),
        (" , ", "at least one host:port"),
        ("a:9092,b", "not a host:port"),
    ],
}


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [(var, value, fragment) for var, cases in BAD_VALUES.items() for value, fragment in cases],
)
@pytest.mark.parametrize("command", ["run", "deliver"])
def test_check_bad_environment_value(
    files: Path,
    variable: str,
    value: str,
    fragment: str,
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(variable, value)
    argv = (
        ["deliver", "--check", "--channels", "channels.yaml"] if command == "deliver" else _check()
    )
    code, lines = _run(argv, monkeypatch, capsys)
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith(f"flashpoint: error: environment: {variable}: "), lines[0]
    assert fragment in lines[0]


def test_check_passes_on_good_files(
    files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(_check())
    assert info.value.code == 0
    assert "config ok" in capsys.readouterr().out
