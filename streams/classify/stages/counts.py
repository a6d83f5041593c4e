"""Stage 5, counts (generic): figures of killed, wounded and missing from the pack's words.

In each sentence's ``unnegated`` text: a number (digits, the pack's number words and stems,
scale words multiplying what precedes them and continued by any smaller number after them,
a unit then ten as a teen) is a count of a kind when one of the pack's ``casualty_words`` for
that kind lies within ``count_window`` words after or before it, with no other number or
clause break between (before the number: at most two words, not counting a qualifier such as
"au moins"; the nearer side wins, a tie goes by ``count_prefer``). An "including" clause
between commas is passed over; with ``comma_ends_forward`` a comma ends the search after the
number. A qualifier written just before it is kept; a vague word right after it ("une
dizaine") drops it; a number after an ``including`` word is part of a figure already given; a
word in the pack's ``count_words`` is a count by itself (an Arabic dual); a ``toll_update``
match ties the figure right after it; a ``singular`` victim with no figure of its kind is one.
Numbers tied to the same casualty word add up ("deux soldats et trois civils tués" = 5); a
number right after a conjunction never ties backwards across it, and tied to nothing joins
the group before it when that group's word stands before ("погибли двое военных и трое
мирных" = 5). Separate figures in a sentence are a running toll: the largest counts. A range
("5-7", or the pack's ``range_words`` between two numbers) counts its lower bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.classify.document import CountMention, Document
from streams.classify.lang import KINDS, CompiledPack, LanguagePack

__all__ = ["extract", "run"]

_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?!\d)|\d+|\w+|[^\w\s]")
_BREAK = frozenset('.;:!?()[]«»"“”؛')
_YEAR = range(1900, 2100)


@dataclass(slots=True)
class _Num:
    first: int  # token index
    last: int
    value: int
    start: int  # char offset


def _word_value(w: str, pack: LanguagePack, cp: CompiledPack) -> tuple[int, bool] | None:
    """``(value, is_scale)`` of a number word, or None (cached per pack)."""
    cache = cp.word_values
    if w in cache:
        return cache[w]
    got: tuple[int, bool] | None = None
    v = pack.numbers.get(w)
    if v is not None:
        got = (v, False)
    elif (v := pack.scales.get(w)) is not None:
        got = (v, True)
    else:
        for stem, val in cp.number_prefixes:
            if w.startswith(stem):
                got = (val, val >= 100 and stem in pack.scales)
                break
        else:
            for stem, val in pack.scales.items():
                if w.startswith(stem) and len(stem) >= 4:
                    got = (val, True)
                    break
    if got is None:  # a glued prefix ("وثلاثة", and three)
        for c in cp.clitics:
            if w.startswith(c) and len(w) > len(c) + 1:
                got = _word_value(w[len(c) :], pack, cp)
                if got is not None:
                    break
    if len(cache) >= 100_000:
        cache.clear()
    cache[w] = got
    return got


def _joins(current: int, v: int, scale: int) -> bool:
    """Whether number word ``v`` continues the number read so far (``current`` since the last
    scale word, ``scale`` that word's value or 0): a ten then a unit ("vingt-trois", "двадцать
    три", Turkish "on iki"), a unit then a ten ("خمسة وعشرون", "dreiundzwanzig" split) or
    then ten itself (the Arabic teens: "ثلاثة عشر" = 13), hundreds then less, and after a
    scale word any smaller number ("deux mille cinq cents", "тысяча двести", "مئة وخمسة عشر")."""
    if current == 0:
        return 0 < v < scale
    if current >= 10 and current % 10 == 0 and current < 100:
        return v < 10  # "vingt-trois", and ten then a unit (Turkish "on iki" = 12)
    if current < 10:
        return v == 10 or (v >= 20 and v % 10 == 0 and v < 100)
    return current % 100 == 0 and v < 100


def _numbers(toks: list[tuple[str, int]], pack: LanguagePack, cp: CompiledPack) -> list[_Num]:
    out: list[_Num] = []
    i = 0
    while i < len(toks):
        t, start = toks[i]
        if t[0].isdigit():
            digits = re.sub(r"\D", "", t)
            value = int(digits) if digits else 0
            if len(t) == 4 and value in _YEAR:
                i += 1
                continue
            out.append(_Num(i, i, value, start))
            i += 1
            continue
        wv = _word_value(t, pack, cp)
        if wv is None:
            i += 1
            continue
        total, current, scale, j = 0, 0, 0, i
        while j < len(toks):
            got = _word_value(toks[j][0], pack, cp)
            if got is None:
                # "vingt et un", "cinquante-deux", "mil y quinientos": a conjunction or hyphen
                # between two number words, the first a ten or a scale word
                if (
                    (toks[j][0] in cp.conjunctions or toks[j][0] == "-")
                    and j + 1 < len(toks)
                    and (current >= 20 or (current == 0 and scale))
                    and _word_value(toks[j + 1][0], pack, cp) is not None
                ):
                    j += 1
                    continue
                break
            v, is_scale = got
            if is_scale:
                if scale and v >= scale and current == 0:
                    break  # "mille mille": two figures
                total += max(current, 1) * v
                current, scale = 0, v
            elif j == i or _joins(current, v, scale):
                current += v
            else:
                break  # "خمسة وثلاثة", "five three": two numbers, not one
            j += 1
        out.append(_Num(i, j - 1, total + current, start))
        i = j
    return out


def extract(text: str, pack: LanguagePack) -> list[CountMention]:
    """The counts of one folded, negation-blanked sentence (``span`` is left empty)."""
    cp = pack.compiled
    # casualty words first (most sentences have none): kind and where the match starts
    # (numbers tied to the same match add up)
    kinds = [
        (kind, m.start()) for kind in KINDS if (rx := cp.kinds[kind]) for m in rx.finditer(text)
    ]
    # words that are a count by themselves (Arabic duals: "قتيلان", two killed)
    implicit = [(kind, value) for rx, kind, value in cp.count_words for _ in rx.finditer(text)]
    # a singular victim without a numeral ("погиб мужчина"): one, unless a figure is given
    single = [kind for kind in KINDS if (rx := cp.singular[kind]) and rx.search(text)]
    # toll updates ("число погибших ... возросло до 12"): the figure right after the match
    tolls = [(kind, m) for kind, rx in cp.toll_update for m in rx.finditer(text)]
    if not kinds and not tolls:
        return _implicit_only(implicit, single)
    toks = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    nums = _numbers(toks, pack, cp)
    if not nums:
        return _implicit_only(implicit, single)
    starts = [s for _, s in toks]
    kind_at: dict[int, tuple[str, int]] = {}
    for kind, pos in kinds:
        kind_at.setdefault(_token_at(starts, pos), (kind, pos))
    num_at = {k for n in nums for k in range(n.first, n.last + 1)}
    forced: dict[int, tuple[str, int]] = {}
    for kind, m in tolls:
        for k, n in enumerate(nums):
            if n.start >= m.end() and not text[m.end() : n.start].strip():
                forced.setdefault(k, (kind, m.start()))
                break
    skip = _including_spans(text, toks, starts, cp)
    ctx = _Ctx(toks, kind_at, num_at, skip, pack.count_window, cp)
    groups: dict[tuple[str, int], list[tuple[int, str | None]]] = {}
    tied: dict[int, tuple[str, int]] = {}  # number's first token -> its casualty word
    back_tied: set[int] = set()  # numbers (by index) tied to a casualty word before them
    pending: list[tuple[int, str | None]] = []  # after a conjunction, tied to nothing
    ranged: dict[int, tuple[str, int]] = {}  # a range's lower bound -> the upper's tie
    for k in range(len(nums) - 1, -1, -1):  # right to left: "deux soldats et trois civils tués"
        n = nums[k]
        after = text[toks[n.last][1] + len(toks[n.last][0]) :]
        if cp.vague is not None and cp.vague.match(after.lstrip()) is not None:
            continue
        before = text[: n.start]
        if cp.including is not None and _including_before(before, cp):
            continue
        qual, qstart = _qualifier(before, cp)
        # the qualifier's words do not count in the back window ("قتل ما لا يقل عن 10")
        back_from = n.first
        if qual is not None:
            while back_from > 0 and starts[back_from - 1] >= qstart:
                back_from -= 1
        conj = _after_conjunction(back_from, toks, pack, cp)
        word_one = n.value == 1 and not toks[n.first][0][0].isdigit()
        found = (
            (forced[k], False)
            if k in forced
            else (ranged[k], False)
            if k in ranged
            else _nearest(n, back_from, ctx, tied, word_one or conj)
        )
        if found is None:
            if conj:
                pending.append((k, qual))
            continue
        hit, backwards = found
        if k > 0 and _is_range(nums[k - 1], n, toks, cp.range_words):
            ranged[k - 1] = hit  # "5 to 7", "5-7": the lower bound counts
            continue
        tied[n.first] = hit
        if backwards:
            back_tied.add(k)
        groups.setdefault(hit, []).insert(0, (n.value, qual))
    # "погибли двое военных и трое мирных жителей", "قتل أربعة مدنيين وثلاثة من عناصر…": a
    # number after a conjunction, tied to nothing, joins the group before it when that group
    # took its casualty word from before (the mirror of "deux soldats et trois civils tués")
    for k, qual in pending:
        if k > 0 and k - 1 in back_tied and nums[k].first - nums[k - 1].last <= ctx.window + 1:
            groups[tied[nums[k - 1].first]].append((nums[k].value, qual))
    best: dict[str, tuple[int, str | None]] = {}
    for kind, value in implicit:
        if kind not in best or value > best[kind][0]:
            best[kind] = (value, None)
    for (kind, _), vals in groups.items():
        value = sum(v for v, _ in vals)
        qual = vals[0][1]
        if kind not in best or value > best[kind][0]:
            best[kind] = (value, qual)
    for kind in single:
        best.setdefault(kind, (1, None))
    return [CountMention(k, v, q, "") for k, (v, q) in best.items()]


def _qualifier(before: str, cp: CompiledPack) -> tuple[str | None, int]:
    """The qualifier written right before a number ("au moins") and where it starts."""
    for rx, q in cp.qualifiers:
        m = rx.search(before)
        if m is not None:
            return q, m.start()
    return None, len(before)


def _implicit_only(implicit: list[tuple[str, int]], single: list[str]) -> list[CountMention]:
    best: dict[str, int] = {}
    for kind, value in implicit:
        best[kind] = max(value, best.get(kind, 0))
    for kind in single:
        best.setdefault(kind, 1)
    return [CountMention(k, v, None, "") for k, v in best.items()]


def _is_range(lower: _Num, upper: _Num, toks: list[tuple[str, int]], words: frozenset[str]) -> bool:
    """``lower`` and ``upper`` are one range: a hyphen, dash or range word alone between."""
    return upper.first - lower.last == 2 and (
        toks[lower.last + 1][0] in ("-", "–", "—") or toks[lower.last + 1][0] in words
    )


def _token_at(starts: list[int], pos: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)


def _including_before(before: str, cp: CompiledPack) -> bool:
    """An "including" word among the three words before the number."""
    assert cp.including is not None
    tail = " ".join(before.split()[-3:])
    return cp.including.search(tail) is not None


def _including_spans(
    text: str, toks: list[tuple[str, int]], starts: list[int], cp: CompiledPack
) -> frozenset[int]:
    """Tokens of "including" clauses (", dont un enfant,", ", в том числе двое детей,"), with
    the commas around them: the forward search passes over them ("Sept personnes, dont un
    enfant, ont été tuées" is seven killed)."""
    if cp.including is None or not cp.including_clause:
        return frozenset()
    out: set[int] = set()
    for m in cp.including.finditer(text):
        k = _token_at(starts, m.start())
        if k > 0 and toks[k - 1][0] == ",":
            out.add(k - 1)
        while k < len(toks) and toks[k][0] != "," and toks[k][0] not in _BREAK:
            out.add(k)
            k += 1
        if k < len(toks) and toks[k][0] == ",":
            out.add(k)
    return frozenset(out)


def _after_conjunction(
    first: int, toks: list[tuple[str, int]], pack: LanguagePack, cp: CompiledPack
) -> bool:
    """The number starts right after a conjunction, standalone ("et onze") or glued to the
    number word ("وثلاثة")."""
    if first > 0 and toks[first - 1][0] in cp.conjunctions:
        return True
    t = toks[first][0]
    if t[0].isdigit():
        return False
    return any(
        t.startswith(c) and len(t) > len(c) + 1 and _word_value(t[len(c) :], pack, cp) is not None
        for c in cp.conjunctions
    )


@dataclass(slots=True)
class _Ctx:
    toks: list[tuple[str, int]]
    kind_at: dict[int, tuple[str, int]]
    num_at: set[int]
    skip: frozenset[int]
    window: int
    cp: CompiledPack


def _nearest(
    n: _Num,
    back_from: int,
    ctx: _Ctx,
    tied: dict[int, tuple[str, int]],
    forward_only: bool,
) -> tuple[tuple[str, int], bool] | None:
    """The casualty word a number counts and whether it stands before the number, or None.
    A later number tied to one after a conjunction passes its tie on (groups that add up);
    the number word 1 ("un", "une") is tied only forwards (backwards it is an article: "morts
    après un bombardement"), and so is a number right after a conjunction ("deux habitants
    ont trouvé la mort et onze ont été hospitalisés": the eleven are not killed)."""
    toks, cp = ctx.toks, ctx.cp
    fwd: tuple[int, tuple[str, int]] | None = None
    d = 0
    k = n.last
    while d < ctx.window:
        k += 1
        if k >= len(toks) or toks[k][0] in _BREAK:
            break
        if k in ctx.skip:
            continue  # an "including" clause: not counted, its numbers do not stop the search
        if toks[k][0] == "," and cp.comma_ends_forward:
            break
        d += 1
        if k in ctx.num_at:
            if k in tied and toks[k - 1][0] in cp.conjunctions:
                fwd = (d, tied[k])
            break
        if k in ctx.kind_at:
            fwd = (d, ctx.kind_at[k])
            break
    back: tuple[int, tuple[str, int]] | None = None
    for d in range(1, 0 if forward_only else min(ctx.window, ctx.cp.count_back) + 1):
        k = back_from - d
        if k < 0 or toks[k][0] in _BREAK or k in ctx.num_at:
            break
        if k in ctx.kind_at:
            back = (d, ctx.kind_at[k])
            break
    if back and (not fwd or back[0] < fwd[0] or (back[0] == fwd[0] and cp.prefer_before)):
        return back[1], True
    return (fwd[1], False) if fwd else None


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    out: list[list[CountMention]] = []
    for s, text in zip(doc.sentences, doc.unnegated, strict=True):
        if s.boiler or s.history:
            out.append([])
            continue
        out.append(
            [CountMention(c.kind, c.value, c.qualifier, s.text) for c in extract(text, pack)]
        )
    doc.counts = out
