"""Activity tracks (GPX, TCX, FIT, Strava and Garmin exports) into a workspace."""

from analysis.io.tracks.importer import TrackImportParams, import_tracks

__all__ = ["TrackImportParams", "import_tracks"]
