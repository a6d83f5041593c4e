"""The delivery channels: one module per channel type, and the channels file that names them.

Takes an :class:`alerts.schema.Alert`; gives out one delivery attempt's outcome. A channel only
sends: retries, the ledger and dead letters are :mod:`alerts.dispatch`'s.
"""
