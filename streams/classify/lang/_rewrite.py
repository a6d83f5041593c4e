"""Length-preserving rewrites that data packs use in their ``normalize`` (French, Spanish).

Every rewrite keeps the text's length, so the folded sentence still lines up with the original
for evidence and for a denial's actor and claim.
"""

from __future__ import annotations

import re

__all__ = ["blank", "close_groups", "join"]


def blank(rx: re.Pattern[str], text: str) -> str:
    """Matches of ``rx`` turned into spaces (an "including" clause the counts must not see)."""
    return rx.sub(lambda m: " " * len(m.group(0)), text)


def join(rx: re.Pattern[str], text: str) -> str:
    """Matches of ``rx`` written as one token: their spaces become "_" ("au_moins")."""
    return rx.sub(lambda m: m.group(0).replace(" ", "_"), text)


def close_groups(rx: re.Pattern[str], text: str) -> str:
    """After a casualty word (``rx`` group 1) the conjunction that follows it becomes a clause
    break: the figure after it starts a new group instead of tying back to that word."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        return (word + " ;").ljust(len(m.group(0)))

    return rx.sub(repl, text)
