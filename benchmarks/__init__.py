"""Benchmarks that print figures (not tests): ``python -m benchmarks.run [--quick|--full]``."""
