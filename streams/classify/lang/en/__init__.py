"""English: the first pack. Its data are the patterns and word lists of ``lexicon``,
``casualties``, ``numbers``, ``text`` and ``places``; it brings its own implementation of every
stage (``stages``): the rule engine tuned on the English evaluation sets, whose output the
generic stages would change."""

from __future__ import annotations

from streams.classify.lang import LanguagePack
from streams.classify.lang.en.stages import STAGES

__all__ = ["PACK"]

PACK = LanguagePack(code="en", name="English", stages=STAGES)
