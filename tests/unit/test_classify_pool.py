"""The classifier processes of the classify agent: outcomes in order, the same in a process as
inline, and a dead process costs one inline batch, not the stream."""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from prometheus_client import CollectorRegistry

import streams.classify_pool as pool_mod
from producers.items import Item
from streams.classify_pool import ClassifierPool, classify_records
from streams.metrics import WorkerMetrics
from streams.models import ClassifiedItem

T0 = datetime(2020, 10, 11, 6, 0, tzinfo=UTC)


def raw(n: int, text: str) -> bytes:
    return Item(
        id=f"i{n}",
        feed="wire",
        title=text[:60],
        text=text,
        url=f"https://example.org/{n}",
        published=T0,
        fetched_at=T0,
    ).to_json()


STRIKE = "A missile strike on Ganja killed 12 civilians and wounded 40, officials said on Sunday."
TALKS = "The foreign ministers of Armenia and Azerbaijan met in Moscow to agree a ceasefire."


def test_outcomes_are_in_order_with_their_kind() -> None:
    out = classify_records([raw(1, STRIKE), b"{not json", raw(2, TALKS), None])
    assert [o.kind for o in out] == ["ok", "invalid_item", "ok", "invalid_item"]
    first = ClassifiedItem.from_json(out[0].value)
    assert first.item.id == "i1" and out[0].item_id == "i1"
    assert "strike" in first.labels and first.casualties.killed == 12
    assert out[0].key == first.key == "AZ"
    assert out[0].labels == tuple(first.labels)
    assert out[0].published == T0.timestamp()
    assert "diplomatic" in ClassifiedItem.from_json(out[2].value).labels
    assert out[1].error and out[3].error


def test_a_classifier_exception_is_an_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(item: Item) -> ClassifiedItem:
        raise ValueError("boom")

    monkeypatch.setattr(pool_mod, "classify_item", broken)
    (out,) = classify_records([raw(1, STRIKE)])
    assert out.kind == "classifier_error"
    assert out.item_id == "i1" and out.error == "ValueError: boom"


def _comparable(outcomes: list[pool_mod.Outcome]) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = []
    for o in outcomes:
        value = orjson.loads(o.value) if o.value else {}
        value.pop("classified_at", None)
        rows.append((o.kind, o.key, value))
    return rows


@pytest.mark.timeout(120)
async def test_processes_give_the_inline_outcomes_and_survive_a_killed_process() -> None:
    records = [raw(i, STRIKE if i % 2 else TALKS) for i in range(7)] + [b"[]"]
    inline = classify_records(records)
    registry = CollectorRegistry()
    pool = ClassifierPool(2, WorkerMetrics(registry))
    try:
        assert _comparable(await pool.classify(records)) == _comparable(inline)
        assert pool._executor is not None
        pids = list(pool._executor._processes)
        assert pids and os.getpid() not in pids
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        # the batch in flight when the processes died is classified inline, in order
        assert _comparable(await pool.classify(records)) == _comparable(inline)
        assert registry.get_sample_value("flashpoint_classifier_process_restarts_total") == 1
        # and the next batch runs in new processes
        assert _comparable(await pool.classify(records)) == _comparable(inline)
        assert pool._executor is not None
        assert not set(pool._executor._processes) & set(pids)
    finally:
        pool.close()


def test_the_record_carries_the_folding_sketch() -> None:
    from streams.incidents import item_sketch

    (out,) = classify_records([raw(1, STRIKE)])
    ci = ClassifiedItem.from_json(out.value)
    assert ci.minhash is not None and len(ci.minhash) > 0
    assert list(ci.minhash) == item_sketch(ci.model_copy(update={"minhash": None}))


def test_an_unlabelled_record_carries_no_sketch_and_the_engine_gives_the_same() -> None:
    """Only labelled items are folded into incidents, so only they carry the sketch; alerts
    and incidents are those of records that all carry one."""
    from alerts.rules import load_rules
    from streams.engine import Engine
    from streams.incidents import item_sketch

    texts = [STRIKE, "The weather in the capital was mild on Tuesday.", TALKS, STRIKE]
    outs = classify_records([raw(i, t) for i, t in enumerate(texts)])
    cis = [ClassifiedItem.from_json(o.value) for o in outs]
    assert [bool(ci.labels) for ci in cis] == [True, False, True, True]
    assert cis[1].minhash is None and all(ci.minhash for ci in cis if ci.labels)
    forced = [ci.model_copy(update={"minhash": tuple(item_sketch(ci) or ())}) for ci in cis]
    rules = load_rules(Path(__file__).resolve().parents[2] / "deploy" / "rules.yaml")

    def run(stream: list[ClassifiedItem]) -> tuple[list[Any], list[Any]]:
        eng = Engine(rules, clock=lambda: datetime(2026, 12, 5, 12, tzinfo=UTC))
        # created_at is when the alert object was made (the wall clock): not compared
        alerts = [a.model_dump(exclude={"created_at"}) for ci in stream for a in eng.process(ci)]
        return alerts, sorted(eng.state.incidents.items())

    assert run(cis) == run(forced)


