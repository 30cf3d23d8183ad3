"""One exception family for everything a user can get wrong.

Every error says what went wrong in the user's terms and how to fix it; where it concerns an input
file it names the file, row and column. The CLI maps each family to an exit code and prints the
message, never a traceback. Values from the input are never echoed: they may be personal data.
"""

from __future__ import annotations

import errno
import tempfile
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


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
    """Where in an input a problem sits; rows are numbered as a spreadsheet shows them (the
    header is row 1, the first data row row 2)."""

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


class EnvironmentFault(GelijkeKansenError):
    """The machine refused a step: a folder that cannot be written, a full disk, a file that is
    not a warehouse. Nothing in the warehouse changed."""

    exit_code = 8


INTERNAL_ERROR = 9
"""Exit code of an unexpected failure (a defect): one line on screen, the traceback in a log."""

_WHAT_TO_DO = {
    errno.EACCES: ("permission denied", "Choose a folder you may write (--out) or fix its rights."),
    errno.EPERM: ("permission denied", "Choose a folder you may write (--out) or fix its rights."),
    errno.EROFS: ("the file system is read-only", "Choose a writable output folder with --out."),
    errno.ENOSPC: ("the disk is full", "Free space or choose an output folder on another disk."),
    errno.EDQUOT: ("the disk quota is used up", "Free space or choose another output folder."),
    errno.ENOENT: ("no such file or folder", "Check the path."),
    errno.EISDIR: ("this is a folder, not a file", "Name a file."),
    errno.ENOTDIR: ("a part of this path is a file, not a folder", "Check the path."),
}


def environment_fault(error: OSError, path: object = None) -> EnvironmentFault:
    """An operating-system error in the user's terms: the path, what happened, what to do."""
    where = path if path is not None else (error.filename or "a file")
    problem, hint = _WHAT_TO_DO.get(
        error.errno or -1, (error.strerror or str(error), "Check the path and try again.")
    )
    return EnvironmentFault(f"{where}: {problem}.", hint=hint)


def database_fault(path: object, error: Exception) -> EnvironmentFault:
    """A DuckDB I/O error (a file that is not a warehouse, a full disk) naming the warehouse."""
    text = str(error)
    lowered = text.lower()
    if "not a valid duckdb database" in lowered or "unable to open database" in lowered:
        return EnvironmentFault(
            f"{path}: this file is not a gelijkekansen warehouse (DuckDB).",
            hint="Point --warehouse at the warehouse.duckdb gelijkekansen wrote, or at a new "
            "file name.",
        )
    for code, marker in ((errno.ENOSPC, "no space left"), (errno.EACCES, "permission denied"),
                         (errno.EROFS, "read-only file system")):
        if marker in lowered:
            return environment_fault(OSError(code, marker), path)
    first = text.splitlines()[0] if text else type(error).__name__
    return EnvironmentFault(f"{path}: DuckDB could not use the warehouse ({first}).",
                            hint="Check the file and the free disk space, then try again.")


ERROR_LOG = "gelijkekansen-error.log"


def write_error_log(error: BaseException, folder: Path | None) -> Path:
    """Append ``error``'s traceback to ``folder/gelijkekansen-error.log`` (the system's temporary
    folder when there is none or it cannot be written); returns the log's path."""
    text = "".join(traceback.format_exception(error))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for candidate in ([folder] if folder is not None else []) + [Path(tempfile.gettempdir())]:
        log = candidate / ERROR_LOG
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {stamp}\n{text}\n")
        except OSError:
            continue
        return log
    return Path(ERROR_LOG)
