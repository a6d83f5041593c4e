"""HTML fragments (feed summaries and content) to clean plain text with selectolax."""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser

__all__ = ["html_to_text"]

# Elements whose content is never article text.
_DROP = "script, style, noscript, iframe, object, embed, form, nav, footer, aside, svg, button"
# A newline before block elements keeps paragraphs apart once tags are gone.
_BLOCK = re.compile(
    r"<(?=(?:p|div|br|li|ul|ol|h[1-6]|tr|blockquote|section|article|header|table|pre|hr)\b)", re.I
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
# C0/C1 control characters (except tab and newline) carry no text and break downstream tools.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BLANKS = re.compile(r"\s*\n\s*")
# Trailing boilerplate that feeds append to every summary.
_BOILER = re.compile(
    r"(?:\s*(?:the post .{1,300}? appeared first on .{1,200}?\.?"
    r"|continue reading.{0,120}"
    r"|read more.{0,60}"
    r"|read the full (?:story|article).{0,120}"
    r"|\[(?:\.\.\.|…)\]|\(more…\)"
    r"|follow us (?:on|everywhere).{0,200}"
    r"|share this:.{0,200}))+\s*$",
    re.I | re.S,
)


def _squash(text: str) -> str:
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANKS.sub("\n", text)
    return text.strip()


def html_to_text(fragment: str, *, limit: int | None = None) -> str:
    """Strip an HTML fragment to text: no tags, entities decoded, whitespace collapsed.

    Paragraph breaks become one newline; control characters are removed. Scripts, styles,
    navigation and trailing boilerplate ("The post ... appeared first on ...", "Continue
    reading") are dropped. ``limit`` caps the
    result in characters (cut at a word boundary when one is near).
    """
    if not fragment:
        return ""
    if "<" not in fragment:
        text = _squash(html.unescape(fragment) if "&" in fragment else fragment)
    else:
        tree = LexborHTMLParser(_BLOCK.sub("\n<", fragment))
        for node in tree.css(_DROP):
            node.decompose()
        root = tree.body or tree.root
        text = _squash(root.text(separator="") if root is not None else "")
    text = _BOILER.sub("", text).rstrip()
    if limit is not None and len(text) > limit:
        cut = text.rfind(" ", max(0, limit - 100), limit)
        text = text[: cut if cut > 0 else limit].rstrip() + "…"
    return text
