"""Stage 1, language: which language the document is written in, read from the text itself.

The feed's declared language is only a hint. Detection is py3langid (a naive Bayes model over
byte n-grams that ships inside the package: nothing downloads), restricted to
:data:`DETECTABLE`, a fixed set of news languages, so that its answer is also a bounded metric
label. The figures that chose it over lingua are in docs/classification.md.

Detection reads at most :data:`SAMPLE_CHARS` characters of title and text: enough for an
unambiguous answer, and a constant cost however long the article. Before the model runs, a
cheap test settles the common case: a Latin-script sample in which the commonest function
words of the default language make up a large share of the words is that language (the model
agrees on every such text of the evaluation sets, and it costs a tenth of the model). A
Cyrillic sample is settled by its letters where they decide it (і ї є ґ: Ukrainian; ы э ъ ё:
Russian; ђ ј љ њ ћ џ: Serbian); when the model then answers a Cyrillic language without a
pack for a text with no Serbian letter, the feed's hint (ru or uk) or Russian is taken.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "DETECTABLE",
    "SAMPLE_CHARS",
    "Detection",
    "detect_language",
    "metric_label",
    "warm_up",
]

log = logging.getLogger(__name__)

#: The language assumed when the text gives no better answer (the feeds' majority).
DEFAULT_LANGUAGE = "en"
#: Languages the detector may answer (ISO 639-1). Anything else is reported as "other".
DETECTABLE: tuple[str, ...] = (
    "en", "ru", "uk", "ar", "fr", "es", "he", "tr", "fa", "de", "pt", "it", "nl", "pl", "az",
    "hy", "ka", "ur", "hi", "zh", "ja", "ko", "sr", "ro",
)  # fmt: skip
#: Characters of title + text the detector reads.
SAMPLE_CHARS = 300
#: Below this normalised probability a Latin-script answer is not trusted (short English
#: headlines full of names score 0.6-0.7 for French or Italian).
MIN_CONFIDENCE = 0.8

# Words of the default language that no other pack language writes as words: a Latin-script
# sample in which they occur twice ("the" counts double), or once in a pure-ASCII sample, is
# that language without asking the model (counted with ``str.count`` on the padded,
# lowercased sample: a few microseconds, against ~60 for the model).
_FUNCTION_WORDS = (
    " of ", " and ", " was ", " were ", " with ", " said ", " has ", " have ", " for ",
    " from ", " by ", " that ", " is ", " to ", " after ", " against ", " during ", " into ",
    " over ", " killed ", " people ", " at ", " it ", " its ", " his ", " near ", " attack ",
    " killing ", " injuring ", " reported ", " when ", " would ", " dead ", " new ", " out ",
)  # fmt: skip
# Function words of the other Latin-script languages the detector knows: a pure-ASCII sample
# with none of them and none of the default language's is a headline of names and content
# words ("Akron chemical plant explodes, catches fire"), which the model could only place at
# low confidence: it goes to the feed's hint, else the default, without the model.
_OTHER_LATIN = (
    " de ", " la ", " le ", " les ", " des ", " du ", " et ", " est ", " un ", " une ", " el ",
    " los ", " las ", " del ", " y ", " que ", " en ", " por ", " para ", " con ", " os ",
    " em ", " com ", " na ", " no ", " um ", " uma ", " und ", " der ", " die ", " das ",
    " ist ", " mit ", " il ", " di ", " da ", " per ", " che ", " ve ", " bir ", " bu ",
    " ile ", " het ", " van ", " een ", " i ", " w ", " z ", " na ", " nie ", " sie ",
    " si ", " je ", " za ", " sa ",
)  # fmt: skip
# Letters that settle a Cyrillic text before the model (short Cyrillic headlines are where the
# model strays: "Ракетна атака на Одесу" -> sr, "Загинув мирний житель" -> ru).
_UK_LETTERS = frozenset("іїєґІЇЄҐ")
_RU_LETTERS = frozenset("ыэъёЫЭЪЁ")
_SR_LETTERS = frozenset("ђјљњћџЂЈЉЊЋЏ")
# an apostrophe between two Cyrillic letters ("п'ять", "м’ясо") is Ukrainian spelling
_UK_APOSTROPHE = re.compile("[\u0400-\u04ff]['\u2019\u02bc][\u0400-\u04ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Ukrainian words and endings Russian does not write, for samples without a deciding letter
# ("Загинув мирний житель", "Ракетна атака на Одесу")
_UK_WORDS = re.compile(
    r"(?<![\w])(?:загинув|загинула|загинуло|загинули|внаслідок|та|що|від|це|як|ракетна"
    r"|атакувал\w*|поранен\w*|обстрілял\w*)(?!\w)|\w{2}ння(?!\w)",
    re.IGNORECASE,
)
# the Cyrillic languages with a pack, the first the one a letterless text goes to
_CYRILLIC_PACKS = ("ru", "uk")
_PUNCT = str.maketrans({c: " " for c in ",.;:!?\"'()[]\u2018\u2019\u201c\u201d"})
# Letters outside ASCII that English text carries anyway (typographic quotes and dashes).
_NON_LATIN = re.compile(r"[^\x00-\x7f\u00a0-\u024f\u2010-\u2027]")


class Detection:
    """The stage's answer: ``language`` (ISO 639-1 or "other"), ``confidence`` in 0..1 and
    ``method`` ("function-words", "letters", "model", "hint", "default")."""

    __slots__ = ("confidence", "language", "method")

    def __init__(self, language: str, confidence: float, method: str) -> None:
        self.language = language
        self.confidence = confidence
        self.method = method

    def __repr__(self) -> str:
        return f"Detection({self.language!r}, {self.confidence:.2f}, {self.method!r})"


_BY_FUNCTION_WORDS = Detection(DEFAULT_LANGUAGE, 1.0, "function-words")  # shared: read-only


def _py3langid_identifier(langs: Iterable[str]) -> Callable[[str], str]:
    """A py3langid classifier restricted to ``langs``: text -> ISO code (for the benchmark)."""
    ident = _load(tuple(langs))
    return lambda text: str(ident.classify(text)[0])


_LOCK = threading.Lock()
_MODELS: dict[tuple[str, ...], Any] = {}


def _load(langs: tuple[str, ...]) -> Any:
    model = _MODELS.get(langs)
    if model is None:
        with _LOCK:
            model = _MODELS.get(langs)
            if model is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                model.set_languages(list(langs))
                _MODELS[langs] = model
    return model


def _function_words(sample: str) -> bool:
    if " the " in sample:  # as written, before any copy: most English texts stop here
        return True
    need = 1 if sample.isascii() else 2
    low = " " + sample.lower().translate(_PUNCT) + " "
    hits = 2 * low.count(" the ")
    for w in _FUNCTION_WORDS:
        if hits >= need:
            break
        hits += low.count(w)
    return hits >= need


def _latin(sample: str) -> bool:
    """True when the sample is written in the Latin script (letters up to Latin Extended-B,
    typographic punctuation): at most 3% other characters."""
    if sample.isascii():
        return True
    other = len(_NON_LATIN.findall(sample))
    return other * 33 <= len(sample)


def detect_language(text: str, title: str | None = None, hint: str | None = None) -> Detection:
    """The document's language. ``hint`` (the feed's declared language) decides only when
    the model is unsure."""
    sample = (
        (title + "\n" + (text or "")[:SAMPLE_CHARS])[:SAMPLE_CHARS]
        if title
        else text[:SAMPLE_CHARS]
    )
    if " the " in sample and (sample.isascii() or _latin(sample)):
        return _BY_FUNCTION_WORDS  # the common case, answered first (see _function_words)
    if _function_words(sample) and _latin(sample):
        return _BY_FUNCTION_WORDS
    latin = _latin(sample)
    if sample.isascii():
        low = " " + sample.lower().translate(_PUNCT) + " "
        if not any(w in low for w in _OTHER_LATIN):
            return Detection(hint or DEFAULT_LANGUAGE, 0.0, "hint" if hint else "default")
    if not any(c.isalpha() for c in sample):
        return Detection(hint or DEFAULT_LANGUAGE, 0.0, "hint" if hint else "default")
    if not latin and (cyr := _cyrillic(sample, hint)) is not None:
        return cyr
    lang, prob = _load(DETECTABLE).classify(sample)
    lang = str(lang)
    prob = float(prob)
    if not latin and prob < MIN_CONFIDENCE and hint in _CYRILLIC_PACKS and _CYRILLIC.search(sample):
        return Detection(hint, prob, "hint")  # an unsure Cyrillic answer: trust the feed
    if lang in ("sr", "bg", "mk") and not _SR_LETTERS.intersection(sample):
        # no Serbian letter: a Cyrillic text the model could not place among ru/uk
        lang = hint if hint in _CYRILLIC_PACKS else _CYRILLIC_PACKS[0]
        return Detection(lang, prob, "letters")
    if prob < MIN_CONFIDENCE and latin:
        # a short or mixed Latin-script sample the model cannot place: trust the feed
        return Detection(hint or DEFAULT_LANGUAGE, prob, "hint" if hint else "default")
    return Detection(lang, prob, "model")


def _cyrillic(sample: str, hint: str | None) -> Detection | None:
    """Letters that settle a Cyrillic sample (at least half its letters Cyrillic): і ї є ґ or
    an apostrophe inside a word and none of ы э ъ ё is Ukrainian, the reverse Russian, a
    Serbian letter (ђ ј љ њ ћ џ) Serbian; None when the letters do not settle it (both
    kinds, or neither: "Загинув мирний житель" goes to the model)."""
    letters = sum(c.isalpha() for c in sample)
    if len(_CYRILLIC.findall(sample)) * 2 < letters:
        return None
    chars = set(sample)
    if chars & _SR_LETTERS:
        return Detection("sr", 1.0, "letters")
    uk = bool(chars & _UK_LETTERS) or _UK_APOSTROPHE.search(sample) is not None
    ru = bool(chars & _RU_LETTERS)
    if uk and not ru:
        return Detection("uk", 1.0, "letters")
    if ru and not uk:
        return Detection("ru", 1.0, "letters")
    if not uk and not ru and _UK_WORDS.search(sample) is not None:
        return Detection("uk", 0.9, "letters")
    return None


def metric_label(language: str) -> str:
    """A bounded metric label: the code when the detector can answer it, else "other"."""
    return language if language in DETECTABLE else "other"


def warm_up() -> None:
    """Load the packs and the language model now (a worker calls this before its first
    batch: the model takes ~0.7 s to load)."""
    from streams.classify.lang import packs

    for pack in packs().values():
        _ = pack.compiled
    _load(DETECTABLE)
