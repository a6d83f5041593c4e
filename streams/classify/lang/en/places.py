"""Place mentions: find capitalised names, resolve them in the gazetteer, pick candidates by
context (countries and nationality words in the text, the feed's country tag) and tell the
event place from places merely mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Container
from itertools import pairwise

from streams.classify._gazetteer import _ALT_WAR, Entry, Gazetteer, get_gazetteer
from streams.classify._gazetteer_towns import get_towns
from streams.classify._gazetteer_villages import COUNTRIES as VILLAGE_COUNTRIES
from streams.classify._gazetteer_villages import latin_villages
from streams.classify.lang.en import localities as lc
from streams.classify.lang.en import places_words as pw
from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.localities import (
    _locality,
    _modifier_country,
    _place_localities,
    _prev_word,
    _uncovered,
)
from streams.classify.lang.en.places_run import (
    _EVENT_PREP,
    _N_OR_M,
    _NAME_RUN,
    _RUN_CACHE_MAX,
    _SPECIFIC,
    _TITLES,
    Context,
    Found,
    _choose,
    _norm_name,
    _run_hits,
    _RunHit,
    context_countries,
)
from streams.classify.lang.en.text import Sentence

__all__ = ["Found", "context_countries", "find_places", "pick_event"]


def find_places(
    sentences: list[Sentence], ctx: Context, gaz: Gazetteer | None = None
) -> list[Found]:
    """All resolved place mentions, in reading order (boilerplate sentences skipped)."""
    g = gaz or get_gazetteer()
    cache: dict[str, tuple[_RunHit, ...]] = g.run_cache
    out: list[Found] = []
    respelt: list[Found] = []  # places found under another romanisation
    fallback: dict[int, Entry] = {}  # a locality's place under another romanisation
    capitals = g.capitals
    first_body = next((s.index for s in sentences if not s.headline), -1)
    for s in sentences:
        if s.boiler:
            continue
        text = s.text
        dateline_end = -1
        if s.index == first_body and text[:1].isupper() and text[1:2].isupper():
            dl = pw.DATELINE.match(text)
            if dl:
                dateline_end = dl.end()
        byline = -2  # the byline's offset in the sentence (-1: none); found on first need
        title_case: bool | None = None
        for m in _NAME_RUN.finditer(text):
            run = m.group(0)
            m_start, m_end = m.start(), m.end()
            if "-" in run and " " in run:
                head, _, rest = run.partition(" ")
                if pw.HELD.search(head) is not None:
                    # "Russian-held Kamianka": who holds it is no part of the name
                    run, m_start = rest, m_start + len(head) + 1
            if text.startswith(" capital", m_end) and not text[m_end + 8 : m_end + 9].isalpha():
                if run.startswith("The "):  # "The Sudanese capital's districts" opens a sentence
                    run, m_start = run[4:], m_start + 4
                cap = _demonym_capital(run, g)
                if cap is not None:
                    # "the Sudanese capital": that country's capital, named as written
                    end = m_end + 8
                    prev = _prev_word(text, m_start, 1)
                    if prev == "the":
                        prev = _prev_word(text, m_start, 2)
                    out.append(Found(s.index, m_start, text[m_start:end], cap, prev))
                    continue
            hits = cache.get(run)
            if hits is None:
                hits = _run_hits(run, g) if g.run_may_start(run) else ()
                if (
                    len(hits) == 1
                    and hits[0][0] == 0
                    and hits[0][1] in _TOPONYM_HEADS
                    and len(hits[0][1]) < len(run)
                ):
                    # "Wadi Seidna", "Jebel Aulia": an Arabic name's first word (a valley, a
                    # hill) is no place by itself, whatever town of that name exists; the
                    # whole name is read as a locality below
                    hits = ()
                if len(cache) >= _RUN_CACHE_MAX:
                    cache.clear()
                cache[run] = hits
            if not hits:
                if run in _INERT_RUNS:
                    continue  # the run alone rules out every reading below (``_inert``)
                seat = _SEATS.get(run)
                if seat is not None:
                    venue = _seat_venue(text, m_start, m_end, run, seat)
                    if venue is not None:
                        out.append(Found(s.index, m_start, run, venue, "at"))
                    continue
                if _norm_name(run) in g.typed_regions:
                    typed = _REGION_AFTER.match(text, m_end)
                    if typed is not None:
                        # "Unity state", "Lakes state": a region whose name is a common word
                        region = _choose(g.lookup_region(run), ctx)
                        name = text[m_start : typed.end()]
                        entry = Entry(name, region.country, region.lat, region.lon, 0, "region")
                        prev = _prev_word(text, m_start, 1)
                        out.append(Found(s.index, m_start, name, entry, prev))
                        continue
                if _TOWN_RUNS.get(run) != ():  # () is known: no small town of that name
                    town = _small_town(text, m_start, run, ctx, g)
                    if town is not None:
                        prev, entry = town
                        out.append(Found(s.index, m_start, run, entry, prev))
                        continue
                # a village, camp or corridor the gazetteer lacks, read from its frame; else
                # a place of the index under another romanisation ("in Sulaimaniyah
                # province", "hit Baramula"; see ``_respelled``)
                found = _locality_run(text, s.index, m_start, m_end, run, ctx, g)
                if found is None or not found.entry.country:
                    respelled = _respelled(text, m_start, m_end, run, ctx)
                    if respelled is not None and found is None:
                        found = Found(s.index, m_start, *respelled)
                        respelt.append(found)
                    elif respelled is not None and found is not None:
                        e = respelled[1]
                        if e.kind == "region":
                            # "Sulaimaniyah province": that region, ranked as the
                            # locality it was read as (a district before its province)
                            found.text = respelled[0]
                            found.entry = Entry(respelled[0], e.country, e.lat, e.lon, 0, "city")
                        else:
                            # a locality with no place written with it: its place under
                            # another spelling, unless the text places it elsewhere (below)
                            fallback[id(found)] = e
                if found is not None:
                    out.append(found)
                elif _inert(run, g):
                    if len(_INERT_RUNS) >= _RUN_CACHE_MAX:
                        _INERT_RUNS.clear()
                    _INERT_RUNS.add(run)
                continue
            base = m_start
            last = hits[-1]
            # most runs are names end to end: "Kharkiv", "Gaza City"
            whole = not hits[0][0] and last[0] + len(last[1]) + 2 >= len(run) and len(hits) == 1
            part = None if whole else _uncovered(run, hits)
            if (
                part is None
                and _namesakes_glued(run, hits)
                and lc._settled_before(text[max(0, base - 60) : base]) is not None
            ):
                loc = lc.frame(text, base, run)
                if loc is not None:
                    # "the village of Majdal Selm", "the town of Puerto Jordan": one name, not
                    # an Israeli town and a German one, a Spanish port and Jordan
                    out.append(_locality(text, s.index, base, loc, ctx, g))
                    continue
            if part is not None:  # "Bint Jbeil", "Tal Afar", "Sagaing's Depayin township"
                loc = lc.frame(text, base + part, run[part:])
                if loc is not None:
                    if part:  # the owner says where: "in Sagaing's Depayin township"
                        loc.anchor = base if loc.anchor < 0 else loc.anchor
                        loc.prev = _prev_word(text, base, 1)
                    out.append(_locality(text, s.index, base + part, loc, ctx, g))
                    continue  # the owner ("Sagaing's") is where the locality lies
                lead_name = _before_connector(run, hits[0][0]) if part == 0 else None
                loc = lc.frame(text, base, lead_name) if lead_name else None
                if loc is not None:
                    # "the port of Ras Isa on Yemen's coast": one run of names over a
                    # connector; the locality before it, the places after it as they are
                    out.append(_locality(text, s.index, base, loc, ctx, g))
            for rel, name, cands, weights, named, namesakes in hits:
                start = base + rel
                before = text[:start].rstrip()
                prev = before.rsplit(None, 1)[-1].lower().strip(",.;:\"'“”") if before else ""
                if prev in _COMPASS_WORDS:  # "in north-eastern Jordan": the word before
                    prev = _prev_word(text, start, 2)
                elif prev == "the" and rel == 0 and not run.endswith(("'s", "’s")):
                    # "in the Bureij refugee camp": the locative before the article
                    prev2 = _prev_word(text, start, 2)
                    if prev2 in _THE_PREP:
                        prev = prev2
                if prev in _TITLES:
                    continue  # a person's name after a title is not a place
                if prev not in _EVENT_PREP and name.lower() in DEMONYMS:
                    continue  # "the Thai army": a nationality word, not the town Thai
                if named and prev not in _EVENT_PREP:
                    if title_case is None:
                        title_case = _title_case(text)
                    if not title_case:
                        continue  # a first name: "Fatima Hassan, 34, was killed"
                end = start + len(name)
                if byline == -2:
                    byline = _byline(text)
                source = (
                    pw.source_after(text[end : end + 40])
                    or 0 <= byline < start
                    or bool(pw.MODIFIER_AFTER.match(text[end : end + 30]))
                    or (
                        prev == "from"
                        and bool(pw.ORIGIN_BEFORE.search(text[max(0, start - 40) : start]))
                    )
                )
                if (
                    not source
                    and prev == "in"
                    and pw.may_be_mission(text, start)
                    and pw.EMBASSY_BEFORE.search(text, max(0, start - 40), start)
                ):
                    # "Russia's embassy in Bamako said": a mission, not the event, unless the
                    # event is at the mission ("the US embassy in Baghdad was hit")
                    source = pw.MISSION_HIT.search(text) is None
                if (
                    not source
                    and prev == "in"
                    and pw.may_be_care(text, start)
                    and pw.CARE_BEFORE.search(text, max(0, start - 90), start)
                ):
                    # "taken to a hospital in Dnipro", "staff at Nasser hospital in Khan Younis":
                    # where the wounded were treated or the count was given
                    source = True
                if not source and _FACILITY_AFTER.match(text, end):
                    # "the Kursk nuclear power plant in Kurchatov": the plant's name; the town
                    # after it is where it stands
                    source = True
                if (
                    not source
                    and rel + len(name) < len(run)
                    and run.startswith(("'s ", "’s "), rel + len(name))
                    and any(h[0] > rel for h in hits)
                ):
                    # "Kursk's Zheleznogorsk": the owner of the town named after it
                    source = True
                if not source and prev == "in" and start == 3 and _REPORTED_IN.match(text, end):
                    # "In Washington, the State Department condemned the shelling of Kherson":
                    # where a government spoke, not where the event was
                    source = True
                if not source:
                    window = text[max(0, start - 40) : start]
                    # pw.SOURCE_BEFORE ends with "in" or "from" and whitespace: skip it unless
                    # the window's last non-space character is an n or m (the only characters
                    # re.I matches with them)
                    tail = window.rstrip()[-1:]
                    source = (
                        tail in _N_OR_M
                        and pw.source_before(window)
                        # "met Houthi officials in Muscat": where the talks were held
                        and pw.MET_BEFORE.search(window) is None
                    )
                if len(cands) == 1:
                    entry = cands[0]
                    if (
                        namesakes
                        and ctx.get(entry.country) < 2
                        and (entry.name, entry.country) not in capitals
                    ):
                        # a national capital beats a small namesake elsewhere ("talks in
                        # Doha" in a text about India is not Doha, India)
                        # "the village of Solhan" in a text about Burkina Faso is not
                        # Solhan in Turkey
                        entry = _named_country_town(name, ctx) or entry
                elif (owner := _owner(run, rel, hits)) is not None and any(
                    e.country == owner.country for e in cands
                ):
                    # "Kursk's Zheleznogorsk": the namesake in the owner's country
                    entry = max(
                        (e for e in cands if e.country == owner.country),
                        key=lambda e: e.population,
                    )
                else:  # ``_choose``, with the weights computed once per run
                    entry, best = cands[0], weights[0] + 4.0 * ctx.get(cands[0].country, 0)
                    for e, w in zip(cands[1:], weights[1:], strict=True):
                        k = w + 4.0 * ctx.get(e.country, 0)
                        if k > best:
                            entry, best = e, k
                if (
                    entry.kind == "city"
                    and len(hits) == 1
                    and _SITE_AFTER.match(text, end)
                    and ctx.get(entry.country) == 0
                ):
                    # "the Far'a refugee camp near Tubas": a camp, valley or crossing placed
                    # by the place written with it, not a namesake town in a country the
                    # text never names (Fara, Burkina Faso)
                    loc = lc.frame(text, start, name)
                    site = _locality(text, s.index, start, loc, ctx, g) if loc else None
                    if site is not None and site.entry.country not in ("", entry.country):
                        out.append(site)
                        continue
                if entry.kind == "country" and entry.country == "CG" and name == "Congo":
                    entry = _bare_congo(entry, text, g)
                if entry.kind == "city" and prev == "of":
                    # "the Burkinabe village of Kaouara": the nationality before the settlement
                    # word decides over a namesake across the border
                    settled = lc._settled_before(text[max(0, start - 60) : start])
                    dem = settled.group("dem") if settled is not None else None
                    cc = DEMONYMS.get(dem.lower(), entry.country) if dem else entry.country
                    if cc != entry.country:
                        entry = _placed_in(name, cc, cands, None, g) or entry
                if entry.kind == "city":
                    found_own = _own_country(text, start, end, g, found=entry.country)
                    own, anchor = found_own if found_own is not None else (None, None)
                    if own is not None and entry.country not in pw.SAME_NAME.get(own, (own,)):
                        # "Solhan in northern Burkina Faso", "Congo's Kasai region": the
                        # country written with the name decides; without a town of that
                        # name there, a place of that name in that country
                        entry = _placed_in(name, own, cands, anchor, g) or entry
                if rel > 0 and entry.kind == "region":
                    mod = run[:rel].split()[-1]
                    held = _modifier_country(mod)
                    if held is not None and held != entry.country and held in g.by_country:
                        # "Pakistan-administered Kashmir", "Pakistani Kashmir": that side's part
                        start -= len(mod) + 1
                        name = text[start:end]
                        before = text[:start].rstrip()
                        prev = (
                            before.rsplit(None, 1)[-1].lower().strip(",.;:\"'“”") if before else ""
                        )
                        entry = Entry(name, held, entry.lat, entry.lon, entry.population, "region")
                if entry.kind == "country" and _REGION_AFTER.match(text, end):
                    # "Niger state" is Nigeria's, not the country Niger: a region of that name
                    # in one other country
                    other = [e for e in g.lookup_region(name) if e.country != entry.country]
                    if len({e.country for e in other}) == 1:
                        entry = other[0]
                typed = _REGION_AFTER.match(text, end) if entry.kind != "country" else None
                if (
                    typed is None
                    and entry.kind == "region"
                    and prev not in _REGION_PREP
                    and not (prev == "the" and _prev_word(text, start, 2) in _REGION_PREP)
                    and _norm_name(name) in g.admin_only
                    and not ctx.nudged(entry.country)
                ):
                    continue  # a name known only as a region, said with no sign of a place
                if typed is not None:
                    # "Kyiv region", "Rakhine State": the region, not its namesake town
                    entry = _as_region(name, entry, ctx, g)
                    end = typed.end()
                    name = text[start:end]
                    owner = _owner(run, rel, hits) if rel else None
                    if owner is not None and owner.kind == "city":
                        # "Kharkiv's Saltivka district": a district of a city, as specific
                        # as a town, in the city (a namesake district elsewhere is not it)
                        near = abs(entry.lat - owner.lat) + abs(entry.lon - owner.lon) < 0.5
                        lat, lon = (entry.lat, entry.lon) if near else (owner.lat, owner.lon)
                        entry = Entry(entry.name, owner.country, lat, lon, 0, "city")
                state = (
                    (prev == "from" or prev not in _EVENT_PREP)
                    and (entry.kind == "country" or (entry.name, entry.country) in capitals)
                    and (
                        prev in pw.METONYM_PREV
                        or bool(pw.METONYM_AFTER.match(text[end : end + 60]))
                        # "a deal brokered by Washington": the government, not a venue
                        or (prev == "by" and _prev_word(text, start, 2) in _BROKERED)
                        # "a swap mediated by the United Arab Emirates"
                        or (
                            prev == "the"
                            and _prev_word(text, start, 2) == "by"
                            and _prev_word(text, start, 3) in _BROKERED
                        )
                    )
                )
                if state and entry.kind == "country":
                    # "Russia's defence ministry", "Ukraine said": the state; the country
                    # is still where the event may be, after any other country
                    source, state = True, False
                out.append(
                    Found(
                        s.index,
                        start,
                        name,
                        entry,
                        prev,
                        source or state,
                        start < dateline_end,
                        state,
                        entry.kind == "country" and lc.attacker_after(text, end),
                    )
                )
    if respelt:
        out = _coherent(out, respelt, ctx)
    if any(not f.entry.country for f in out):
        placed = _place_localities(out, {s.index: s.text for s in sentences}, ctx, g)
        if fallback:
            kept = {id(f) for f in placed}
            for f in out:
                spelt = fallback.get(id(f))
                if spelt is not None and (id(f) not in kept or f.entry.country == spelt.country):
                    # placed by nothing else, or placed in the same country: the town itself
                    f.entry = Entry(
                        f.entry.name,
                        spelt.country,
                        spelt.lat,
                        spelt.lon,
                        spelt.population,
                        spelt.kind,
                    )
            placed = [f for f in out if id(f) in kept or id(f) in fallback]
        out = placed
    return _the_capital(sentences, out, capitals)


#: Seats of government that copy names as a venue ("talks at the White House", "met the envoy
#: in the Kremlin"); said, denied or announced by them, they speak for their state, and that is
#: no place (``_seat_venue``). Name as written -> (ISO2, lat, lon).
_SEATS: dict[str, tuple[str, float, float]] = {
    "White House": ("US", 38.8977, -77.0365),
    "Kremlin": ("RU", 55.752, 37.6175),
    "Elysee Palace": ("FR", 48.8704, 2.3167),
    "Élysée Palace": ("FR", 48.8704, 2.3167),
    "Downing Street": ("GB", 51.5033, -0.1276),
}
_SEAT_VENUE_BEFORE = re.compile(r"(?:\b(?:at|in|inside|to)\s+the|\bat|\bto)\s+$")
_CITY_AFTER_SEAT = re.compile(r",?\s+in\s+[A-Z]")


def _seat_venue(
    text: str, start: int, end: int, run: str, seat: tuple[str, float, float]
) -> Entry | None:
    """The seat of government ``run`` as the venue of the event when a locative word comes
    before it and no place is written with it ("at the White House", not "at the White House
    in Washington", whose city is the place); None for the seat speaking for its state."""
    if _SEAT_VENUE_BEFORE.search(text, max(0, start - 12), start) is None:
        return None
    if _CITY_AFTER_SEAT.match(text, end, end + 8):
        return None  # "at the White House in Washington": the city after it is the place
    cc, lat, lon = seat
    return Entry(run, cc, lat, lon, 0, "city")


def _locality_run(
    text: str, index: int, m_start: int, m_end: int, run: str, ctx: Context, g: Gazetteer
) -> Found | None:
    """A village, camp or corridor the gazetteer lacks, read from its frame (``localities``)."""
    if _LOC_NO.get(run):
        return None  # known per run: no locality ("Protesters", "Al-Shabab's")
    lead = run.find(" ") + 1 if run[:1].islower() else 0  # "at Madarpur"
    if not lc.may_name(run[lead:]):
        if len(_LOC_NO) >= _RUN_CACHE_MAX:
            _LOC_NO.clear()
        _LOC_NO[run] = True
        return None
    st, after = m_start + lead, m_end
    if not (
        (" " + text[max(0, st - 12) : st - 1]).endswith(lc.OPENERS)
        or text[after + 1 : after + 2].islower()
    ):
        return None  # no locative or settlement word before, no kind word after
    loc = lc.frame(text, st, run[lead:])
    return _locality(text, index, st, loc, ctx, g) if loc is not None else None


def _placed_in(
    name: str, cc: str, cands: list[Entry], anchor: Entry | None, g: Gazetteer
) -> Entry | None:
    """The place ``name`` names in country ``cc``: its namesake there (the most populous,
    of the gazetteer's candidates, else of the small towns), else a locality of that name at
    ``anchor`` (the region written with it), else at the country's centre; None for a country
    the gazetteer lacks."""
    there = [e for e in cands if e.country == cc]
    there = there or [e for e in get_towns().lookup(name) if e.country == cc]
    if there:
        return max(there, key=lambda e: e.population)
    where = anchor or g.by_country.get(cc)
    return Entry(name, cc, where.lat, where.lon, 0, "city") if where is not None else None


def _namesakes_glued(run: str, hits: tuple[_RunHit, ...]) -> bool:
    """Two or more names of different countries written end to end with only a space between
    them (no possessive, no comma): together the name of one place the tables lack."""
    if len(hits) < 2:
        return False
    for prev, nxt in pairwise(hits):
        if run[prev[0] + len(prev[1]) : nxt[0]] != " ":
            return False
    return len({h[2][0].country for h in hits}) > 1


def _coherent(out: list[Found], respelt: list[Found], ctx: Context) -> list[Found]:
    """Drop a place found under another romanisation whose country neither the text names nor
    any other place of the text lies in, when other places give a country: a namesake abroad
    ("Mangu" in China for the Nigerian town, in a story naming Plateau state)."""
    ids = {id(f) for f in respelt}
    kept = []
    for f in out:
        if id(f) in ids and ctx.get(f.entry.country) == 0:
            others = {o.entry.country for o in out if o is not f and o.entry.country}
            if others and f.entry.country not in others:
                continue
        kept.append(f)
    return kept


# Words that open Arabic place names (valley, hill, cape, spring, well, monastery, village,
# house, inn, mother, father, tell): alone, a different place of that name.
_TOPONYM_HEADS = frozenset(
    [
        "Wadi",
        "Jabal",
        "Jebel",
        "Ras",
        "Tal",
        "Tell",
        "Tel",
        "Ain",
        "Bir",
        "Deir",
        "Dayr",
        "Kafr",
        "Kfar",
        "Beit",
        "Bayt",
        "Khan",
        "Umm",
        "Um",
        "Abu",
        "Bab",
        "Qasr",
        "Nahr",
        "Marj",
        "Hay",
        "Wad",
    ]
)

# "in the capital", "on the capital": the city is named elsewhere in the text. Not "the capital
# of ...", "the capital, Kyiv" (the name follows) nor "the capital's" adjective uses.
_THE_CAPITAL = re.compile(
    r"\b(?:in|on|at|near|across|hit|struck|targeted|shelled) the capital\b(?!'|’| of\b|,? [A-Z])"
)


def _the_capital(
    sentences: list[Sentence], out: list[Found], capitals: Container[tuple[str, str]]
) -> list[Found]:
    """A national capital named once in the text ("Damascus condemned ...") is the capital
    that "in the capital" means in another of its sentences ("the strikes on the ministry in
    the capital"); with no capital, or two, "the capital" stays unread."""
    caps = {(f.entry.name, f.entry.country): f for f in out}
    caps = {k: f for k, f in caps.items() if k in capitals}
    if len(caps) != 1:
        return out
    (cap,) = caps.values()
    added = []
    for s in sentences:
        if s.boiler or "the capital" not in s.lower:
            continue
        for m in _THE_CAPITAL.finditer(s.text):
            start = m.end() - len("the capital")
            prev = m.group(0).split(None, 1)[0].lower()
            added.append(Found(s.index, start, cap.entry.name, cap.entry, prev))
    if not added:
        return out
    return sorted(out + added, key=lambda f: (f.sentence, f.start))


def _owner(run: str, rel: int, hits: tuple[_RunHit, ...]) -> Entry | None:
    """The place (of one candidate) that owns the one at ``rel`` in a run ("Kursk's
    Zheleznogorsk": Kursk), else None."""
    for h in hits:
        if h[0] >= rel:
            return None
        tail = h[0] + len(h[1])
        if run.startswith(("'s ", "’s "), tail) and tail + 3 == rel and len(h[2]) == 1:
            return h[2][0]
    return None


# Locatives read past "the" before a name ("in the Bureij refugee camp"); not "of" ("the side
# of the Rafah crossing" qualifies, it does not locate).
_THE_PREP = frozenset(
    ["in", "at", "near", "into", "inside", "outside", "across", "around", "on", "hit", "struck"]
)
_DEMONYM_CAPITALS: dict[str, Entry | None] = {}


def _demonym_capital(run: str, g: Gazetteer) -> Entry | None:
    """The capital of the country whose nationality word ``run`` is ("Sudanese" ->
    Khartoum), else None (cached per run)."""
    if run in _DEMONYM_CAPITALS:
        return _DEMONYM_CAPITALS[run]
    cc = DEMONYMS.get(run.lower()) if run[:1].isupper() and " " not in run else None
    got = None
    if cc:
        for name, iso in g.capitals:
            if iso == cc:
                got = next(
                    (e for e in g.lookup(name) if e.country == cc and e.kind == "city"), None
                )
                break
    if len(_DEMONYM_CAPITALS) < 10_000:
        _DEMONYM_CAPITALS[run] = got
    return got


# A place that names a facility standing in a town written after it: "the Kursk nuclear power
# plant in Kurchatov", "the Zaporizhzhia plant near Enerhodar".
_FACILITY_AFTER = re.compile(
    r"\s+(?i:(?:nuclear\s+|thermal\s+|hydro(?:electric)?\s+)?(?:power\s+)?(?:plant|station)"
    r"|refinery|oil\s+depot|dam|airport|air\s*base|factory|steelworks|mine)\s+"
    r"(?:in|near|outside|at)\s+(?:the\s+)?(?=[A-Z])"
)


def _named_country_town(name: str, ctx: Context, one_country: bool = False) -> Entry | None:
    """The most populous small town or village called ``name`` in a country the text names
    (or the feed's tag gives, or its nationality word or capital nudges), else, with
    ``one_country``, the most populous of them when they all lie in one country ("shelled
    Sudzha", "outside Bokkos": a village name of one country says where it is); else None."""
    cands = _small_places(name)
    if not cands:
        return None
    # a country named, or (a nudge) its nationality word or capital: "Azerbaijani
    # positions near Lachin"; only names the gazetteer lacks get here
    named = [e for e in cands if ctx.nudged(e.country)]
    if named:
        return max(named, key=lambda e: e.population)
    if one_country and len(countries := {e.country for e in cands}) == 1 and countries <= _WARS:
        return max(cands, key=lambda e: e.population)
    return None


def _small_places(name: str) -> list[Entry]:
    """The small towns (``_gazetteer_towns``) and villages (``_gazetteer_villages``, by their
    Latin names and, in Ukraine, Russia and Belarus, any usual romanisation) called ``name``
    (cached per name)."""
    got = _SMALL.get(name)
    if got is None:
        got = list(get_towns().lookup(name))
        seen = {(e.country, round(e.lat, 2), round(e.lon, 2)) for e in got}
        for e in latin_villages().lookup(name):
            if (e.country, round(e.lat, 2), round(e.lon, 2)) not in seen:
                got.append(e)
        if len(_SMALL) >= _RUN_CACHE_MAX:
            _SMALL.clear()
        _SMALL[name] = got
    return got


_SMALL: dict[str, list[Entry]] = {}
_SETTLED = frozenset(lc._SETTLED_WORDS)
# The countries of the wars reported (the villages' list, and Kashmir, Mindanao, the
# Thai-Cambodian border, Kosovo): a village or small town of one of them, of no other country,
# is placed without its country written; a town elsewhere only with it.
_WARS = VILLAGE_COUNTRIES | _ALT_WAR


def _own_country(
    text: str, start: int, end: int, g: Gazetteer, *, found: str | None = None
) -> tuple[str, Entry | None] | None:
    """ISO2 of a country written with the place at ``text[start:end]`` and, when it was given
    by a region ("Kani township in Sagaing region"), the region's entry; else, when the
    gazetteer ``found`` the place in a country, the country of a place it is said to be near
    (:func:`_near_anchor`); else None."""
    m = None
    unit = _UNIT_IN.match(text, end, end + 30)  # "Kani township in Sagaing region"
    if unit is not None:
        end = unit.end() - 4
    appos = _APPOSITIVE.match(text, end, end + 40)  # "Kotli, a hamlet in Sudan's ..."
    if appos is not None:
        end = appos.end() - 4
    if text[end : end + 1] == "," or text[end : end + 4] == " in ":
        m = pw.COUNTRY_AFTER.match(text, end, end + 60)
    if m is None:
        window = text[max(0, start - 40) : start]
        if "'s " in window or "’s " in window:
            m = pw.COUNTRY_BEFORE.search(text, max(0, start - 50), start)
    if m is None:
        return _near_anchor(text, end, g, found) if found is not None else None
    words = m.group("c").rstrip(".,'’").split()
    for n in range(len(words), 0, -1):  # "Burkina Faso", "Congo"
        written = _norm_name(" ".join(words[:n]))
        if written.endswith("'s"):  # "Sudan's Blue Nile state"
            written = written[:-2]
        iso = g.country_names.get(written)
        if iso is not None:
            # "Congo's Kasai region": "Congo" alone is the DR Congo in conflict reporting
            # (the Republic is written "Congo-Brazzaville" or "Republic of the Congo")
            return ("CD" if written == "congo" else iso), None
    # "in the West Bank", "in Darfur": a conflict region of the short list, of one country
    short = [e for e in g.lookup(" ".join(words)) if e.kind == "region"]
    if short and len({e.country for e in short}) == 1:
        return short[0].country, None
    # "in Sagaing region", "in Jonglei state": a region (or its capital city) of one country
    if _REGION_WORD.match(text, m.end()):
        # the administrative region first: "Shan state" is Myanmar's, not a Chinese town Shan
        region = g.lookup_region(" ".join(words)) or g.lookup(" ".join(words))
        if len({e.country for e in region}) == 1:
            return region[0].country, region[0]
    # "Tora in North Darfur": without a type word, a name known only as a region of one country
    name = " ".join(words)
    if "in" in text[m.start() : m.start("c")].split() and not g.lookup(name):
        admin = g.lookup_region(name)
        if admin and len({e.country for e in admin}) == 1:
            return admin[0].country, admin[0]
    return None


def _near_anchor(text: str, end: int, g: Gazetteer, found: str) -> tuple[str, Entry | None] | None:
    """The country of a town the writer places the name by ("Kouri, near Djibasso in Burkina
    Faso", "Ariha, south of Idlib city", "the Far'a camp near Tubas"): a village is located by
    a better-known place of its own country, so that place's country decides a small namesake
    elsewhere. The anchor's country is the one written with it, else its gazetteer entry's
    (one country, or a namesake twice as populous as any other); an anchor with a namesake in
    the country ``found`` for the place changes nothing ("Tiberias, near Nazareth")."""
    near = _NEAR.match(text, end, end + 60)
    if near is None:
        return None
    words = near.group("p").rstrip(".,'’").split()
    for n in range(len(words), 0, -1):  # "Idlib city" -> "Idlib"
        name = " ".join(words[:n])
        a = near.start("p")
        cands = sorted(
            (e for e in g.lookup(name) if e.kind in ("city", "region")),
            key=lambda e: -e.population,
        )
        written = _own_country(text, a, a + len(name), g)
        if written is not None:  # "near Bamenda in Cameroon's Northwest region"
            iso, entry = written
            entry = entry or next((e for e in cands if e.country == iso), None)
            if entry is None and iso in g.by_country:  # an anchor the tables lack: the country
                entry = g.by_country[iso]
            return iso, entry
        if any(e.country == found for e in cands):
            return None
        if cands:
            if len({e.country for e in cands}) == 1 or cands[0].population >= 2 * max(
                (e.population for e in cands if e.country != cands[0].country), default=0
            ):
                return cands[0].country, cands[0]
            return None
    return None


# "Kouri, near Djibasso", "Ariha, south of Idlib", "the Far'a camp near Tubas": a place
# located by another (a kind word between them is allowed).
_NEAR = re.compile(
    r"(?:\s+(?:camp|village|town|township|district|area|neighbou?rhood|settlement))?,?\s+"
    r"(?:near|outside|(?:just\s+|some\s+\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\s+"
    r"(?:the\s+(?:city|town)\s+of\s+)?"
    r"(?P<p>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
)


_REPORTED_IN = re.compile(
    r",\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,2}(?:State Department|[Ff]oreign [Mm]inist(?:ry|er)"
    r"|Foreign Office|Kremlin|White House|Pentagon|[Gg]overnment|[Dd]efen[cs]e [Mm]inistry)\b"
)
_APPOSITIVE = re.compile(
    r",\s+an?\s+(?:(?:small|remote|border|farming|fishing|frontline|front-line)\s+)?"
    r"(?:village|hamlet|town|settlement|locality)\s+in\s+"
)
_UNIT_IN = re.compile(r" (?:township|village|town|district|area|camp|neighbou?rhood) in ")
_REGION_WORD = re.compile(
    r"\s+(?:region|state|province|district|governorate|oblast|county|division|prefecture)\b"
)


_BROKERED = frozenset(
    ["brokered", "mediated", "backed", "sponsored", "arranged", "facilitated", "proposed"]
)
# Words before a name known only as an administrative region that make it a place.
_REGION_PREP = frozenset(
    ["in", "across", "throughout", "near", "into", "inside", "outside", "hit", "struck"]
)
# A region's type word after its name ("Kyiv region", "Rakhine State", "Kherson oblast").
_REGION_AFTER = re.compile(
    r"\s+(?:[Rr]egion|[Ss]tate|[Pp]rovince|[Oo]blast|[Gg]overnorate|[Dd]istrict|[Cc]ounty"
    r"|[Pp]refecture|[Dd]ivision)\b(?![-'’]s?\w)"
)


def _as_region(name: str, entry: Entry, ctx: Context, g: Gazetteer) -> Entry:
    """The region a name names when its type word follows it: an administrative region of
    that name (in the country of the entry found, else the one the context favours), else the
    entry found as a region (its namesake town, for its country and coordinates); named as
    written."""
    regions = g.lookup_region(name)
    same = [e for e in regions if e.country == entry.country]
    if same or regions:
        entry = _choose(same or regions, ctx)
    # under the name as written ("Saada province" is Saada, not GeoNames' "Sa'dah")
    return Entry(name, entry.country, entry.lat, entry.lon, entry.population, "region")


def _bare_congo(entry: Entry, text: str, g: Gazetteer) -> Entry:
    """ "Congo" alone is the DR Congo in conflict reporting, unless the sentence speaks of
    Brazzaville (the Republic is written "Congo-Brazzaville" or "Republic of the Congo")."""
    if "Brazzaville" in text or "Republic of" in text:
        return entry
    return g.by_country.get("CD", entry)


_TOWN_RUNS: dict[str, tuple[str, str] | tuple[()]] = {}
_LOC_NO: dict[str, bool] = {}
# Runs the gazetteer lacks that ``_inert`` found can be nothing (most: people, bodies, "The")
_INERT_RUNS: set[str] = set()


def _inert(run: str, g: Gazetteer) -> bool:
    """Whether a run without gazetteer hits is no place whatever its sentence says, by the
    per-run facts ``find_places`` has cached for it: no typed region of that name, no small
    town (``_small_town``), no locality (``_locality_run``: ``may_name`` is false) and no
    place under another romanisation (``_respelled``). Each of those readings then returns
    None before it looks at the text, so skipping them for the run changes nothing. The
    gazetteer is built from fixed data (``Gazetteer()`` takes no argument), so the answer
    holds for every instance."""
    respelt = _RESPELL_RUNS.get(run)
    return (
        bool(_LOC_NO.get(run))
        and _TOWN_RUNS.get(run) == ()
        and respelt is not None
        and not (respelt[0] or respelt[1])
        and _norm_name(run) not in g.typed_regions
    )


_COMPASS_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "far",
    ]
)


