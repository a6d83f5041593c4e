"""Casualty counts from one sentence.

Conventions (mission.md, labelling guide):

- "at least 6" -> 6 and "more than 40" -> 40; the qualifier is kept separately;
- number words become digits ("twelve" -> 12, "twenty-five" -> 25, "a dozen" -> 12);
- separate groups add up ("3 soldiers and 2 civilians were killed" -> 5);
- "including" does not add ("6 civilians, including 2 women" -> 6);
- a range "5 to 7" -> 5;
- vague amounts ("dozens", "several", "scores of") -> no count;
- "killed and wounded 30" gives no split, so no count for either;
- a number must be tied to a casualty word ("Ganja [population 320,000]" is not a toll);
- victims named by role, name or an aside count ("a shopkeeper and his nephew" -> 2, "a
  schoolteacher, Salai Thang, was killed" -> 1); "two of her grandchildren", "and four other
  people" and "along with" join the group; a group marked "also" / "other" right after a group
  of its kind adds to the largest figure of that kind before it in the sentence (issue 16;
  docs/classification.md lists them).

Phrases read whole (asides, wounds said by a hospital, tolls) are in ``count_phrases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from streams.classify.lang.en import casualty_words as _cw
from streams.classify.lang.en.count_phrases import EXTRA, has_any, prepare
from streams.classify.lang.en.numbers import QUALIFIERS, is_number_token, parse_number
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
_NATIONALS, _ORDINALS, _TO_DEATH = _cw.NATIONALS, _cw.ORDINALS, _cw.TO_DEATH
# A group with one of these words is another group than the ones before it in the sentence
# ("two soldiers also died", "two other civilians", "another 12 were killed"): it adds up.
_ADDED = frozenset(["also", "other", "others", "another", "more", "further", "additional"])


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
_DETERMINERS = frozenset(["a", "an", "the", "his", "her", "their", "its"])
# A group read from the tokens: (value, qualifier, first token, one past the last token).
Group = tuple[int, str | None, int, int]


def _possessive_name(t: str) -> bool:
    """ "hezbollah's", "cell's": a possessive standing where a determiner would."""
    return len(t) > 2 and t.endswith(("'s", "’s"))


def _singular_subject(tokens: list[str], i: int, j: int) -> Group | None:
    """ "Journalist Issam Abdallah was killed": a singular "was" and a person noun among the
    few words before it (names between) make one victim."""
    if "was" not in tokens[j + 1 : i]:
        return None
    for k in range(j, max(-1, j - 4), -1):
        t = tokens[k]
        if t in _SINGULAR:
            return 1, None, k, i
        if not _wordlike(t) or t in _NP_STOP or t == "and":
            return None
    return None


def _one_back(tokens: list[str], k: int, np_tokens: list[str]) -> bool:
    """Whether ``tokens[k]`` ("a", "an", "his") before ``np_tokens`` (read backwards) makes one
    person: a singular person noun in it, a nationality noun as its head ("a Syrian was
    killed"; not "an Iraqi drone"), or an ordinal alone ("a third lost a leg")."""
    if tokens[k] in _POSSESSIVE:
        return True
    if tokens[k] not in ("a", "an") or not np_tokens:
        return False
    return (
        any(w in _SINGULAR for w in np_tokens)
        or np_tokens[0] in _NATIONALS
        or (len(np_tokens) == 1 and np_tokens[0] in _ORDINALS)
    )


def _group_back(tokens: list[str], j: int, need_person: bool) -> Group | None:
    """One "NUM [noun phrase]" group ending at ``tokens[j]``, read backwards."""
    np_tokens: list[str] = []
    k = j
    while k >= 0 and len(np_tokens) < 8:
        t = tokens[k]
        if is_number_token(t) or t in ("dozen", "another"):
            break
        if t in ("a", "an"):
            if k >= 1 and tokens[k - 1] == "of" and np_tokens:
                np_tokens.append(t)  # "crew members of a Liberian-flagged tanker"
                k -= 1
                continue
            break
        if t in _POSSESSIVE and np_tokens and any(w in _SINGULAR for w in np_tokens):
            break  # "their driver", "her brother": one person
        if _AGE.match(t):  # "a 17-year-old boy": an age, not a count
            k -= 1
            continue
        if (
            t == "and"
            and np_tokens
            and np_tokens[-1] in _PERSONS
            and np_tokens[-1] not in _SINGULAR
            and k >= 1
            and tokens[k - 1] in _PERSONS
            and tokens[k - 1] not in _SINGULAR
        ):
            np_tokens.append(t)  # "22 soldiers and volunteers": two nouns, one number
            k -= 1
            continue
        if t == "and" and np_tokens and np_tokens[0] in _SINGULAR and tokens[k - 1] in _SINGULAR:
            return 1, None, k + 1, j + 1  # "her husband and eldest son": one more person
        if (
            not _wordlike(t)
            or t in _NP_STOP
            or t in _CASUALTY_ALL
            or t in _MONTHS
            or t in ("and", "among")  # "... were among those wounded": some of them
        ):
            return None
        np_tokens.append(t)
        k -= 1
    if k < 0:
        return None
    num = _number_ending_at(tokens, k)
    if num is None:
        if tokens[k] in ("a", "an") and np_tokens[:1] == ["couple"]:
            return 2, None, k, j + 1  # "a married couple were killed"
        if _one_back(tokens, k, np_tokens):
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
    return value, qual, qstart, j + 1


def _earlier_groups(tokens: list[str], first: Group) -> Group:
    """``first`` with the groups before it joined by "and" or "," ("a father and his three
    sons", "3 soldiers and 2 civilians")."""
    total, qual, k, end = first
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
    return total, qual, k, end


def _named_with_ages(tokens: list[str], j: int) -> Group | None:
    """ "Mahmoud Saleh, 25, was killed", "X, 52, and his wife Y, 49, killed": each name with
    its age between commas is one victim; ``tokens[j]`` is the comma after the last age."""
    count, k, first = 0, j, j
    while (
        k >= 3
        and tokens[k] == ","
        and tokens[k - 1].isdigit()
        and int(tokens[k - 1]) < 110
        and tokens[k - 2] == ","
        and _wordlike(tokens[k - 3])
    ):
        count += 1
        m = k - 3
        while m >= 0 and k - m < 8 and _wordlike(tokens[m]) and tokens[m] != "and":
            if tokens[m] in _NP_STOP:
                break
            m -= 1
        first = m + 1
        if m >= 0 and tokens[m] == "and":
            m -= 1
        k = m
    return (count, None, first, j + 1) if count else None


def _back_comma(tokens: list[str], j: int) -> Group | None:
    """A comma right before the verb: names with ages, or an aside between commas ("a
    schoolteacher, Salai Thang, was killed"; "Jordan Mahmoud, a paramedic with the Red
    Crescent, was killed"; "Two residents, a man of 62 and his neighbour, were killed"): the
    group before the aside, else the one person the aside names."""
    named = _named_with_ages(tokens, j)
    if named is not None:
        return named
    c = j - 1
    while c >= 0 and j - c <= 14 and tokens[c] not in (",", ";", ":"):
        c -= 1
    if c < 1 or c == j - 1 or tokens[c] != ",":
        return None
    head = _group_back(tokens, c - 1, need_person=True)
    if head is not None:
        return _earlier_groups(tokens, head)
    if any(t in _SAID_WORDS or t in _CASUALTY_ALL for t in tokens[c + 1 : j]):
        return None  # ", a spokesman said," or ", who was injured,": not an aside on a victim
    one = _singular_at(tokens, c + 1)
    if one is not None and one[1] <= j:
        return 1, None, c + 1, j
    return _subject_scan(tokens, j - 1)


# Words that end a subject's post-modifier: a finite verb of another clause.
_FINITE = frozenset(
    ["was", "were", "is", "are", "has", "have", "had", "did", "will", "would", "could", "can"]
)
_CLAUSE_OPEN = frozenset([",", "said", "says", "that", ":"])


def _subject_scan(tokens: list[str], j: int) -> Group | None:
    """The subject of a passive casualty verb parted from it by a post-modifier: "17 people
    working at a flour mill were killed", "six rangers in the park, famous for its gorillas,
    were killed", "120 people with varying injuries are hospitalised". The group opens the
    clause and a preposition or an -ing word follows its noun; no other verb lies between."""
    for p in range(j, max(-1, j - 16), -1):
        t = tokens[p]
        if t in (";", ":") or t in _CASUALTY_ALL or t in _FINITE or t in _SAID_WORDS:
            return None
        if (
            t in _PERSONS
            and p < j
            and (tokens[p + 1] in _NP_STOP or tokens[p + 1].endswith("ing"))
            and (g := _group_back(tokens, p, need_person=True)) is not None
            and (g[2] == 0 or tokens[g[2] - 1] in _CLAUSE_OPEN)
        ):
            return g[0], g[1], g[2], j + 1
    return None


def _back(tokens: list[str], i: int) -> Group | None:
    """The group before the casualty word at ``tokens[i]`` ("three soldiers were killed")."""
    j = i - 1
    if tokens[i] == "dead" and j >= 1 and tokens[j] in _TO_DEATH:
        j -= 1  # "a Palestinian was shot dead": the verb's participle, then the auxiliary
    while j >= 0 and (
        tokens[j] in _AUX
        or (tokens[j] == "to" and j + 1 < len(tokens) and tokens[j + 1] in ("have", "be"))
    ):
        j -= 1
    if j < 0:
        return None
    if tokens[j] == ",":
        return _back_comma(tokens, j)
    first = _group_back(tokens, j, need_person=False)
    if first is None:
        return _singular_subject(tokens, i, j) or _subject_scan(tokens, j)
    lo = first[2]
    if lo >= 3 and tokens[lo - 1] == "and" and tokens[lo - 3] == "between":
        low = parse_number(tokens, lo - 2)
        if low is not None and low[1] == lo - 1 and low[0] < first[0]:
            return low[0], first[1], lo - 3, first[3]  # "between eight and ten dead": a range
    return _earlier_groups(tokens, first)


# Agent-noun endings: a noun of one of these shapes names a person by what they do or are
# ("translator", "catechist", "passer-by", "guardian", "attendant", "employee"). Read only in
# a list that already counts people (see ``_coordinated``), never alone.
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "-by", "ee", "ic")
_LIST_END = frozenset([",", ".", ";", ":", "and", "or", "who", "whom", "as", "while"])


