"""Integration tests (marker ``integration``): the pipeline against real services, one Kafka
broker per session (conftest.py) and HTTP, SMTP and Prometheus on loopback.

May import the project and :mod:`tests.support`; not the fault suite.
"""