def _small_town(
    text: str, start: int, run: str, ctx: Context, g: Gazetteer
) -> tuple[str, Entry] | None:
    """A run of capitalised words the gazetteer lacks, introduced by a locative ("near
    Konduga", "the village of Solhan"), that names a small town of a country the text names:
    (the word before it, the town)."""
    names = _TOWN_RUNS.get(run)
    if names is None:  # the run alone decides whether a town may be named: cached per run
        name = run.rstrip(".'’")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        first = name.split(" ", 1)[0]
        names = (
            (name, first)
            if len(name) >= 4 and (_small_places(name) or get_towns().lookup(first))
            else ()
        )
        if len(_TOWN_RUNS) >= _RUN_CACHE_MAX:
            _TOWN_RUNS.clear()
        _TOWN_RUNS[run] = names
    if not names:
        return None  # the common case: checked before the words around the run
    name, first = names
    before = text[max(0, start - 40) : start].rstrip()
    head, _, prev = before.rpartition(" ")
    if pw.HELD.search(prev):  # "hit Russian-held Kamianka": the word before the holder
        before = head.rstrip()
        head, _, prev = before.rpartition(" ")
    prev = prev.lower().strip(",.;:\"'“”(")
    if prev == "of":
        # "the village of", "the centre of", "the shelling of"
        word = head.rstrip().rpartition(" ")[2].lower()
        if (
            word not in pw.SETTLEMENT
            and word not in _SETTLED
            and not lc._ATTACK_BEFORE.search(before[-30:] + " ")
        ):
            return None
    elif prev not in pw.TOWN_PREP:
        return None
    if name.count(" ") > 2 or g.is_stopword(first):
        return None
    # a possessive is an owner ("in Salvacion's central Sulawesi"): only a named country's
    entry = _named_country_town(name, ctx, one_country=not run.rstrip(".'’").endswith(("'s", "’s")))
    if entry is None and first != name and get_towns().lookup(first):
        entry = _named_country_town(first, ctx)
    return (prev, entry) if entry is not None else None


