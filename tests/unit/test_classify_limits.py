"""Bounds on work and output: a huge item is read up to ``MAX_CHARS`` (the cut recorded) and
gives at most ``EVIDENCE_MAX`` evidence sentences per label, in every language."""

from __future__ import annotations

import io
import json

from flashpoint.commands.classify import classify_stream
from streams.classify import classify
from streams.classify.limits import EVIDENCE_MAX, MAX_CHARS

_EN = "Missiles hit Ganja overnight, killing 12 people and wounding 40, officials said. "
_FR = "Une frappe de drones a tué trois civils à Kharkiv, selon le gouverneur régional. "


def test_huge_english_item_is_cut_and_its_evidence_capped() -> None:
    text = _EN * (3 * MAX_CHARS // len(_EN))
    r = classify(text)
    assert r.truncated
    assert r.labels == ("strike", "casualty")
    assert all(len(v) == EVIDENCE_MAX for v in r.evidence.values())
    assert r.casualties.killed == 12 and r.casualties.wounded == 40


def test_huge_generic_language_item_is_cut_and_capped() -> None:
    r = classify(_FR * (2 * MAX_CHARS // len(_FR)))
    assert r.language == "fr" and r.truncated
    assert all(len(v) == EVIDENCE_MAX for v in r.evidence.values())


def test_text_at_the_limit_is_not_marked() -> None:
    text = (_EN * (MAX_CHARS // len(_EN) + 1))[:MAX_CHARS]
    assert not classify(text).truncated


def test_cli_output_records_the_cut() -> None:
    line = json.dumps({"id": "big", "text": _EN * (MAX_CHARS // len(_EN) + 10)})
    out = io.BytesIO()
    assert classify_stream(io.BytesIO(line.encode() + b"\n"), out) == (1, 0)
    row = json.loads(out.getvalue())
    assert row["truncated"] is True
    assert len(out.getvalue()) < 20_000  # 2 labels x 20 sentences, not 200,000 characters
