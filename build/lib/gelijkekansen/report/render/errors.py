"""The one error the render chain raises, shared by its modules."""

from __future__ import annotations

from gelijkekansen.errors import GelijkeKansenError


class RenderError(GelijkeKansenError):
    """A report could not be rendered; no output file was written or replaced."""
