"""``urbanista heatmap INPUT... -o OUT.tif``.

Its activity filters are the options of
:class:`~analysis.heatmap.filters.ActivityFilter`'s fields, as ``urbanista
usage`` has them; the command is built with them when it runs (:func:`command`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from analysis.cli.analysis_command import ParameterOption
    from analysis.heatmap.activity import ActivityHeatmapParams
    from analysis.heatmap.inputs import LayerRef
    from analysis.heatmap.points import PointHeatmapParams
    from analysis.planning.result import AnalysisResult

KERNELS = ("quartic", "triangular", "uniform", "triweight", "epanechnikov")


@click.command("heatmap")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="GeoTIFF to write.",
)
@click.option(
    "--radius",
    "radius_m",
    default=100.0,
    show_default=True,
    type=float,
    help="Kernel radius, metres.",
)
@click.option(
    "--pixel",
    "pixel_m",
    default=5.0,
    show_default=True,
    type=float,
    help="Cell size, metres.",
)
@click.option("--kernel", type=click.Choice(KERNELS), default="quartic", show_default=True)
@click.option(
    "--weight", "weight_field", default=None, help="Weight of each point from this field."
)
@click.option("--radius-field", default=None, help="Radius of each point from this field (metres).")
@click.option(
    "--values",
    "values_kind",
    type=click.Choice(["raw", "density"]),
    default="raw",
    show_default=True,
    help="raw: QGIS's raw kernel sums; density: points per km2.",
)
@click.option(
    "--match-qgis",
    is_flag=True,
    help="Reproduce QGIS's sub-pixel shift, to compare with its output cell by cell.",
)
@click.option(
    "--mode",
    type=click.Choice(["points", "lines"]),
    default="points",
    show_default=True,
    help="lines: distinct activities per cell from a workspace's tracks.",
)
@click.option(
    "--measure",
    type=click.Choice(["activities", "users"]),
    default="activities",
    show_default=True,
    help="Lines mode: count distinct activities or distinct users per cell.",
)
@click.option(
    "--min-users",
    type=int,
    default=5,
    show_default=True,
    help="Activity heatmaps: a cell counts only activities of a month, day type, day part "
    "and type that at least this many people share there.",
)
@click.option(
    "--save",
    "save_as",
    default=None,
    help="Also add the raster to the input workspace under this name.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="With --save: replace a dataset of another kind that holds the name.",
)
def heatmap(
    inputs: tuple[str, ...],
    output: Path,
    radius_m: float,
    pixel_m: float,
    kernel: str,
    weight_field: str | None,
    radius_field: str | None,
    values_kind: str,
    match_qgis: bool,
    mode: str,
    measure: str,
    min_users: int,
    save_as: str | None,
    replace: bool,
    **given: Any,
) -> None:
    """Heatmap of points, or of a workspace's activities (INPUT: a file or WORKSPACE.gpkg:LAYER).

    A workspace's activities (``--mode lines``, or its layer ``activity_points``) are
    filtered, cleared of stops and k-anonymised; other point layers are mapped as
    QGIS's "Heatmap (Kernel Density Estimation)" would.
    """
    import numpy as np

    from analysis.cli.analysis_command import on_command_line, values_given
    from analysis.heatmap.activity import ActivityHeatmapParams
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.inputs import distinct_inputs, parse_input
    from analysis.heatmap.points import PointHeatmapParams
    from analysis.io.output_file import check_output
    from analysis.kernels.kde import Kernel
    from analysis.registry import with_values
    from analysis.workspace import DatasetKind, Workspace

    check_output(output)  # a wrong -o fails now, not after the heatmap is computed
    if output.suffix.lower() not in (".tif", ".tiff"):
        raise click.UsageError(f"{output}: a heatmap is a GeoTIFF, its name must end in .tif")
    refs = distinct_inputs([parse_input(t, allow_multi_layer=mode == "lines") for t in inputs])
    if save_as:  # a name the workspace refuses fails now, not after the heatmap is computed
        Workspace.open(refs[0].path).check_claim(save_as, DatasetKind.RASTER, replace, SAVE)
    filters = with_values(ActivityFilter, values_given(on_command_line(_filters()), given))
    if mode == "lines" or _personal(refs):
        _check_activities(refs, weight_field, radius_field)
        params = ActivityHeatmapParams(
            mode=mode,  # type: ignore[arg-type]
            measure=measure,  # type: ignore[arg-type]
            pixel_m=pixel_m,
            radius_m=radius_m,
            min_users=min_users,
            filters=filters,
        )
        result = _activity_heatmap(refs[0].path, params)
        empty_why = f"the filters or --min-users {min_users} leave"
    else:
        if filters != ActivityFilter():
            raise click.UsageError("filters apply to a workspace's activities only")
        point_params = PointHeatmapParams(
            radius_m=radius_m,
            pixel_m=pixel_m,
            kernel=Kernel(kernel),
            weight_field=weight_field,
            radius_field=radius_field,
            density=values_kind == "density",
            match_qgis=match_qgis,
        )
        result = _point_heatmap(refs, point_params, mode, kernel, save_as)
        empty_why = "there is"
    if save_as:
        _save(refs[0].path, result, save_as, replace)
    _write(output, result, pixel_m)  # last: a kill before leaves the old file whole
    if not np.any(np.nan_to_num(result.rasters[""].values) > 0):
        click.echo(f"warning: the heatmap is empty: {empty_why} nothing to count", err=True)


SAVE = "--save NEW"
"""How to store a heatmap under another name, said when a name is refused."""


def command() -> click.Command:
    """``urbanista heatmap`` with the activity filters' options, before ``--save``."""
    at = next(i for i, p in enumerate(heatmap.params) if p.name == "save_as")
    return click.Command(
        heatmap.name,
        callback=heatmap.callback,
        params=[*heatmap.params[:at], *(o.option() for o in _filters()), *heatmap.params[at:]],
        help=heatmap.help,
    )


