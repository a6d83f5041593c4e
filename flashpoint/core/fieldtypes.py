"""Constrained types that more than one settings section uses, beside pydantic's own
(``PositiveFloat``, ``NonNegativeFloat``, ``PositiveInt``, ``NonNegativeInt``).

A bound lives in the type, so a field's declaration says only its default and what it is for,
and the bound reads the same wherever it recurs (docs/configuration.md shows it).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = ["Port"]

Port = Annotated[int, Field(ge=0, le=65535)]
"""A TCP port to listen on; 0 lets the system pick one or turns the server off (the field's
description says which)."""
