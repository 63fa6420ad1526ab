"""The one error an import source raises."""

from __future__ import annotations


class SourceError(Exception):
    """The file is not what the command was told it is, or cannot be read; the message says why.

    ``line`` is the file's line the problem is on, when there is one (SPEC: ``path:line: message``).
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line
