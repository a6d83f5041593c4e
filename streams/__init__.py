"""The stream worker: raw items in, classified items and alerts out (Faust).

Takes ``<prefix>.items.raw``; classifies each item (:mod:`streams.classify`, a pure library),
publishes ``<prefix>.items.classified``, folds reports into incidents and runs the rules
(:mod:`streams.engine`), publishing alerts on ``<prefix>.alerts``.

May import: :mod:`producers` (the item schema), :mod:`alerts` (the rule and alert schemas) and
:mod:`flashpoint.core`; never the commands or the settings above it (pyproject.toml's contracts).
"""
