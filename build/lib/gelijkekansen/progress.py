"""How long-running library calls report which step they are in (the CLI shows a spinner)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


def silent(_: str) -> None:
    """The default for library use: report nothing."""
