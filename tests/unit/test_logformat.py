"""Log lines are read back field by field by logfmt parsers we did not write (go-logfmt, the
decoder Loki's ``| logfmt`` derives from, and logfmtkv in its go-logfmt mode) and by
``json.loads`` (tests/logparse.py).

The lines come from real commands run as subprocesses, with values that broke the old format:
spaces, double quotes, ``=`` signs, newlines, a URL with credentials, and a traceback.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import logfmtkv
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.core.logformat import ClosedSocketRead, LogfmtFormatter, split_fields
from tests.logparse import records
from tests.support.cli import clean_env, python

ROOT = Path(__file__).resolve().parents[2]
RFC3339_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

# An item id as a desk might write it, and the classifier failure it triggers.
IDENT = 'desk "A" note=1\nsecond line at http://ed:s3cret@feeds.example/x?token=abc&page=2'
IDENT_REDACTED = 'desk "A" note=1\nsecond line at http://feeds.example/x?token=***&page=2'
FAILURE = 'model said "no" key=value\nand then http://u:pw@h.example/?apikey=k1 went away'
FAILURE_REDACTED = 'model said "no" key=value\nand then http://h.example/?apikey=*** went away'

# The real ``flashpoint classify`` command, with its classifier failing on purpose (fault
# injection: the only way to make the pipeline raise), logging through the CLI's handler.
DRIVER = """
import sys
import flashpoint.commands.classify as cli
def failing(*args, **kwargs):
    raise RuntimeError(sys.argv[2])
cli.classify = failing
from flashpoint.cli import main
main(["classify", sys.argv[1]])
"""


def _classify_failure(
    tmp_path: Path, env: dict[str, str], *flags: str
) -> subprocess.CompletedProcess[str]:
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"id": IDENT, "text": "Shelling hit the port."}) + "\n")
    driver = DRIVER.replace('main(["classify"', f"main([*{list(flags)!r}, 'classify'")
    return python(["-c", driver, str(items), FAILURE], env)


def _check_record(rec: dict[str, Any]) -> None:
    assert RFC3339_MS.match(str(rec["time"])), rec["time"]
    assert rec["level"] == "error"
    assert rec["logger"] == "flashpoint.commands.classify"
    assert rec["msg"] == "classify failed"
    assert rec["id"] == IDENT_REDACTED
    exc = str(rec["exc_info"])
    assert exc.startswith("Traceback (most recent call last):\n")
    assert exc.endswith(f"RuntimeError: {FAILURE_REDACTED}")


def _log_lines(stderr: str, start: str) -> list[str]:
    # stderr also carries the command's own messages ("flashpoint: warning: ...").
    return [line for line in stderr.splitlines() if line.startswith(start)]


def test_logfmt_lines_parse_field_by_field(tmp_path: Path) -> None:
    proc = _classify_failure(tmp_path, clean_env())
    assert proc.returncode == 1, proc.stderr  # the item failed: ExitCode.FAILED
    lines = _log_lines(proc.stderr, "time=")
    assert len(lines) == 1, proc.stderr
    (rec,) = records(lines, "logfmt")
    assert list(rec)[:4] == ["time", "level", "logger", "msg"]
    _check_record(rec)
    assert "s3cret" not in proc.stderr and "pw@" not in proc.stderr and "k1" not in proc.stderr
    # the command's own report of the line stays one line, redacted too
    assert f"flashpoint: warning: {tmp_path}/items.jsonl:1: classification failed: " in (
        proc.stderr
    )


@pytest.mark.parametrize("how", ["env", "flag"])
def test_json_lines_parse_field_by_field(tmp_path: Path, how: str) -> None:
    if how == "env":
        proc = _classify_failure(tmp_path, clean_env(FLASHPOINT_LOG__FORMAT="json"))
    else:  # the flag wins over the setting
        proc = _classify_failure(
            tmp_path, clean_env(FLASHPOINT_LOG__FORMAT="logfmt"), "--log-format", "json"
        )
    assert proc.returncode == 1, proc.stderr
    lines = _log_lines(proc.stderr, "{")
    assert len(lines) == 1, proc.stderr
    rec = json.loads(lines[0])
    _check_record(rec)
    assert "s3cret" not in proc.stderr and "k1" not in proc.stderr


def test_bad_log_format_setting_is_a_usage_error(tmp_path: Path) -> None:
    proc = python(
        ["-m", "flashpoint", "classify"], clean_env(FLASHPOINT_LOG__FORMAT="xml"), input=""
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "flashpoint: error: environment: FLASHPOINT_LOG__FORMAT: "
    ), proc.stderr


LIBRARY_LINES = """
import logging, sys, warnings
from flashpoint.core.logformat import configure_logging
configure_logging(1, sys.argv[1])
logging.getLogger("aiokafka.cluster").warning(
    "Topic %s not found in cluster metadata", "flashpoint.alerts x")
