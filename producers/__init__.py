"""The producers: RSS/Atom feeds in, raw items on Kafka out.

Takes feeds.yaml and the feeds it names; gives out :class:`producers.items.Item` records on
``<prefix>.items.raw`` (the item schema every later stage reads) and keeps its state in SQLite.

May import: :mod:`flashpoint.core` only, and no Faust. ``streams`` and ``alerts`` are not
imported here (they stand beside or above it); the contracts in pyproject.toml hold it to that.
"""