def test_languages_are_on_the_record_and_counted() -> None:
    from streams.classify_agent import count_language

    german = "Bei dem Raketenangriff wurden nach Angaben der Behörden drei Menschen getötet."
    french = "Une frappe de drones a tué trois civils à Kharkiv, selon le gouverneur régional."
    out = classify_records([raw(1, STRIKE), raw(2, german), raw(3, french)])
    assert [(o.language, o.language_supported) for o in out] == [
        ("en", True),
        ("de", False),
        ("fr", True),
    ]
    rec = ClassifiedItem.from_json(out[1].value)
    assert rec.language == "de" and not rec.language_supported and rec.labels == ()
    assert ClassifiedItem.from_json(out[2].value).casualties.killed == 3
    registry = CollectorRegistry()
    metrics = WorkerMetrics(registry)
    for o in out:
        count_language(metrics, o)
    get = registry.get_sample_value
    assert get("flashpoint_classify_unsupported_language_total", {"language": "de"}) == 1
    assert get("flashpoint_items_by_language_total", {"language": "en", "supported": "true"}) == 1
    assert get("flashpoint_items_by_language_total", {"language": "fr", "supported": "true"}) == 1
    assert get("flashpoint_classify_unsupported_language_total", {"language": "fr"}) is None


@pytest.mark.timeout(120)
async def test_prestart_starts_the_processes_before_the_first_batch() -> None:
    """The worker starts its classifier processes when it starts (the classify agent calls
    prestart), not with its first batch: the first batch finds them running and warmed up."""
    pool = ClassifierPool(2, WorkerMetrics(CollectorRegistry()))
    try:
        pool.prestart()
        assert pool._executor is not None
        started = set(pool._executor._processes)
        assert len(started) == 2
        pool.prestart()  # idempotent: no second set of processes
        assert set(pool._executor._processes) == started
        records = [raw(1, STRIKE)]
        assert _comparable(await pool.classify(records)) == _comparable(classify_records(records))
        assert set(pool._executor._processes) == started
    finally:
        pool.close()


def test_prestart_without_processes_starts_nothing() -> None:
    pool = ClassifierPool(0)
    pool.prestart()
    assert pool._executor is None


@pytest.mark.timeout(120)
async def test_a_sigterm_to_the_process_group_leaves_the_classifier_processes_running() -> None:
    """A container stop or Ctrl-C signals the worker's whole process group: the classifier
    processes stay up (the worker shuts them down), rather than die mid-batch and leave a
    stopping worker to classify the batch again in its event loop."""
    registry = CollectorRegistry()
    pool = ClassifierPool(2, WorkerMetrics(registry))
    records = [raw(1, STRIKE), raw(2, TALKS)]
    try:
        await pool.classify(records)  # the processes are up and initialised
        assert pool._executor is not None
        pids = set(pool._executor._processes)
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
            os.kill(pid, signal.SIGINT)
        assert _comparable(await pool.classify(records)) == _comparable(classify_records(records))
        assert set(pool._executor._processes) == pids
        assert not registry.get_sample_value("flashpoint_classifier_process_restarts_total")
    finally:
        pool.close()


@pytest.mark.timeout(60)
def test_a_classifier_process_ends_when_its_worker_is_killed(tmp_path: Path) -> None:
    """Killed with SIGKILL, a worker leaves its classifier processes without a parent: they
    exit by themselves (they ignore the group's SIGTERM while the worker lives)."""
    import subprocess
    import sys
    import time

    script = (
        "import os, sys\n"
        "from streams.classify_pool import ClassifierPool\n"
        "pool = ClassifierPool(1)\n"
        "pool.prestart()\n"
        "pool._executor.submit(os.getpid).result(60)\n"
        "print(*pool._executor._processes, flush=True)\n"
        "sys.stdin.read()\n"
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert worker.stdout is not None
    (child,) = map(int, worker.stdout.readline().split())
    worker.kill()
    worker.wait(10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the classifier process outlived its killed worker")


@pytest.mark.timeout(60)
def test_a_classifier_process_whose_worker_died_before_it_started_exits() -> None:
    """A worker killed while its classifier process is still starting leaves the process to
    init before its start-up code runs: reading its parent's pid then would give init's, and
    the process would wait for a parent that never goes. It checks the worker's pid instead."""
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(30)  # a pid that is nobody's parent any more
    script = (
        "import logging, time\n"
        "from streams.classify_pool import _start_process\n"
        f"_start_process(logging.WARNING, {gone.pid})\n"
        "time.sleep(30)\n"
        "raise SystemExit(3)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], timeout=45, capture_output=True)
    assert proc.returncode == 0, proc.stderr
