"""The layers' import rules (DESIGN.md): analysis/ never imports Qt; analysis/kernels/ only
numpy; nothing but the CLI imports the CLI, so no face can share glue through another."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import analysis

ROOT = Path(__file__).parents[2]
QT = {"PySide6", "PyQt5", "PyQt6", "shiboken6", "sip", "qgis"}


def imported_modules(path: Path) -> set[str]:
    """Dotted names of every module ``path`` imports, at any depth (lazy imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def violations(
    folder: Path, allowed: set[str] | None = None, banned: set[str] = frozenset()
) -> list[str]:
    """Imports under ``folder`` of a banned package, or of one outside ``allowed``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for name in imported_modules(path):
            top = name.split(".")[0]
            inside = name == "analysis.kernels" or name.startswith("analysis.kernels.")
            if top in banned or (allowed is not None and top not in allowed and not inside):
                found.append(f"{path.relative_to(folder.parent)} imports {name}")
    return found


KERNEL_ALLOWED = set(sys.stdlib_module_names) | {"numpy", "__future__"}


def test_analysis_never_imports_qt_or_qgis() -> None:
    assert violations(ROOT / "analysis", banned=QT) == []


def test_only_the_cli_imports_the_cli() -> None:
    cli = {"analysis.cli"}
    for folder in ("desktop", "qgis_plugin"):
        assert _importers(ROOT / folder, cli) == []
    core = [p for p in _importers(ROOT / "analysis", cli) if not p.startswith("analysis/cli/")]
    assert core == ["analysis/__main__.py"]  # `python -m analysis` runs the CLI


def _importers(folder: Path, prefixes: set[str]) -> list[str]:
    """Files under ``folder`` importing a module of one of the dotted ``prefixes``."""
    return sorted(
        str(path.relative_to(ROOT))
        for path in folder.rglob("*.py")
        if any(n == p or n.startswith(p + ".") for n in imported_modules(path) for p in prefixes)
    )


def test_kernels_import_only_numpy_and_the_standard_library() -> None:
    assert violations(ROOT / "analysis" / "kernels", allowed=KERNEL_ALLOWED) == []


@pytest.mark.parametrize(
    ("folder", "line", "kwargs"),
    [
        ("analysis", "import PySide6", {"banned": QT}),
        ("analysis", "    from PySide6.QtCore import QObject", {"banned": QT}),
        ("analysis/kernels", "import geopandas as gpd", {"allowed": KERNEL_ALLOWED}),
        ("analysis/kernels", "from scipy import signal", {"allowed": KERNEL_ALLOWED}),
        ("analysis/kernels", "from analysis.io import datasets", {"allowed": KERNEL_ALLOWED}),
    ],
)
def test_the_checks_catch_a_forbidden_import(
    tmp_path: Path, folder: str, line: str, kwargs: dict
) -> None:
    target = tmp_path / folder
    target.mkdir(parents=True)
    (target / "ok.py").write_text(
        "import json\nimport numpy as np\nfrom analysis.kernels import grid\n"
    )
    (target / "bad.py").write_text(f"def f():\n    if True:\n        {line.strip()}\n")
    assert len(violations(target, **kwargs)) == 1


def _modules_loaded_by(modules: list[str]) -> set[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return {name.split(".")[0] for name in out.stdout.split()}


def test_importing_all_of_analysis_loads_no_qt() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages(analysis.__path__, "analysis.")
        if not m.name.endswith("__main__")
    ]
    assert "analysis.workspace.workspace" in modules
    assert _modules_loaded_by(modules) & QT == set()


def test_importing_the_kernels_loads_only_numpy() -> None:
    import analysis.kernels

    modules = ["analysis.kernels"] + [
        m.name for m in pkgutil.walk_packages(analysis.kernels.__path__, "analysis.kernels.")
    ]
    at_startup = _modules_loaded_by([])  # site hooks, editable-install finders
    third_party = (
        _modules_loaded_by(modules) - at_startup - set(sys.stdlib_module_names) - {"analysis"}
    )
    assert third_party <= {"numpy"}, third_party
