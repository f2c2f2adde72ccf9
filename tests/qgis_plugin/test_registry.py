"""The plugin reads the core's analyses from its copy of the registry, without the core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qgis_plugin.registry import analyses

REPO = Path(__file__).resolve().parents[2]


def test_the_plugin_lists_the_seven_analyses_with_their_slots_and_flags() -> None:
    found = analyses()

    shipped = ["heatmap", "usage", "gaps", "racks", "reports", "districts", "audit"]
    assert [key for key in found if key in shipped] == shipped  # later ones may come among them
    flags = {key: {p["flag"] for p in a["parameters"]} - {None} for key, a in found.items()}
    assert {"--mode", "--pixel", "--type", "--from", "--month"} <= flags["heatmap"]
    assert {"--tolerance", "--h3", "--min-users", "--type"} <= flags["usage"]
    assert {"--along", "--min-users-per-day", "--weights"} <= flags["gaps"]
    assert {"--new", "--target-pct", "--walk", "--spacing", "--method"} <= flags["racks"]
    assert {"--alpha", "--permutations", "--fdr", "--as-of"} <= flags["reports"]
    assert {"--car-share", "--car-co2", "--min-users"} <= flags["districts"]
    assert {"--twin", "--tolerance", "--line-buffer"} <= flags["audit"]
    streets = next(s for s in found["racks"]["slots"] if s["key"] == "streets")
    assert streets["flag"] == "--streets" and streets["required"]
    walk = next(p for p in found["racks"]["parameters"] if p["flag"] == "--walk")
    assert (walk["type"], walk["unit"], walk["default"]) == ("float", "m", 150.0)
    assert found["racks"]["title"] == "Bike stand siting"


def test_reading_the_registry_imports_no_core() -> None:
    code = (
        "import sys\n"
        "from qgis_plugin.registry import analyses\n"
        "print(len(analyses()), sorted(m for m in sys.modules if m.split('.')[0] == 'analysis'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    count, modules = run.stdout.split()
    assert int(count) >= 7 and modules == "[]"
