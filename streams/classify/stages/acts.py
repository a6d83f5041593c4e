"""Acts (generic, before labels): diplomacy and denial as what parties do, not single words.

Cue words miss unseen phrasing ("Ереван и Баку парафировали текст", "Alger a décidé d'expulser
douze agents de l'ambassade") and fire on words alone ("Le club dément les rumeurs"). The same
act model as the English pack (``lang/en/acts.py``), with every word in the pack's data
(``[labels.acts]``, classes in ``ACT_CLASSES``):

- **diplomatic**: a *directed* act (summon, expel, close, recall, recognise) on a diplomatic
  *object* (ambassador, consulate, diplomats, a note, a state) with a party named; or a *joint*
  act (talk, agree, sign, exchange, meet) by two parties, or by one with its *counterpart*.
  A party is a country or national capital found by the pack's place index ("Баку",
  "Varsovie"), a nationality word ("польского"), or one of the pack's ``parties`` words
  ("делегация", "الخارجية").
- **denial**: a *speaker* for a state or side, a *verdict* on truth ("фейк", "sans
  fondement", "عارية عن الصحة") and a *claim* it is passed on ("сообщения", "les
  allégations", "مزاعم") in one sentence.
- **Who denies**: a denial cue counts only when the sentence names a speaker or opens with a
  party ("Минск отрицает"), or the item speaks of the war (another label's cue): a company's,
  a club's or an operator's denial is not war news.

The weights are the cue weights' scale (act 0.8, denial 0.85); the pack's caps still bound them.
"""

from __future__ import annotations

import re

from streams.classify.document import Document
from streams.classify.places_index import PlaceIndex, place_index

__all__ = ["DENIAL_WEIGHT", "DIPLOMATIC_WEIGHT", "run"]

DIPLOMATIC_WEIGHT = 0.8
DENIAL_WEIGHT = 0.85
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _parties(text: str, fold: str, idx: PlaceIndex, words: re.Pattern[str] | None) -> set[str]:
    """The parties a sentence names: ISO codes of countries, national capitals and
    nationality words, and ``"*"`` for an institution word of the pack."""
    found: set[str] = set()
    for m in _WORD.finditer(text):
        w = m.group()
        low = fold[m.start() : m.end()] if len(fold) == len(text) else w.casefold()
        iso = idx.demonym(low)
        if iso:
            found.add(iso)
            continue
        if w[0].islower() or len(w) < 3:
            continue
        e = idx.lookup(low, True)
        if e is not None and (e.kind == "country" or e in idx.capitals):
            found.add(e.country)
    if words is not None and words.search(fold):
        found.add("*")
    return found


def _opens_with_party(text: str, fold: str, idx: PlaceIndex) -> bool:
    """A country or national capital among the sentence's first three words ("Минск
    отрицает", "Le Tchad a démenti"): the state is the one speaking."""
    for i, m in enumerate(_WORD.finditer(text)):
        if i >= 3:
            break
        w = m.group()
        if w[0].islower():
            continue
        low = fold[m.start() : m.end()] if len(fold) == len(text) else w.casefold()
        e = idx.lookup(low, True)
        if e is not None and (e.kind == "country" or e in idx.capitals):
            return True
    return False


def run(doc: Document) -> None:
    pack = doc.pack
    assert pack is not None
    acts = pack.compiled.acts
    if not any(acts.values()):
        return
    idx = place_index(pack)
    war = any(c.get("strike") or c.get("casualty") or c.get("diplomatic") for c in doc.cues)
    blockers = pack.compiled.blockers["denial"]
    for s, cues in zip(doc.sentences, doc.cues, strict=True):
        if s.boiler:
            continue
        f = s.fold
        directed = acts["directed"].search(f) if acts["directed"] else None
        joint = acts["joint"].search(f) if acts["joint"] else None
        judged = blockers.sub(" ", f) if blockers is not None else f
        verdict = acts["verdicts"].search(judged) if acts["verdicts"] else None
        speaker = acts["speakers"].search(f) if acts["speakers"] else None
        parties: set[str] | None = None
        if directed or joint:
            parties = _parties(s.text, f, idx, acts["parties"])
            hit: re.Match[str] | None = None
            if directed and parties and acts["objects"] and acts["objects"].search(f):
                hit = directed
            elif joint and (
                len(parties) >= 2
                or (parties and acts["counterpart"] and acts["counterpart"].search(f))
            ):
                hit = joint
            if hit is not None:
                cues.setdefault("diplomatic", []).append(
                    (hit.start(), hit.end(), DIPLOMATIC_WEIGHT)
                )
        if verdict and speaker and acts["claims"] and acts["claims"].search(f):
            cues.setdefault("denial", []).append((verdict.start(), verdict.end(), DENIAL_WEIGHT))
        if cues.get("denial") and not (war or speaker or _opens_with_party(s.text, f, idx)):
            del cues["denial"]
