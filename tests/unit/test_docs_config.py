"""docs/configuration.md is generated from the settings model and must stay in step with it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from flashpoint.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "configuration.md"
FIX = ".venv/bin/python scripts/gen_config_docs.py"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_config_docs", ROOT / "scripts" / "gen_config_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_config_docs", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _load_generator()


def test_configuration_doc_is_up_to_date(gen: ModuleType) -> None:
    expected = gen.render()
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == expected, (
        f"docs/configuration.md is out of date with flashpoint.settings.Settings; run: {FIX}"
    )


def test_every_option_is_documented_with_its_variable(gen: ModuleType) -> None:
    text = gen.render()
    count = 0
    for section, info in Settings.model_fields.items():
        model = info.annotation
        assert model is not None
        assert f"## {section}\n" in text
        for field, finfo in model.model_fields.items():
            var = f"FLASHPOINT_{section}__{field}".upper()
            rows = [ln for ln in text.splitlines() if ln.startswith(f"| `{field}` |")]
            assert any(f"`{var}`" in row for row in rows), f"{var} missing from the reference"
            assert finfo.description, f"{section}.{field} has no description"
            count += 1
    assert count >= 40  # four sections, dozens of options: an empty model would be a bug


def test_documented_variables_really_configure_settings(
    gen: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.settings import load_settings

    monkeypatch.setenv(gen.env_var("kafka", "partitions"), "7")
    monkeypatch.setenv(gen.env_var("delivery", "allowed_hosts"), '["10.0.0.0/8"]')
    settings = load_settings()
    assert settings.kafka.partitions == 7
    assert settings.delivery.allowed_hosts == ("10.0.0.0/8",)


def test_file_variant_reads_the_value_from_a_file(
    gen: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from flashpoint.settings import load_settings

    secret = tmp_path / "brokers"
    secret.write_text("kafka-0:9092,kafka-1:9092\n")
    monkeypatch.setenv(gen.env_var("kafka", "bootstrap_servers") + "_FILE", str(secret))
    assert load_settings().kafka.bootstrap_servers == "kafka-0:9092,kafka-1:9092"


def test_type_names(gen: ModuleType) -> None:
    assert gen.type_name(int) == "int"
    assert gen.type_name(tuple[str, ...]) == "list of str"
    assert gen.type_name(Path) == "path"
    assert gen.type_name(str | None) == "str (optional)"


def test_check_mode_reports_the_fix(
    gen: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "configuration.md"
    stale.write_text("# old\n")
    assert gen.main(["--check", "--output", str(stale)]) == 1
    assert FIX in capsys.readouterr().err
    assert gen.main(["--output", str(stale)]) == 0
    assert gen.main(["--check", "--output", str(stale)]) == 0
