"""What the unit, integration and fault suites share, written once.

- :mod:`tests.support.kafka`: a local broker on free ports, and per-test Kafka settings (a
  unique topic prefix, the pipeline topics created up front);
- :mod:`tests.support.faustapp`: a Faust app for agent and table tests without Kafka;
- :mod:`tests.support.reports`: classified reports of a casualty toll at a place, the one
  ``toll`` rule the rules tests start from.
"""
