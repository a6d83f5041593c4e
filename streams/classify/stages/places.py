"""Stage 7, places (generic): names in the pack's script, the event's place told apart.

Names come from the pack's ``places`` table and CLDR's country names in the language (see
streams/classify/places_index.py), matched on folded words, inflected forms through the
pack's ``endings`` and ``clitics``. The event place is looked for in the evidence sentences,
else in the first two sentences (the lead names the place, the next sentence the toll): a city
or region after one of the pack's ``locatives`` first, then any city or region, then a country
after a locative, then any country; a place after one of the pack's ``origins`` ("desde",
"depuis": where fire came from) after the others of its kind. A dateline (a place that opens
the text before a dash:
"الفاشر - ...", "Apatzingán, Michoacán, 12 may (EFE).-") is where the reporter files from:
the event place of talks (a diplomatic item and nothing else), else only when nothing else is
named. A town followed by ", Region" of another country ("Zaragoza, Antioquia") is taken in
that region's country. The rest are "mentioned" (at most 12 in all).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from streams.classify._gazetteer import Entry, Gazetteer, get_gazetteer
from streams.classify.document import Document
from streams.classify.model import PlaceMention
from streams.classify.places_index import PlaceIndex, place_index

__all__ = ["run"]

# Words with their combining marks (Arabic shadda and tanween are not ``\w``: "عمّان")
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0300-\u036f"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:[-'’][\w{_MARKS}]+)*")
# after a place that opens the text: ", Region", ", 12 may", "(EFE)", then a dash or colon
_DATELINE_TAIL = re.compile(
    r"^(?:,\s*[^\W\d][\w .'’-]{0,30}?)?(?:,?\s*\d{1,2}\s+\w{3,10}\.?|,?\s*\w{3,10}\.?\s+\d{1,2})?"
    r"\s*(?:\([^()]{1,30}\))?\s*\.?\s*(?:[-—–:]|$)"
)
_MAX = 12


class _Found(NamedTuple):
    sentence: int
    rank: int
    name: str  # as written
    entry: Entry
    dateline: bool
    actor: bool = False  # a capital standing for its state: never the event place


# "Zaragoza, Antioquia", "Toledo, Colombia", "Argelia (Cauca)" (a town named like a country)
_TOWN_REGION = frozenset([("city", "region"), ("city", "country"), ("country", "region")])

# articles between a preposition and a name ("en el sur del Líbano", "depuis le Liban")
_ARTICLES = frozenset(["el", "la", "los", "las", "le", "les", "l"])


def _before(folded: list[str], i: int) -> str:
    """The word before word ``i``, past an article ("en el Líbano", "depuis le Liban")."""
    j = i - 1
    if j >= 0 and folded[j] in _ARTICLES:
        j -= 1
    return folded[j] if j >= 0 else ""


def _capital(word: str, folded: str, idx: PlaceIndex) -> bool:
    """Written with a capital, also after a glued clitic ("d'Amdjarass")."""
    if word[:1].isupper():
        return True
    rest = idx.unclitic(folded)
    return rest != folded and word[len(word) - len(rest) :][:1].isupper()


def _demonym(
    words: list[re.Match[str]], folded: list[str], idx: PlaceIndex
) -> tuple[str, str] | None:
    """The first nationality word of a sentence (as written, ISO2), or None."""
    for m, f in zip(words, folded, strict=True):
        iso = idx.demonym(f) or idx.demonym(idx.unclitic(f))
        if iso is not None:
            return m.group(0), iso
    return None


def _by_demonym(
    doc: Document, demonym: dict[int, tuple[str, str] | None], ev_text: set[str], gaz: Gazetteer
) -> list[_Found]:
    """No place named anywhere: a nationality word in the evidence (else the lead) gives the
    country ("в Судане" is missing but "السودانية", "libanés", "malienses" say it), at the
    country's centre."""
    order = [s.index for s in doc.sentences if s.text in ev_text and not s.history]
    order += [s.index for s in doc.sentences if not s.boiler][:2]
    for i in order:
        hit = demonym.get(i)
        e = gaz.by_country.get(hit[1]) if hit else None
        if hit and e is not None:
            return [_Found(i, 9, hit[0], e, False)]
    return []


