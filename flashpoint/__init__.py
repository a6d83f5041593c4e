"""Flashpoint: real-time alerting for armed-conflict news.

The distribution has four packages that follow the data flow:
``producers`` (feeds -> Kafka), ``streams`` (Faust: classify, incidents, rules),
``alerts`` (alert schema, rule definitions, delivery) and this thin shell
(``flashpoint``: the CLI, the settings object, the root exception, the local Kafka).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
