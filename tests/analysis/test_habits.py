"""The formatter is enforced: by the pre-commit hooks and by the lint that ``make test`` runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNFORMATTED = '"""A module."""\n\nPAIR = {\'a\':1,\'b\' :2}\n'


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_hooks_reformat_an_unformatted_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)  # the hooks' .venv/bin/ruff
    (repo / "module.py").write_text(UNFORMATTED, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    hooks = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    first = subprocess.run(hooks, cwd=repo, capture_output=True, text=True, env=env)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "ruff format" in first.stdout and "files were modified by this hook" in first.stdout
    assert (repo / "module.py").read_text(encoding="utf-8") == (
        '"""A module."""\n\nPAIR = {"a": 1, "b": 2}\n'
    )
    _git(repo, "add", ".")
    second = subprocess.run(hooks, cwd=repo, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stdout + second.stderr


def test_make_test_checks_the_format() -> None:
    """``make test`` runs ``make lint``, which checks the format of every linted folder."""
    plan = subprocess.run(
        ["make", "--dry-run", "--always-make", "test-core"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".venv/bin/ruff format --check analysis desktop qgis_plugin tests benchmarks" in plan
    assert plan.index("ruff format --check") < plan.index("pytest")


def test_an_unformatted_file_fails_the_format_check(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text(UNFORMATTED, encoding="utf-8")
    ruff = Path(sys.executable).with_name("ruff")
    check = subprocess.run(
        [str(ruff), "format", "--check", "--config", str(ROOT / "pyproject.toml"), str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 1
    assert "module.py" in check.stdout and "1 file would be reformatted" in check.stdout
