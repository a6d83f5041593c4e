"""Throughput of incident folding (``streams.incidents``) on a realistic stream of ~3 KB items.

The stream is built from real texts: the seed article (BulgarianMilitary.com, on the October
2020 missile strike on Ganja) and the CASE 2021 news snippets (AYLIEN/fine-grained-event-
classification, MIT licence; data by the CASE 2021 organisers, Haneczok et al. 2021). Each
"day" each snippet (shuffled, fixed seed) leads a ~3 KB story (filled with unlabelled
background snippets) carried by one to five outlets, each copy with its own byline, dateline
and footer, minutes to hours apart, so folding sees wire copies (near-duplicates), reports
about the same places and about a thousand incidents held at once, as a busy partition does.

Items are classified once (streams.classify); only folding is timed, in CPU seconds of this
process (``time.process_time``), over a fresh folder each repeat. Printed: items/s per CPU
second (best and median of the repeats) and a digest of the folded incidents (ids, members,
counts), which must not change when the folding code is optimised.

    .venv/bin/python -m benchmarks.bench_incidents [--days 6] [--per-day 3000] [--repeats 5]
    .venv/bin/python -m benchmarks.bench_incidents --write-items /tmp/items.jsonl  # backtest
    .venv/bin/python -m benchmarks.bench_incidents --profile   # pyinstrument, one pass
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "data"
ITEM_BYTES = 3072

_OUTLETS = [
    ("wire-a", "By Staff Reporter", "Reuters"),
    ("wire-b", "By our correspondent", "AFP"),
    ("daily-c", "Newsdesk", "Daily Courier"),
    ("post-d", "By Anna Marsh", "The Evening Post"),
    ("herald-e", "By Omar Haddad", "Herald Online"),
    ("times-f", "World desk", "Times Digest"),
    ("news-g", "By J. Keller", "News 24/7"),
]
_FOOTERS = [
    "Subscribe to our newsletter for the latest updates.",
    "Follow us on social media. All rights reserved.",
    "This story has been updated with additional reporting.",
    "Copyright {outlet}. Reproduction without permission is prohibited.",
    "",
]


def _snippets(data: Path) -> list[str]:
    lines = (data / "eval" / "case2021-texts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def build_items(days: int, per_day: int, *, data: Path = SHARED, seed: int = 7) -> list[Any]:
    """A deterministic stream of raw :class:`Item` (about ``per_day`` a day), in event order.

    A story is one snippet as its lead, filled to ~3 KB with snippets in which the classifier
    finds neither a label nor a place (background that does not change what the story is
    about); each story is carried by one to five outlets.
    """
    from producers.items import Item, item_id
    from streams.classify import classify

    rng = random.Random(seed)
    article = (data / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")
    snippets = _snippets(data)
    filler = [s for s in snippets if not (r := classify(s, None)).labels and not r.places]
    start = datetime(2024, 3, 1, tzinfo=UTC)
    items: list[Item] = []
    n = 0
    for day in range(days):
        leads = snippets[:]
        rng.shuffle(leads)
        if day % 2 == 0:
            leads.insert(0, article)
        day_items = 0
        for lead in leads:
            if day_items >= per_day:
                break
            story = lead
            while len(story) < ITEM_BYTES:
                story += "\n\n" + rng.choice(filler)
            story = story[: max(ITEM_BYTES, len(lead))]
            t0 = start + timedelta(days=day, seconds=rng.uniform(0, 86400))
            for feed, byline, name in rng.sample(_OUTLETS, rng.randint(1, 5)):
                when = t0 + timedelta(seconds=rng.expovariate(1 / 1800))
                footer = rng.choice(_FOOTERS).format(outlet=name)
                text = f"{byline}, {name}. {when:%d %B %Y}.\n\n{story}\n\n{footer}"
                guid = f"bench-incidents:{n}"
                items.append(
                    Item(
                        id=item_id(guid, None),
                        feed=feed,
                        sources=(feed,),
                        url=f"https://{feed}.example.org/{n}",
                        guid=guid,
                        title=" ".join(lead.split()[:12]),
                        text=text,
                        published=when,
                        fetched_at=when,
                        language="en",
                        tags={},
                    )
                )
                n += 1
                day_items += 1
    items.sort(key=lambda it: (it.published, it.id))
    return items


def digest(incidents: dict[str, Any]) -> tuple[str, int, int]:
    """(sha256 of the records as sorted JSON, number of incidents, total member reports)."""
    blob = json.dumps(incidents, sort_keys=True, separators=(",", ":")).encode("utf-8")
    members = sum(len(v["items"]) for v in incidents.values())
    return hashlib.sha256(blob).hexdigest(), len(incidents), members


def fold_all(cis: list[Any], settings: Any) -> tuple[dict[str, Any], float]:
    """Fold ``cis`` into a fresh folder (expiring hourly, as the engine's watermark does);
    return the records and the CPU seconds spent."""
    from streams.incidents import IncidentFolder

    store: dict[str, Any] = {}
    folder = IncidentFolder(settings, store)
    gc.collect()
    next_expire = 0.0
    t0 = time.process_time()
    for ts, ci in cis:
        folder.fold(ci, ts)
        if ts >= next_expire:
            folder.expire(ts)
            next_expire = ts + 3600.0
    return store, time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--days", type=int, default=6)
    ap.add_argument("--per-day", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rules", type=Path, default=ROOT / "deploy" / "rules.yaml")
    ap.add_argument("--write-items", type=Path, help="write the raw items as JSONL and stop")
    ap.add_argument("--dump", type=Path, help="write the folded incident records as JSON")
    ap.add_argument("--profile", action="store_true", help="one pass under pyinstrument")
    args = ap.parse_args(argv)

    items = build_items(args.days, args.per_day)
    if args.write_items:
        with args.write_items.open("w", encoding="utf-8") as fh:
            for it in items:
                fh.write(it.model_dump_json() + "\n")
        print(f"wrote {len(items)} items to {args.write_items}")
        return 0

    from alerts.rules import load_rules
    from streams.classify import classify_item

    settings = load_rules(args.rules).incidents
    t0 = time.process_time()
    cis = [(it.published.timestamp(), ci) for it in items if (ci := classify_item(it)).labels]
    print(
        f"{len(items)} items ({statistics.mean(len(it.text) for it in items):.0f} chars mean), "
        f"{len(cis)} labelled (folded); classified in {time.process_time() - t0:.1f} CPU s",
        flush=True,
    )
    if args.profile:
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0005)
        prof.start()
        fold_all(cis, settings)
        prof.stop()
        print(prof.output_text(unicode=False, color=False, show_all=False))
        return 0

    rates: list[float] = []
    ref: tuple[str, int, int] | None = None
    for _ in range(args.repeats):
        store, cpu = fold_all(cis, settings)
        rates.append(len(cis) / cpu)
        d = digest(store)
        if ref is not None and d != ref:
            print("folding is not deterministic across repeats", file=sys.stderr)
            return 1
        ref = d
    assert ref is not None
    if args.dump:
        args.dump.write_text(json.dumps(store, sort_keys=True, indent=1), encoding="utf-8")
    print(f"incidents: {ref[1]} held, {ref[2]} member reports, digest {ref[0][:16]}")
    print(
        f"fold: {max(rates):,.0f} items/CPU-s best, {statistics.median(rates):,.0f} median "
        f"({args.repeats} repeats of {len(cis)} items)"
    )
    print(
        json.dumps(
            {
                "items": len(cis),
                "best": max(rates),
                "median": statistics.median(rates),
                "digest": ref[0],
                "incidents": ref[1],
                "members": ref[2],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