def _agentlike(t: str) -> bool:
    return len(t) > 4 and t.endswith(_AGENT_ENDINGS) and t not in _cw.NOT_AGENTS and t.isascii()


def _coordinated(tokens: list[str], k: int) -> tuple[int, int] | None:
    """A further member of a list of victims whose noun no word list has: "killing three
    fighters and a passer-by", "a British aid worker and a Ukrainian translator", "a midwife
    and two of her patients". Coordination with people already counted says they are people
    too; the head must still have the shape of a person noun (an agent ending, or a plural of
    one), and end the phrase. Returns (count, end)."""
    n = len(tokens)
    count, j = 1, k
    if j < n and tokens[j] in ("a", "an", "one"):
        j += 1
    elif (p := parse_number(tokens, j)) is not None and p[0] < 100:
        count, j = p
        if tokens[j : j + 1] == ["of"] and j + 1 < n and tokens[j + 1] in _POSSESSIVE:
            j += 2  # "two of her patients"
    else:
        return None
    for m in range(j, min(j + 4, n)):
        t = tokens[m]
        if not _wordlike(t) or t in _NP_STOP or t in _CASUALTY_ALL or t == "of":
            return None  # "a number of people" is no count
        head = t[:-1] if count > 1 and t.endswith("s") else t
        if (count > 1) != (head != t):
            continue  # a plural head for a count above one, a singular for one
        known = t in _PERSONS if count > 1 else t in _SINGULAR
        if (known or _agentlike(head)) and (
            m + 1 == n or tokens[m + 1] in _LIST_END or tokens[m + 1] in _NP_STOP
        ):
            return count, m + 1
    return None


