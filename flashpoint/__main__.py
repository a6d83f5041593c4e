"""``python -m flashpoint``: the same as the ``flashpoint`` console script."""

from flashpoint.cli import main

main()
