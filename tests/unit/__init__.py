"""Unit tests: one module or a few together, no broker and no child process of the pipeline
(``make test-unit``, and again under libfaketime by ``make test-clock``).

May import the project and :mod:`tests.support`; not the integration or fault suites, whose
fixtures start services (the fault tally's own test excepted: it reads :mod:`tests.faults.flow`
and :mod:`tests.faults.report`, which start nothing).
"""
