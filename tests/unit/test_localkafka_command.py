"""The local broker's java command line: extra JVM flags go in before the main class."""

from __future__ import annotations

from pathlib import Path

from flashpoint.localkafka import LocalKafka


def test_jvm_options_come_after_the_defaults_and_before_the_main_class(tmp_path: Path) -> None:
    kafka = LocalKafka(
        port=19092,
        data_dir=tmp_path,
        lib_dir=tmp_path / "lib",
        jvm_options=("-XX:TieredStopAtLevel=1",),
    )
    cmd = kafka.command(tmp_path / "server.properties")
    assert cmd[0] == "java"
    assert cmd[-2:] == ["kafka.Kafka", str(tmp_path / "server.properties")]
    flag = cmd.index("-XX:TieredStopAtLevel=1")
    assert cmd.index("-XX:+UseG1GC") < flag < cmd.index("kafka.Kafka")


def test_no_jvm_options_by_default(tmp_path: Path) -> None:
    kafka = LocalKafka(port=19092, data_dir=tmp_path, lib_dir=tmp_path / "lib")
    cmd = kafka.command(tmp_path / "server.properties")
    assert not any(arg.startswith("-XX:TieredStopAtLevel") for arg in cmd)
    assert cmd[1] == kafka.heap
