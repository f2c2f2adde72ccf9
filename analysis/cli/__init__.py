"""The ``urbanista`` command line (click). Commands import their work lazily."""

from analysis.cli.main import cli, main

__all__ = ["cli", "main"]
