"""Log lines a standard parser reads back field by field: logfmt (default) or JSON lines.

Every process logs one record per line on stderr, in the format of the ``log.format`` setting
(``FLASHPOINT_LOG__FORMAT``, or ``--log-format``)::

    time=2026-12-05T19:15:02.117Z level=warning logger=producers.runner msg="feed failed" \
        feed=kyiv error="HTTP 503"
    {"time": "2026-12-05T19:15:02.117Z", "level": "warning", "logger": "producers.runner", \
        "msg": "feed failed", "feed": "kyiv", "error": "HTTP 503"}

(each one line; broken here for width).

The house style writes fields into the message template (``log.warning("feed failed
feed=%s error=%s", name, exc)``). Such trailing ``key=%s`` pairs are lifted out of the message
into fields of their own, each formatted with its own conversion, so a value with spaces,
quotes or ``=`` in it stays one value; a template that cannot be split safely is kept whole in
``msg``. A traceback is one quoted field, ``exc_info``. URLs in the message, the fields and the
traceback are redacted (:func:`flashpoint.core.urls.redact_text`) before they are encoded.

Formatting is done by libraries, not by hand: ``logfmter`` quotes and escapes as go-logfmt (the
decoder Loki uses) reads it back, and ``python-json-logger`` writes the JSON (with orjson).
Third-party loggers (aiokafka, Faust, kafka-python) go through the same handler.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import Literal

from logfmter import Logfmter
from pydantic import BaseModel, ConfigDict, Field
from pythonjsonlogger.orjson import OrjsonFormatter

from flashpoint.core.urls import redact_text

__all__ = [
    "ENV_VAR",
    "ClosedSocketRead",
    "LogFormat",
    "LogSettings",
    "configure_child_logging",
    "configure_logging",
    "make_formatter",
    "split_fields",
]

LogFormat = Literal["logfmt", "json"]
ENV_VAR = "FLASHPOINT_LOG__FORMAT"  # also how child processes inherit the format

# Attributes every LogRecord has, plus the output's own field names: a lifted field never
# takes one of these names (it would overwrite the record or a standard field).
_RECORD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
_RESERVED = _RECORD_ATTRS | {"time", "level", "logger", "msg", "exc_info", "stack_info"}

# One ``%`` conversion (no ``*`` width, no mapping key: those are left whole).
_SPEC = r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
_ANY_SPEC = re.compile(r"%(?:%|\(|[-#0 +]*[\d*]*(?:\.[\d*]+)?[diouxXeEfFgGcrsa])")
# A trailing ``key=%s`` (the conversion may be followed by a unit: ``lease=%.0fs``) or
# ``key=literal`` (``reason=unknown``, ``suppressed=3``) at the end of a template.
_TRAILING = re.compile(
    rf"\s+(?P<key>[A-Za-z_][A-Za-z0-9_]*)=(?:(?P<spec>{_SPEC})(?P<unit>[^\s%]*)|(?P<lit>[^\s%\"'=]+))$"
)


class LogSettings(BaseModel):
    """How every process writes its log: one record per line on stderr, in logfmt or JSON.

    Either format is read back field by field by a standard parser (Loki's `| logfmt` or
    `| json`): `time`, `level`, `logger`, `msg`, the record's own fields (`feed`, `alert_id`,
    `error`, ...) and `exc_info` (the traceback, one quoted value). The command-line flag
    `--log-format` overrides it for one run; see [cli.md](cli.md#logs).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: LogFormat = Field(
        default="logfmt",
        description=(
            'log line format: logfmt (time=... level=... logger=... msg="..." key=value) or '
            "json (one JSON object per line, the same fields)"
        ),
    )


def _count_args(template: str) -> int | None:
    """The number of arguments ``template`` consumes, or None if it uses ``*`` or a mapping."""
    n = 0
    for m in _ANY_SPEC.finditer(template):
        tok = m.group(0)
        if tok == "%%":
            continue
        if tok == "%(" or "*" in tok:
            return None
        n += 1
    return n


def split_fields(record: logging.LogRecord) -> tuple[str, dict[str, str]]:
    """The record's message without its trailing ``key=value`` pairs, and those pairs.

    ``("feed failed feed=%s error=%s", ("kyiv", "HTTP 503"))`` gives
    ``("feed failed", {"feed": "kyiv", "error": "HTTP 503"})``. Only whole trailing pairs are
    lifted, never a key that is a standard field or repeats; anything unusual (a mapping
    argument, a ``*`` width, an argument count that does not match, a conversion that fails)
    keeps the whole message in ``msg`` and lifts nothing. Never raises.
    """
    try:
        return _split(record)
    except Exception:
        try:
            return record.getMessage(), {}
        except Exception:  # as logging itself would: show the template rather than fail
            return str(record.msg), {}


def _split(record: logging.LogRecord) -> tuple[str, dict[str, str]]:
    template = record.msg
    args = record.args
    if not isinstance(template, str) or isinstance(args, dict):
        return record.getMessage(), {}
    args = tuple(args or ())
    if args and _count_args(template) != len(args):
        return record.getMessage(), {}
    tail: list[tuple[str, str | None, str]] = []  # (key, conversion or None, unit or literal)
    head = template
    while True:
        m = _TRAILING.search(head)
        if m is None or m.start() == 0:
            break
        key = m.group("key")
        if key in _RESERVED or any(key == k for k, _, _ in tail):
            break
        if m.group("spec"):
            tail.append((key, m.group("spec"), m.group("unit")))
        else:
            tail.append((key, None, m.group("lit")))
        head = head[: m.start()]
    if not tail:
        return record.getMessage(), {}
    tail.reverse()
    n_tail = sum(1 for _, spec, _ in tail if spec)
    if not args:
        if n_tail:  # a %s without arguments is printed as is: keep the template whole
            return template, {}
        return head, {k: lit for k, _, lit in tail}
    split = len(args) - n_tail
    if split < 0 or _count_args(head) != split:
        return record.getMessage(), {}
    message = head % args[:split] if split else head.replace("%%", "%")
    fields: dict[str, str] = {}
    rest = iter(args[split:])
    for key, spec, extra in tail:
        fields[key] = (spec % (next(rest),) + extra) if spec else extra
    return message, fields


