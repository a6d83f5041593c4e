"""Build the demo's timeline (flashpoint/demo_data/timeline.json) from ../shared/data.

The demo tells one story from the seed article (BulgarianMilitary.com, October 2020, the
missile strike on Ganja): a strike reported by several outlets, a toll that rises, a denial,
then talks. Real CASE 2021 snippets run alongside as background news. Every text is quoted
from the source as written; the story items carry headlines written for the demo, the
background items their first words as titles.

Run: .venv/bin/python scripts/build_demo_feeds.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
OUT = ROOT / "flashpoint" / "demo_data" / "timeline.json"

SEED_SOURCE = (
    "BulgarianMilitary.com, 'Missile strikes on the city of Ganja in Azerbaijan, "
    "12 civilians were killed' (October 2020), citing news agency Sega"
)
CASE_SOURCE = (
    "CASE 2021 shared task, Task 2 test set (Haneczok et al. 2021), as published in "
    "AYLIEN/fine-grained-event-classification (MIT licence)"
)

FEEDS = {
    "caucasus-wire": {
        "title": "Caucasus Wire (demo)",
        "language": "en",
        "tags": {"region": "caucasus", "outlet_type": "wire"},
    },
    "baku-desk": {
        "title": "Baku Desk (demo)",
        "language": "en",
        "tags": {"country": "AZ", "region": "caucasus", "outlet_type": "outlet"},
    },
    "yerevan-desk": {
        "title": "Yerevan Desk (demo)",
        "language": "en",
        "tags": {"country": "AM", "region": "caucasus", "outlet_type": "outlet"},
    },
    "world-news": {
        "title": "World News Snippets (demo)",
        "language": "en",
        "tags": {"region": "world", "outlet_type": "aggregator"},
    },
}

# Seed paragraphs by their first words, so the build fails loudly if the article changes.
STORY = [
    # (offset s, feed, title, paragraph starts)
    (
        4,
        "caucasus-wire",
        "Rockets hit residential area of Ganja overnight",
        ["The attack on the city was carried out"],
    ),
    (
        9,
        "baku-desk",
        "Rockets hit residential area of Ganja overnight",
        ["The attack on the city was carried out"],
    ),
    (
        14,
        "world-news",
        "Rockets hit residential area of Ganja overnight",
        ["The attack on the city was carried out"],
    ),
    (
        22,
        "baku-desk",
        "Missile strikes on the city of Ganja in Azerbaijan, 12 civilians were killed",
        ["BAKU, (BM)"],
    ),
    (
        32,
        "caucasus-wire",
        "Ganja toll: 12 killed and more than 40 wounded, prosecutor says",
        ["Rescuers are clearing the wreckage"],
    ),
    (
        42,
        "yerevan-desk",
        "Armenian Defence Ministry denies shelling Azerbaijan",
        ["At the same time, Armenian Defense Ministry spokeswoman"],
    ),
    (
        50,
        "yerevan-desk",
        "Three wounded in Karabakh village, two in Stepanakert after shelling",
        [
            "In turn, the representative of the Armenian Ministry",
            "“The condition of one of the injured",
        ],
    ),
    (
        58,
        "caucasus-wire",
        "Armenian and Azerbaijani military officials meet in Moscow",
        ["He also announced that Armenian forces", "At the initiative of Russia"],
    ),
]
BACKGROUND = [
    (2, "case-2"),
    (12, "case-44"),
    (18, "case-19"),
    (27, "case-68"),
    (36, "case-1"),
    (46, "case-64"),
    (54, "case-35"),
    (64, "case-25"),
]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def main() -> None:
    article = (DATA / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")
    paras = _paragraphs(article)
    snippets = {}
    for line in (DATA / "eval" / "case2021-texts.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        snippets[obj["id"]] = obj["text"]
    items = []
    for n, (offset, feed, title, starts) in enumerate(STORY):
        body = []
        for start in starts:
            match = [p for p in paras if p.startswith(start)]
            if len(match) != 1:
                raise SystemExit(f"seed paragraph not found exactly once: {start!r}")
            body.append(match[0])
        items.append(
            {
                "offset": offset,
                "feed": feed,
                "guid": f"ganja-{n}-{feed}",
                "title": title,
                "text": "\n\n".join(body),
                "source": SEED_SOURCE,
            }
        )
    for offset, case_id in BACKGROUND:
        text = snippets[case_id]
        words = text.split()
        title = " ".join(words[:12]) + ("..." if len(words) > 12 else "")
        items.append(
            {
                "offset": offset,
                "feed": "world-news",
                "guid": case_id,
                "title": title,
                "text": text,
                "source": CASE_SOURCE,
            }
        )
    items.sort(key=lambda it: (it["offset"], it["guid"]))
    OUT.write_text(
        json.dumps({"feeds": FEEDS, "items": items}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(items)} items)")


if __name__ == "__main__":
    main()
