"""Stage 7, places (generic): names in the pack's script, the event's place told apart.

Names come from the pack's ``places`` table and CLDR's country names in the language (see
streams/classify/places_index.py), matched on folded words, inflected forms through the
pack's ``endings`` and ``clitics``. The event place is looked for in the evidence sentences
(else the first two sentences): a city or region after one of the pack's ``locatives``
first, then any city or region, then a country. The rest are "mentioned" (at most 12 in all).
"""

from __future__ import annotations

import re

from streams.classify._gazetteer import Entry
from streams.classify.document import Document
from streams.classify.model import PlaceMention
from streams.classify.places_index import place_index

__all__ = ["run"]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_MAX = 12


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    idx = place_index(pack)
    locatives = pack.compiled.locatives
    ev_text = {t for label in doc.labels for t in doc.evidence.get(label, [])}
    found: list[tuple[int, int, str, Entry]] = []  # (sentence, rank, name as written, entry)
    for s in doc.sentences:
        if s.boiler:
            continue
        words = list(_WORD.finditer(s.text))
        folded = [pack.fold(m.group(0)) for m in words]
        caps = [m.group(0)[0].isupper() for m in words]
        for hit in idx.find(folded, caps):
            first, last = words[hit.start], words[hit.start + hit.words - 1]
            name = s.text[first.start() : last.end()]
            after_locative = hit.start > 0 and folded[hit.start - 1] in locatives
            rank = (0 if after_locative else 1) if hit.entry.kind != "country" else 2
            found.append((s.index, rank, name, hit.entry))
    if not found:
        doc.places = ()
        return
    event_sents = [s.index for s in doc.sentences if s.text in ev_text and not s.history]
    if not event_sents:
        event_sents = [s.index for s in doc.sentences if not s.boiler and not s.history][:2]
    in_event = [f for f in found if f[0] in event_sents]
    ev = min(in_event, key=lambda f: (f[1], event_sents.index(f[0]))) if in_event else None
    out: list[PlaceMention] = []
    seen: set[tuple[str, str]] = set()
    for f in ([ev] if ev else []) + [f for f in found if f is not ev]:
        e = f[3]
        key = (e.name, e.country)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            PlaceMention(
                name=f[2],
                country=e.country,
                lat=round(e.lat, 4),
                lon=round(e.lon, 4),
                role="event" if f is ev else "mentioned",
                resolved=e.name if e.name != f[2] else None,
            )
        )
        if len(out) >= _MAX:
            break
    doc.places = tuple(out)
