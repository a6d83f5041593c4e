"""The one settings base (flashpoint.settings.FlashpointSettings) and its ``*_FILE`` variables.

Every settings object read from the environment takes the ``<VARIABLE>_FILE`` form of each
field's variable, the ``log`` section read before the others included; the file's value wins
over the plain variable, and a file that cannot be read is named, with the variable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.core.configfile import read_secret_file
from flashpoint.core.errors import UnreadableConfigError
from flashpoint.settings import FlashpointSettings, Settings, load_log_settings, load_settings


def test_every_settings_object_stands_on_the_base() -> None:
    assert issubclass(Settings, FlashpointSettings)


def test_the_log_section_takes_file_variables_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fmt = tmp_path / "format"
    fmt.write_text("json\n")
    monkeypatch.setenv("FLASHPOINT_LOG__FORMAT_FILE", str(fmt))
    assert load_log_settings().format == "json"
    assert load_settings().log.format == "json"


def test_a_file_value_wins_over_the_plain_variable_in_its_section_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    servers = tmp_path / "servers"
    servers.write_text("kafka-0:9092\n")
    monkeypatch.setenv("FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS", "elsewhere:9092")
    monkeypatch.setenv("FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS_FILE", str(servers))
    monkeypatch.setenv("FLASHPOINT_KAFKA__PARTITIONS", "7")
    settings = load_settings()
    assert settings.kafka.bootstrap_servers == "kafka-0:9092"
    assert settings.kafka.partitions == 7  # the rest of the section still comes from variables


def test_a_field_named_file_is_not_a_file_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLASHPOINT_PRODUCER__FEEDS_FILE", str(tmp_path / "feeds.yaml"))
    assert load_settings().producer.feeds_file == str(tmp_path / "feeds.yaml")


def test_an_unreadable_file_names_the_variable_and_the_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLASHPOINT_LOG__FORMAT_FILE", str(tmp_path / "nope"))
    for load in (load_log_settings, load_settings):
        with pytest.raises(UnreadableConfigError) as info:
            load()
        assert info.value.field == "FLASHPOINT_LOG__FORMAT_FILE"
        assert "nope" in str(info.value)


def test_read_secret_file_strips_and_expands_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "s").write_text("  hunter2\n")
    assert read_secret_file("~/s", file="channels.yaml") == "hunter2"
