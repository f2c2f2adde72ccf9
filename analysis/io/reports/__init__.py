"""Citizen reports: CSV, XLSX, GeoJSON and Open311 GeoReport v2 JSON into a workspace layer.

``import_reports(workspace, paths, ReportImportParams(...))`` reads files,
folders and ZIP archives (:mod:`.inputs`, :mod:`.readers`), finds the columns
(:mod:`.columns`), normalises categories, statuses, dates and coordinates
(:mod:`.normalize`, :mod:`.records`), keeps one record per report number
(:mod:`.merge`) and writes the layer in one transaction (:mod:`.importer`).
"""

from analysis.io.reports.importer import ReportImportParams, import_reports

__all__ = ["ReportImportParams", "import_reports"]
