"""Stage 3, cues (generic): every label's cue matches in every sentence.

Per sentence and label, the pack's ``blockers`` for that label are blanked first (so "missile
test" cannot fire "missile"), then each cue pattern's matches are recorded as (start, end,
weight) in the folded sentence. The labels stage turns them into weights.
"""

from __future__ import annotations

from streams.classify.document import Document
from streams.models import LABELS

__all__ = ["run"]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    cp = pack.compiled
    out: list[dict[str, list[tuple[int, int, float]]]] = []
    for s in doc.sentences:
        found: dict[str, list[tuple[int, int, float]]] = {}
        if not s.boiler:
            for label in LABELS:
                cues = cp.cues[label]
                if not cues:
                    continue
                text = s.fold
                block = cp.blockers[label]
                if block is not None:
                    text = _blank(text, [m.span() for m in block.finditer(text)])
                hits = [(m.start(), m.end(), w) for rx, w in cues for m in rx.finditer(text)]
                if hits:
                    found[label] = hits
        out.append(found)
    doc.cues = out
