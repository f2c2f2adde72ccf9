"""The layer rule "qgis_plugin never imports PySide6" (nor the core's heavy libraries).

QGIS's Python has none of PySide6, geopandas, pandas, shapely or pyogrio, so the
plugin may import only the standard library, qgis.*, numpy, GDAL (osgeo) and
the numpy-only ``analysis.kernels``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "qgis_plugin"
# osgeo: GDAL's Python bindings, part of every QGIS install.
ALLOWED_ROOTS = set(sys.stdlib_module_names) | {"qgis", "numpy", "osgeo"}
ALLOWED_PREFIXES = ("analysis.kernels",)
FORBIDDEN = ("PySide6", "geopandas", "pandas", "shapely", "pyogrio", "fiona")
"""Must not be loaded; PyQt5 is (by qgis.PyQt), so the AST test bans importing it directly."""
SOURCES = sorted(PLUGIN.rglob("*.py"))


def absolute_imports(path: Path) -> list[str]:
    """Modules that ``path`` imports by absolute name (relative imports stay in the plugin)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_the_plugin_has_sources() -> None:
    assert len(SOURCES) >= 9
    assert PLUGIN / "processing" / "algorithms" / "load_workspace.py" in SOURCES


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_imports_only_what_qgis_python_has(path: Path) -> None:
    bad = [
        name
        for name in absolute_imports(path)
        if name.partition(".")[0] not in ALLOWED_ROOTS and not name.startswith(ALLOWED_PREFIXES)
    ]
    assert bad == []


def test_importing_the_whole_plugin_loads_no_forbidden_module() -> None:
    """Import every module of the plugin in a fresh interpreter and look at sys.modules."""
    code = (
        "import json, pkgutil, importlib, sys\n"
        "import qgis_plugin\n"
        "for m in pkgutil.walk_packages(qgis_plugin.__path__, 'qgis_plugin.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    modules = json.loads(proc.stdout.splitlines()[-1])

    assert "qgis_plugin.processing.algorithms.load_workspace" in modules
    assert [m for m in modules if m.partition(".")[0] in FORBIDDEN] == []


def test_the_kernels_import_in_qgis_python() -> None:
    """``analysis.kernels`` runs on the numpy QGIS ships (1.24 on Debian's QGIS 3.22)."""
    code = (
        "import sys, pkgutil, importlib, numpy\n"
        "import analysis.kernels as k\n"
        "for m in pkgutil.walk_packages(k.__path__, 'analysis.kernels.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(numpy.__version__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    major, minor = (int(v) for v in out.stdout.strip().split(".")[:2])
    assert (major, minor) >= (1, 24)
