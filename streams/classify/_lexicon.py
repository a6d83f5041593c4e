"""Moved to :mod:`streams.classify.lang.en.lexicon` (the English pack); this name is the same
module, kept importable for existing callers."""

import sys

from streams.classify.lang.en import lexicon as _module

sys.modules[__name__] = _module
