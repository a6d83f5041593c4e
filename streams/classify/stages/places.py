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
from streams.classify.lang import LanguagePack
from streams.classify.model import place_mentions
from streams.classify.places_index import Hit, PlaceIndex, place_index

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
    origin: bool = False  # after an ``origins`` word: where fire came from
    villages: tuple[Entry, ...] = ()  # a village: its namesakes, one chosen by the text
    key: str = ""  # the folded name, for its namesakes


# "Zaragoza, Antioquia", "Toledo, Colombia", "Argelia (Cauca)" (a town named like a country)
_TOWN_REGION = frozenset([("city", "region"), ("city", "country"), ("country", "region")])

# articles between a preposition and a name ("en el sur del Líbano", "depuis le Liban")
_ARTICLES = frozenset(["el", "la", "los", "las", "le", "les", "l"])


_KIND = {"city": 0, "region": 1, "country": 2}
_MAX_GAP = 5  # words between a place and the country written with it
_LINKS = frozenset(["du", "de", "des", "del", "d"])  # "dans le nord du Burkina Faso"


def _villages(
    words: list[re.Match[str]],
    folded: list[str],
    caps: list[bool],
    hits: list[Hit],
    idx: PlaceIndex,
    gate: frozenset[str],
    cased: bool,
) -> dict[int, tuple[int, tuple[Entry, ...]]]:
    """Names the index lacks, after a locative or a settlement word ("в селе", "на Малую
    Токмачку", "قرية", "la comunidad de"), found among the villages: start -> (words,
    namesakes). In an uncased script only a settlement word introduces one."""
    covered = {i for h in hits for i in range(h.start, h.start + h.words)}
    out: dict[int, tuple[int, tuple[Entry, ...]]] = {}
    i = 0
    while i < len(folded):
        if i in covered or (cased and not caps[i]):
            i += 1
            continue
        # without a locative or a settlement word before it: one capitalised word between
        # lowercase words ("обстріляли Берислав", "la estación de Policía de Cajibío"), not a
        # name's part ("мэр Андрей Садовый", "Boko Haram") nor an adjective ("Чорного моря")
        loose = _before(folded, i) not in gate
        if loose and not (
            cased
            and 0 < i < len(folded)
            and not caps[i - 1]
            and (i + 1 == len(folded) or not caps[i + 1])
            and not folded[i].endswith(idx.adjective_forms)
        ):
            i += 1
            continue
        for n in range(1 if loose else min(3, len(folded) - i), 0, -1):
            if any(j in covered for j in range(i, i + n)) or folded[i + n - 1].endswith(
                idx.adjectives
            ):
                continue
            # a name of several words is written as one: no punctuation inside it
            if n > 1 and any(
                words[j].end() + 1 != words[j + 1].start() for j in range(i, i + n - 1)
            ):
                continue
            cands = idx.village(folded[i : i + n])
            if cands:
                out[i] = (n, tuple(cands))
                i += n
                break
        else:
            i += 1
    return out


def _with_country(
    folded_name: str,
    entry: Entry,
    gap: list[str],
    country: Entry,
    idx: PlaceIndex,
    gaz: Gazetteer,
) -> Entry:
    """A town written with a country ("Кобані на півночі Сирії", "Tuapsé, en el sur de
    Rusia", "عيتا الشعب جنوبي لبنان"): its namesake in that country, else the country stands
    for it (the town's name kept), never the namesake abroad (Cobán)."""
    same = [e for e in idx.namesakes.get(folded_name, ()) if e.country == country.country]
    same += [e for e in gaz.lookup(entry.name) if e.country == country.country]
    if same:
        return max(same, key=lambda e: e.weight)
    c = gaz.by_country.get(country.country)
    if c is None or not gap:
        return entry
    return Entry(c.name, c.country, c.lat, c.lon, c.population, "region")


def _hosts(text: str, start: int, end: int, pack: LanguagePack, idx: PlaceIndex) -> bool:
    """The city at ``text[start:end]`` hosts talks ("Абу-Даби принял", "Caracas acogió",
    "استضافت الدوحة")."""
    if idx.host_after is not None and idx.host_after.match(pack.fold(text[end : end + 40])):
        return True
    return idx.host_before is not None and (
        idx.host_before.search(pack.fold(text[max(0, start - 30) : start])) is not None
    )


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


