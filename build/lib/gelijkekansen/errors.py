"""One exception family for everything a user can get wrong.

Every error says what went wrong in the user's terms and how to fix it; where it concerns an input
file it names the file, row and column. The CLI maps each family to an exit code and prints the
message, never a traceback. Values from the input are never echoed: they may be personal data.
"""

from __future__ import annotations

from dataclasses import dataclass


class GelijkeKansenError(Exception):
    """Base class: something the user can fix; the message says how."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """The message followed by the hint, as shown on the command line."""
        return f"{self.message} {self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Location:
    """Where in an input a problem sits; row numbers are 1-based data rows (header excluded)."""

    file: str
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


class InputError(GelijkeKansenError):
    """An input file cannot be read as the data contract describes."""

    exit_code = 2

    def __init__(self, location: Location, problem: str, *, hint: str | None = None) -> None:
        self.location = location
        super().__init__(f"{location.describe()}: {problem}.", hint=hint)


class PrivacyError(GelijkeKansenError):
    """An input contains direct identifiers; nothing was written."""

    exit_code = 3


class ValidationFailed(GelijkeKansenError):
    """Blocking data-quality checks failed; the warehouse was left as it was."""

    exit_code = 4


class WarehouseBusy(GelijkeKansenError):
    """Another process is writing the warehouse."""

    exit_code = 5


class ConfigError(GelijkeKansenError):
    """gelijkekansen.toml is missing a setting or holds an impossible one."""

    exit_code = 6

