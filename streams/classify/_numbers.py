"""Moved to :mod:`streams.classify.lang.en.numbers` (the English pack); this name is the same
module, kept importable for existing callers."""

import sys

from streams.classify.lang.en import numbers as _module

sys.modules[__name__] = _module
