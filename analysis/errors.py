"""The exceptions Urbanista raises on purpose.

One root, :class:`UrbanistaError`; each subclass also inherits the builtin it
refines, so callers that only know Python's exceptions still catch them.
Messages name the file, the line or feature where known, and what to do.
"""


class UrbanistaError(Exception):
    """Root of every error Urbanista raises on purpose."""


class InputError(UrbanistaError, ValueError):
    """Input data or a parameter is wrong: a bad file, a bad CRS, an empty layer."""


class WorkspaceError(UrbanistaError, OSError):
    """A workspace cannot be created, opened or written."""


class Cancelled(UrbanistaError):
    """The user cancelled a long operation; nothing was written."""


class OutputError(UrbanistaError, OSError):
    """An output file (report, map, GeoTIFF...) cannot be written where asked."""
