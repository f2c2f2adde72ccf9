"""Options several commands share, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

WORKSPACE_DECLS = ("--workspace", "-w", "workspace")
WORKSPACE_ATTRS: dict[str, Any] = {
    "required": True,
    "type": click.Path(exists=True, dir_okay=False, path_type=Path),
    "help": "The workspace .gpkg.",
}
"""``-w/--workspace WS``: the workspace a command reads or writes (it must exist)."""

workspace_option = click.option(*WORKSPACE_DECLS, **WORKSPACE_ATTRS)
"""The decorator that adds ``-w/--workspace`` to a command."""