def _singular_at(tokens: list[str], j: int) -> tuple[int, int] | None:
    """ "a jawan", "a teenage boy", "a senior Islamic State leader", "Hezbollah's commander",
    "a Syrian": one person; returns (1, end)."""
    n = len(tokens)
    if j >= n or (tokens[j] not in _DETERMINERS and not _possessive_name(tokens[j])):
        return None
    if tokens[j] == "a" and tokens[j + 1 : j + 2] == ["couple"] and tokens[j + 2 : j + 3] != ["of"]:
        return 2, j + 2  # "killed a couple" (but "a couple of" is vague)
    if (
        tokens[j] == "a"
        and tokens[j + 1 : j + 2]
        and tokens[j + 1] in _ORDINALS
        and (j + 2 == n or not tokens[j + 2].isalpha())
    ):
        return 1, j + 2  # "killed two people and wounded a third": one more person
    for k in range(j + 1, min(j + 6, n)):
        t = tokens[k]
        if t in _SINGULAR:
            return 1, k + 1
        if t == "couple" and tokens[k + 1 : k + 2] != ["of"]:
            return 2, k + 1  # "wounding an elderly couple"
        if t == "twins" or (t == "twin" and tokens[k + 1 : k + 2] and tokens[k + 1] in _PERSONS):
            return 2, k + (1 if t == "twins" else 2)  # "her twin babies", "their twins"
        if t in _NATIONALS and (k + 1 == n or not tokens[k + 1].isalpha()):
            return 1, k + 1  # "killing a Syrian" (not "an Iraqi drone")
        if _AGE.match(t):  # "a 12-year-old boy": an age, not a count
            if k + 1 == n or tokens[k + 1] in _LIST_END or tokens[k + 1] in _NP_STOP:
                return 1, k + 1  # "shot dead a 15-year-old in Beita": the age names a person
            continue
        if t in ("'", "’") and tokens[k - 1].endswith("s"):
            continue  # "the rebels' commander"
        if not _wordlike(t) or t in _NP_STOP or t in ("and", "or"):
            return None
    return None


