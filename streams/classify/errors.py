"""Errors raised by the classifier package."""

from __future__ import annotations

from flashpoint.core.errors import InputError

__all__ = ["ClassifyError", "EvalDataError"]


class ClassifyError(InputError):
    """Base of the classifier's errors: its input cannot be read or used."""


class EvalDataError(ClassifyError):
    """The evaluation data set is missing or malformed. ``path`` names the file."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
