"""Helpers the Russian and Ukrainian place tables share: inflected region names and word lists.

Region names are two words ("Харьковская область", "Харківська область") that decline
together; the place index strips an ending only from a phrase's last word, so every case form
is listed instead. Generated from the adjective's stem so that a new region is one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = [
    "RU_REGION_ENDINGS",
    "UK_REGION_ENDINGS",
    "expand_regions",
    "words",
]

# adjective ending + noun form, per case (nominative, genitive/dative/prepositional,
# accusative, instrumental)
RU_REGION_ENDINGS = (
    "ая область",
    "ой области",
    "ую область",
    "ой областью",
    "ий район",
    "ого района",
    "ом районе",
    "ому району",
    "ий край",
    "ого края",
    "ом крае",
    "ому краю",
)
UK_REGION_ENDINGS = (
    "а область",
    "ої області",
    "ій області",
    "у область",
    "ою областю",
    "ий район",
    "ого району",
    "ому районі",
    "ий край",
)


def expand_regions(stems: Mapping[str, str | int], endings: Iterable[str]) -> dict[str, str | int]:
    """``{"харьковск": "Kharkiv Oblast"}`` -> every case form of the region and district."""
    ends = tuple(endings)
    return {stem + end: ref for stem, ref in stems.items() for end in ends}


def words(*lines: str) -> list[str]:
    """The words of one or more lines of text (long word lists stay readable in data)."""
    return " ".join(lines).split()
