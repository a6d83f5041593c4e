"""Turkish: a data pack for the generic stages, written from how Turkish wire and newspaper
copy (AA, DHA, ANKA and the national dailies) reports the wars it covers: Gaza, Lebanon,
Syria, Iraq, Ukraine and Russia, Sudan, Yemen, and Turkey's own border operations.
Evaluation sets: tests/golden/classify/lang/tr-*.jsonl.

The words are data, in ``pack.toml``. The code here is ``normalize``: Turkish glues case
endings to a name after an apostrophe ("Harkiv'e", "Gazze'deki", "13'e yükseldi"), so the
apostrophe and its ending become spaces (one character for one: the folded sentence keeps its
length and lines up with the original), and the dot that casefold leaves after "i" from a
dotted capital İ ("İdlib" -> "i̇dlib") is dropped, which restores the length casefold added.
"""

from __future__ import annotations

import re

from streams.classify.lang.packfile import load_pack

__all__ = ["PACK", "normalize"]

# an ending glued after an apostrophe, not a quoted word ("'yalan' olarak nitelendirdi")
_SUFFIX = re.compile(r"(?<=\w)['’]\w+")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def normalize(text: str) -> str:
    """Casefolded Turkish with the dot of İ dropped and apostrophe endings as spaces; a
    single word ("Harkiv'e", as the places stage folds it) loses them altogether."""
    if "\u0307" in text:
        text = text.replace("\u0307", "")
    if "'" in text or "’" in text:
        out = _SUFFIX.sub(_blank, text)
        return out.rstrip() if out[-1:] == " " and text[-1:] != " " else out
    return text


PACK = load_pack(__name__, normalize=normalize)
