"""``python -m gelijkekansen`` runs the command-line interface."""

from gelijkekansen.cli import app

app()