@functools.cache
def _filters() -> tuple[ParameterOption, ...]:
    """The options of the activity filter's fields (``--type``, ``--from``...), made once.

    The command's options and its callback read the same ones.
    """
    from analysis.cli.analysis_command import parameter_options
    from analysis.heatmap.filters import ActivityFilter

    return tuple(parameter_options(ActivityFilter))


def _personal(refs: list[LayerRef]) -> list[LayerRef]:
    from analysis.heatmap.inputs import is_personal

    return [ref for ref in refs if is_personal(ref)]


def _check_activities(
    refs: list[LayerRef], weight_field: str | None, radius_field: str | None
) -> None:
    """Refuse what residents' activities are not mapped with: other inputs, other weights.

    Raises
    ------
    click.UsageError
        If there is more than one input, the activities are outside a workspace's
        layers, or ``--weight`` or ``--radius-field`` is given.
    """
    from analysis.heatmap.inputs import ACTIVITY_LAYERS, in_workspace

    personal = _personal(refs)
    if len(refs) != 1:
        raise click.UsageError(
            f"{personal[0] if personal else refs[0]}: residents' activities are mapped on "
            "their own, from one workspace, k-anonymised; give that input alone"
        )
    if personal and not in_workspace(refs[0]):
        raise click.UsageError(
            f"{refs[0]} holds residents' activities (user_id or activity_id) outside a "
            f"workspace's layers {' and '.join(ACTIVITY_LAYERS)}: map them from the "
            "workspace they were imported into, which keeps them k-anonymous"
        )
    if weight_field or radius_field:
        raise click.UsageError(
            "--weight and --radius-field apply to point layers, not to "
            "residents' activities (each counts once, k-anonymised)"
        )


def _activity_heatmap(workspace: Path, params: ActivityHeatmapParams) -> AnalysisResult:
    """The registered activity heatmap of ``workspace``, not stored."""
    from analysis.heatmap.activity import KEY
    from analysis.progress import NullProgress
    from analysis.registry import get
    from analysis.workspace import Workspace

    analysis = get(KEY)
    ws = Workspace.open(workspace)
    return analysis.run(analysis.read_inputs(ws), params, NullProgress())


def _point_heatmap(
    refs: list[LayerRef], params: PointHeatmapParams, mode: str, kernel: str, name: str | None
) -> AnalysisResult:
    """The heatmap of the points of ``refs``, as an analysis result of one raster ``name``."""
    from analysis.export.titles import stored_heatmap_title
    from analysis.heatmap.activity import KEY
    from analysis.heatmap.points import point_heatmap
    from analysis.planning.result import AnalysisResult, Raster, parameters_of

    heat = point_heatmap(refs, params)
    tags = {"mode": mode, "radius_m": params.radius_m, "kernel": kernel, **heat.stats}
    raster = Raster(
        heat.values, heat.grid, heat.crs, heat.unit, tags, f"Urbanista heatmap ({mode})"
    )
    return AnalysisResult(
        KEY,
        summary={"unit": heat.unit, **heat.stats},
        parameters=parameters_of(params),
        titles={"": stored_heatmap_title(name or KEY)},
        rasters={"": raster},
        facts={"": {k: v for k, v in tags.items() if k != "filters"}},
    )


def _write(output: Path, result: AnalysisResult, pixel_m: float) -> None:
    """Write the heatmap's raster to ``output`` and say its size and figures."""
    from analysis.printable import printable

    raster = result.rasters[""]
    raster.write(output)
    shown = ", ".join(_figure(k, v) for k, v in result.summary.items() if k != "unit")
    click.echo(
        printable(
            f"wrote {output}: {raster.grid.cols} x {raster.grid.rows} cells of "
            f"{pixel_m:g} m ({raster.unit}); {shown}"
        )
    )


def _figure(name: str, value: object) -> str:
    if isinstance(value, int):
        return f"{name} {value:,}"
    return f"{name} {value:.4g}" if isinstance(value, float) else f"{name} {value}"


def _save(workspace: Path, result: AnalysisResult, name: str, replace: bool) -> None:
    """Store the heatmap in ``workspace`` as the raster ``name``; say what it replaced."""
    from analysis.planning.result import store_result
    from analysis.printable import printable
    from analysis.workspace import Workspace

    ws = Workspace.open(workspace)
    before = {e.name: e.kind for e in ws.entries()}
    store_result(ws, result, replace, name, SAVE)
    if name in before:
        click.echo(printable(f"replaced {before[name]} {name!r} in {workspace}"))
