"""``urbanista import tracks|reports|dataset|raster PATH... --workspace WS``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from analysis.cli.options import workspace_option

if TYPE_CHECKING:
    from analysis.io.summary import ImportSummary

_paths = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
_as_json = click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
_layer = click.option("--layer", default=None, help="Name of the dataset in the workspace.")
_replace = click.option(
    "--replace",
    is_flag=True,
    help="Replace a dataset of another kind (reports, tracks, a raster, analysis results) "
    "that holds the name; without it such an import is refused.",
)
_crs = click.option("--crs", default=None, help="CRS of coordinates the files do not declare.")
_file_timeout = click.option(
    "--file-timeout",
    "file_timeout_s",
    default=120.0,
    show_default=True,
    type=float,
    metavar="SECONDS",
    help="Time to read one file: one still being read then is rejected as too slow "
    "and the others go on.",
)
_keep_personal = click.option(
    "--keep-personal",
    is_flag=True,
    help="Keep names, e-mails and phone numbers (personal data: only with a legal basis).",
)


@click.group("import")
def import_group() -> None:
    """Import files, folders or ZIP archives into a workspace."""


def _run(
    workspace: Path,
    label: str,
    as_json: bool,
    work: Callable[[Any, Any], ImportSummary],
) -> None:
    """Open the workspace, run ``work(workspace, progress)``, print the summary."""
    from analysis.cli.terminal import TerminalProgress
    from analysis.printable import printable_json
    from analysis.workspace import Workspace

    ws = Workspace.open(workspace)
    ws.check_writable()  # before reading any file
    summary = work(ws, TerminalProgress(label))
    click.echo(printable_json(summary.to_json()) if as_json else summary.describe())
    if summary.rejected and not (summary.imported or summary.skipped):
        raise click.exceptions.Exit(1)  # nothing could be imported


@import_group.command("tracks")
@_paths
@workspace_option
@click.option(
    "--privacy-trim-m",
    default=200.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Metres cut from the start and end of every track, and every point "
    "closer than that to either end (0 keeps them).",
)
@click.option(
    "--new-key",
    is_flag=True,
    help="Key the pseudonyms with a new key from now on: only when the workspace's "
    "key is lost. Athletes imported before get new pseudonyms, so the same "
    "people are counted twice.",
)
@_file_timeout
@_as_json
def tracks(
    paths: tuple[Path, ...],
    workspace: Path,
    privacy_trim_m: float,
    new_key: bool,
    file_timeout_s: float,
    as_json: bool,
) -> None:
    """Import activities: GPX, TCX, FIT (also .gz), Strava and Garmin export ZIPs.

    Athletes get pseudonyms keyed by the workspace's pseudonym key, which must
    be on this computer ('urbanista key show WORKSPACE').
    """
    from analysis.io.tracks import TrackImportParams, import_tracks

    params = TrackImportParams(privacy_trim_m=privacy_trim_m, file_timeout_s=file_timeout_s)

    def work(ws: Any, progress: Any) -> ImportSummary:
        if new_key:
            ident = ws.new_pseudonym_key()
            click.echo(
                f"urbanista: warning: {ws.path} has the new pseudonym key {ident}: "
                "athletes imported before get new pseudonyms from now on, so the same "
                "people are counted twice; back the key up with 'urbanista key export'",
                err=True,
            )
        return import_tracks(ws, list(paths), params, progress)

    _run(workspace, "tracks", as_json, work)


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key or not target:
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint=option)
        pairs[key.strip()] = target.strip()
    return pairs


@import_group.command("reports")
@_paths
@workspace_option
@_layer
@_replace
@_crs
@_keep_personal
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Map a field (report_id, category, category_code, status, status_notes, "
    "created, closed, updated, description, address, lat, lon, x, y) to a "
    "column of the file; repeatable.",
)
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="LABEL=KEY",
    help="Map a category label of the file to pothole, litter, "
    "street_lighting, missing_bike_rack, illegal_parking, greenery or "
    "other; repeatable.",
)
@click.option(
    "--timezone",
    default="Europe/Warsaw",
    show_default=True,
    help="Time zone of dates written without one.",
)
@_file_timeout
@_as_json
def reports(
    paths: tuple[Path, ...],
    workspace: Path,
    layer: str | None,
    replace: bool,
    crs: str | None,
    keep_personal: bool,
    columns: tuple[str, ...],
    categories: tuple[str, ...],
    timezone: str,
    file_timeout_s: float,
    as_json: bool,
) -> None:
    """Import citizen reports: CSV, XLSX, GeoJSON, Open311 GeoReport v2 JSON."""
    from analysis.io.reports import ReportImportParams, import_reports

    params = ReportImportParams(
        layer=layer or "reports",
        keep_personal=keep_personal,
        column_map=_pairs(columns, "--column") or None,
        category_map=_pairs(categories, "--category") or None,
        crs=crs,
        timezone=timezone,
        replace=replace,
        file_timeout_s=file_timeout_s,
    )
    _run(workspace, "reports", as_json, lambda ws, p: import_reports(ws, list(paths), params, p))


@import_group.command("dataset")
@_paths
@workspace_option
@_layer
@_replace
@_crs
@_keep_personal
@click.option(
    "--all-or-nothing",
    is_flag=True,
    help="Refuse a whole file with any feature (a broken geometry...) or layer to "
    "leave out; without it the rest of the file is imported.",
)
@_as_json
def dataset(
    paths: tuple[Path, ...],
    workspace: Path,
    layer: str | None,
    replace: bool,
    crs: str | None,
    keep_personal: bool,
    all_or_nothing: bool,
    as_json: bool,
) -> None:
    """Import open datasets: GeoPackage, Shapefile, GeoJSON, KML, CSV, OSM PBF."""
    from analysis.io.datasets import DatasetImportParams, import_datasets

    params = DatasetImportParams(
        layer=layer,
        crs=crs,
        keep_personal=keep_personal,
        replace=replace,
        all_or_nothing=all_or_nothing,
    )
    _run(workspace, "datasets", as_json, lambda ws, p: import_datasets(ws, list(paths), params, p))


@import_group.command("raster")
@_paths
@workspace_option
@_layer
@_replace
@_crs
@click.option(
    "--reproject", is_flag=True, help="Warp to the workspace CRS (else keep the raster's)."
)
@_file_timeout
@_as_json
def raster(
    paths: tuple[Path, ...],
    workspace: Path,
    layer: str | None,
    replace: bool,
    crs: str | None,
    reproject: bool,
    file_timeout_s: float,
    as_json: bool,
) -> None:
    """Import GeoTIFF rasters (heatmaps from vendors, elevation...)."""
    from analysis.io.rasters import RasterImportParams, import_rasters

    params = RasterImportParams(
        layer=layer, crs=crs, reproject=reproject, replace=replace, file_timeout_s=file_timeout_s
    )
    _run(workspace, "rasters", as_json, lambda ws, p: import_rasters(ws, list(paths), params, p))
