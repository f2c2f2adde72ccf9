"""Hot numeric kernels (heatmap binning and convolution, coverage, siting).

Only numpy (>= 1.24) and the standard library may be imported here: the QGIS
plugin calls these functions inside QGIS's own Python, which has no geopandas,
shapely or scipy. Kernels take arrays and a parameters dataclass and return
arrays; coordinates are plain floats in the caller's metric CRS.
"""