_SAID_WORDS = frozenset(
    ["said", "says", "told", "reported", "added", "stated", "confirmed", "wrote", "posted"]
)


def _said_at(tokens: list[str], j: int) -> bool:
    """A speech verb at ``tokens[j]`` (or after one more word): the group was a source."""
    return any(k < len(tokens) and tokens[k] in _SAID_WORDS for k in (j, j + 1))


def _np_end(tokens: list[str], j: int) -> int:
    """One past the noun phrase after a number or a person ("of the Kurdish-led force")."""
    n, np_len = len(tokens), 0
    while (
        j < n
        and np_len < 6
        and _wordlike(tokens[j])
        and tokens[j] not in _NP_STOP
        and tokens[j] not in _CASUALTY_ALL
        and tokens[j] != "and"
    ):
        j += 1
        np_len += 1
    return j


def _person_head(tokens: list[str], k: int) -> int | None:
    """One past the person noun that a number at ``k`` counts, within three words: "two other
    people", "three young men", "two of her grandchildren", "three of his men"."""
    n, m = len(tokens), k
    for _ in range(3):
        if m >= n:
            return None
        t = tokens[m]
        if t in _PERSONS:
            return m + 1
        if (
            t == "of"
            and m + 1 < n
            and (tokens[m + 1] in _DETERMINERS or _possessive_name(tokens[m + 1]))
        ):
            m += 2
            continue
        if not t.isalpha() or t in _NP_STOP or t in _CASUALTY_ALL or t == "and":
            return None
        m += 1
    return None


def _named_ages_after(tokens: list[str], j: int) -> Group | None:
    """Victims named with their ages from ``tokens[j]`` ("Ghada Saleh, 5, and her brother
    Rami, 3"): one per age between commas, up to the clause's end."""
    n, count, k = len(tokens), 0, j
    while k + 2 < n and tokens[k] not in (";", ".", ":"):
        if tokens[k] == ",":
            age = parse_number(tokens, k + 1)
            if age is not None and age[0] < 110 and (age[1] >= n or tokens[age[1]] in _LIST_END):
                count += 1
                k = age[1]
                continue
        k += 1
    return (count, None, j, k) if count else None


