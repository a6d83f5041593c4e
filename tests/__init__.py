"""The test suites: ``unit`` (no services), ``integration`` (a real Kafka broker, HTTP and SMTP
servers on loopback, a real Prometheus) and ``faults`` (faults done to the real processes), with
``support`` (what they share) and ``golden`` (labelled sets, data only).

Takes the project's code and the shared data set (``FLASHPOINT_SHARED``, see conftest.py);
gives out pass or fail, and the fault suite's report, docs/reliability.md. May import anything
in the project; nothing in the project imports it.
"""
