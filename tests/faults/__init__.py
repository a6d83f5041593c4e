"""The fault-injection suite (markers ``integration`` and ``faults``): faults done to the real
processes and their inputs on the suite's own restartable broker, each scenario recorded in
docs/reliability.md (report.py).

May import the project and :mod:`tests.support`; ``workers`` and ``flow`` hold what the
worker scenarios share.
"""