def _congo(found: list[_Found], gaz: Gazetteer) -> list[_Found]:
    """ "Congo" alone is the DRC (the packs' tables: where the fighting is), unless the text's
    other places are in the Republic of the Congo ("Brazzaville", "Pointe-Noire"); "RDC",
    "République démocratique du Congo" stay."""
    towns = {f.entry.country for f in found if f.entry.kind != "country"}
    cg = gaz.by_country.get("CG")
    if cg is None or "CG" not in towns or "CD" in towns:
        return found
    return [
        f._replace(entry=cg)
        if f.entry.kind == "country"
        and f.entry.country == "CD"
        and " " not in f.name
        and not f.name.isupper()
        else f
        for f in found
    ]


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    idx = place_index(pack)
    gaz = get_gazetteer()
    locatives = pack.compiled.locatives
    origins = pack.compiled.origins
    actor_after = pack.compiled.actor_after
    actor_before = pack.compiled.actor_before
    capitals = idx.capitals
    standins = idx.standins
    ev_text = {t for label in doc.labels for t in doc.evidence.get(label, [])}
    found: list[_Found] = []
    demonym: dict[int, tuple[str, str] | None] = {}  # per sentence without a place
    first = next((s.index for s in doc.sentences if not s.boiler), -1)
    for s in doc.sentences:
        if s.boiler:
            continue
        words = list(_WORD.finditer(s.text))
        folded = [pack.fold(m.group(0)) for m in words]
        caps = [_capital(m.group(0), f, idx) for m, f in zip(words, folded, strict=True)]
        hits = idx.find(folded, caps)
        if not hits and s.index not in demonym:
            demonym[s.index] = _demonym(words, folded, idx)
        for k, hit in enumerate(hits):
            a, b = words[hit.start], words[hit.start + hit.words - 1]
            name = s.text[a.start() : b.end()]
            entry = hit.entry
            nxt = hits[k + 1] if k + 1 < len(hits) else None
            if (
                nxt is not None
                and (entry.kind, nxt.entry.kind) in _TOWN_REGION
                and nxt.entry.country != entry.country
                and s.text[b.end() : words[nxt.start].start()].strip() in (",", "(")
            ):
                # "Zaragoza, Antioquia", "Argelia (Cauca)": the town of that name in the
                # region's country, else the region stands for it
                same = [e for e in gaz.lookup(entry.name) if e.country == nxt.entry.country]
                entry = max(same, key=lambda e: e.weight) if same else nxt.entry
            before = _before(folded, hit.start)
            rank = 0 if before in locatives else 2
            if entry.kind == "country":
                rank += 4
            elif entry in standins:  # "Сотк", "Kibumba": a town the table gives its country
                rank += 2
            if before in origins:  # after the places of its kind, not after every country
                rank += 3
            actor = False
            if entry in capitals:
                # "Kinshasa a accusé", "заявили в Москве", "أعلنت طهران": the state speaking
                tail = pack.fold(s.text[b.end() : b.end() + 60])
                head = pack.fold(s.text[max(0, a.start() - 60) : a.start()])
                actor = (actor_after is not None and actor_after.match(tail) is not None) or (
                    actor_before is not None and actor_before.search(head) is not None
                )
            dateline = (
                s.index == first
                and hit.start == 0
                and _DATELINE_TAIL.match(s.text[b.end() : b.end() + 50]) is not None
            )
            found.append(_Found(s.index, rank, name, entry, dateline, actor))
    if not found:
        found = _by_demonym(doc, demonym, ev_text, gaz)
    if not found:
        doc.places = ()
        return
    found = _congo(found, gaz)
    talks = set(doc.labels) == {"diplomatic"}

    def key(f: _Found, order: list[int]) -> tuple[int, int, int]:
        # a dateline: first for talks, else last
        dl = (0 if talks else 2) if f.dateline else 1
        return (dl, f.rank, order.index(f.sentence))

    lead = [s.index for s in doc.sentences if not s.boiler and not s.history][:2]
    event_sents = [s.index for s in doc.sentences if s.text in ev_text and not s.history]
    in_event = [f for f in found if f.sentence in event_sents and not f.actor]
    if not in_event:  # the evidence names no place: the lead does
        event_sents = lead
        in_event = [f for f in found if f.sentence in event_sents and not f.actor]
    if not in_event:  # only background names a place ("В 2014 году ... Донецка"): it is where
        event_sents = [s.index for s in doc.sentences if not s.boiler][:2]
        in_event = [f for f in found if f.sentence in event_sents and not f.actor]
    ev = min(in_event, key=lambda f: key(f, event_sents)) if in_event else None
    out: list[PlaceMention] = []
    seen: set[tuple[str, str]] = set()
    for f in ([ev] if ev else []) + [f for f in found if f is not ev]:
        e = f.entry
        name_cc = (e.name, e.country)
        if name_cc in seen:
            continue
        seen.add(name_cc)
        out.append(
            PlaceMention(
                name=f.name,
                country=e.country,
                lat=round(e.lat, 4),
                lon=round(e.lon, 4),
                role="event" if f is ev else "mentioned",
                resolved=e.name if e.name != f.name else None,
            )
        )
        if len(out) >= _MAX:
            break
    doc.places = tuple(out)