logging.getLogger("faust.worker").info("[^Worker]: Ready key=%s", "a b")
logging.getLogger("kafka.conn").error(
    "<BrokerConnection node_id=1 host=127.0.0.1:9 <connecting>>: connect failed: %r",
    ConnectionRefusedError(111, "Connection refused"))
warnings.warn("an old API = deprecated")
"""


@pytest.mark.parametrize("fmt", ["logfmt", "json"])
def test_library_loggers_and_warnings_share_the_format(fmt: str) -> None:
    """Third-party records (aiokafka, Faust, kafka-python) and Python warnings go through the
    one handler, so every stderr line parses (the worker's own run is in the integration
    suite)."""
    proc = python(["-c", LIBRARY_LINES, fmt], clean_env())
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 4, proc.stderr
    recs = records(lines, fmt)
    assert [r["logger"] for r in recs] == [
        "aiokafka.cluster",
        "faust.worker",
        "kafka.conn",
        "py.warnings",
    ]
    assert recs[0]["msg"] == "Topic flashpoint.alerts x not found in cluster metadata"
    assert recs[1]["msg"] == "[^Worker]: Ready" and recs[1]["key"] == "a b"
    assert recs[2]["msg"].startswith("<BrokerConnection node_id=1 host=127.0.0.1:9 <connecting>>")
    assert recs[2]["level"] == "error"
    assert "an old API = deprecated" in recs[3]["msg"]


def _record(msg: str, *args: Any) -> logging.LogRecord:
    return logging.makeLogRecord({"msg": msg, "args": args, "name": "t", "levelname": "INFO"})


@pytest.mark.parametrize(
    ("msg", "args", "text", "fields"),
    [
        (
            "feed failed feed=%s error=%s",
            ("kyiv", "HTTP 503"),
            "feed failed",
            {"feed": "kyiv", "error": "HTTP 503"},
        ),
        (
            "%s failed, retrying in %.1fs error=%s",
            ("send", 1.25, "x y"),
            "send failed, retrying in 1.2s",
            {"error": "x y"},
        ),
        (
            "websub subscription active feed=%s lease=%.0fs",
            ("f", 3600.4),
            "websub subscription active",
            {"feed": "f", "lease": "3600s"},
        ),
        ("refused feed=%s reason=unknown", ("f",), "refused", {"feed": "f", "reason": "unknown"}),
        ("Topic %s not found suppressed=3", ("t",), "Topic t not found", {"suppressed": "3"}),
        ("50%% done key=%s", ("v",), "50% done", {"key": "v"}),
        # kept whole: a standard field's name, a mapping, no lifting possible, wrong arg count
        ("a msg=%s level=%s", (1, 2), "a msg=1 level=2", {}),
        ("a id=%s id=%s", (1, 2), "a id=1", {"id": "2"}),  # lifting stops at a repeat
        ("created topics %s", ("a,b",), "created topics a,b", {}),
        ("broken x=%s", (), "broken x=%s", {}),
        ("too many x=%s", (1, 2), "too many x=%s", {}),
    ],
)
def test_split_fields(msg: str, args: tuple[Any, ...], text: str, fields: dict[str, str]) -> None:
    assert split_fields(_record(msg, *args)) == (text, fields)


def test_split_fields_with_mapping_args_keeps_the_message() -> None:
    rec = logging.LogRecord("t", logging.INFO, __file__, 1, "a x=%(x)s", ({"x": 1},), None)
    assert split_fields(rec) == ("a x=1", {})


def test_formatter_leaves_the_record_alone() -> None:
    """Other handlers (a test's capture, a file) still see the original record."""
    rec = _record("feed failed feed=%s", "a b")
    line = LogfmtFormatter().format(rec)
    assert rec.msg == "feed failed feed=%s" and rec.args == ("a b",)
    assert logfmtkv.parse(line, strict=True)["feed"] == "a b"


CLASSIFIER_PROCESS = """
import logging, multiprocessing
from concurrent.futures import ProcessPoolExecutor
import streams.classify_pool as pool
ctx = multiprocessing.get_context("spawn")
with ProcessPoolExecutor(1, mp_context=ctx, initializer=pool._start_process,
                         initargs=(logging.WARNING,)) as ex:
    log = logging.getLogger("streams.classify_pool")
    ex.submit(log.warning, "classifier failed item=%s", 'x "y" z').result()
    ex.submit(log.info, "below the level").result()
"""


@pytest.mark.parametrize("fmt", ["logfmt", "json"])
def test_classifier_processes_log_in_the_parents_format(fmt: str) -> None:
    """The worker's classifier processes are started with spawn: without their own handler
    Python would print the bare message."""
    proc = python(["-c", CLASSIFIER_PROCESS], clean_env(FLASHPOINT_LOG__FORMAT=fmt))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    (rec,) = records(lines, fmt)
    assert (rec["logger"], rec["msg"], rec["item"]) == (
        "streams.classify_pool",
        "classifier failed",
        'x "y" z',
    )


def test_the_examples_in_the_docs_parse() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = text.split("## Logs", 1)[1].split("```", 2)[1]
    lines = [ln for ln in block.splitlines() if ln]
    logfmt = records([ln for ln in lines if ln.startswith("time=")], "logfmt")
    as_json = records([ln for ln in lines if ln.startswith("{")], "json")
    assert len(logfmt) == 2 and len(as_json) == 1
    assert {k: v for k, v in logfmt[0].items()} == as_json[0]


@given(st.text())
def test_quoting_shortcut_matches_logfmter(value: str) -> None:
    from logfmter import Logfmter

    assert LogfmtFormatter.format_string(value) == Logfmter.format_string(value)


def _transport_record(exc: BaseException, message: str) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:
        info = sys.exc_info()
    return logging.LogRecord("kafka.net.transport", logging.ERROR, __file__, 1, message, (), info)


_GONE = "'NoneType' object has no attribute 'recv'"
_CLOSED = "<KafkaTCPTransport [none] (closed)>: Error receiving network data closing socket"


def test_a_read_of_a_socket_already_closed_is_kept_at_debug_without_its_traceback() -> None:
    race = _transport_record(AttributeError(_GONE), _CLOSED)
    root = logging.getLogger()
    level = root.level
    try:
        root.setLevel(logging.INFO)
        assert ClosedSocketRead().filter(race) is False
        assert (race.levelno, race.levelname, race.exc_info) == (logging.DEBUG, "DEBUG", None)
        root.setLevel(logging.DEBUG)
        assert ClosedSocketRead().filter(_transport_record(AttributeError(_GONE), _CLOSED))
    finally:
        root.setLevel(level)
    # A real network error, or the same error on an open connection, stays an error.
    for other in (
        _transport_record(ConnectionResetError("reset by peer"), "<KafkaTCPTransport (closed)>: x"),
        _transport_record(
            AttributeError(_GONE),
            "<KafkaTCPTransport [127.0.0.1:9092] (connected)>: Error receiving network data",
        ),
    ):
        assert ClosedSocketRead().filter(other) is True
        assert other.levelno == logging.ERROR and other.exc_info is not None