def _prepared(formatter: logging.Formatter, record: logging.LogRecord) -> logging.LogRecord:
    """A copy of ``record`` ready for a field formatter: message split into text and fields,
    the traceback formatted, everything redacted. The original record keeps its message and
    arguments (other handlers may still format it); only the traceback text is cached on it,
    as :class:`logging.Formatter` does."""
    message, fields = split_fields(record)
    copy = logging.makeLogRecord(record.__dict__)
    for stale in ("asctime", "message"):  # another handler's formatter may have set them
        copy.__dict__.pop(stale, None)
    copy.msg = redact_text(message)
    copy.args = None
    copy.levelname = record.levelname.lower()
    for key, value in list(copy.__dict__.items()):
        if key not in _RECORD_ATTRS and isinstance(value, str):
            setattr(copy, key, redact_text(value))
    for key, value in fields.items():
        setattr(copy, key, redact_text(value))
    if record.exc_info and not record.exc_text:
        # Cached on the record, as logging.Formatter does: each handler formats it once.
        record.exc_text = formatter.formatException(record.exc_info)
    if record.exc_text:
        copy.exc_text = redact_text(record.exc_text)
    copy.exc_info = None
    if record.stack_info:
        copy.stack_info = redact_text(record.stack_info)
    return copy


def _rfc3339(record: logging.LogRecord) -> str:
    when = datetime.fromtimestamp(record.created, UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class LogfmtFormatter(Logfmter):
    """``time=... level=... logger=... msg="..." key=value ... exc_info="..."`` (logfmter)."""

    def __init__(self) -> None:
        super().__init__(
            keys=["time", "level", "logger"],
            mapping={"time": "asctime", "level": "levelname", "logger": "name"},
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _rfc3339(record)

    @classmethod
    def format_string(cls, value: str) -> str:
        """logfmter's quoting, with a shortcut for the common value that needs no escape.

        logfmter runs one ``str.replace`` per control character over every value (about 35);
        a value of printable characters without ``"`` or ``\\`` is only quoted when it holds
        a space or ``=``, which is what logfmter would produce too (a property test checks).
        """
        if value.isprintable() and '"' not in value and "\\" not in value:
            return f'"{value}"' if (" " in value or "=" in value) else value
        return str(super().format_string(value))

    def format(self, record: logging.LogRecord) -> str:
        return str(super().format(_prepared(self, record)))


class JsonLinesFormatter(OrjsonFormatter):
    """One JSON object per line with the same fields as :class:`LogfmtFormatter`."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "message": "msg",
            },
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _rfc3339(record)

    def format(self, record: logging.LogRecord) -> str:
        return str(super().format(_prepared(self, record)))


def make_formatter(fmt: LogFormat) -> logging.Formatter:
    """The formatter of a ``log.format`` value."""
    return JsonLinesFormatter() if fmt == "json" else LogfmtFormatter()


class ClosedSocketRead(logging.Filter):
    """kafka-python 3.0's I/O thread may read a connection that another thread has just closed
    (a client closed after a failed request, as the worker's lag probe does): it then logs
    ``Error receiving network data`` at error level with the ``AttributeError`` of the socket
    already gone, though the connection was closing anyway and nothing is lost. Such a record
    is kept at debug level, without the traceback; every other record passes unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not (
            isinstance(exc, AttributeError)
            and "recv" in str(exc)
            and "(closed)" in record.getMessage()
        ):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        record.exc_info, record.exc_text = None, None
        return logging.getLogger().isEnabledFor(logging.DEBUG)


def _filter_library_noise() -> None:
    transport = logging.getLogger("kafka.net.transport")
    if not any(isinstance(f, ClosedSocketRead) for f in transport.filters):
        transport.addFilter(ClosedSocketRead())


def configure_logging(verbosity: int, fmt: LogFormat = "logfmt") -> None:
    """Install the one stderr handler of the process (only the CLI calls this).

    ``verbosity`` 0 logs warnings and up, 1 info, 2 debug. Python warnings are routed through
    logging so that they come out as log lines too. If the root logger already has handlers
    (a test harness), nothing is replaced.
    """
    _filter_library_noise()
    root = logging.getLogger()
    if root.handlers:
        return
    level = logging.WARNING
    if verbosity == 1:
        level = logging.INFO
    elif verbosity >= 2:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(make_formatter(fmt))
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)


def configure_child_logging(level: int) -> None:
    """Logging in a process the CLI's ``main`` did not set up: a child of a Flashpoint process
    (a classifier process started with ``spawn`` has no handler, and Python's last-resort
    handler would print bare messages) or a worker started from Python (benchmarks). The
    format is the one the CLI leaves in :data:`ENV_VAR`; a handler already installed is kept.
    The root level becomes ``level`` either way."""
    value = os.environ.get(ENV_VAR, "logfmt").strip().lower()
    configure_logging(0, "json" if value == "json" else "logfmt")
    logging.getLogger().setLevel(level)
