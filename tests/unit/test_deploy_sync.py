"""Kustomize cannot read files outside deploy/k8s, so it holds copies of the example feeds and
rules; they must not drift from the originals in deploy/."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["rules.yaml", "feeds.yaml"])
def test_k8s_copies_match_the_examples(name: str) -> None:
    original = (ROOT / "deploy" / name).read_text(encoding="utf-8")
    copy = (ROOT / "deploy" / "k8s" / "config" / name).read_text(encoding="utf-8")
    assert copy == original, f"run: cp deploy/{name} deploy/k8s/config/{name}"
