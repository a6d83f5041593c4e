"""The ``flashpoint classify`` and ``flashpoint eval`` contracts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from flashpoint.cli import main
from flashpoint.commands.classify import classify_stream
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
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"flashpoint: warning: <stdin>:2: {rows[1]['error']}",
        'flashpoint: warning: <stdin>:3: "text" must be a string',
        'flashpoint: warning: <stdin>:4: missing "id"',
        "flashpoint: warning: <stdin>:5: not a JSON object",
    ]
    assert rows[1]["error"].startswith("invalid JSON (")


def test_cli_classify_file(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "No casualties were reported."}) + "\n")
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(f)])
    assert exc.value.code == 0
    row = json.loads(capsysbinary.readouterr().out)
    assert row["id"] == "x" and row["labels"] == [] and row["evidence"] == {}


def test_cli_eval_json_from_the_shared_variable(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLASHPOINT_SHARED", str(shared_data.parent))
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--json"])
    assert exc.value.code == 0
    d = json.loads(capsys.readouterr().out)  # stdout is the JSON object alone
    assert d["items"] == 509 and d["bad_lines"] == 0
    assert set(d["labels"]) == set(LABELS)
    assert 0.0 <= d["macro_f1"] <= 1.0
    assert d["killed_n"] > 0


def test_cli_eval_missing_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--data", str(tmp_path)])
    assert exc.value.code == 3
    assert "file not found" in capsys.readouterr().err


def test_cli_eval_without_arguments_says_what_it_needs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FLASHPOINT_SHARED", raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["eval"])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("flashpoint eval: nothing to score; give one of:")
    for needed in ("--data DIR", "case2021-dev-labels.jsonl", "FLASHPOINT_SHARED", "--file FILE"):
        assert needed in err
    # the first sets by name, then a count of the rest (adding a set must not break this)
    assert "  tests/golden/classify/challenge-b.jsonl\n" in err
    assert "more under tests/golden/classify/\n" in err
    assert "shared/data/eval" not in err  # no guess at a folder next to the checkout


GOOD_ROW = {"id": "g1", "text": "Talks on a truce began in Geneva.", "labels": ["diplomatic"]}


def test_cli_eval_counts_bad_lines_and_scores_the_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "set.jsonl"
    lines = [
        json.dumps(GOOD_ROW),
        "{broken",
        "[1, 2]",
        json.dumps({"id": "n1", "labels": []}),
        json.dumps({"text": "no id", "labels": []}),
        "",
        json.dumps({**GOOD_ROW, "id": "g2"}),
    ]
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--file", str(f), "--json"])
    assert exc.value.code == 1
    out, err = capsys.readouterr()
    d = json.loads(out)
    assert d["items"] == 2 and d["bad_lines"] == 4
    assert d["labels"]["diplomatic"]["tp"] == 2
    err_lines = err.splitlines()
    assert err_lines[0].startswith(f"flashpoint: warning: {f}:2: invalid JSON (")
    assert err_lines[1] == f"flashpoint: warning: {f}:3: not a JSON object"
    assert err_lines[2] == f'flashpoint: warning: {f}:4: needs a string "text" and a "labels" list'
    assert err_lines[3] == f'flashpoint: warning: {f}:5: missing "id"'
    assert err_lines[4] == f"eval: 4 bad lines skipped in {f}"


def test_cli_eval_labels_without_text_are_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "case2021-texts.jsonl").write_text(
        json.dumps({"id": "a", "text": GOOD_ROW["text"]}) + "\n" + json.dumps({"id": "b"}) + "\n"
    )
    (tmp_path / "case2021-dev-labels.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "labels": ["diplomatic"]}) for i in "abc") + "\n"
    )
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--data", str(tmp_path)])
    assert exc.value.code == 1
    out, err = capsys.readouterr()
    assert "items: 1" in out
    assert f'{tmp_path}/case2021-texts.jsonl:2: needs a string "text"' in err
    assert f"{tmp_path}/case2021-dev-labels.jsonl:2: id 'b' has labels but no text" in err
    assert f"{tmp_path}/case2021-dev-labels.jsonl:3: id 'c' has labels but no text" in err


def test_cli_eval_with_no_good_row_is_a_data_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "set.jsonl"
    f.write_text("{broken\n")
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--file", str(f)])
    assert exc.value.code == 3
    assert f"flashpoint: error: {f}: no labelled row to score" in capsys.readouterr().err


def test_cli_classify_bad_lines_exit_1_capped_and_good_lines_kept(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    f = tmp_path / "in.jsonl"
    bad = [json.dumps({"id": f"b{i}"}) for i in range(60)]  # no "text"
    good = [json.dumps({"id": "x", "text": "Talks on a ceasefire began in Moscow."})]
    f.write_text("\n".join(good + bad + good) + "\n")
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(f)])
    assert exc.value.code == 1
    cap = capsysbinary.readouterr()
    rows = [json.loads(line) for line in cap.out.splitlines()]  # stdout: JSON lines alone
    assert len(rows) == 62
    assert [r["labels"] for r in (rows[0], rows[-1])] == [["diplomatic"], ["diplomatic"]]
    assert all(r == {"id": f"b{i}", "error": 'missing "text"'} for i, r in enumerate(rows[1:61]))
    err = cap.err.decode().splitlines()
    assert len(err) == 52
    assert err[0] == f'flashpoint: warning: {f}:2: missing "text"'
    assert err[49] == f'flashpoint: warning: {f}:51: missing "text"'
    assert err[50] == "flashpoint: warning: 10 more bad lines not shown"
    assert err[51] == f"classify: 60 bad lines skipped in {f}"
