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
        return self.describe("zh")

    def describe(self, lang: str = "zh") -> str:
        """The place in words: Chinese by default (第 3 行，“日期”列), English on request."""
        parts = [self.file or ("<输入>" if lang == "zh" else "<input>")]
        if lang == "en":
            for label, value in (("line", self.line), ("row", self.row), ("column", self.column)):
                if value is not None:
                    parts.append(f"{label} {value}")
            return ", ".join(parts)
        number = self.line if self.line is not None else self.row
        if number is not None:  # a text line or a sheet row: both are 行 to the reader
            parts.append(f"第 {number} 行")
        if isinstance(self.column, int):
            parts.append(f"第 {self.column} 列")
        elif self.column is not None:
            parts.append(f"“{self.column}”列")
        return "，".join(parts)


class DutyGraphError(Exception):
    """A problem with the user's input or request, reported as one clear line."""

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        en: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.en = en  # the English wording, when the producer gives one (--lang en)
        self.code = code  # a machine-readable code (importer errors: not-a-duty-list …)

    def __str__(self) -> str:
        """Both languages when both are known, "中文 (English)": the line the web pages split
        by the reader's language (server/pages.py error_page) and the JSON errors carry."""
        if self.en and self.en != self.message and f"({self.en})" not in self.message:
            text = f"{self.message} ({self.en})"
            return f"{self.location}: {text}" if self.location else text
        return self.describe("zh")

    def describe(self, lang: str = "zh") -> str:
        """The error in the reader's language with its place; the Chinese message when no
        English wording was given (older producers write one mixed "中文 (English)" line)."""
        text = self.en if lang == "en" and self.en else self.message
        if self.location is None:
            return text
        return f"{self.location.describe(lang)}: {text}"


class WorkFailed(DutyGraphError):
    """Work ended without an answer (deadline, memory, too large); ``status`` is the HTTP
    status that fits. Here, not in guard/isolation, so an engine can raise it without
    importing the fork sandbox."""

    def __init__(self, message: str, status: int, *, en: str | None = None) -> None:
        super().__init__(message, en=en)
        self.status = status
