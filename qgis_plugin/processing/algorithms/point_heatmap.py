"""Heatmap (fast kernel density): QGIS's Heatmap by binning and FFT, optionally k-anonymous."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from analysis.kernels.grid import Grid
from analysis.kernels.kde import DensityAccumulator, KdeParams, Kernel
from analysis.kernels.privacy import suppress_below, users_within_radius_lower_bound

from .base import DistinctCodes, UrbanistaAlgorithm
from .raster_output import check_grid_size, write_raster

KERNELS = (Kernel.QUARTIC, Kernel.TRIANGULAR, Kernel.UNIFORM, Kernel.TRIWEIGHT, Kernel.EPANECHNIKOV)
"""The kernel options, in the order of QGIS's Heatmap (its KERNEL index)."""
CHUNK = 65_536
"""Points binned at a time: memory stays bounded by the grid, whatever the layer."""
FFT_NOISE = 1e-9
"""Values below this share of the peak are round-off where no point reaches: no data."""


@dataclass(frozen=True)
class _Settings:
    """The parameters, read and checked."""

    radius: float
    pixel: float
    kernel: Kernel
    per_km2: bool
    match_qgis: bool
    weight_field: str
    radius_field: str
    user_field: str
    min_users: int
    """0 without a user field."""


@dataclass(frozen=True)
class _Chunk:
    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray | None
    radius: np.ndarray | None
    user: np.ndarray | None


