"""Stage 2, sentences (generic): split the document, flag boilerplate and history.

A sentence ends at one of the pack's ``sentence_end`` characters (with any closing quotes)
before whitespace and a character that is not lower case, unless the word before it is one of
the pack's ``abbreviations`` or a single letter; or at a line break. The title is the first
sentence (``headline``). Boilerplate (the pack's markers, or a short line without end
punctuation) is ignored by later stages; history sentences are damped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from streams.classify.document import Document, Sent
from streams.classify.lang import LanguagePack

__all__ = ["run", "split"]

_CLOSE = "\"'”’»)"


@lru_cache(maxsize=64)
def _boundary(ends: str) -> re.Pattern[str]:
    return re.compile(rf"[{re.escape(ends)}][{re.escape(_CLOSE)}]*\s+(?=\S)|\n\s*\n|\n")


def split(text: str, pack: LanguagePack) -> list[str]:
    """The text's sentences, whitespace-normalised, in order."""
    abbrev = pack.compiled.abbreviations
    out: list[str] = []
    buf = ""
    last = 0
    for m in _boundary(pack.sentence_end).finditer(text):
        nxt = text[m.end() : m.end() + 1]
        piece = text[last : m.end()]
        if "\n" not in m.group(0) and nxt.islower():
            continue  # "... 3 p.m. the" or a lower-case continuation: not an end
        words = piece.rstrip().rstrip(_CLOSE).rstrip(pack.sentence_end).split()
        tail = words[-1].casefold() if words else ""
        last = m.end()
        buf += piece
        if "\n" not in m.group(0) and (tail in abbrev or (len(tail) == 1 and tail.isalpha())):
            continue
        s = " ".join(buf.split())
        if s:
            out.append(s)
        buf = ""
    s = " ".join((buf + text[last:]).split())
    if s:
        out.append(s)
    return out


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    cp = pack.compiled
    out: list[Sent] = []
    if doc.title and doc.title.strip():
        t = " ".join(doc.title.split())
        out.append(Sent(t, pack.fold(t), 0, headline=True))
    ends = (*pack.sentence_end, "'", '"', "”", "»")
    for s in split(doc.text or "", pack):
        if out and len(out) == 1 and out[0].headline and s == out[0].text:
            continue  # feeds often repeat the title as the body's first line
        f = pack.fold(s)
        sent = Sent(s, f, len(out))
        short_heading = len(s) < 40 and not s.endswith(ends) and len(out) > 0
        sent.boiler = bool(cp.boilerplate and cp.boilerplate.search(f)) or short_heading
        history = bool(cp.history and cp.history.search(f))
        if history and cp.present is not None and cp.present.search(f):
            history = False
        sent.history = not sent.boiler and history
        out.append(sent)
    doc.sentences = out
