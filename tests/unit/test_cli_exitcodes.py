"""One table of exit codes (flashpoint/core/exitcodes.py, docs/cli.md), the same fault giving the
same code in every command. Kafka-free cases here; `deliver --check` with a missing topic (1) is in
tests/integration/test_delivery_kafka.py and the worker's 70 in tests/faults/."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.cli import main
from flashpoint.core.exitcodes import ExitCode
from flashpoint.procs import Child, ChildExited
from tests.ports import free_port
from tests.support.cli import clean_env, no_flashpoint_env, python

ROOT = Path(__file__).resolve().parents[2]
RULES = "version: 1\nrules:\n  - name: r\n    window: {size: 1h}\n    thresholds: [{at: 1}]\n"
FEEDS = "feeds:\n  - name: ok\n    url: https://news.example/rss\n"
CHANNELS = (
    "channels:\n  desk-slack:\n    type: webhook\n    format: slack\n"
    "    url: https://hooks.example/x\n"
)
FEED_XML = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Strike on a depot</title><link>https://news.example/1</link>
<pubDate>Sat, 05 Dec 2026 08:00:00 GMT</pubDate><description>Two killed.</description></item>
</channel></rss>"""

COMMANDS = [
    "kafka",
    "produce",
    "fetch",
    "classify",
    "eval",
    "worker",
    "backtest",
    "deliver",
    "replay-deadletter",
    "demo",
    "run",
]


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    no_flashpoint_env(monkeypatch)
    (tmp_path / "feeds.yaml").write_text(FEEDS)
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "channels.yaml").write_text(CHANNELS)
    (tmp_path / "feed.xml").write_text(FEED_XML)
    monkeypatch.chdir(tmp_path)
    return tmp_path