_CONNECTORS = frozenset(["on", "upon", "of", "the", "near"])


def _before_connector(run: str, first_hit: int) -> str | None:
    """The names of a run before a lowercase connector that precedes its first place: "Ras Isa"
    of "Ras Isa on Yemen's"; None when no connector stands there."""
    words = run[:first_hit].split()
    while words and words[-1] in _CONNECTORS:
        words.pop()
    if len(words) == len(run[:first_hit].split()) or not words:
        return None
    return " ".join(words)


# A site named for a place: "the X refugee camp", "the X valley", "the X crossing".
_SITE_AFTER = re.compile(
    r"\s+(?:(?:refugee|displacement|displaced|IDP|border)\s+)?(?:camp|valley|crossing|corridor)\b"
)
_RESPELL_RUNS: dict[str, tuple[list[Entry], list[Entry]]] = {}


def _respellings_of(run: str) -> tuple[list[Entry], list[Entry]]:
    """The regions and the cities or towns whose name has the spelling key of ``run`` (none
    for a name too short, an owner, a stop word or a nationality word)."""
    name = run.rstrip(".'’")
    if (
        len(name) < 5
        or name.endswith(("'s", "’s"))
        or name.count(" ") > 2
        or not name[:1].isupper()
        or get_gazetteer().is_stopword(name.split(" ", 1)[0])
        or name.lower() in DEMONYMS
    ):
        return [], []
    from streams.classify._gazetteer_spelling import get_respellings

    index = get_respellings()
    return index.regions_of(name), index.places_of(name)