def _namesake(f: _Found, found: list[_Found], named: set[str], idx: PlaceIndex) -> _Found:
    """A city name several places share in the pack's script: when the text's other towns and
    regions are in one country and this city is not ("Северск Бахмутского района Донецкой
    области": Siversk, not Seversk in Siberia), its namesake there, a village included; else
    the most populous stays unless its country is neither named in the text nor one of the
    pack's ``HOME`` countries ("Токмак": Tokmak, not Tokmok in Kyrgyzstan), then the namesake
    in a country the text names, else in a home country."""
    if f.entry.kind != "city" or f.villages or " " in f.key:
        return f
    same = idx.namesakes.get(f.key) or idx.namesakes.get(idx.stem(f.key)) or []
    where = {
        g.entry.country
        for g in found
        if g is not f and not g.actor and g.entry.kind != "country" and not g.villages
    }
    if where and f.entry.country not in where and f.entry not in idx.capitals:
        # (a national capital stays: talks in Doha about Gaza, not a village of Gaza)
        there = [e for e in same if e.country in where]
        there = there or [e for e in idx.village(f.key.split()) if e.country in where]
        if there:
            return f._replace(entry=max(there, key=lambda e: e.weight))
    if f.entry.country in idx.home or len(same) < 2 or f.entry not in same:
        return f
    others = {g.entry.country for g in found if g is not f and not g.villages} | named
    if f.entry.country in others:
        return f
    pick = [e for e in same if e.country in others] or [e for e in same if e.country in idx.home]
    return f._replace(entry=max(pick, key=lambda e: e.weight)) if pick else f


