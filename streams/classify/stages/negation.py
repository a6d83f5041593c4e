"""Stage 4, negation and attribution (generic).

Negation: the pack's ``negation`` spans ("aucune victime", "no one was hurt") cancel the
casualty cues inside them, and are blanked in the text the counts stage reads (``unnegated``).
Attribution: the first ``attribution`` match (its ``src`` group) in a sentence that is not
boilerplate or history; the labels stage prefers one found in an evidence sentence.
"""

from __future__ import annotations

from streams.classify.document import Document

__all__ = ["run"]

_PRONOUNS_MAX = 2  # a source of one or two letters is a pronoun or a stray initial


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    cp = pack.compiled
    unnegated: list[str] = []
    sources: list[str | None] = []
    for s, cues in zip(doc.sentences, doc.cues, strict=True):
        text = s.fold
        if cp.negation is not None and not s.boiler:
            spans = [m.span() for m in cp.negation.finditer(text)]
            if spans:
                for a, b in spans:
                    text = text[:a] + " " * (b - a) + text[b:]
                cas = cues.get("casualty")
                if cas:
                    kept = [c for c in cas if not any(a <= c[0] < b for a, b in spans)]
                    cues["casualty"] = kept
        unnegated.append(text)
        src: str | None = None
        if not (s.boiler or s.history) and cp.attribution:
            same = len(s.fold) == len(s.text)
            for rx in cp.attribution:
                m = rx.search(s.fold)
                if m is not None:
                    a, b = m.span("src")
                    cand = (s.text[a:b] if same else m.group("src")).strip(" ,.;:\"'«»“”")
                    if len(cand) > _PRONOUNS_MAX:
                        src = cand
                        break
        sources.append(src)
    doc.unnegated = unnegated
    doc.extra["sources"] = sources