def _respelled(
    text: str, start: int, end: int, run: str, ctx: Context
) -> tuple[str, Entry, str] | None:
    """A run the gazetteer lacks that names one of its places under another romanisation
    (``_gazetteer_spelling``), in a frame that says a place follows: a region's type word after
    it ("Sulaimaniyah province": the regions), else a locative before it ("in Sulaimaniyah":
    the cities and towns). Taken only when every place of that spelling lies in one country,
    or in one country the text names: (the name as written, the place, the word before it)."""
    known = _RESPELL_RUNS.get(run)
    if known is None:  # the run alone decides what it may be: cached per run
        known = _respellings_of(run)
        if len(_RESPELL_RUNS) >= _RUN_CACHE_MAX:
            _RESPELL_RUNS.clear()
        _RESPELL_RUNS[run] = known
    if not (known[0] or known[1]):
        return None  # the common case: a person's or a body's name, no place of that key
    name = run.rstrip(".'’")
    typed = _REGION_AFTER.match(text, end)
    prev = _prev_word(text, start, 1)
    if typed is None:
        if prev == "the":
            prev = _prev_word(text, start, 2)
        if prev not in pw.TOWN_PREP:
            return None
    cands = known[0] if typed is not None else known[1]
    if not cands:
        return None
    if len({e.country for e in cands}) > 1:
        cands = [e for e in cands if ctx.get(e.country) >= 2]
        if len({e.country for e in cands}) != 1:
            return None  # namesakes in several countries, none of them named
    e = max(cands, key=lambda e: e.population)
    if typed is not None:
        name = text[start : typed.end()]
        return name, Entry(name, e.country, e.lat, e.lon, 0, "region"), prev
    return name, Entry(name, e.country, e.lat, e.lon, e.population, e.kind), prev


