"""Bounds on the classifier's work and output, whatever the input.

A 10 MB item once printed 20.8 MB of evidence (212,766 sentences for one label) after 9 s and
300 MB. Two caps prevent that, in every language:

- ``MAX_CHARS``: only the first 200,000 characters of the text are classified (a long news
  article is 5,000 to 20,000); the cut is recorded as ``truncated`` on the result and counted
  in ``flashpoint_classify_truncated_total``.
- ``EVIDENCE_MAX``: at most 20 evidence sentences per label, the first ones in reading order
  (a 3 KB article has at most about ten).
"""

from __future__ import annotations

__all__ = ["EVIDENCE_MAX", "MAX_CHARS"]

MAX_CHARS = 200_000
EVIDENCE_MAX = 20
