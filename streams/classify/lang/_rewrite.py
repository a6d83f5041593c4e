"""Length-preserving rewrites that data packs use in their ``normalize`` (French, Spanish).

Every rewrite keeps the text's length, so the folded sentence still lines up with the original
for evidence and for a denial's actor and claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

__all__ = ["compound_normalizer"]


def compound_normalizer(
    compound: re.Pattern[str], hints: tuple[str, ...], numbers: Container[str]
) -> Callable[[str], str]:
    """A ``normalize`` for a language that writes number compounds in several words
    ("vingt-trois", "soixante et onze", "treinta y un"): typographic apostrophes made
    straight, and each match of ``compound`` (looked for only when the text holds one of
    ``hints``) written as one token, its hyphens and spaces as "_", when that token is one of
    the pack's ``numbers`` ("vingt_trois"); other matches stay as written."""

    def join(m: re.Match[str]) -> str:
        cand = m.group(0).replace("-", "_").replace(" ", "_")
        return cand if cand in numbers else m.group(0)

    def normalize(text: str) -> str:
        if "’" in text:
            text = text.replace("’", "'")
        if any(h in text for h in hints):
            text = compound.sub(join, text)
        return text

    return normalize
