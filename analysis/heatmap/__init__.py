"""Heatmaps: kernel density of points and distinct-activity density of tracks."""
