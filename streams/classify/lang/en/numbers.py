"""Number words and digits to integers.

``parse_number`` understands digits with thousands separators ("1,200"), number words
("twelve", "twenty-five", "two hundred"), "a dozen" (12) and "two dozen" (24). Vague amounts
("dozens", "several", "scores") are not numbers: they return ``None``, per mission.md.
"""

from __future__ import annotations

import re

__all__ = ["QUALIFIERS", "UNITS", "is_number_token", "parse_number"]

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Multi-word qualifiers, lowercase; the value is the normalised qualifier reported.
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("at", "least"): "at least",
    ("not", "less", "than"): "at least",
    ("no", "fewer", "than"): "at least",
    ("no", "less", "than"): "at least",
    ("more", "than"): "more than",
    ("over",): "more than",
    ("upwards", "of"): "more than",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("close", "to"): "nearly",
    ("about",): "about",
    ("around",): "about",
    ("approximately",): "about",
    ("roughly",): "about",
    ("some",): "about",
    ("an", "estimated"): "about",
    ("up", "to"): "up to",
    ("as", "many", "as"): "up to",
    ("at", "most"): "up to",
}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def is_number_token(tok: str) -> bool:
    """True when ``tok`` (lowercase) can start or continue a number phrase."""
    return (
        bool(_DIGITS.match(tok))
        or tok in UNITS
        or tok in _SCALES
        or _hyphen_number(tok) is not None
    )


def _hyphen_number(tok: str) -> int | None:
    if "-" not in tok:
        return None
    a, _, b = tok.partition("-")
    if a in UNITS and b in UNITS and UNITS[a] >= 20 and UNITS[a] % 10 == 0 and 0 < UNITS[b] < 10:
        return UNITS[a] + UNITS[b]
    return None


def parse_number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Parse a number phrase starting at ``tokens[i]`` (lowercase tokens).

    Returns ``(value, end_index)`` with ``end_index`` one past the phrase, or ``None``.
    Years are not excluded here; callers judge the context.
    """
    n = len(tokens)
    if i >= n:
        return None
    tok = tokens[i]
    if _DIGITS.match(tok):
        value = int(tok.replace(",", ""))
        j = i + 1
        if j < n and tokens[j] in _SCALES:
            value *= _SCALES[tokens[j]]
            j += 1
        return value, j
    if tok == "a" and i + 1 < n and tokens[i + 1] in ("dozen", "hundred", "thousand"):
        # "a dozen people", "a hundred soldiers"
        word = tokens[i + 1]
        return (12 if word == "dozen" else _SCALES[word]), i + 2
    total = 0
    current = 0
    j = i
    seen = False
    while j < n:
        t = tokens[j]
        hv = _hyphen_number(t)
        if hv is not None:
            current += hv
            seen = True
        elif t in UNITS:
            if t == "dozen":
                if j + 1 < n and tokens[j + 1] == "of":  # "dozen of" is vague
                    break
                current = (current or 1) * 12
            else:
                current += UNITS[t]
            seen = True
        elif t in _SCALES and seen:
            current = (current or 1) * _SCALES[t]
            if _SCALES[t] >= 1000:
                total += current
                current = 0
        elif (
            t == "and"
            and seen
            and j + 1 < n
            and tokens[j + 1] in UNITS
            and j > i
            and tokens[j - 1] in _SCALES
        ):
            pass  # "two hundred and five"
        else:
            break
        j += 1
    if not seen:
        return None
    # "dozens" is vague, and must not have been consumed: it is not in UNITS, so fine.
    return total + current, j
