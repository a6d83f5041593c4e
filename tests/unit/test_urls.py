"""The URL redaction helper and the URL syntax check of the shared base."""

from __future__ import annotations

import pytest

from flashpoint.core.urls import http_url_problem, redact_text, redact_url

SECRET = "FeedPassw0rd"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"http://feeduser:{SECRET}@host/x", "http://host/x"),
        (f"https://feeduser:{SECRET}@host:8443/x?page=2", "https://host:8443/x?page=2"),
        (f"http://host/x?apikey={SECRET}&page=2", "http://host/x?apikey=***&page=2"),
        (f"http://host/x?APIKey={SECRET}", "http://host/x?APIKey=***"),
        (f"http://host/x?api_key={SECRET}", "http://host/x?api_key=***"),
        (f"http://host/x?access-token={SECRET}", "http://host/x?access-token=***"),
        (f"http://host/x?a=1&Token={SECRET}&sig={SECRET}", "http://host/x?a=1&Token=***&sig=***"),
        (f"http://host/x?password={SECRET};key={SECRET}", "http://host/x?password=***;key=***"),
        (f"http://host/x#access_token={SECRET}", "http://host/x#access_token=***"),
        ("http://host/x?q=kyiv&monkey=1", "http://host/x?q=kyiv&monkey=1"),
        (f"http://u:{SECRET}@[::1", "http://[::1"),
        (f"http://u:{SECRET}@[::1?secret={SECRET}", "http://[::1?secret=***"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected
    assert SECRET not in redact_url(url)


def test_redact_text_finds_urls_in_messages() -> None:
    # aiohttp quotes the request URL in some errors, e.g. ClientResponseError and InvalidURL.
    text = (
        f"ClientResponseError: 400, message='Bad Request', "
        f"url=URL('http://feeduser:{SECRET}@host/x?apikey={SECRET}') and <https://a:{SECRET}@b/>"
    )
    out = redact_text(text)
    assert SECRET not in out
    assert "url=URL('http://host/x?apikey=***')" in out
    assert "<https://b/>" in out
    assert redact_text("no url here: a=b") == "no url here: a=b"
    # Punctuation after a URL stays where it was.
    assert redact_text(f"http://h/?token={SECRET}: HTTP 500") == "http://h/?token=***: HTTP 500"
    assert redact_text("see http://[::1]:80/x.") == "see http://[::1]:80/x."


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://host:99999/x", "not a valid URL"),
        ("http://host:abc/x", "not a valid URL"),
        ("ftp://host/x", "http"),
        ("file:///etc/passwd", "http"),
        ("http:///x", "host"),
        ("http://host/a b", "white space"),
    ],
)
def test_http_url_problem(url: str, problem: str) -> None:
    found = http_url_problem(url)
    assert found is not None and problem in found


@pytest.mark.parametrize("url", ["http://[::1]/x", "https://news.example:8443/rss?x=1"])
def test_http_url_problem_accepts_good_urls(url: str) -> None:
    assert http_url_problem(url) is None


@pytest.mark.parametrize("fmt", ["logfmt", "json"])
def test_cli_log_handler_redacts_every_record(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from flashpoint.core.logformat import configure_logging
    from tests.logparse import records

    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers.clear()
    try:
        configure_logging(0, "json" if fmt == "json" else "logfmt")
        try:
            raise ValueError(f"bad http://u:{SECRET}@host/x")
        except ValueError:
            logging.getLogger("kafka.conn").exception(
                "third party url=%s", f"https://host/?token={SECRET}"
            )
    finally:
        for h in root.handlers:
            h.close()
        root.handlers[:] = saved
        logging.captureWarnings(False)
    err = capsys.readouterr().err
    assert SECRET not in err
    line = err.strip()
    (rec,) = records([line], fmt)
    assert rec["msg"] == "third party" and rec["url"] == "https://host/?token=***"
    assert str(rec["exc_info"]).endswith("ValueError: bad http://host/x")


def test_delivery_errors_are_redacted() -> None:
    """A delivery error's reason is logged and dead-lettered: URLs in it are redacted."""
    from alerts.errors import DeliveryError

    err = DeliveryError(
        f"ClientResponseError: 502, url=URL('https://hook:{SECRET}@hooks.example/x?sig={SECRET}')",
        channel="desk",
        retryable=True,
    )
    assert SECRET not in str(err) and SECRET not in err.reason
    assert "https://hooks.example/x?sig=***" in err.reason
