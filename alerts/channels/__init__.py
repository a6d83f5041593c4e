"""The delivery channels: one module per channel type, and the channels file that names them.

Takes an :class:`alerts.schema.Alert`; gives out one delivery attempt's outcome. A channel only
sends: retries, the ledger and dead letters are :mod:`alerts.dispatch`'s.

May import: the rest of :mod:`alerts` (schema, errors, metrics, ledger) and
:mod:`flashpoint.core`; like :mod:`alerts` itself, never :mod:`producers`, :mod:`streams` or
the commands.
"""
