"""Word gates: a pattern is skipped only when it cannot match (a necessary condition)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.classify import _lexicon as lx
from streams.classify._gate import GATES, AnyOf, Gates, MayMatch, heads


def test_heads_of_simple_patterns() -> None:
    assert heads(re.compile(r"\bkill(?:ed|s)?\b")) == (frozenset({"kill", "killed", "kills"}), ())
    assert heads(re.compile(r"\bsuffocat\w+")) == (frozenset(), ("suffocat",))
    assert heads(re.compile(r"\bde-?escalation\b")) == (frozenset({"de", "deescalation"}), ())
    assert heads(re.compile(r"\b(?:dead )?bodies of")) == (frozenset({"dead", "bodies"}), ())
    assert heads(re.compile(r"\bcharg[eé] d")) == (frozenset({"charge", "chargé"}), ())


def test_patterns_without_a_word_start_are_never_gated() -> None:
    for pattern in (r"\b\d+ killed", r"(?<!x)\bfoo", r"©|\bfoo", r"foo"):
        assert heads(re.compile(pattern)) is None
    g = Gates()
    bit = g.add(re.compile(r"\d+ killed"))
    assert g.mask("") & bit and g.mask("nothing here") & bit


def test_mask_sets_the_bits_of_words_present() -> None:
    g = Gates()
    a = g.add(re.compile(r"\bshell(?:ed|ing)\b"))
    b = g.add(re.compile(r"\btruce\b"))
    assert g.mask("they shelled the town") == a
    assert g.mask("a truce held") == b
    assert g.mask("shells and truces") == 0  # neither pattern can match these words
    assert g.mask("shelling before the truce") == a | b


_PATTERNS = [rx for name, rx in vars(lx).items() if name in lx.BIT] + [
    rx for _, rx in lx.WEAPON_KINDS
]
_WORDS = sorted(
    {w for rx in _PATTERNS for w in re.findall(r"[a-z]+", rx.pattern) if len(w) > 1}
    | {"no", "one", "was", "killed", "in", "the", "air", "strike", "-", ",", "12", "s"}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "-", ""]))
def test_a_gated_pattern_never_matches_when_its_bit_is_clear(words: list[str], sep: str) -> None:
    text = sep.join(words)
    mask = GATES.mask(text)
    for name, bit in lx.BIT.items():
        if not mask & bit:
            assert getattr(lx, name).search(text) is None, (name, text)
    for (_, rx), bit in zip(lx.WEAPON_KINDS, lx.WEAPON_BITS, strict=True):
        if not mask & bit:
            assert rx.search(text) is None, (rx.pattern, text)


_PIECES = [*"aAeZ9 .!?\n\"'”’»)(“‘«-©", "Mr.", " war", "ago", "1994", "U.S.", "last year"]
_TEXTY = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTY)
def test_fast_sentence_split_equals_the_reference_split(text: str) -> None:
    from streams.classify import _text

    assert _text._split(text) == _text._SPLIT.split(text)
    assert _text._history_hint(text.lower()) == bool(_text._HISTORY_HINT.search(text.lower()))
    for piece in _text._split(text):
        if piece.strip():
            last = piece.strip().rsplit(None, 1)[-1]
            assert bool(_text._ABBREV.search(last)) == bool(_text._ABBREV.search(piece.strip()))
            assert _text._abbrev_end(last) == bool(_text._ABBREV.search(last)), last


_HISTORY_PIECES = [
    *"aI9 ,-–.",
    *"\u0130\u0131\u017f",
    "1994",
    "2019",
    "2031",
    "20",
    " in ",
    " of ",
    " in the ",
    "since ",
    "from the ",
    "early-",
    "90s",
    " war",
    " WAR",
    " Conflict",
    "fighting",
    "last year",
    "Years ago",
    "decades",
    "decade ago",
    "history",
    "Historical",
    "six-day war",
    "Seven-Year-War",
    " when",
    " as",
    "clashes of ",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_HISTORY_PIECES), max_size=12).map("".join))
def test_history_one_alternative_at_a_time_answers_like_the_whole_pattern(text: str) -> None:
    from streams.classify import _text

    assert _text._history(text, text.lower()) == (_text._HISTORY.search(text) is not None), text


def test_history_alternatives_behind_their_words() -> None:
    from streams.classify import _text

    for text in ("Since 1994 the town", "the 2014 war", "in the 1990s", "a six-day war", "Ago"):
        assert _text._history(text, text.lower()) == (_text._HISTORY.search(text) is not None)
    assert _text._history("It began in 2014, officials said", "it began in 2014, officials said")
    assert not _text._history("twenty killed on Monday", "twenty killed on monday")


def test_split_top_keeps_groups_and_classes_whole() -> None:
    from streams.classify._gate import split_top

    assert split_top(r"a[|(]b|c(d|e)|\|x|[]|]y") == ["a[|(]b", "c(d|e)", r"\|x", "[]|]y"]


_ANY = [AnyOf(lx.STRIKE_STRONG), AnyOf(lx.CAS_STRONG), AnyOf(lx.DIP_STRONG)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "-"]))
def test_any_of_answers_like_the_whole_pattern(words: list[str], sep: str) -> None:
    text = sep.join(words)
    mask = GATES.mask(text)
    for any_of, rx in zip(_ANY, (lx.STRIKE_STRONG, lx.CAS_STRONG, lx.DIP_STRONG), strict=True):
        assert any_of.search(text, mask) == (rx.search(text) is not None), text


_MAY = [MayMatch(lx.STRIKE_BLOCK), MayMatch(lx.CAS_NEG), MayMatch(lx.DENIAL_TRAP)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "-"]))
def test_a_narrowed_pattern_replaces_like_the_whole_pattern(words: list[str], sep: str) -> None:
    text = sep.join(words)
    mask = GATES.mask(text)
    for may, rx in zip(_MAY, (lx.STRIKE_BLOCK, lx.CAS_NEG, lx.DENIAL_TRAP), strict=True):
        narrowed = may.narrow(text, mask)
        assert (narrowed is not None) == may(text, mask)
        if narrowed is None:
            assert rx.search(text) is None, text
        else:
            assert narrowed.sub("#", text) == rx.sub("#", text), text
            assert [m.span() for m in narrowed.finditer(text)] == [
                m.span() for m in rx.finditer(text)
            ], text


def test_narrow_keeps_only_the_alternatives_that_may_match() -> None:
    may = MayMatch(re.compile(r"\bfuel tanks?\b|\bdrone footage\b|\bwater tanks?\b"))
    text = "the drone footage showed the fuel tank"
    rx = may.narrow(text, GATES.mask(text))
    assert rx is not None
    assert rx.pattern == r"\bfuel tanks?\b|\bdrone footage\b"
    assert rx.sub("_", text) == "the _ showed the _"
    assert may.narrow("nothing here", GATES.mask("nothing here")) is None


_ATTRIBUTION_PIECES = [
    *'aA ,."“”',
    *"\u0130\u0131\u017f",
    "According to ",
    "according to",
    "ACCORDING TO ",
    "cited ",
    "Quoting",
    "said by ",
    "the ministry",
    "Reuters",
    " said",
    " that",
    "officials",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_ATTRIBUTION_PIECES), max_size=12).map("".join))
def test_attribution_searched_from_its_first_phrase_finds_the_same_match(text: str) -> None:
    from streams.classify.lang.en import lexicon
    from streams.classify.lang.en.stages import _attribution_match

    got = _attribution_match(text, text.lower())
    want = lexicon.ATTRIBUTION.search(text)
    assert (got and (got.span(), got.group("src"))) == (want and (want.span(), want.group("src")))


_SOURCE_PIECES = [
    *"aN ,\n\t",
    *"\u0130\u0131\u017f",
    "officials",
    "Correspondents",
    "SPOKESPERSON",
    "said",
    "Said",
    "told",
    "REPORTED",
    "reports",
    " in",
    " from",
    " IN",
    "the",
    "Kyiv",
    "two",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_SOURCE_PIECES), max_size=12).map("".join))
def test_source_phrases_tested_where_they_can_match_answer_like_the_patterns(text: str) -> None:
    from streams.classify.lang.en import places_words as pw

    assert pw.source_before(text) == (pw.SOURCE_BEFORE.search(text) is not None), text
    assert pw.source_after(text) == (pw.SOURCE_AFTER.match(text) is not None), text


def test_word_alternatives_split_a_word_group_only() -> None:
    from streams.classify._gate import word_alternatives

    rx = word_alternatives(re.compile(r"\b(?:air ?strikes?|war|shell\w*)\b"))
    assert rx.pattern == r"\b(?:air ?strikes?)\b|\b(?:war)\b|\b(?:shell\w*)\b"
    for bad in (r"\bwar\b", r"\b(?:war)\b(?:s)\b", r"(?:war|conflict)"):
        try:
            word_alternatives(re.compile(bad))
        except (ValueError, re.error):
            continue
        raise AssertionError(bad)


_WORD_GROUPS = [lx.DISASTER, lx.VIOLENCE, lx.DIP_BLOCK]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "-"]))
def test_word_groups_one_word_at_a_time_answer_like_the_whole_pattern(
    words: list[str], sep: str
) -> None:
    from streams.classify.lang.en import weights

    text = sep.join(words)
    mask = GATES.mask(text)
    for any_of, rx in zip(
        (weights.DISASTER_ANY, weights._VIOLENCE_ANY, weights._DIP_BLOCK_ANY),
        _WORD_GROUPS,
        strict=True,
    ):
        assert any_of.search(text, mask) == (rx.search(text) is not None), text
    assert weights.violent(text, mask) == weights.violent(text), text


_SETTLED_PIECES = [
    *"aA ,\n",
    "village",
    "towns",
    "neighborhood",
    "downtown",
    "Lebanese",
    "southern",
    "of",
    " of ",
    "the",
    " the ",
    "ruins",
    "edge",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_SETTLED_PIECES), max_size=10).map("".join))
def test_settlement_word_before_tested_at_the_end_first_finds_the_same_match(text: str) -> None:
    from streams.classify.lang.en import localities

    got = localities._settled_before(text)
    want = localities._SETTLED_BEFORE.search(text)
    assert (got and (got.span(), got.group("dem"))) == (want and (want.span(), want.group("dem")))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "-"]))
def test_meeting_verbs_and_amid_phrases_skipped_only_where_they_cannot_match(
    words: list[str], sep: str
) -> None:
    from streams.classify.lang.en import weights

    text = sep.join(words)
    narrowed = weights._DIP_MEET_MAY.narrow(text, GATES.mask(text))
    want = lx.DIP_MEET.search(text)
    got = narrowed.search(text) if narrowed is not None else None
    assert (got and got.span()) == (want and want.span()), text
    if not any(w in text for w in weights._AMID_LAST):
        assert weights._AMID.search(text) is None, text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Mr", "U.S", "E.U", "Sept", "A", "x", "said", "Co", "co", ".", "-", "9"]),
        min_size=1,
        max_size=4,
    ).map("".join)
)
def test_abbreviation_end_answers_like_the_pattern(word: str) -> None:
    from streams.classify import _text

    assert _text._abbrev_end(word) == (_text._ABBREV.search(word) is not None), word


def test_starts_are_the_first_words_of_every_match() -> None:
    from streams.classify._gate import starts

    assert starts(re.compile(r"\bkill(?:ed|ing|s)?\b")) == ("kill",)
    assert starts(re.compile(r"\b(?:the )?(?:war|warplanes?)\b")) == ("the", "war")
    assert starts(re.compile(r"\bIsrael\b")) is None  # a capital: the text may not be lowercase
    assert starts(re.compile(r"\bwar\b", re.I)) is None
    assert starts(re.compile(r"\d+ killed")) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "-"]))
def test_alternatives_searched_from_their_first_words_answer_like_whole_searches(
    words: list[str], sep: str
) -> None:
    from streams.classify.lang.en import weights

    text = sep.join(words)
    mask = GATES.mask(text)
    for any_of in (weights._STRIKE_STRONG_ANY, weights._DENIAL_STRONG_ANY, weights.DISASTER_ANY):
        for bit, rx, need, first in any_of.parts:
            if first is None or not mask & bit or need not in text:
                continue
            found = [i for i in (text.find(w) for w in first) if i >= 0]
            got = rx.search(text, min(found)) if found else None
            want = rx.search(text)
            assert (got and got.span()) == (want and want.span()), (rx.pattern, text)
