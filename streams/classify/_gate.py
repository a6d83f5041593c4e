"""Word gates: skip a cue pattern when a sentence lacks every word it could start with.

For a pattern whose every match begins at a word boundary with a literal (``\\bkill(?:ed|s)?\\b``,
``\\bsuffocat\\w+``), :func:`heads` reads the compiled pattern's syntax tree and lists what the
first word (``\\w+`` run) of any match must be: an exact word ("killed") or a word prefix
("suffocat"). A sentence whose words contain none of them cannot match, so the pattern is not
run: the gate is a necessary condition, never a heuristic, and skipping changes no result.

:class:`Gates` gives each gated pattern a bit; :meth:`Gates.mask` ORs the bits of a string's
words, looked up in a per-word cache (the vocabulary of news is small and recurring).
Patterns whose heads cannot be derived (a leading class such as ``\\d``, a lookbehind) get no
gate and always run.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_
from re import _constants as sc  # type: ignore[attr-defined]
from re import _parser as sp  # type: ignore[attr-defined]
from typing import Any

__all__ = ["GATES", "AnyOf", "Gates", "MayMatch", "heads", "needed", "starts", "word_alternatives"]

_RUN = re.compile(r"\w+")
_MAX = 4000  # cap on enumerated heads per pattern; beyond it the pattern is left ungated
_CACHE_MAX = 200_000  # words cached per gate table before the cache is reset


class _Ungated(Exception):
    pass


def _is_word_char(c: str) -> bool:
    return bool(_RUN.fullmatch(c))


def _seq(items: Any) -> list[tuple[Any, Any]]:
    return list(items.data if isinstance(items, sp.SubPattern) else items)


def _walk(
    ops: list[tuple[Any, Any]], prefix: str, started: bool, out: set[tuple[str, bool]]
) -> None:
    """Enumerate the first word of matches of ``ops`` given ``prefix`` read so far.

    Adds ``(word, exact)`` pairs to ``out``: ``exact`` when the word must end there.
    ``started`` is True once a word boundary has been seen at the match start.
    """
    if len(out) > _MAX:
        raise _Ungated
    for idx, (op, av) in enumerate(ops):
        rest = ops[idx + 1 :]
        if op is sc.AT:
            if av is sc.AT_BOUNDARY and not prefix:
                started = True
                continue
            if not prefix:
                raise _Ungated
            # a boundary after word characters ends the word; any other anchor: stop here
            out.add((prefix, av is sc.AT_BOUNDARY))
            return
        if op is sc.LITERAL:
            c = chr(av).lower()
            if not prefix and not started:
                raise _Ungated  # the match need not begin at a word start
            if _is_word_char(c):
                prefix += c
                continue
            if not prefix:
                raise _Ungated
            out.add((prefix, True))  # a non-word character ends the word
            return
        if op is sc.SUBPATTERN:
            _walk(_seq(av[3]) + rest, prefix, started, out)
            return
        if op is sc.BRANCH:
            for alt in av[1]:
                _walk(_seq(alt) + rest, prefix, started, out)
            return
        if op is sc.IN and started:
            chars = []
            for o, a in av:
                if o is not sc.LITERAL:
                    break
                chars.append(chr(a))
            else:
                if len(chars) <= 6:
                    for c in chars:
                        _walk([(sc.LITERAL, ord(c)), *rest], prefix, started, out)
                    return
        if op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
            lo, hi, sub = av
            if lo == 0:
                _walk(rest, prefix, started, out)  # no repetition
            if hi == 1:
                _walk(_seq(sub) + rest, prefix, started, out)  # exactly one
            else:
                _walk(_seq(sub), prefix, started, out)  # the first of several: a prefix
            return
        if op in (sc.ASSERT, sc.ASSERT_NOT) and prefix:
            continue  # a lookahead after word characters: the word read so far still holds
        # anything else (a class, a category, a lookaround at the start): stop here
        if not prefix:
            raise _Ungated
        out.add((prefix, False))
        return
    if not prefix:
        raise _Ungated
    out.add((prefix, False))


def heads(pattern: re.Pattern[str]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """``(exact_words, word_prefixes)`` one of which every match's first word satisfies,
    or ``None`` when no such gate can be derived. Words are lowercase."""
    try:
        out: set[tuple[str, bool]] = set()
        _walk(_seq(sp.parse(pattern.pattern, pattern.flags)), "", False, out)
    except _Ungated:
        return None
    exact = frozenset(w for w, e in out if e)
    prefixes = tuple(sorted({w for w, e in out if not e}))
    return exact, prefixes


class Gates:
    """A bit per registered pattern and a cached word -> bits table.

    Register patterns with :meth:`add` (at import time); test ``mask & bit`` before running a
    pattern. A pattern without a derivable gate gets a bit that is set in every mask.
    """

    def __init__(self) -> None:
        self._exact: dict[str, int] = {}
        self._prefixes: list[tuple[tuple[str, ...], int]] = []
        self._n = 0
        self.always = 0  # bits of ungated patterns: set in every mask
        self.version = 0  # bumped by each :meth:`add`: masks cached elsewhere go stale with it
        self._cache: dict[str, int] = {}

    def add(self, pattern: re.Pattern[str]) -> int:
        """Register a pattern matched against lowercase text; returns its bit."""
        b = 1 << self._n
        self._n += 1
        h = heads(pattern)
        if h is None:
            self.always |= b
        else:
            for w in h[0]:
                self._exact[w] = self._exact.get(w, 0) | b
            if h[1]:
                self._prefixes.append((h[1], b))
        self._cache = {}
        self.version += 1
        return b

    def _word(self, w: str) -> int:
        bits = self._exact.get(w, 0)
        for prefixes, b in self._prefixes:
            if w.startswith(prefixes):
                bits |= b
        if len(self._cache) >= _CACHE_MAX:
            self._cache = {}
        self._cache[w] = bits
        return bits

    def mask(self, lower: str) -> int:
        """Bits of the patterns that may match somewhere in the lowercase string ``lower``."""
        words = _RUN.findall(lower)
        cache = self._cache
        try:
            return reduce(or_, map(cache.__getitem__, words), self.always)
        except KeyError:
            word = self._word
            return reduce(or_, [cache[w] if w in cache else word(w) for w in words], self.always)


GATES = Gates()
"""The shared registry: every gated cue pattern of the classifier."""


def split_top(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern string (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]" or pattern[i + 1 : i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3  # a leading "]" is a literal
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _mandatory(ops: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """``ops`` with the groups every match passes through (no alternation inside, no flags
    of their own) opened up in place."""
    out: list[tuple[Any, Any]] = []
    for op, av in ops:
        if (
            op is sc.SUBPATTERN
            and not av[1]
            and not av[2]
            and not any(o is sc.BRANCH for o, _ in _seq(av[3]))
        ):
            out.extend(_mandatory(_seq(av[3])))
        else:
            out.append((op, av))
    return out


def needed(pattern: re.Pattern[str]) -> str:
    """The longest literal text that every match of ``pattern`` contains (a run of literal
    characters in its top-level sequence), or "" when there is none or the pattern ignores
    case. ``needed(rx) not in text`` proves ``rx.search(text) is None``."""
    if pattern.flags & re.IGNORECASE:
        return ""
    best = ""
    run: list[str] = []
    for op, av in [*_mandatory(_seq(sp.parse(pattern.pattern, pattern.flags))), (None, None)]:
        if op is sc.LITERAL:
            run.append(chr(av))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best


def _bit_range(bits: list[int]) -> tuple[int, int]:
    """``(shift, width)`` when ``bits`` are single bits one after another from ``1 << shift``
    (what :meth:`Gates.add` gives the parts of one pattern registered in a row), else
    ``(-1, 0)``."""
    if not bits:
        return -1, 0
    shift = bits[0].bit_length() - 1
    if bits != [1 << (shift + i) for i in range(len(bits))]:
        return -1, 0
    return shift, len(bits)


def word_alternatives(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``\\b(?:a|b|c)\\b`` as ``\\b(?:a)\\b|\\b(?:b)\\b|\\b(?:c)\\b``: at every position the
    same alternatives are tried in the same order, so it matches exactly what ``rx`` does; as a
    top-level alternation, :class:`AnyOf` gates each word apart."""
    p = rx.pattern
    if not (p.startswith(r"\b(?:") and p.endswith(r")\b")):
        raise ValueError(f"not a word group: {p[:40]!r}")
    inner = p[len(r"\b(?:") : -len(r")\b")]
    re.compile(inner, rx.flags)  # the group spans the whole pattern: its inside is balanced
    return re.compile("|".join(rf"\b(?:{alt})\b" for alt in split_top(inner)), rx.flags)


def starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` starts with (the :func:`heads` of its
    first word), or None when they cannot be read: a case-insensitive pattern, one with a
    capital letter outside an escape, no heads, or more than 16 of them. The first of them in
    a text is where a search may start: no match starts before it."""
    if pattern.flags & re.IGNORECASE or any(
        c.isupper() for c in re.sub(r"\\.", "", pattern.pattern)
    ):
        return None
    h = heads(pattern)
    if h is None:
        return None
    words = h[0] | set(h[1])
    # a word that another one begins is found where that one is: "kill" covers "killed"
    out = tuple(sorted(w for w in words if not any(w != v and w.startswith(v) for v in words)))
    return out if 0 < len(out) <= 16 else None


class AnyOf:
    """``rx.search(text) is not None`` for a top-level alternation ``rx``, answered one
    alternative at a time, each behind its own word gate (a pattern matches somewhere iff one
    of its alternatives does) and a substring test of the literal text it needs (its second
    word, often: "talks" in "new talks"). For patterns used only as a yes/no test.

    The alternatives' gate bits are consecutive, so a mask's bits for them are read with one
    shift and the alternatives whose bit is set are visited in order, skipping the rest
    without a test each (most sentences open the gates of a few alternatives out of dozens).
    An alternative whose first words are known (:func:`starts`) is searched from the first
    of them in the text."""

    __slots__ = ("_full", "_shift", "parts")

    def __init__(self, rx: re.Pattern[str], gates: Gates = GATES) -> None:
        self.parts = tuple(
            (gates.add(p), p, needed(p), starts(p))
            for p in (re.compile(s, rx.flags) for s in split_top(rx.pattern))
        )
        self._shift, width = _bit_range([part[0] for part in self.parts])
        self._full = (1 << width) - 1

    def search(self, text: str, mask: int) -> bool:
        if self._shift < 0:
            for bit, rx, need, _ in self.parts:
                if mask & bit and need in text and rx.search(text) is not None:
                    return True
            return False
        on = (mask >> self._shift) & self._full
        parts = self.parts
        while on:
            low = on & -on
            _, rx, need, first = parts[low.bit_length() - 1]
            on ^= low
            if need not in text:
                continue
            if first is None:
                if rx.search(text) is not None:
                    return True
                continue
            pos = -1
            for word in first:
                i = text.find(word)
                if i >= 0 and (pos < 0 or i < pos):
                    pos = i
            if pos >= 0 and rx.search(text, pos) is not None:
                return True
        return False


class MayMatch:
    """A necessary condition for ``rx.search(text)`` on a top-level alternation ``rx``: some
    alternative passes its word gate and its :func:`needed` substring test. False proves
    that ``rx`` matches nowhere in ``text`` (so ``sub`` and ``finditer`` can be skipped).
    Visits only the alternatives whose gate bit is set, as :class:`AnyOf` does.

    :meth:`narrow` gives the pattern of only the alternatives that pass, in their order: an
    alternative that fails matches nowhere in the text, so at every position the narrowed
    pattern matches exactly what ``rx`` does (same spans; group numbers may differ), and
    ``sub`` with a replacement that reads no group gives the same string, faster (``re`` tries
    every alternative at every word)."""

    __slots__ = ("_flags", "_full", "_narrowed", "_rx", "_shift", "_sources", "parts")

    def __init__(self, rx: re.Pattern[str], gates: Gates = GATES) -> None:
        sources = split_top(rx.pattern)
        self.parts = tuple(
            (gates.add(p), needed(p)) for p in (re.compile(s, rx.flags) for s in sources)
        )
        self._shift, width = _bit_range([bit for bit, _ in self.parts])
        self._full = (1 << width) - 1
        self._rx = rx
        self._flags = rx.flags
        self._sources = tuple(sources)
        self._narrowed: dict[int, re.Pattern[str]] = {}

    def _passing(self, text: str, mask: int) -> int:
        """Bits (by alternative) of the alternatives that pass their gate and substring test."""
        out = 0
        for i, (bit, need) in enumerate(self.parts):
            if mask & bit and need in text:
                out |= 1 << i
        return out

    def __call__(self, text: str, mask: int) -> bool:
        if self._shift < 0:
            for bit, need in self.parts:  # noqa: SIM110 (a loop is faster than any() here)
                if mask & bit and need in text:
                    return True
            return False
        on = (mask >> self._shift) & self._full
        parts = self.parts
        while on:
            low = on & -on
            if parts[low.bit_length() - 1][1] in text:
                return True
            on ^= low
        return False

    def narrow(self, text: str, mask: int) -> re.Pattern[str] | None:
        """The pattern of the alternatives that may match in ``text`` (``rx`` itself when all
        may), or None when none may."""
        if self._shift < 0:
            passing = self._passing(text, mask)
        else:
            on = (mask >> self._shift) & self._full
            parts = self.parts
            passing = 0
            while on:
                low = on & -on
                if parts[low.bit_length() - 1][1] in text:
                    passing |= low
                on ^= low
        if not passing:
            return None
        if passing == (1 << len(self.parts)) - 1:
            return self._rx
        rx = self._narrowed.get(passing)
        if rx is None:
            alts = [s for i, s in enumerate(self._sources) if passing >> i & 1]
            rx = re.compile("|".join(alts), self._flags)
            if len(self._narrowed) >= 4096:
                self._narrowed.clear()
            self._narrowed[passing] = rx
        return rx