class PointHeatmap(UrbanistaAlgorithm):
    """Kernel density of points on QGIS's Heatmap grid, raw or per km², optionally k-anonymous."""

    GROUP_ID = "heatmaps"
    INPUT = "INPUT"
    RADIUS = "RADIUS"
    RADIUS_FIELD = "RADIUS_FIELD"
    PIXEL_SIZE = "PIXEL_SIZE"
    KERNEL = "KERNEL"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    OUTPUT_VALUE = "OUTPUT_VALUE"
    USER_FIELD = "USER_FIELD"
    MIN_USERS = "MIN_USERS"
    MATCH_QGIS = "MATCH_QGIS"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        """Return the algorithm id within the provider."""
        return "pointheatmap"

    def displayName(self) -> str:
        """Return the name shown in the toolbox."""
        return self.tr("Heatmap (fast kernel density)")

    def shortHelpString(self) -> str:
        """Return the help shown beside the parameters."""
        return self.tr(
            "Kernel density of a point layer, as QGIS's \"Heatmap (Kernel Density "
            'Estimation)" computes it and on the same grid, in a fraction of the time.\n\n'
            "Radius and pixel size are in metres: the layer must be in a metric CRS such as "
            "EPSG:2180. With a radius field, each point's radius (metres) is taken from it "
            "and the radius parameter is ignored.\n\n"
            'Raw values are QGIS\'s "Raw": a point adds its weight (1 without a weight '
            "field) times the kernel, which is 1 at the point and 0 at the radius. Density "
            "per km² integrates to the weight: points (or weight) per square kilometre.\n\n"
            "Privacy: with a user (or group) field, every cell that reflects fewer than k "
            "distinct users within the radius of its centre is left empty (no data). The "
            "count is a lower bound, so a cell may be hidden that has k users near the edge "
            "of its radius, but never shown with fewer. Features without a user count "
            "together as one user. k = 0 shows every cell.\n\n"
            "The raster is a float32 GeoTIFF in the layer's CRS, -9999 where no point is "
            "within reach; its unit is in its metadata."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        """Declare the parameters."""
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Point layer"), [QgsProcessing.TypeVectorPoint]
            )
        )
        self.addParameter(
            QgsProcessingParameterDistance(
                self.RADIUS, self.tr("Radius (m)"), 100.0, self.INPUT, minValue=0.0
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.RADIUS_FIELD,
                self.tr("Radius from field (m)"),
                parentLayerParameterName=self.INPUT,
                type=QgsProcessingParameterField.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterDistance(
                self.PIXEL_SIZE, self.tr("Pixel size (m)"), 5.0, self.INPUT, minValue=0.0
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.KERNEL, self.tr("Kernel shape"), self._kernel_names(), defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.WEIGHT_FIELD,
                self.tr("Weight from field"),
                parentLayerParameterName=self.INPUT,
                type=QgsProcessingParameterField.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.OUTPUT_VALUE,
                self.tr("Output values"),
                [self.tr("Raw (as QGIS's Heatmap)"), self.tr("Density per km²")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.USER_FIELD,
                self.tr("User (or group) field, for k-anonymity"),
                parentLayerParameterName=self.INPUT,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_USERS,
                self.tr("Minimum distinct users per cell (k; with a user field)"),
                QgsProcessingParameterNumber.Integer,
                5,
                minValue=0,
            )
        )
        match = QgsProcessingParameterBoolean(
            self.MATCH_QGIS, self.tr("Match QGIS's Heatmap cell by cell"), False
        )
        match.setFlags(match.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(match)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Heatmap")))

    def processAlgorithm(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        """Read the points chunk by chunk, bin them, convolve once and write the raster."""
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        self.require_metric_crs(source)
        settings = self._settings(parameters, context, source)
        largest = self._largest_radius(source, settings)
        extent = source.sourceExtent()
        if source.featureCount() == 0 or extent.isNull():
            raise self._no_points(source)
        # QGIS's grid: the layer's extent grown by the largest radius.
        grid = Grid.qgis_heatmap(
            extent.xMinimum(),
            extent.yMinimum(),
            extent.xMaximum(),
            extent.yMaximum(),
            settings.pixel,
            largest,
        )
        check_grid_size(grid)
        kde = KdeParams(
            largest,
            settings.pixel,
            settings.kernel,
            scaled=settings.per_km2,
            match_qgis=settings.match_qgis,
        )
        accumulator = DensityAccumulator(grid, kde, qgis_ymin=extent.yMinimum() - largest)
        kept: list[_Chunk] = []  # the points that reflect a user, for k-anonymity
        count = 0
        for chunk in self._read(source, settings, feedback):
            accumulator.add(chunk.x, chunk.y, chunk.weight, chunk.radius)
            count += len(chunk.x)
            if settings.min_users:
                kept.append(_reflecting(chunk))
        self.stop_if_cancelled(feedback)
        if count == 0:
            raise self._no_points(source)
        feedback.pushInfo(self.tr("Binned {n} points; convolving.").format(n=count))
        values = accumulator.result()
        if settings.per_km2:
            values *= np.float32(1e6)  # per m² -> per km²
        # No point within reach, as QGIS leaves it: FFT round-off leaves ~1e-16 of the peak there.
        values[values <= FFT_NOISE * values.max(initial=0.0)] = np.nan
        feedback.setProgress(90)
        if settings.min_users:
            values = self._suppress(values, kept, grid, settings, feedback)
        self.stop_if_cancelled(feedback)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        write_raster(
            output,
            values,
            grid,
            source.sourceCrs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL),
            unit=_unit(settings),
            description=self._description(source, settings),
            metadata=self._metadata(source, settings, count),
        )
        feedback.setProgress(100)
        return {self.OUTPUT: output}

    def _no_points(self, source: QgsFeatureSource) -> QgsProcessingException:
        return QgsProcessingException(
            self.tr("Layer {layer} has no points.").format(layer=source.sourceName())
        )

    def _kernel_names(self) -> list[str]:
        return [
            self.tr("Quartic"),
            self.tr("Triangular"),
            self.tr("Uniform"),
            self.tr("Triweight"),
            self.tr("Epanechnikov"),
        ]

    def _settings(
        self, parameters: dict[str, Any], context: QgsProcessingContext, source: QgsFeatureSource
    ) -> _Settings:
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        pixel = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context)
        radius_field = self.parameterAsString(parameters, self.RADIUS_FIELD, context)
        user_field = self.person_field(
            source, self.parameterAsString(parameters, self.USER_FIELD, context)
        )
        if pixel <= 0 or (radius <= 0 and not radius_field):
            raise QgsProcessingException(
                self.tr(
                    "Radius and pixel size must be positive, got {radius:g} m and {pixel:g} m."
                ).format(radius=radius, pixel=pixel)
            )
        return _Settings(
            radius=radius,
            pixel=pixel,
            kernel=KERNELS[self.parameterAsEnum(parameters, self.KERNEL, context)],
            per_km2=self.parameterAsEnum(parameters, self.OUTPUT_VALUE, context) == 1,
            match_qgis=self.parameterAsBoolean(parameters, self.MATCH_QGIS, context),
            weight_field=self.parameterAsString(parameters, self.WEIGHT_FIELD, context),
            radius_field=radius_field,
            user_field=user_field,
            min_users=self.parameterAsInt(parameters, self.MIN_USERS, context) if user_field else 0,
        )

    def _largest_radius(self, source: QgsFeatureSource, settings: _Settings) -> float:
        """The radius parameter, or the radius field's maximum (as QGIS grows its grid)."""
        if not settings.radius_field:
            return settings.radius
        index = source.fields().lookupField(settings.radius_field)
        largest = source.maximumValue(index)
        if not (isinstance(largest, int | float) and largest > 0):
            raise QgsProcessingException(
                self.tr(
                    "The radius field {field} of layer {layer} holds no positive radius."
                ).format(field=settings.radius_field, layer=source.sourceName())
            )
        return float(largest)

    def _read(  # noqa: C901 - one branch per optional field of a point
        self, source: QgsFeatureSource, settings: _Settings, feedback: QgsProcessingFeedback
    ) -> Iterator[_Chunk]:
        """The points (every part of multi-points) with their attributes, in chunks."""
        fields = source.fields()
        weight_i, radius_i, user_i = (
            fields.lookupField(name) if name else -1
            for name in (settings.weight_field, settings.radius_field, settings.user_field)
        )
        if not settings.min_users:
            user_i = -1  # users matter only for k-anonymity
        request = QgsFeatureRequest().setSubsetOfAttributes(
            [i for i in (weight_i, radius_i, user_i) if i >= 0]
        )
        total = source.featureCount()
        users = DistinctCodes()
        x: list[float] = []
        y: list[float] = []
        weight: list[float] = []
        radius: list[float] = []
        user: list[int] = []
        for n, feature in enumerate(source.getFeatures(request), start=1):
            self.stop_if_cancelled(feedback)
            geometry = feature.geometry()
            if geometry.isNull() or geometry.isEmpty():
                continue
            points = geometry.asMultiPoint() if geometry.isMultipart() else [geometry.asPoint()]
            attributes = feature.attributes()
            for point in points:
                x.append(point.x())
                y.append(point.y())
            parts = len(points)
            if weight_i >= 0:
                weight += [_number(attributes[weight_i])] * parts
            if radius_i >= 0:
                radius += [_number(attributes[radius_i])] * parts
            if user_i >= 0:
                user += [users.code(attributes[user_i])] * parts
            if len(x) >= CHUNK:
                yield _chunk(x, y, weight, radius, user)
                x, y, weight, radius, user = [], [], [], [], []
                if total > 0:
                    feedback.setProgress(80.0 * n / total)
        if x:
            yield _chunk(x, y, weight, radius, user)
        feedback.setProgress(80)

    def _suppress(
        self,
        values: np.ndarray,
        kept: list[_Chunk],
        grid: Grid,
        settings: _Settings,
        feedback: QgsProcessingFeedback,
    ) -> np.ndarray:
        """Hide the cells with fewer than k distinct users within the radius."""
        x = np.concatenate([c.x for c in kept])
        y = np.concatenate([c.y for c in kept])
        user = np.concatenate([c.user for c in kept if c.user is not None])
        radii = [c.radius for c in kept if c.radius is not None and len(c.radius)]
        # A point within the smallest radius is within its own: still a lower bound.
        radius = float(min(r.min() for r in radii)) if radii else settings.radius
        bound = users_within_radius_lower_bound(x, y, user, grid, radius)
        shown = np.isfinite(values)
        values = suppress_below(values, bound, settings.min_users)
        hidden = int((shown & ~np.isfinite(values)).sum())
        feedback.pushInfo(
            self.tr(
                "k-anonymity: {hidden} of {cells} cells hidden (fewer than {k} distinct "
                "{field} values within {radius:g} m)."
            ).format(
                hidden=hidden,
                cells=int(shown.sum()),
                k=settings.min_users,
                field=settings.user_field,
                radius=radius,
            )
        )
        return values

    def _description(self, source: QgsFeatureSource, settings: _Settings) -> str:
        radius = (
            self.tr("radius from field {field}").format(field=settings.radius_field)
            if settings.radius_field
            else self.tr("radius {radius:g} m").format(radius=settings.radius)
        )
        text = self.tr("Heatmap of {layer}: {kernel} kernel, {radius}, {pixel:g} m pixels").format(
            layer=source.sourceName(),
            kernel=settings.kernel.value,
            radius=radius,
            pixel=settings.pixel,
        )
        if settings.min_users:
            text += self.tr("; cells with fewer than {k} distinct {field} values hidden").format(
                k=settings.min_users, field=settings.user_field
            )
        return text

    def _metadata(
        self, source: QgsFeatureSource, settings: _Settings, points: int
    ) -> dict[str, object]:
        return {
            "algorithm": f"urbanista:{self.name()}",
            "source": source.sourceName(),
            "kernel": settings.kernel.value,
            "radius_m": settings.radius_field or settings.radius,
            "pixel_m": settings.pixel,
            "weight_field": settings.weight_field,
            "user_field": settings.user_field,
            "min_users": settings.min_users,
            "match_qgis": settings.match_qgis,
            "points": points,
        }


def _number(value: object) -> float:
    """A numeric attribute as QGIS reads it: NULL (and anything else) is 0."""
    return float(value) if isinstance(value, int | float) else 0.0


def _chunk(
    x: list[float], y: list[float], weight: list[float], radius: list[float], user: list[int]
) -> _Chunk:
    return _Chunk(
        np.array(x, dtype=float),
        np.array(y, dtype=float),
        np.array(weight, dtype=float) if weight else None,
        np.array(radius, dtype=float) if radius else None,
        np.array(user, dtype=np.int64) if user else None,
    )


def _reflecting(chunk: _Chunk) -> _Chunk:
    """The points of ``chunk`` that add to the heatmap: a weight and a radius not 0."""
    keep = np.ones(len(chunk.x), dtype=bool)
    if chunk.weight is not None:
        keep &= chunk.weight != 0
    if chunk.radius is not None:
        keep &= chunk.radius > 0
    return _Chunk(
        chunk.x[keep],
        chunk.y[keep],
        None,
        None if chunk.radius is None else chunk.radius[keep],
        None if chunk.user is None else chunk.user[keep],
    )


def _unit(settings: _Settings) -> str:
    what = settings.weight_field or "points"
    if settings.per_km2:
        return f"{what} per km2"
    return f"kernel-weighted {what} (QGIS raw)"
