"""Benchmarks that print figures (not tests): ``python -m benchmarks.run [--quick|--full]``.

Takes the shared data (``FLASHPOINT_SHARED``) and a local broker (started on free ports,
loopback only); gives out figures on stdout, the last line a JSON summary (docs/benchmarks.md).
Timing goals live here, never in timed test assertions.

May import: everything in the project (it drives the stages and the commands as a user would,
mostly as child processes); nothing in the project imports it.
"""
