"""User-facing errors that say where.

Why one class: the CLI turns every ``DutyGraphError`` into one line on stderr and a non-zero exit,
never a traceback, and every producer fills in the location it knows (file, line, row, column).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Location:
    """Where in an input a problem sits; any part may be unknown."""

    file: str | None = None
    line: int | None = None
    row: int | None = None
    column: int | str | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        for label, value in (("line", self.line), ("row", self.row), ("column", self.column)):
            if value is not None:
                parts.append(f"{label} {value}")
        return ", ".join(parts)


class DutyGraphError(Exception):
    """A problem with the user's input or request, reported as one clear line."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class WorkFailed(DutyGraphError):
    """Work ended without an answer (deadline, memory, too large); ``status`` is the HTTP
    status that fits. Here, not in guard/isolation, so an engine can raise it without
    importing the fork sandbox."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
