"""Length-preserving rewrites that data packs use in their ``normalize`` (Spanish).

Every rewrite keeps the text's length, so the folded sentence still lines up with the original
for evidence and for a denial's actor and claim.
"""

from __future__ import annotations

import re

__all__ = ["join"]


def join(rx: re.Pattern[str], text: str) -> str:
    """Matches of ``rx`` written as one token: their spaces become "_" ("treinta_y_un")."""
    return rx.sub(lambda m: m.group(0).replace(" ", "_"), text)
