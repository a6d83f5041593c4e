"""The commands: one module per group of ``flashpoint`` subcommands, the top floor.

Takes the parsed command line (each module's ``register(subparsers)`` adds its subcommands to
the parser of :mod:`flashpoint.cli`) and gives out processes: a producer, a worker, a delivery
process, the whole pipeline (``run``, ``demo``), or a one-shot job (``classify``, ``eval``,
``backtest``, ``fetch``, ``kafka``, ``replay-deadletter``).

May import: everything below it, that is the stages (``producers``, ``streams``, ``alerts``),
the settings that gather them (:mod:`flashpoint.settings`), process supervision
(:mod:`flashpoint.procs`, :mod:`flashpoint.localkafka`, :mod:`flashpoint.demofeeds`) and
:mod:`flashpoint.core`. Nothing below imports it.
"""