def _forward(tokens: list[str], i: int) -> Group | None:
    """The group after the casualty word at ``tokens[i]`` ("killing 12 people")."""
    n = len(tokens)
    j = i + 1
    qual, j = _qualifier_after(tokens, j)
    if j < n and tokens[j] == "all":  # "killed all five attackers"
        j += 1
    if tokens[j : j + 3] in (["a", "family", "of"], ["a", "total", "of"]):
        j += 3  # "killing a family of six"
    if j + 1 < n and tokens[j] in _DETERMINERS and is_number_token(tokens[j + 1]):
        j += 1  # "wounded her two daughters", "killed the four bombers"
    start = j
    if tokens[j : j + 1] == ["between"]:
        low = parse_number(tokens, j + 1)  # "killing between 18 and 25 people": the lower
        if low is not None and tokens[low[1] : low[1] + 1] == ["and"]:
            high = parse_number(tokens, low[1] + 1)
            if high is not None and high[0] > low[0]:
                j = high[1]
                h = _person_head(tokens, j)
                return low[0], qual, start, h if h is not None else j
    parsed = parse_number(tokens, j)
    if parsed is None:
        parsed = _singular_at(tokens, j)
    if parsed is None and tokens[j : j + 1] in (["a"], ["an"]):
        # the object of a verb of killing or wounding is a person: "killed a catechist"
        parsed = _coordinated(tokens, j)
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
        j = _np_end(tokens, j)
        if j + 1 < n and tokens[j] in ("and", ","):
            _, k = _qualifier_after(tokens, j + 1)
            if k + 1 < n and tokens[k] in _POSSESSIVE and is_number_token(tokens[k + 1]):
                k += 1  # "a village chief and his two sons" ("and his wife": one, below)
            p = parse_number(tokens, k)
            if p is None:
                single = _singular_at(tokens, k)
                if tokens[j] == "," and tokens[k] == "the":
                    single = None  # ", the regional governor wrote": a source, not a victim
                if single is None and tokens[j] == "and":
                    single = _coordinated(tokens, k)
                if single is not None and not _said_at(tokens, single[1]):
                    total += single[0]
                    j = single[1]
                    continue
                break
            k2 = p[1]
            if k2 + 1 < n and (tokens[k2 + 1] in _AUX or tokens[k2 + 1] in _CASUALTY_ALL):
                break  # "killed four people and 37 others were wounded": a new clause
            h = _person_head(tokens, k2)
            if h is None and tokens[j] == "and" and (c := _coordinated(tokens, k)) is not None:
                h = c[1]
            if h is None or _said_at(tokens, h):
                break
            if h < n and (tokens[h] in _AUX or tokens[h] in _CASUALTY_ALL):
                break  # "... and two other soldiers were killed": a new clause
            total += p[0]
            j = h
            continue
        break
    return total, qual, start, j


# Verbs before "the lives of" whose victims follow: "claimed the lives of three fighters".
_TOOK_LIVES = frozenset(["claimed", "claiming", "took", "taking", "cost", "costing"])
# Nouns of a killing whose victims follow "of": "the killing of a social leader".
_NOUN_OF = frozenset(
    [
        "body",
        "bodies",
        "killing",
        "killings",
        "murder",
        "murders",
        "assassination",
        "death",
        "deaths",
    ]
)
# Every token the count loop acts on; the others it skips at once.
_TRIGGERS = (
    KILL_WORDS
    | WOUND_WORDS
    | MISS_WORDS
    | frozenset(FORWARD)
    | _NOUN_OF
    | frozenset(["shot", "stabbed", "wounded", "injured"])
)


