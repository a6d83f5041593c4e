"""What the unit, integration and fault suites share, written once.

- :mod:`tests.support.kafka`: a local broker on free ports, per-test Kafka settings (a unique
  topic prefix, the pipeline topics created up front), topics read to their end offsets and a
  group's committed offsets;
- :mod:`tests.support.pipeline`: the environment of the real processes (producer, worker,
  delivery) and reads of their output topics;
- :mod:`tests.support.waiting`: bounded waits, sync and async;
- :mod:`tests.support.http`: an aiohttp application served on loopback for a test;
- :mod:`tests.support.producer`: RSS bodies, an in-memory publisher, loopback settings, a
  producer run for an ``async with`` block;
- :mod:`tests.support.delivery`: ``run_delivery`` for an ``async with`` block, alerts put on
  the alerts topic, webhook channels;
- :mod:`tests.support.cli`: the command line in a child Python with a clean environment;
- :mod:`tests.support.faustapp`: a Faust app for agent and table tests without Kafka;
- :mod:`tests.support.reports`: classified reports (a toll at a place, the engine tests'
  reports), rules as the rules file writes them, the ``toll`` rule.
- :mod:`tests.support.classify`: the classifier tests' case tables (TOML files in
  ``tests/unit/classify_cases/``), ``assert_labels``, ``assert_counts`` and a pack's number tools.
"""
