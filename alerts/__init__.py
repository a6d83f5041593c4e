"""Alerts: the alert schema, the rule definitions, and their delivery.

Takes rules.yaml and channels.yaml, and the alerts the worker publishes on ``<prefix>.alerts``;
gives out deliveries to webhooks, e-mail, Kafka and Alertmanager, and dead letters on
``<prefix>.alerts.deadletter``. The worker imports its schemas (:mod:`alerts.rules`,
:mod:`alerts.schema`).

May import: :mod:`flashpoint.core` only; not :mod:`producers`, not :mod:`streams`, not the
commands above it (pyproject.toml's contracts).
"""