RUN = ["run", "--feeds", "feeds.yaml", "--rules", "rules.yaml", "--channels", "channels.yaml"]
RUN_CHECK = [*RUN, "--check"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return int(info.value.code or 0), out, err


def test_the_table_in_the_docs_is_the_code() -> None:
    """docs/cli.md lists every code with its name, and nothing else."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \|", text, re.M)
    assert [(int(n), name) for n, name in rows] == [(int(c), c.name) for c in ExitCode]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/cli.md#exit-codes" in readme


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_is_usage(
    command: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([command, "--no-such-option"], capsys)
    assert code == ExitCode.USAGE == 2
    assert err.startswith("usage: flashpoint") and "error: " in err


def test_no_command_is_usage(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], capsys)
    assert code == ExitCode.USAGE
    assert out == "" and "usage: flashpoint" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["produce", "--once"],
        ["fetch", "feed.xml"],
        ["worker"],
        ["deliver", "--check", "--no-kafka"],
        ["replay-deadletter", "--dry-run"],
        RUN_CHECK,
    ],
)
def test_bad_setting_is_usage(
    argv: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLASHPOINT_KAFKA__PARTITIONS", "0")
    code, _, err = run(argv, capsys)
    assert code == ExitCode.USAGE
    assert err.startswith("flashpoint: error: environment: FLASHPOINT_KAFKA__PARTITIONS: ")


@pytest.mark.parametrize(
    ("argv", "missing"),
    [
        (["fetch", "nope.xml"], "nope.xml"),
        (["classify", "nope.jsonl"], "nope.jsonl"),
        (["eval", "--file", "nope.jsonl"], "nope.jsonl"),
        (["eval", "--data", "nope"], "nope/case2021-texts.jsonl"),
        (["backtest", "--rules", "nope.yaml", "--items", "items.jsonl"], "nope.yaml"),
        (["backtest", "--rules", "rules.yaml", "--items", "nope.jsonl"], "nope.jsonl"),
        (["produce", "--once", "--feeds", "nope.yaml"], "nope.yaml"),
        (["worker", "--rules", "nope.yaml"], "nope.yaml"),
        (["deliver", "--check", "--no-kafka", "--channels", "nope.yaml"], "nope.yaml"),
        (["replay-deadletter", "--dry-run", "--channels", "nope.yaml"], "nope.yaml"),
        ([*RUN_CHECK, "--feeds", "nope.yaml"], "nope.yaml"),
        ([*RUN_CHECK, "--rules", "nope.yaml"], "nope.yaml"),
        ([*RUN_CHECK, "--channels", "nope.yaml"], "nope.yaml"),
        (["demo", "--rules", "nope.yaml"], "nope.yaml"),
    ],
)
def test_missing_file_is_the_same_code_everywhere(
    argv: list[str], missing: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cwd / "items.jsonl").write_text("")
    code, out, err = run(argv, capsys)
    assert code == ExitCode.DATA == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("flashpoint: error: "), err
    assert missing in lines[0]
    assert out == ""


def test_secret_file_that_cannot_be_read_is_data(
    cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS_FILE", str(cwd / "nope"))
    code, _, err = run(RUN_CHECK, capsys)
    assert code == ExitCode.DATA
    assert "cannot read" in err and "nope" in err


def test_invalid_config_value_is_usage(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (cwd / "rules.yaml").write_text("version: 1\nrules:\n  - name: r\n    window: {size: 1h}\n")
    for argv in (
        RUN_CHECK,
        ["backtest", "--rules", "rules.yaml", "--items", "feeds.yaml"],
        ["worker", "--rules", "rules.yaml"],
    ):
        code, _, err = run(argv, capsys)
        assert code == ExitCode.USAGE, (argv, err)
        assert "rules.yaml" in err


def test_rule_naming_an_undefined_channel_is_usage(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cwd / "rules.yaml").write_text(
        RULES.replace("thresholds", "channels: [pager]\n    thresholds")
    )
    code, _, err = run(RUN_CHECK, capsys)
    assert code == ExitCode.USAGE
    assert err.strip() == (
        "flashpoint: error: rules.yaml: rule 'r': channels: 'pager' is not defined in channels.yaml"
    )


def test_feed_that_is_not_a_feed_is_data(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (cwd / "page.xml").write_text("<html><body>not a feed</body></html>")
    code, out, err = run(["fetch", "page.xml"], capsys)
    assert code == ExitCode.DATA, err
    assert out == ""


def test_fetch_prints_json_lines_alone(
    cwd: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["fetch", "feed.xml"])
    assert info.value.code == ExitCode.OK
    rows = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    assert [r["title"] for r in rows] == ["Strike on a depot"]


def test_run_exits_unavailable_when_kafka_does_not_answer(
    cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")
    code, _, err = run(RUN, capsys)  # valid files, nothing listening
    assert code == ExitCode.UNAVAILABLE == 69
    assert "Kafka does not answer" in err


@pytest.mark.timeout(60)
def test_deliver_check_exits_unavailable_when_kafka_does_not_answer(
    cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")
    code, out, err = run(["deliver", "--check", "--channels", "channels.yaml"], capsys)
    assert code == ExitCode.UNAVAILABLE  # after the 10 s the check waits for a broker
    assert "channels.yaml: 1 channel(s)" in out
    assert err.startswith("flashpoint: error: Kafka does not answer at 127.0.0.1:")


def test_kafka_status_down_is_a_failed_check(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["kafka", "status", "--port", str(free_port())], capsys)
    assert code == ExitCode.FAILED
    assert "kafka: down" in out


def test_unexpected_exception_is_software_with_the_traceback_logged(cwd: Path) -> None:
    driver = (
        "import flashpoint.commands.classify as c\n"
        "def boom(args):\n    raise KeyError('surprise')\n"
        "c._cmd_classify = boom\n"
        "from flashpoint.cli import main\nmain(['classify'])\n"
    )
    proc = python(["-c", driver], clean_env(), timeout=60)
    assert proc.returncode == ExitCode.SOFTWARE == 70
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == (
        "flashpoint: error: internal error: KeyError: 'surprise' (a bug; the traceback is logged)"
    )
    log_lines = [x for x in lines if x.startswith("time=")]
    assert len(log_lines) == 1 and "level=critical" in log_lines[0]
    assert 'exc_info="Traceback' in log_lines[0] and "command=classify" in log_lines[0]


def _sigint_default() -> None:
    """In the child before exec: SIGINT as a terminal's foreground job has it. A test run
    started as a background job of a non-interactive shell inherits SIGINT ignored, and so
    would the command: it would then rightly sit out the signal (as such a job should)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_is_interrupted() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHPOINT_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flashpoint", "classify"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        preexec_fn=_sigint_default,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b'{"id": "1", "text": "Talks began."}\n')
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["id"] == "1"  # the command is in its loop
    proc.send_signal(signal.SIGINT)
    try:
        code: int | None = proc.wait(30)
    except subprocess.TimeoutExpired:
        code = None  # still running: its stderr goes into the message below
    finally:
        proc.kill()
        _, err = proc.communicate()
    assert code == ExitCode.INTERRUPTED == 130, err.decode(errors="replace")[-2000:]


def test_a_reader_closing_the_pipe_early_is_not_an_error(tmp_path: Path) -> None:
    """``flashpoint classify items | head -1``: no traceback, exit 0 once the reader is gone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHPOINT_")}
    items = tmp_path / "items.jsonl"
    line = '{"id": "%d", "text": "Shelling killed two people in the town."}\n'
    items.write_text("".join(line % i for i in range(3000)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flashpoint", "classify", str(items)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["id"] == "0"
    proc.stdout.close()  # the reader is gone; the command's next writes meet a closed pipe
    try:
        err = proc.stderr.read().decode()
        assert proc.wait(60) == ExitCode.OK, err
        assert "Traceback" not in err and "BrokenPipe" not in err, err
    finally:
        proc.kill()


def test_run_exits_with_the_code_of_the_child_that_stopped(tmp_path: Path) -> None:
    child = Child("stage", ["classify", str(tmp_path / "nope")], {}, tmp_path / "stage.log")
    child.start()
    assert child.proc is not None
    child.proc.wait(60)
    err = ChildExited(child)
    assert err.exit_code == ExitCode.DATA
    assert str(err).startswith("stage exited with code 3: flashpoint: error: ")
