"""The core's analyses as the plugin knows them: ``analyses.json`` beside this module.

QGIS's Python cannot import the core when it loads the plugin (no geopandas), so
the registry comes as a file written at build time: ``make registry`` stores
``urbanista analyze list --json`` here, and a test of the core fails while the
file differs from the registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REGISTRY_FILE = Path(__file__).with_name("analyses.json")


def analyses(path: Path = REGISTRY_FILE) -> dict[str, dict[str, Any]]:
    """Every analysis by key, in menu order: title, description, slots and parameters."""
    with path.open(encoding="utf-8") as file:
        return {analysis["key"]: analysis for analysis in json.load(file)}
