"""Throughput of classify + extract on one core, next to a bare pass over the same texts.

The bare pass lowercases each text and tokenises it with one regex: the floor any text
processing pays. Both are timed (in CPU seconds of this process) in the same run, over
(1) the CASE 2021 eval snippets and (2) ~3 KB articles (the seed article, BulgarianMilitary.com,
trimmed to 3 KB, and snippets joined to 3 KB). Then, per language pack other than English,
the same two figures over that language's texts: its evaluation sets
(tests/golden/classify/lang/<code>-*.jsonl), else its lines of benchmarks/data/langid-samples.jsonl,
as snippets and joined to 3 KB articles. Language detection is part of every figure.
The last line printed is a JSON object for machines.

    .venv/bin/python benchmarks/bench_classify.py [--data DIR] [--seconds S]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "data"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def bare(text: str) -> int:
    return len(_TOKEN.findall(text.lower()))


def cpu_rate(fn: Callable[[str], object], texts: Sequence[str], min_seconds: float) -> float:
    """Items per CPU second of this process, repeating the corpus until ``min_seconds`` of
    CPU time have passed. CPU time, not wall time: the figure is per core, and on a shared
    machine wall time also counts the time other processes hold the core."""
    n = 0
    gc.collect()
    start = time.process_time()
    while True:
        for t in texts:
            fn(t)
        n += len(texts)
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return n / elapsed


def _articles(snippets: Sequence[str], first: str | None = None) -> list[str]:
    """~3 KB articles: ``first`` trimmed to 3 KB, then the snippets joined to 3 KB."""
    out = [first[:3072]] if first else []
    buf = ""
    for s in snippets:
        buf += s + "\n\n"
        if len(buf) >= 3072:
            out.append(buf[:3072])
            buf = ""
    if not out and buf:  # fewer snippets than 3 KB: repeat them
        out.append((buf * (3072 // len(buf) + 1))[:3072])
    return out


def _language_texts() -> dict[str, list[str]]:
    """Texts per non-English pack language: its eval sets, else the language-id samples."""
    from streams.classify.lang import pack_codes

    golden = ROOT / "tests" / "golden" / "classify" / "lang"
    samples: dict[str, list[str]] = {}
    for line in (ROOT / "benchmarks" / "data" / "langid-samples.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            samples.setdefault(row["lang"], []).append(row["text"])
    out: dict[str, list[str]] = {}
    for code in pack_codes():
        if code == "en":
            continue
        texts = [
            json.loads(line)["text"]
            for path in sorted(golden.glob(f"{code}-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        if texts or samples.get(code):
            out[code] = texts or samples[code]
    return out


def language_articles() -> dict[str, list[str]]:
    """~3 KB articles per non-English pack language (what ``articles_items_per_s`` times)."""
    return {code: _articles(texts) for code, texts in _language_texts().items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED)
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum timing per measurement")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from streams.classify import classify
    from streams.classify._gazetteer import get_gazetteer

    t1 = time.perf_counter()
    get_gazetteer()
    t2 = time.perf_counter()

    snippets = [
        json.loads(line)["text"]
        for line in (args.data / "eval" / "case2021-texts.jsonl").read_text().splitlines()
        if line.strip()
    ]
    seed = (args.data / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")
    articles = _articles(snippets, seed)
    avg_article = sum(map(len, articles)) / len(articles)

    def run(t: str) -> object:
        return classify(t)

    # what a worker's classifier process does before its first batch (build the packs, the
    # gazetteers and the index of places under another spelling, then keep them out of the
    # collector's full collections), then warm caches: the rates below are those of a
    # warmed-up worker, as in production
    from streams.classify_pool import _warm_up

    _warm_up()
    for t in snippets[:50]:
        run(t)

    sn_cls = cpu_rate(run, snippets, args.seconds)
    sn_bare = cpu_rate(bare, snippets, args.seconds / 2)
    ar_cls = cpu_rate(run, articles, args.seconds)
    ar_bare = cpu_rate(bare, articles, args.seconds / 2)

    languages: dict[str, dict[str, float]] = {}
    for code, texts in _language_texts().items():
        for t in texts:  # warm the pack's patterns and place index
            run(t)
        languages[code] = {
            "snippets": len(texts),
            "snippets_items_per_s": round(cpu_rate(run, texts, args.seconds / 2), 1),
            "articles_items_per_s": round(cpu_rate(run, _articles(texts), args.seconds / 2), 1),
        }

    print(f"import: {t1 - t0:.3f} s; gazetteer build (first use): {t2 - t1:.3f} s")
    print(f"snippets ({len(snippets)}, avg {sum(map(len, snippets)) / len(snippets):.0f} chars):")
    print(
        f"  classify+extract {sn_cls:10.0f} items/s   bare pass {sn_bare:10.0f} items/s   ratio"
        f" {sn_bare / sn_cls:.1f}x"
    )
    print(f"articles ({len(articles)}, avg {avg_article:.0f} chars):")
    print(
        f"  classify+extract {ar_cls:10.0f} items/s   bare pass {ar_bare:10.0f} items/s   ratio"
        f" {ar_bare / ar_cls:.1f}x"
    )
    for code, r in languages.items():
        print(
            f"{code}: {r['snippets']:.0f} snippets {r['snippets_items_per_s']:10.0f} items/s; "
            f"3 KB articles {r['articles_items_per_s']:10.0f} items/s"
        )
    print(
        json.dumps(
            {
                "classify_items_per_s": round(sn_cls, 1),
                "classify_bare_ratio": round(sn_bare / sn_cls, 2),
                "bare_items_per_s": round(sn_bare, 1),
                "articles_items_per_s": round(ar_cls, 1),
                "articles_bare_ratio": round(ar_bare / ar_cls, 2),
                "gazetteer_load_s": round(t2 - t1, 3),
                "languages": languages,
            }
        )
    )


if __name__ == "__main__":
    main()
