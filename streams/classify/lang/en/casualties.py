"""Casualty counts from one sentence.

Conventions (mission.md, labelling guide):

- "at least 6" -> 6 and "more than 40" -> 40; the qualifier is kept separately;
- number words become digits ("twelve" -> 12, "twenty-five" -> 25, "a dozen" -> 12);
- separate groups add up ("3 soldiers and 2 civilians were killed" -> 5);
- "including" does not add ("6 civilians, including 2 women" -> 6);
- a range "5 to 7" -> 5;
- vague amounts ("dozens", "several", "scores of") -> no count;
- "killed and wounded 30" gives no split, so no count for either;
- a number must be tied to a casualty word ("Ganja [population 320,000]" is not a toll).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from streams.classify.lang.en import casualty_words as _cw
from streams.classify.lang.en.numbers import QUALIFIERS, UNITS, is_number_token, parse_number
from streams.classify.lang.en.text import tokenize

__all__ = ["CountMention", "extract_counts"]

Kind = Literal["killed", "wounded", "missing"]

KILL_WORDS, WOUND_WORDS, MISS_WORDS, FORWARD = (
    _cw.KILL_WORDS,
    _cw.WOUND_WORDS,
    _cw.MISS_WORDS,
    _cw.FORWARD,
)
_CASUALTY_ALL, _AUX, _NP_STOP, _NP_INNER = _cw.CASUALTY_ALL, _cw.AUX, _cw.NP_STOP, _cw.NP_INNER
_MONTHS, _PERSONS, _SINGULAR = _cw.MONTHS, _cw.PERSONS, _cw.SINGULAR

_REMOVE = re.compile(
    r"\[[^\]]*\]|\([^)]*\)|\s[-–—]\s[^-–—.;]{1,80}?\s[-–—]\s"
    r"|,\s*aged \d+(?:\s*(?:and|,|to|-)\s*\d+)*\s*,"
    r"|,?\s*\b(?:including|among them|among whom|of whom|mostly|mainly|most of them"
    r"|many of them)\b[^,;.]*?"
    r"(?:,|(?=\s(?:were|was|have|had|are|is|died|killed)\b)|(?=[;.])|$)",
)
# A number word (not just any word: "the toll ... in the village of Solhan has risen to 160").
_NUM_WORD = "(?:" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")(?:-[a-z]+)?"
_TOLL = re.compile(
    r"\b(?:death toll|toll|number of (?:[\w-]+ )?(?:dead|deaths|killed|fatalities))\b"
    r"(?:\s+[\w'’-]+,?){0,20}?\s+(?:to|at|of|reached|hit|hits|is|was|stands at|stood at)\s+"
    r"(?P<q>at least |more than |over |nearly |almost |about |around "
    r"|some )?(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + _NUM_WORD + r")\b",
)
_SELF = re.compile(
    r"\b(?P<q>at least |more than |over |about |some )?(?P<n>\d+"
    r"|[a-z]+(?:-[a-z]+)?) (?:suspected |would-be |alleged |female |male )?(?:suicide )?"
    r"(?:bombers?|attackers?|assailants?|militants?|gunmen|gunman|terrorists?) [^.;]{0,60}?"
    r"(?:(?:blew|blow|blowing|blown) (?:themselves|himself|herself) up|(?:killing|killed"
    r"|detonated|detonating) (?:themselves|himself|herself))\b",
)
_WHEN = re.compile(
    r"\b(?:(?:on|early|late|last|this) )?(?:(?:on )?(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)"
    r"|yesterday|today|overnight|last night|this morning|this week)(?: (?:morning|evening|night"
    r"|afternoon))?\b"
)
_LIVES_OF = re.compile(
    r"(?:\b(?:claim\w*|took|taken|cost) the lives of|\bbodies of)\s+"
    r"(?P<q>at least |more than |over |nearly |about |some )?"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[a-z]+(?:-[a-z]+)?)\b",
)


@dataclass(slots=True, frozen=True)
class CountMention:
    kind: Kind
    value: int
    qualifier: str | None
    span: str


def _wordlike(t: str) -> bool:
    return t.replace("-", "").replace("'", "").replace("’", "").isalpha()


def _qualifier_before(tokens: list[str], k: int) -> tuple[str | None, int]:
    """A qualifier ending just before index ``k``: ``(normalised, start_index)``."""
    for length in (3, 2, 1):
        if k - length >= 0:
            q = tuple(tokens[k - length : k])
            if q in QUALIFIERS:
                return QUALIFIERS[q], k - length
    return None, k


def _qualifier_after(tokens: list[str], k: int) -> tuple[str | None, int]:
    for length in (3, 2, 1):
        q = tuple(tokens[k : k + length])
        if len(q) == length and q in QUALIFIERS:
            return QUALIFIERS[q], k + length
    return None, k


def _number_ending_at(tokens: list[str], end: int) -> tuple[int, int] | None:
    """A number phrase whose last token is ``tokens[end]``: ``(value, start_index)``."""
    if end < 0 or not is_number_token(tokens[end]):
        if end >= 1 and tokens[end] == "dozen" and tokens[end - 1] == "a":
            return 12, end - 1
        return None
    start = end
    while (
        start - 1 >= 0 and is_number_token(tokens[start - 1]) and not tokens[start - 1][0].isdigit()
    ):
        start -= 1
    if (
        start - 1 >= 0
        and tokens[start - 1] == "a"
        and tokens[start] in ("dozen", "hundred", "thousand")
    ):
        start -= 1
    parsed = parse_number(tokens, start)
    if parsed is None or parsed[1] != end + 1:
        # try the shortest parse that ends here
        for s in range(start + 1, end + 1):
            p = parse_number(tokens, s)
            if p is not None and p[1] == end + 1:
                return p[0], s
        return None
    value = parsed[0]
    # a range "5 to 7" or "5-7": keep the lower bound
    if start >= 2 and tokens[start - 1] in ("to", "-", "or"):
        lower = _number_ending_at(tokens, start - 2)
        if lower is not None and lower[0] < value:
            return lower
    return value, start


def _is_year(value: int, tokens: list[str], start: int) -> bool:
    return 1900 <= value <= 2100 and len(tokens[start]) == 4 and tokens[start].isdigit()


_AGE = re.compile(r"\d+-(?:year|month)s?-old$")
_POSSESSIVE = frozenset(["his", "her", "their", "its"])


def _singular_subject(tokens: list[str], i: int, j: int) -> tuple[int, str | None] | None:
    """ "Journalist Issam Abdallah was killed": a singular "was" and a person noun among the
    few words before it (names between) make one victim."""
    if "was" not in tokens[j + 1 : i]:
        return None
    for k in range(j, max(-1, j - 4), -1):
        t = tokens[k]
        if t in _SINGULAR:
            return 1, None
        if not _wordlike(t) or t in _NP_STOP or t == "and":
            return None
    return None


def _group_back(tokens: list[str], j: int, need_person: bool) -> tuple[int, str | None, int] | None:
    """One "NUM [noun phrase]" group ending at ``tokens[j]``, read backwards.

    Returns ``(value, qualifier, start_index)``.
    """
    np_tokens: list[str] = []
    k = j
    while k >= 0 and len(np_tokens) < 8:
        t = tokens[k]
        if is_number_token(t) or t == "dozen" or t in ("a", "an", "another"):
            break
        if t in _POSSESSIVE and np_tokens and any(w in _SINGULAR for w in np_tokens):
            break  # "their driver", "her brother": one person
        if _AGE.match(t):  # "a 17-year-old boy": an age, not a count
            k -= 1
            continue
        if not _wordlike(t) or t in _NP_STOP or t in _CASUALTY_ALL or t in _MONTHS or t == "and":
            return None
        np_tokens.append(t)
        k -= 1
    if k < 0:
        return None
    num = _number_ending_at(tokens, k)
    if num is None:
        if tokens[k] in _POSSESSIVE or (
            tokens[k] in ("a", "an") and any(w in _SINGULAR for w in np_tokens)
        ):
            num = (1, k)  # "a soldier was killed", "a member of the local police was killed"
        elif tokens[k] == "another" and not np_tokens:
            num = (1, k)  # "a civilian was killed and another wounded"
        else:
            return None
    value, start = num
    if np_tokens:
        first = np_tokens[-1]  # the word right after the number
        if first in _NP_INNER and not (first == "of" and any(w in _PERSONS for w in np_tokens)):
            return None
        if len(np_tokens) > 3 and not any(w in _PERSONS for w in np_tokens):
            return None
        if any(w in _NP_INNER for w in np_tokens) and not any(w in _PERSONS for w in np_tokens):
            return None
    if need_person and not any(w in _PERSONS for w in np_tokens):
        return None
    if _is_year(value, tokens, start) and not any(w in _PERSONS for w in np_tokens):
        return None
    if start >= 1 and tokens[start - 1] in _MONTHS:
        return None
    if start >= 1 and tokens[start - 1] in ("of", "one") and value < 10 and np_tokens == []:
        return None
    qual, qstart = _qualifier_before(tokens, start)
    return value, qual, qstart


def _back(tokens: list[str], i: int) -> tuple[int, str | None] | None:
    j = i - 1
    while j >= 0 and (
        tokens[j] in _AUX
        or (tokens[j] == "to" and j + 1 < len(tokens) and tokens[j + 1] in ("have", "be"))
    ):
        j -= 1
    if j < 0:
        return None
    if (
        j >= 3
        and tokens[j] == ","
        and tokens[j - 1].isdigit()
        and int(tokens[j - 1]) < 110
        and tokens[j - 2] == ","
        and _wordlike(tokens[j - 3])
    ):
        return 1, None  # "Mahmoud Saleh, 25, was killed": a person named with an age
    first = _group_back(tokens, j, need_person=False)
    if first is None:
        return _singular_subject(tokens, i, j)
    total, qual, k = first
    # earlier groups joined by "and" or "," ("a father and his three sons")
    while k - 1 >= 0 and (
        tokens[k - 1] in ("and", ",")
        or (tokens[k - 1] in _POSSESSIVE and k - 2 >= 0 and tokens[k - 2] in ("and", ","))
    ):
        if tokens[k - 1] in _POSSESSIVE:
            k -= 1
        m = k - 1
        if tokens[m] == "and" and m - 1 >= 0 and tokens[m - 1] == ",":
            m -= 1
        nxt = _group_back(tokens, m - 1, need_person=True)
        if nxt is None or (nxt[2] >= 1 and tokens[nxt[2] - 1] in _CASUALTY_ALL):
            break  # "killed three people and 12 others were injured": the object of another verb
        total += nxt[0]
        qual = nxt[1] or qual
        k = nxt[2]
    return total, qual


def _singular_at(tokens: list[str], j: int) -> tuple[int, int] | None:
    """ "a jawan", "a teenage boy", "a Syrian combatant": one person; returns (1, end)."""
    if j >= len(tokens) or tokens[j] not in ("a", "an", "the", "his", "her", "their", "its"):
        return None
    if tokens[j] == "a" and tokens[j + 1 : j + 2] == ["couple"] and tokens[j + 2 : j + 3] != ["of"]:
        return 2, j + 2  # "killed a couple" (but "a couple of" is vague)
    for k in range(j + 1, min(j + 4, len(tokens))):
        if tokens[k] in _SINGULAR:
            return 1, k + 1
        if _AGE.match(tokens[k]):  # "a 12-year-old boy": an age, not a count
            continue
        if not _wordlike(tokens[k]) or tokens[k] in _NP_STOP:
            return None
    return None


_SAID_WORDS = frozenset(
    ["said", "says", "told", "reported", "added", "stated", "confirmed", "wrote", "posted"]
)


def _said_at(tokens: list[str], j: int) -> bool:
    """A speech verb at ``tokens[j]`` (or after one more word): the group was a source."""
    return any(k < len(tokens) and tokens[k] in _SAID_WORDS for k in (j, j + 1))


def _forward(tokens: list[str], i: int) -> tuple[int, str | None] | None:
    n = len(tokens)
    j = i + 1
    qual, j = _qualifier_after(tokens, j)
    if j < n and tokens[j] == "all":  # "killed all five attackers"
        j += 1
    if j + 3 < n and tokens[j] == "a" and tokens[j + 1] == "family" and tokens[j + 2] == "of":
        j += 3  # "killing a family of six"
    if j + 1 < n and tokens[j] in _POSSESSIVE and is_number_token(tokens[j + 1]):
        j += 1  # "wounded her two daughters"
    parsed = parse_number(tokens, j)
    if parsed is None:
        parsed = _singular_at(tokens, j)
    if (
        parsed is None
        and tokens[j : j + 1] in (["her"], ["him"])
        and tokens[j + 1 : j + 2] in (["and"], [","], ["."], [";"])
    ):
        parsed = 1, j + 1  # "killing her and her brother"
    if parsed is None:
        return None
    value, j = parsed
    if _is_year(value, tokens, j - 1):
        return None
    if j < n and tokens[j] in ("to", "-", "or"):  # range: keep the lower bound
        p2 = parse_number(tokens, j + 1)
        if p2 is not None:
            j = p2[1]
    total = value
    # noun phrase, then further groups
    while True:
        np_len = 0
        while (
            j < n
            and tokens[j].isalpha()
            and tokens[j] not in _NP_STOP
            and tokens[j] not in _CASUALTY_ALL
            and tokens[j] != "and"
            and np_len < 4
        ):
            j += 1
            np_len += 1
        if j + 1 < n and tokens[j] in ("and", ","):
            _, k = _qualifier_after(tokens, j + 1)
            if k + 1 < n and tokens[k] in _POSSESSIVE and is_number_token(tokens[k + 1]):
                k += 1  # "a village chief and his two sons" ("and his wife": one, below)
            p = parse_number(tokens, k)
            if p is None:
                single = _singular_at(tokens, k)
                if tokens[j] == "," and tokens[k] == "the":
                    single = None  # ", the regional governor wrote": a source, not a victim
                if single is not None and not _said_at(tokens, single[1]):
                    total += 1
                    j = single[1]
                    continue
                break
            k2 = p[1]
            if k2 + 1 < n and (tokens[k2 + 1] in _AUX or tokens[k2 + 1] in _CASUALTY_ALL):
                break  # "killed four people and 37 others were wounded": a new clause
            if k2 < n and tokens[k2] in _PERSONS and not _said_at(tokens, k2 + 1):
                total += p[0]
                j = k2
                continue
        break
    return total, qual


# Substrings without which a pattern cannot match: cheap tests that skip most runs.
_REMOVE_NEED = (
    "[",
    "(",
    " - ",
    " – ",
    " — ",
    "aged ",
    "including",
    "among them",
    "among whom",
    "of whom",
    "mostly",
    "mainly",
    "most of them",
    "many of them",
)
_WHEN_NEED = ("day", "night", "this morning", "this week")
_EXTRA = (
    (_TOLL, ("toll", "number of")),
    (_LIVES_OF, ("the lives of", "bodies of")),  # "recovered the bodies of nine people"
    (_SELF, ("themselves", "himself", "herself")),
)


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    for n in needles:  # noqa: SIM110 (a loop is faster than any() here)
        if n in text:
            return True
    return False


# Every token the count loop acts on; the others it skips at once.
_TRIGGERS = (
    KILL_WORDS
    | WOUND_WORDS
    | MISS_WORDS
    | frozenset(FORWARD)
    | frozenset(["shot", "stabbed", "wounded", "injured"])
)


def extract_counts(sentence: str) -> list[CountMention]:
    """Count mentions in one sentence, in reading order. See the module doc for conventions."""
    lower = sentence.lower()
    if _has_any(lower, _REMOVE_NEED):
        lower = _REMOVE.sub(" ", lower)
    if _has_any(lower, _WHEN_NEED):
        lower = _WHEN.sub(" ", lower)
    tokens = tokenize(lower)
    out: list[CountMention] = []
    n = len(tokens)
    for i in [i for i, t in enumerate(tokens) if t in _TRIGGERS]:
        t = tokens[i]
        if t in ("shot", "stabbed", "wounded", "injured") and i >= 1 and tokens[i - 1] == "fatally":
            t = "killed"  # "fatally shot a student", "was fatally wounded"
        kind: Kind | None = None
        if t in KILL_WORDS:
            kind = "killed"
        elif t in WOUND_WORDS:
            kind = "wounded"
        elif t in MISS_WORDS:
            kind = "missing"
        fwd_kind = FORWARD.get(t)
        if kind is None and fwd_kind is None:
            continue
        # "killed and wounded 30", "killing and injuring several": no split, no count
        if i + 2 < n and tokens[i + 1] in ("and", "or", "/") and tokens[i + 2] in _CASUALTY_ALL:
            continue
        if i >= 2 and tokens[i - 1] in ("and", "or", "/") and tokens[i - 2] in _CASUALTY_ALL:
            continue
        if t == "lives" and not (i >= 2 and tokens[i - 2] == "lost"):
            continue
        got = None
        if t in ("killed", "wounded", "injured", "massacred", "murdered", "executed"):
            # active "X killed 19 people": the count follows the verb
            got = _forward(tokens, i)
            if got is not None:
                kind = fwd_kind  # type: ignore[assignment]
        if got is None and t not in ("lives", "death"):
            got = _back(tokens, i) if kind is not None else None
        if got is None and fwd_kind is not None and t != "claimed":
            got = _forward(tokens, i)
            if got is not None:
                kind = fwd_kind  # type: ignore[assignment]
        if got is None and t == "death" and i >= 2 and tokens[i - 1] == "to":
            got = _back(tokens, i - 2)  # "two civilians were stabbed to death"
        if got is None and t == "dead" and i >= 1 and tokens[i - 1] == "shot":
            got = _forward(tokens, i)  # "shot dead two traders"
        if t == "lives" and got is None:
            j = i - 3
            got = _back(tokens, j + 1) if j >= 0 else None
        if got is not None and kind is not None:
            out.append(CountMention(kind, got[0], got[1], sentence))
    for rx, need in _EXTRA:
        if not _has_any(lower, need):
            continue
        for m in rx.finditer(lower):
            toks = tokenize(m.group("n").lower())
            p = parse_number(toks, 0)
            if p is None or _is_year(p[0], toks, 0):
                continue
            q = (m.group("q") or "").strip() or None
            out.append(
                CountMention(
                    "killed", p[0], QUALIFIERS.get(tuple(q.split())) if q else None, sentence
                )
            )
    return out