def _byline(text: str) -> int:
    """Where a byline starts in a sentence ("By X.", "Reporting by X in Y"), else -1."""
    if not (text.startswith("By ") or "ing by " in text or "tory by " in text):
        return -1
    m = pw.BYLINE.search(text)
    return m.start() if m else -1


def _title_case(text: str) -> bool:
    """A headline written in title case ("Russian Strike On Kharkiv Kills Three"), where
    two capitalised words in a row say nothing about a person's name."""
    words = text.split()
    if len(words) < 3:
        return True
    caps = sum(1 for w in words if w[:1].isupper())
    return caps * 5 >= len(words) * 3


_DISTRICT = re.compile(r" (?:[Dd]istrict|[Cc]ounty|[Dd]ivision)$")


def pick_event(found: list[Found], event_sentences: list[int]) -> Found | None:
    """The event place: the most specific place in the first event sentence that has one,
    not a place the report was only made in or a capital standing for its state, preferring
    names introduced by a locative word ("in", "on", "hit", "city of"); the dateline's city
    only when the event sentences name no other place."""
    order = {idx: rank for rank, idx in enumerate(event_sentences)}
    best: tuple[tuple[int, float, int, int, int, int], Found] | None = None
    for f in found:
        rank = order.get(f.sentence)
        if rank is None or f.state:
            continue
        specific = _SPECIFIC[f.entry.kind]
        if specific == 1 and _DISTRICT.search(f.text):
            specific = 0.5  # "Poonch district": a second-level unit, below a region
        prep = 0 if f.prev in _EVENT_PREP else 1
        key = (int(f.dateline), specific, int(f.source), rank, prep, f.start)
        if best is None or key < best[0]:
            best = (key, f)
    if best is None:
        return None
    ev = best[1].entry
    for f in found if ev.population > 0 else ():
        # a locality of another sentence placed at the place chosen (the title's "Israeli
        # strike kills 5 in Gaza City", the body's "the strike on the family home in the
        # Sheikh Radwan district"): the locality, the more specific
        e = f.entry
        if (
            f is not best[1]
            and e.population == 0
            and e.kind == "city"
            and (e.lat, e.lon) == (ev.lat, ev.lon)
            and f.sentence in order
            and f.sentence != best[1].sentence
            and not (f.source or f.state or f.dateline)
            and e.name != ev.name
        ):
            return f
    return best[1]
