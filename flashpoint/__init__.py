"""Flashpoint: real-time alerting for armed-conflict news.

Three floors, and imports only run down them (the contracts in pyproject.toml, checked by
``make lint`` and tests/unit/test_layers.py):

- on top, the application: :mod:`flashpoint.cli` (the console script),
  :mod:`flashpoint.commands` (one module per group of subcommands), :mod:`flashpoint.settings`
  (one settings object gathering every stage's), process supervision (:mod:`flashpoint.procs`),
  the local broker (:mod:`flashpoint.localkafka`) and the demo feed server
  (:mod:`flashpoint.demofeeds`);
- in the middle, the stages that follow the data: ``producers`` (feeds -> Kafka), ``alerts``
  (rule and alert schemas, delivery) and ``streams`` (Faust: classify, incidents, rules), which
  imports the other two's schemas;
- at the bottom, :mod:`flashpoint.core`: the root exception, Kafka settings, the network guard
  and the other pieces every stage shares, importing no stage.

As a whole it takes the command line and the ``FLASHPOINT_*`` environment and gives out the
processes of the pipeline. This module itself imports nothing; each subpackage and module says
in its own docstring what it may import.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
