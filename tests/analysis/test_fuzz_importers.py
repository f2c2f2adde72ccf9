"""Importer fuzzing: a damaged file never crashes an import, costs the good one or the workspace.

Each example mutates one of our own good files (:mod:`tests.analysis.fuzz_corpus`:
truncation, byte flips, inserted and deleted runs, encoding swaps, extreme
numbers and years, and changes that know the format) and imports it, in this
process, together with another good file of the same format into a fresh copy
of a workspace. The property:

- only an :class:`~analysis.errors.UrbanistaError` may come out of the importer;
  anything else (and a run over :data:`EXAMPLE_SECONDS`, or over
  :data:`MEMORY_BYTES` more memory) is a finding;
- the importer never refuses the whole batch for the damaged file: it rejects
  that file and the good one is in the workspace;
- had it refused the whole batch, the workspace's tables and rasters must
  still be byte for byte as they were (a separate finding).

Findings are collected, not raised at the first: a format's test fails
listing each kind (exception and place, lost good file, changed workspace)
with the smallest example of it. With ``URBANISTA_FUZZ_FINDINGS=FOLDER`` that
file is saved there, beside a ``.txt`` saying what was done and the traceback.

In ``make test`` (CI) each format gets :data:`CI_EXAMPLES` derandomized
examples, the same every run: 30 s for the module on two idle cores, 100 s
on busy ones. The longer run, ``make fuzz``, sets ``URBANISTA_FUZZ=long``:
random examples, ``URBANISTA_FUZZ_EXAMPLES`` of them per format (default
1000: 15 to 40 minutes), findings saved in ``build/fuzz-findings``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import resource
import shutil
import signal
import sqlite3
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import analysis
from analysis.errors import InputError, UrbanistaError
from analysis.io import tracks
from analysis.io.datasets import import_datasets
from analysis.io.rasters import import_rasters
from analysis.io.reports import import_reports
from analysis.io.summary import ImportSummary
from analysis.io.tracks.activity import activity_id
from analysis.workspace import CatalogueEntry, DatasetKind, Workspace
from tests.analysis import fuzz_corpus as corpus
from tests.analysis.conftest import points_2180

LONG = os.environ.get("URBANISTA_FUZZ") == "long"
CI_EXAMPLES = 40
EXAMPLE_SECONDS = 30
MEMORY_BYTES = 2 << 30
FINDINGS = os.environ.get("URBANISTA_FUZZ_FINDINGS")
OURS = str(Path(analysis.__file__).parent)
OUT_OF_MEMORY = re.compile(r"out of memory allocating|MemoryError|bad_alloc|cannot allocate", re.I)

FUZZ = settings(
    max_examples=int(os.environ.get("URBANISTA_FUZZ_EXAMPLES", 1000)) if LONG else CI_EXAMPLES,
    derandomize=not LONG,
    database=None,
    deadline=None,
    phases=[Phase.generate],  # findings are collected, not raised: nothing to shrink
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the importers ---------------------------------------------------------------------------


def import_tracks(ws: Workspace, paths: list[Path]) -> ImportSummary:
    """The tracks importer, parsing in this process."""
    return tracks.import_tracks(ws, paths, tracks.TrackImportParams(workers=0))


def entry(ws: Workspace, name: str) -> CatalogueEntry | None:
    return next((e for e in ws.entries() if e.name == name), None)


def activity_in(ws: Workspace, good: bytes) -> bool:
    if entry(ws, "activities") is None:
        return False
    frame = ws.read_layer("activities", columns=["activity_id"], read_geometry=False)
    return activity_id(good) in set(frame["activity_id"])


def reports_in(ws: Workspace, good: bytes) -> bool:
    if entry(ws, "reports") is None:
        return False
    frame = ws.read_layer("reports", columns=["report_id"], read_geometry=False)
    return set(corpus.GOOD_REPORTS) <= set(frame["report_id"])


def dataset_in(ws: Workspace, good: bytes) -> bool:
    found = entry(ws, "dobry")
    return found is not None and found.feature_count == corpus.GOOD_FEATURES


def raster_in(ws: Workspace, good: bytes) -> bool:
    found = entry(ws, "dobry")
    return found is not None and found.kind is DatasetKind.RASTER


@dataclass(frozen=True)
class Format:
    """A format, the importer that reads it, and how to tell its good file got in."""

    suffix: str
    run: Callable[[Workspace, list[Path]], ImportSummary]
    good_in: Callable[[Workspace, bytes], bool]
    mutations: tuple[Callable[..., st.SearchStrategy[corpus.Mutant]], ...]


XML = (
    corpus.byte_mutation,
    corpus.encoding_swap,
    corpus.extreme_number,
    corpus.extreme_year,
    corpus.xml_mutation,
)
FORMATS = {
    f.suffix: f
    for f in [
        Format(".gpx", import_tracks, activity_in, XML),
        Format(".tcx", import_tracks, activity_in, XML),
        Format(".fit", import_tracks, activity_in, (corpus.byte_mutation, corpus.fit_mutation)),
        Format(
            ".csv",
            import_reports,
            reports_in,
            (
                corpus.byte_mutation,
                corpus.encoding_swap,
                corpus.extreme_number,
                corpus.extreme_year,
                corpus.csv_mutation,
            ),
        ),
        Format(".xlsx", import_reports, reports_in, (corpus.byte_mutation, corpus.xlsx_mutation)),
        Format(
            ".geojson",
            import_datasets,
            dataset_in,
            (
                corpus.byte_mutation,
                corpus.encoding_swap,
                corpus.extreme_number,
                corpus.geojson_mutation,
            ),
        ),
        Format(".tif", import_rasters, raster_in, (corpus.byte_mutation, corpus.tiff_tag_mutation)),
    ]
}


# --- fixtures: seeds and a workspace template, made once --------------------------------------


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, corpus.Seeds]:
    folder = tmp_path_factory.mktemp("fuzz_seeds")
    return {
        **{s: corpus.track_seeds(s) for s in (".gpx", ".tcx", ".fit")},
        **{s: corpus.report_seeds(folder / s[1:], s) for s in (".csv", ".xlsx")},
        ".geojson": corpus.geojson_seeds(),
        ".tif": corpus.tif_seeds(folder),
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding 5 points near the seeds: copied for every example."""
    ws = Workspace.create(tmp_path_factory.mktemp("fuzz_template") / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(points_2180(5), "punkty", DatasetKind.DATASET, title="Punkty")
    return ws.path


@pytest.fixture(scope="module")
def odd_tifs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_odd_tifs")


def workspace_digest(ws: Workspace) -> str:
    """SHA-256 over every table's rows (sorted) and every raster file of the workspace."""
    h = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(f"file:{ws.path}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            h.update(f"{table}\0{sorted(map(repr, rows))}\0".encode())
    if ws.raster_dir.is_dir():
        for tif in sorted(ws.raster_dir.iterdir()):
            h.update(tif.name.encode() + hashlib.sha256(tif.read_bytes()).digest())
    return h.hexdigest()


# --- guards and findings ----------------------------------------------------------------------


class TooLong(Exception):
    """An example ran over its time budget."""


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Run over :data:`EXAMPLE_SECONDS` raises :class:`TooLong`; memory is capped.

    The cap is the address space in use plus :data:`MEMORY_BYTES`: an importer that
    allocates before checking a file's sizes fails here (MemoryError) instead of
    taking the machine's memory.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TooLong(f"the import ran over {EXAMPLE_SECONDS} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as f:
        cap = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") + MEMORY_BYTES
    resource.setrlimit(
        resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
    )
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(EXAMPLE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def raised_at(exc: BaseException) -> str:
    """The innermost frame of our code (else any) in ``exc``'s traceback: module.function:line."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ([f for f in frames if f.filename.startswith(OURS)] or frames)[-1]
    return f"{Path(where.filename).stem}.{where.name}:{where.lineno}"


@dataclass
class Finding:
    """What went wrong, the smallest file it went wrong with, and the details."""

    kind: str
    mutant: corpus.Mutant
    detail: str

    def keep(self, suffix: str) -> None:
        """Save the file and a note of it in :data:`FINDINGS`, if set."""
        if not FINDINGS:
            return
        folder = Path(FINDINGS)
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", f"{suffix[1:]}-{self.kind}")
        (folder / f"{name}{suffix}").write_bytes(self.mutant.data)
        (folder / f"{name}.txt").write_text(
            f"{self.mutant.how}\n\n{self.detail}\n", encoding="utf-8"
        )


def try_import(
    fmt: Format, seed: corpus.Seeds, mutant: corpus.Mutant, bad_first: bool, template: Path
) -> tuple[str, str] | None:
    """Import the mutant and the good file into a copy of ``template``; what went wrong, if so."""
    with tempfile.TemporaryDirectory(prefix="urbanista-fuzz-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(template, folder / "miasto.gpkg")
        ws = Workspace.open(folder / "miasto.gpkg")
        before = workspace_digest(ws)
        bad, good = folder / f"zly{fmt.suffix}", folder / f"dobry{fmt.suffix}"
        bad.write_bytes(mutant.data)
        good.write_bytes(seed.good)
        try:
            with bounded():
                summary = fmt.run(ws, [bad, good] if bad_first else [good, bad])
        except UrbanistaError as exc:
            if workspace_digest(ws) != before:
                return "workspace changed on refusal", str(exc)
            return "good file lost with the whole import", str(exc)
        except Exception as exc:
            return f"{type(exc).__name__} at {raised_at(exc)}", traceback.format_exc()
        reasons = " ".join(r.reason for f in summary.files for r in f.rejected)
        if OUT_OF_MEMORY.search(reasons):  # an allocation the cap refused, as GDAL reports it
            return "out of memory", summary.describe()
        if not fmt.good_in(ws, seed.good):
            return "good file lost", summary.describe()
    return None


def fuzz(fmt: Format, seed: corpus.Seeds, template: Path, odd_tifs: Path) -> dict[str, Finding]:
    """Run :data:`FUZZ`'s examples of ``fmt``; the smallest example of each kind of finding."""
    strategies = [m(seed.bad) for m in fmt.mutations]
    if fmt.suffix == ".tif":
        strategies.append(corpus.tiff_profile(odd_tifs))
    found: dict[str, Finding] = {}

    @FUZZ
    @given(mutant=st.one_of(strategies), bad_first=st.booleans())
    def example(mutant: corpus.Mutant, bad_first: bool) -> None:
        outcome = try_import(fmt, seed, mutant, bad_first, template)
        if outcome is None:
            return
        kind, detail = outcome
        if kind not in found or len(mutant.data) < len(found[kind].mutant.data):
            found[kind] = Finding(kind, mutant, detail)
            found[kind].keep(fmt.suffix)

    example()
    return found


# --- the property ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_a_damaged_file_never_hurts_the_import(
    suffix: str, seeds: dict[str, corpus.Seeds], template: Path, odd_tifs: Path
) -> None:
    found = fuzz(FORMATS[suffix], seeds[suffix], template, odd_tifs)
    assert not found, "\n".join(
        f"{f.kind}: {f.mutant.how}\n    {f.detail.strip().splitlines()[-1]}" for f in found.values()
    )


def test_the_fuzzer_sees_a_crash_a_lost_good_file_and_a_changed_workspace(
    seeds: dict[str, corpus.Seeds], template: Path
) -> None:
    fmt, seed = FORMATS[".csv"], seeds[".csv"]
    unchanged = corpus.Mutant(seed.bad, "unchanged")

    def crash(ws: Workspace, paths: list[Path]) -> ImportSummary:
        raise KeyError("Numer")

    def first_only(ws: Workspace, paths: list[Path]) -> ImportSummary:
        return fmt.run(ws, paths[:1])

    def refused_after_writing(ws: Workspace, paths: list[Path]) -> ImportSummary:
        fmt.run(ws, paths)
        raise InputError("refused")

    def refused(ws: Workspace, paths: list[Path]) -> ImportSummary:
        raise InputError("refused")

    assert try_import(fmt, seed, unchanged, True, template) is None
    outcomes = [
        try_import(replace(fmt, run=run), seed, unchanged, True, template)
        for run in (crash, first_only, refused_after_writing, refused)
    ]
    assert [o and o[0] for o in outcomes] == [
        f"KeyError at test_fuzz_importers.crash:{crash.__code__.co_firstlineno + 1}",
        "good file lost",
        "workspace changed on refusal",
        "good file lost with the whole import",
    ]
