"""Language identifiers compared on short news titles and snippets: accuracy, speed, memory.

English: the CASE 2021 snippets and the English challenge sets; other languages: the
hand-written titles and snippets in benchmarks/data/langid-samples.jsonl (en/ru/uk/ar/fr/es/he/
tr/fa/de/pt). Each candidate is restricted to those eleven languages. Run one candidate per
process so the memory figure (resident set growth on load and first use) is its own:

    .venv/bin/python -m benchmarks.bench_langid py3langid
    .venv/bin/python -m benchmarks.bench_langid lingua-low
    .venv/bin/python -m benchmarks.bench_langid lingua-high

The last line printed is a JSON object for machines.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
LANGS = ("en", "ru", "uk", "ar", "fr", "es", "he", "tr", "fa", "de", "pt")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _candidate(name: str) -> Callable[[str], str]:
    if name == "py3langid":
        from streams.classify.stages.language import _py3langid_identifier

        return _py3langid_identifier(LANGS)
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGS]
    b = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    if name == "lingua-low":
        b = b.with_low_accuracy_mode()
    det = b.build()

    def detect(text: str) -> str:
        lang = det.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else "und"

    return detect


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("candidate", choices=["py3langid", "lingua-low", "lingua-high"])
    ap.add_argument("--data", type=Path, default=SHARED)
    args = ap.parse_args()

    rows: list[tuple[str, str]] = []
    for line in (args.data / "eval" / "case2021-texts.jsonl").read_text().splitlines():
        if line.strip():
            rows.append(("en", json.loads(line)["text"]))
    for name in ("challenge.jsonl", "challenge-b.jsonl"):
        for line in (ROOT / "tests" / "golden" / "classify" / name).read_text().splitlines():
            if line.strip():
                rows.append(("en", json.loads(line)["text"]))
    for line in (ROOT / "benchmarks" / "data" / "langid-samples.jsonl").read_text().splitlines():
        if line.strip():
            o = json.loads(line)
            rows.append((o["lang"], o["text"]))

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    detect = _candidate(args.candidate)
    detect("warm up")
    load_s = time.perf_counter() - t0
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: list[str] = []
    start = time.process_time()
    for lang, text in rows:
        got = detect(text)
        total[lang] += 1
        if got == lang:
            right[lang] += 1
        elif len(wrong) < 12:
            wrong.append(f"{lang}->{got}: {text[:60]}")
    cpu = time.process_time() - start
    per_lang = {k: round(right[k] / total[k], 3) for k in LANGS if total[k]}
    non_en = [k for k in LANGS if k != "en"]
    summary = {
        "candidate": args.candidate,
        "items": len(rows),
        "accuracy_en": per_lang["en"],
        "accuracy_other": round(sum(right[k] for k in non_en) / sum(total[k] for k in non_en), 3),
        "per_language": per_lang,
        "us_per_item": round(cpu / len(rows) * 1e6, 1),
        "load_s": round(load_s, 3),
        "rss_growth_mb": round(_rss_mb() - rss0, 1),
    }
    for w in wrong:
        print(w)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