def _choose_villages(
    found: list[_Found],
    demonym: dict[int, tuple[str, str] | None],
    doc: Document,
    idx: PlaceIndex,
) -> list[_Found]:
    """Each village named in the text: its namesake in a country the text names (a place, a
    nationality word, the feed's country tag), else in one of the pack's ``HOME`` countries
    (the wars its outlets report), the most populous; else it is dropped (a village name
    alone says too little)."""
    words = {hit[1] for hit in demonym.values() if hit}  # nationality words, the feed's tag
    tag = doc.tags.get("country") if doc.tags else None
    if tag:
        words.add(tag.upper())
    named = {f.entry.country for f in found if not f.villages} | words
    out = []
    for f in found:
        if not f.villages:
            out.append(_namesake(f, found, words, idx))
            continue
        pick = [e for e in f.villages if e.country in named]
        if not pick and not named & set(idx.home):
            # the text names none of the pack's home countries: one of them (a text that
            # names one places its villages there: "مدينة الزاوية الليبية" is not in Gaza)
            pick = [e for e in f.villages if e.country in idx.home]
        if pick:
            out.append(f._replace(entry=max(pick, key=lambda e: e.population)))
    return out


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
    cased = bool(pack.script) or pack.latin_names
    gate = idx.settlements | (locatives if cased else frozenset())
    joint = locatives | idx.directions | _ARTICLES | _LINKS
    # a speaker elsewhere matters only when the item reports an attack or its victims
    elsewhere = idx.elsewhere if {"strike", "casualty"} & set(doc.labels) else None
    diplomatic = "diplomatic" in doc.labels
    for s in doc.sentences:
        if s.boiler:
            continue
        words = list(_WORD.finditer(s.text))
        folded = [pack.fold(m.group(0)) for m in words]
        caps = [_capital(m.group(0), f, idx) for m, f in zip(words, folded, strict=True)]
        lead = (
            s.index == first
            and len(words) > 1
            and _DATELINE_TAIL.match(s.text[words[0].end() : words[0].end() + 50]) is not None
        )
        hits = idx.find(folded, caps, lead)
        vill = _villages(words, folded, caps, hits, idx, gate, cased) if gate else {}
        if vill:
            hits += [Hit(start, n, cands[0]) for start, (n, cands) in vill.items()]
            hits.sort(key=lambda h: h.start)
        if (vill or not hits) and s.index not in demonym:
            demonym[s.index] = _demonym(words, folded, idx)
        for k, hit in enumerate(hits):
            a, b = words[hit.start], words[hit.start + hit.words - 1]
            name = s.text[a.start() : b.end()]
            cands = vill[hit.start][1] if hit.start in vill else ()
            entry = hit.entry
            nxt = hits[k + 1] if k + 1 < len(hits) else None
            if (
                nxt is not None
                and not cands
                and nxt.entry.country != entry.country
                and nxt.start not in vill
            ):
                between = s.text[b.end() : words[nxt.start].start()]
                gap = folded[hit.start + hit.words : nxt.start]
                if (entry.kind, nxt.entry.kind) in _TOWN_REGION and between.strip() in (",", "("):
                    # "Zaragoza, Antioquia", "Argelia (Cauca)": the town of that name in
                    # the region's country, else the region stands for it
                    same = [e for e in gaz.lookup(entry.name) if e.country == nxt.entry.country]
                    entry = max(same, key=lambda e: e.weight) if same else nxt.entry
                elif (
                    nxt.entry.kind == "country"
                    and entry.kind != "country"
                    and 0 < len(gap) <= _MAX_GAP
                    and all(g in joint for g in gap)
                    and any(g in idx.directions for g in gap)
                    and not any(c in between for c in ".;:")
                ):
                    phrase = " ".join(folded[hit.start : hit.start + hit.words])
                    entry = _with_country(phrase, entry, gap, nxt.entry, idx, gaz)
            before = _before(folded, hit.start)
            if entry in standins and before in idx.settlements:
                # "в селе Тёткино": a village the pack gives only by its country, found
                there = [
                    e
                    for e in idx.village(folded[hit.start : hit.start + hit.words])
                    if e.country == entry.country
                ]
                if there:
                    entry = max(there, key=lambda e: e.population)
            rank = 0 if before in locatives or before in idx.settlements else 2
            if entry.kind == "country":
                rank += 4
            elif entry in standins:  # "Сотк", "Kibumba": a town the table gives its country
                rank += 2
            if before in origins:  # after the places of its kind, not after every country
                rank += 3
            actor = False
            if (
                diplomatic
                and entry.kind == "city"
                and _hosts(s.text, a.start(), b.end(), pack, idx)
            ):
                rank = -1  # the talks' host: before any place the talks are about
            if elsewhere is not None and elsewhere.search(
                pack.fold(s.text[max(0, a.start() - 40) : a.start()])
            ):
                actor = True  # where the speaker was ("en visite à Berlin"), not the event
            elif entry in capitals:
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
            found.append(
                _Found(
                    s.index,
                    rank,
                    name,
                    entry,
                    dateline,
                    actor,
                    before in origins,
                    cands,
                    " ".join(folded[hit.start : hit.start + hit.words]),
                )
            )
    found = _choose_villages(found, demonym, doc, idx)
    if not found:
        found = _by_demonym(doc, demonym, ev_text, gaz)
    if not found:
        doc.places = ()
        return
    found = _congo(found, gaz)
    talks = set(doc.labels) == {"diplomatic"}

    def key(f: _Found, order: list[int]) -> tuple[int, int, int, int]:
        # a dateline: first for talks, else last; a country fire came from after it
        dl = (0 if talks else 2) if f.dateline or f.key in idx.source_keys else 1
        kind = _KIND.get(f.entry.kind, 1)
        if talks:
            # talks happen in a city: "Абу-Даби принял переговоры ... в Запорожской
            # области", "استضافت الدوحة ... في قطاع غزة", "Luanda a accueilli ... de la RDC"
            return (dl, min(kind, 1), f.rank, order.index(f.sentence))
        if f.origin and f.entry.kind == "country":
            dl = 3
        # a town before the region named with it, both after a locative ("В Белгородской
        # области ... в селе X")
        return (dl, f.rank, order.index(f.sentence), kind if f.rank == 0 else 0)

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
    doc.places = place_mentions(
        (ev.name, ev.entry) if ev else None,
        ((f.name, f.entry) for f in found if f is not ev),
        _MAX,
    )