def _read(tokens: list[str], i: int, t: str, kind: Kind | None) -> tuple[Group, Kind] | None:
    """The group the casualty word ``t`` at ``tokens[i]`` counts, and its kind."""
    fwd_kind: Kind | None = FORWARD.get(t)  # type: ignore[assignment]
    got: Group | None = None
    if t in ("killed", "wounded", "injured", "massacred", "murdered", "executed"):
        # active "X killed 19 people": the count follows the verb
        got = _forward(tokens, i)
        if got is not None:
            return got, fwd_kind  # type: ignore[return-value]
    if t == "lives" and i >= 2 and tokens[i - 2] in _TOOK_LIVES and tokens[i + 1 : i + 2] == ["of"]:
        got = _forward(tokens, i + 1)  # "claimed the lives of three fighters and a farmer"
        if got is not None:
            return got, "killed"
    if t in _NOUN_OF and tokens[i + 1 : i + 2] == ["of"]:
        got = _forward(tokens, i + 1)  # "the bodies of three herders", "the killing of a
        if got is not None:  # social leader", "the deaths of two soldiers"
            return got, "killed"
    if t not in ("lives", "death") and kind is not None:
        got = _back(tokens, i)
        if got is not None:
            if kind == "killed" and tokens[i + 1 : i + 3] in (
                ["along", "with"],
                ["together", "with"],
            ):
                more = _forward(tokens, i + 2)  # "was killed along with two of his bodyguards"
                if more is not None:
                    got = got[0] + more[0], got[1], got[2], more[3]
            return got, kind
    if (
        t in ("fatalities", "dead")
        and tokens[i + 1 : i + 2] in (["were"], ["was"])
        and "among" not in tokens[max(0, i - 3) : i]  # "among the dead were ...": some of them
    ):
        got = _forward(tokens, i + 1)  # "the only fatalities were the four bombers"
        if got is None:
            got = _named_ages_after(tokens, i + 2)  # "the dead were Ghada Saleh, 5, and ..."
        if got is not None:
            return got, "killed"
    if fwd_kind is not None and t != "claimed":
        got = _forward(tokens, i)
        if got is not None:
            return got, fwd_kind
    if t == "death" and i >= 2 and tokens[i - 1] == "to":
        got = _back(tokens, i - 2)  # "two civilians were stabbed to death"
        if got is None and tokens[i - 2] in _TO_DEATH:
            got = _forward(tokens, i)  # "militiamen hacked to death 23 villagers"
    elif t == "dead" and i >= 1 and tokens[i - 1] in ("shot", "shooting"):
        got = _forward(tokens, i)  # "shot dead two traders", "shooting dead seven officers"
    elif t == "lives" and i >= 3:
        got = _back(tokens, i - 2)
    if got is None or kind is None:
        return None
    return got, kind


def extract_counts(sentence: str) -> list[CountMention]:
    """Count mentions in one sentence, in reading order. See the module doc for conventions."""
    lower = prepare(sentence.lower())
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
        if kind is None and t not in FORWARD and t not in _NOUN_OF:
            continue
        # "killed and wounded 30", "killing and injuring several": no split, no count
        if i + 2 < n and tokens[i + 1] in ("and", "or", "/") and tokens[i + 2] in _CASUALTY_ALL:
            continue
        if i >= 2 and tokens[i - 1] in ("and", "or", "/") and tokens[i - 2] in _CASUALTY_ALL:
            continue
        if t == "lives" and not (
            i >= 2 and (tokens[i - 2] == "lost" or tokens[i - 2] in _TOOK_LIVES)
        ):
            continue
        read = _read(tokens, i, t, kind)
        if read is None:
            continue
        (value, qual, lo, hi), got_kind = read
        # a group marked as another one adds to the largest of its kind before it here, when
        # the group just before is of its kind ("a civilian was killed and three others were
        # wounded": "others" than the dead, not more wounded)
        if (
            out
            and out[-1].kind == got_kind
            and (
                any(w in _ADDED for w in tokens[lo:hi])
                or (lo >= 1 and tokens[lo - 1] in ("another", "also"))
                or (hi <= i and "also" in tokens[hi:i])
            )
        ):
            value += max(m.value for m in out if m.kind == got_kind)
        out.append(CountMention(got_kind, value, qual, sentence))
    for rx, need, extra_kind in EXTRA:
        if not has_any(lower, need):
            continue
        for m in rx.finditer(lower):
            toks = tokenize(m.group("n").lower())
            p = parse_number(toks, 0)
            if p is None or _is_year(p[0], toks, 0):
                continue
            q = (m.group("q") or "").strip() or None
            qualifier = QUALIFIERS.get(tuple(q.split())) if q else None
            out.append(CountMention(extra_kind, p[0], qualifier, sentence))  # type: ignore[arg-type]
    return out
