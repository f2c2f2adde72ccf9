"""The one writer of every output file: atomic, mode-keeping, and never over a workspace."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.errors import OutputError, UrbanistaError
from analysis.io.output_file import check_output, output_file, write_output
from analysis.workspace import Workspace


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A previous output holding ``old``."""
    path = tmp_path / "raport.xlsx"
    path.write_bytes(b"old")
    return path


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_new_file_replaces_the_old_only_when_complete(old: Path) -> None:
    with output_file(old) as partial:
        assert partial.parent == old.parent and partial.name.startswith(".raport.")
        assert partial.name.endswith(".partial.xlsx")
        partial.write_bytes(b"new, half")
        assert old.read_bytes() == b"old"  # readers still see the old file
        partial.write_bytes(b"new, complete")
    assert old.read_bytes() == b"new, complete"
    assert files_in(old.parent) == {"raport.xlsx"}


@pytest.mark.parametrize("error", [RuntimeError("bug"), KeyboardInterrupt()])
def test_an_error_inside_the_block_leaves_the_old_file_and_no_temporary(
    old: Path, error: BaseException
) -> None:
    before = sha256(old)
    with pytest.raises(type(error)), output_file(old) as partial:
        partial.write_bytes(b"new, half")
        raise error
    assert sha256(old) == before
    assert files_in(old.parent) == {"raport.xlsx"}


def test_a_full_disk_is_one_line_naming_the_file(old: Path) -> None:
    with pytest.raises(OutputError) as caught, output_file(old) as partial:
        partial.write_bytes(b"new, half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    message = str(caught.value)
    assert message == (
        f"cannot write {old}: No space left on device; free some space or write it to another disk"
    )
    assert isinstance(caught.value, UrbanistaError) and isinstance(caught.value, OSError)
    assert old.read_bytes() == b"old" and files_in(old.parent) == {"raport.xlsx"}


def test_the_mode_of_a_replaced_file_is_kept(old: Path, umask_027: None) -> None:
    old.chmod(0o640)
    write_output(old, b"new")
    assert old.stat().st_mode & 0o7777 == 0o640
    old.chmod(0o664)
    write_output(old, b"newer")
    assert old.stat().st_mode & 0o7777 == 0o664 and old.read_bytes() == b"newer"


def test_a_new_file_gets_the_umask_mode_not_mkstemps_0600(tmp_path: Path, umask_027: None) -> None:
    write_output(tmp_path / "mapa.html", b"<html>")
    assert (tmp_path / "mapa.html").stat().st_mode & 0o7777 == 0o640


def test_a_symlink_to_an_output_replaces_the_file_it_points_at(old: Path) -> None:
    link = old.with_name("najnowszy.xlsx")
    link.symlink_to(old.name)
    write_output(link, b"new")
    assert link.is_symlink() and old.read_bytes() == b"new"


def test_a_folder_a_device_and_a_pipe_are_refused(tmp_path: Path) -> None:
    (tmp_path / "wyniki").mkdir()
    with pytest.raises(OutputError, match=r"wyniki is a folder: give the name of a file"):
        write_output(tmp_path / "wyniki", b"x")
    with pytest.raises(OutputError, match=r"folder .*brak does not exist"):
        write_output(tmp_path / "brak" / "m.html", b"x")
    with pytest.raises(OutputError, match=r"/dev/null is a device or a pipe, not a file"):
        write_output("/dev/null", b"x")
    os.mkfifo(tmp_path / "kolejka.csv")
    with pytest.raises(OutputError, match=r"kolejka\.csv is a device or a pipe"):
        write_output(tmp_path / "kolejka.csv", b"x")


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    path = tmp_path / "w.gpkg"
    Workspace.create(path)
    (tmp_path / "w.rasters" / "stare").mkdir(parents=True)
    return path


def refused(target: Path, message: str) -> None:
    """``target`` is refused with ``message`` before the block runs, and nothing written."""
    folder = target.parent if target.parent.is_dir() else target.parent.parent
    before = files_in(folder)
    with pytest.raises(OutputError, match=message), output_file(target):
        pytest.fail("the block ran")
    assert files_in(folder) == before


def test_a_workspace_is_refused(workspace_path: Path) -> None:
    before = sha256(workspace_path)
    refused(workspace_path, r"w\.gpkg is an Urbanista workspace: writing there would destroy")
    link = workspace_path.with_name("heat.tif")
    link.symlink_to(workspace_path)
    refused(link, r"heat\.tif \(a link to .*w\.gpkg\) is an Urbanista workspace")
    assert sha256(workspace_path) == before and link.is_symlink()


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "dane.gpkg").execute("CREATE TABLE t (x)").connection.close()
    refused(tmp_path / "dane.gpkg", r"dane\.gpkg is a SQLite database")


