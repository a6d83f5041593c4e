"""The ``flashpoint classify`` and ``flashpoint eval`` contracts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from flashpoint.cli import main
from streams.classify.cli import classify_stream
from streams.models import LABELS

CONTRACT_KEYS = {
    "id",
    "labels",
    "scores",
    "casualties",
    "places",
    "evidence",
    "language",
    "language_supported",
}


def test_stream_contract_order_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        json.dumps(
            {"id": "a", "text": "Missiles hit Ganja, killing 12 people.", "title": "Ganja hit"}
        ),
        "{not json",
        json.dumps({"id": "b", "text": 5}),
        json.dumps({"text": "no id"}),
        json.dumps([1, 2]),
        json.dumps({"id": 7, "text": "Talks on a ceasefire began in Moscow."}),
    ]
    out = io.BytesIO()
    done, errors = classify_stream(io.BytesIO(("\n".join(lines) + "\n").encode()), out)
    assert (done, errors) == (2, 4)
    rows = [json.loads(x) for x in out.getvalue().decode().splitlines()]
    assert len(rows) == 6
    first = rows[0]
    assert set(first) == CONTRACT_KEYS
    assert first["id"] == "a"
    assert first["labels"] == ["strike", "casualty"]
    assert set(first["scores"]) == set(LABELS)
    assert first["casualties"] == {"killed": 12, "wounded": None}
    assert first["places"][0] == {
        "name": "Ganja",
        "country": "AZ",
        "lat": 40.6816,
        "lon": 46.3613,
        "role": "event",
    }
    assert set(first["evidence"]) == {"strike", "casualty"}
    assert rows[1] == {"id": "line 2", "error": rows[1]["error"]}
    assert rows[2]["id"] == "b" and "error" in rows[2]
    assert rows[3]["id"] == "line 4" and "error" in rows[3]
    assert rows[4]["id"] == "line 5" and "error" in rows[4]
    assert rows[5]["id"] == 7 and rows[5]["labels"] == ["diplomatic"]
    err = capsys.readouterr().err
    assert err.count("flashpoint classify:") == 4


def test_cli_classify_file(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "No casualties were reported."}) + "\n")
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(f)])
    assert exc.value.code == 0
    row = json.loads(capsysbinary.readouterr().out)
    assert row["id"] == "x" and row["labels"] == [] and row["evidence"] == {}


def test_cli_eval_json(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--data", str(shared_data / "eval"), "--json"])
    assert exc.value.code == 0
    d = json.loads(capsys.readouterr().out)
    assert d["items"] == 509
    assert set(d["labels"]) == set(LABELS)
    assert 0.0 <= d["macro_f1"] <= 1.0
    assert d["killed_n"] > 0


def test_cli_eval_missing_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--data", str(tmp_path)])
    assert exc.value.code != 0
    assert "file not found" in capsys.readouterr().err
