"""URLs in logs, errors and config checks: redaction of credentials, and one syntax check.

Feed and webhook URLs often carry credentials (``http://user:pass@host/`` or
``?apikey=...``). Everything that prints a URL (log lines, exception messages, ``--check``
output, the API) passes it through :func:`redact_url`, or passes free text that may embed URLs
(aiohttp's error messages do) through :func:`redact_text`, so a secret never reaches a log file
or a metrics label. The log formatters (:mod:`flashpoint.core.logformat`) redact every field and
traceback of every record, third-party ones included, as the safety net under the call sites.
Redaction never raises: a URL too broken to parse is still scrubbed of anything between ``//``
and ``@``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "MASK",
    "SECRET_QUERY_KEYS",
    "http_url_problem",
    "redact_text",
    "redact_url",
]

MASK = "***"

# Query keys whose values are masked, compared case-insensitively with '-' read as '_'.
SECRET_QUERY_KEYS = frozenset(
    {
        "access_key",
        "access_token",
        "api_key",
        "apikey",
        "api_token",
        "auth",
        "auth_token",
        "authorization",
        "client_secret",
        "code",
        "credential",
        "credentials",
        "key",
        "pass",
        "passwd",
        "password",
        "private_key",
        "pwd",
        "refresh_token",
        "secret",
        "session",
        "sessionid",
        "sig",
        "signature",
        "token",
        "x_amz_credential",
        "x_amz_security_token",
        "x_amz_signature",
    }
)

# A URL inside free text: a scheme, '//', then anything up to white space or a quote/bracket
# that typically closes it in a message (URL('...'), <...>, "...").
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>`]+")
# User info when the URL cannot be parsed at all: '//' up to the last '@' before a '/'.
_USERINFO = re.compile(r"//[^/?#\s]*@")
_QUERY_PAIR = re.compile(r"(?P<key>[^&;=]+)=(?P<value>[^&;]*)")


def _secret_key(key: str) -> bool:
    return key.strip().lower().replace("-", "_") in SECRET_QUERY_KEYS


def _mask_query(query: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return f"{m.group('key')}={MASK}" if _secret_key(m.group("key")) else m.group(0)

    return _QUERY_PAIR.sub(repl, query)


def redact_url(url: str) -> str:
    """``url`` without user info and with the values of secret-looking query keys masked.

    ``http://u:p@host/x?apikey=abc&page=2`` becomes ``http://host/x?apikey=***&page=2``.
    Keys are matched case-insensitively (``APIKey``, ``access-token``); the path is kept as is.
    Never raises, whatever the input.
    """
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        query = _mask_query(parts.query)
        fragment = _mask_query(parts.fragment) if "=" in parts.fragment else parts.fragment
        return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
    except ValueError:
        # Not parsable (``http://u:p@[::1``): scrub what we can by pattern.
        scrubbed = _USERINFO.sub("//", url)
        head, sep, query = scrubbed.partition("?")
        return head + sep + _mask_query(query)


def redact_text(text: str) -> str:
    """``text`` with every URL in it passed through :func:`redact_url`."""
    if "://" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        url = m.group(0)
        # Punctuation closing the sentence is not part of the URL ("...?key=x: HTTP 500").
        cut = len(url.rstrip(".,:;!?"))
        return redact_url(url[:cut]) + url[cut:]

    return _URL_IN_TEXT.sub(repl, text)


def http_url_problem(url: str) -> str | None:
    """None when ``url`` is a well-formed http(s) URL with a host, else what is wrong with it.

    Catches what :func:`urllib.parse.urlsplit` only reports when a field is read (an unclosed
    IPv6 bracket, a port that is not a number or is out of range), so config checks reject
    such URLs up front instead of failing at the first request.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - reading it validates it
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an http:// or https:// URL"
    if not host:
        return "must be an http(s) URL with a host"
    if any(c.isspace() for c in url):
        return "must not contain white space"
    return None