@pytest.mark.parametrize(
    "inside", ["w.rasters/x.tif", "w.rasters/stare/x.tif", "w.gpkg.lock", "w.gpkg-journal"]
)
def test_a_workspaces_own_files_are_refused(workspace_path: Path, inside: str) -> None:
    refused(workspace_path.parent / inside, r"belongs to the workspace .*w\.gpkg: .*beside")


def test_a_link_into_the_rasters_folder_is_refused(workspace_path: Path) -> None:
    link = workspace_path.with_name("wyniki")
    link.symlink_to("w.rasters")
    refused(link / "x.tif", r"wyniki/x\.tif \(a link to .*w\.rasters/x\.tif\) belongs to")


def test_a_rasters_folder_without_its_workspace_is_an_ordinary_folder(tmp_path: Path) -> None:
    (tmp_path / "zdjecia.rasters").mkdir()
    write_output(tmp_path / "zdjecia.rasters" / "x.tif", b"x")


def test_a_read_only_file_is_refused_even_for_root(old: Path) -> None:
    old.chmod(0o444)
    refused(old, r"raport\.xlsx is read-only: make it writable")
    assert old.read_bytes() == b"old" and old.stat().st_mode & 0o777 == 0o444


def test_too_little_free_space_is_refused_before_writing(old: Path) -> None:
    need = shutil.disk_usage(old.parent).free + 10**9
    message = r"raport\.xlsx: it needs about [\d.]+ MB, but only [\d.]+ [kM]B are free"
    with pytest.raises(OutputError, match=message), output_file(old, estimate_bytes=need):
        pytest.fail("the block ran")
    assert old.read_bytes() == b"old" and files_in(old.parent) == {"raport.xlsx"}


def test_each_step_is_a_kill_point(
    old: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "kill.log"
    monkeypatch.setenv("URBANISTA_KILL_LOG", str(log))
    write_output(old, b"new")
    points = [line.split()[1] for line in log.read_text(encoding="utf-8").splitlines()]
    assert points == ["output.write", "output.fsync", "output.rename", "output.dirsync"]


@pytest.mark.parametrize(
    ("kill_at", "expected"), [(1, b"old"), (2, b"old"), (3, b"new"), (4, b"new")]
)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_file(
    old: Path, kill_at: int, expected: bytes
) -> None:
    code = f"from analysis.io.output_file import write_output; write_output({str(old)!r}, b'new')"
    env = {
        **os.environ,
        "URBANISTA_KILL_AT": str(kill_at),
        "PYTHONPATH": str(Path(__file__).parents[2]),
    }
    run = subprocess.run([sys.executable, "-c", code], env=env, timeout=60)
    assert run.returncode == -9
    assert old.read_bytes() == expected
    write_output(old, b"again")  # the next write sweeps what the killed one left
    assert files_in(old.parent) == {"raport.xlsx"}


def test_a_temporary_file_of_a_live_process_is_left_alone(old: Path) -> None:
    busy = old.with_name(f".raport.{os.getpid()}-abc.partial.xlsx")
    busy.write_bytes(b"being written")
    write_output(old, b"new")
    assert busy.exists()


def test_check_output_returns_the_real_path(old: Path) -> None:
    link = old.with_name("link.xlsx")
    link.symlink_to(old)
    assert check_output(link) == old.resolve()
    assert check_output(old.with_name("nowy.xlsx")) == old.resolve().with_name("nowy.xlsx")
