"""Moved to :mod:`streams.classify.lang.en.text` (the English pack); this name is the same
module, kept importable for existing callers."""

import sys

from streams.classify.lang.en import text as _module

sys.modules[__name__] = _module
