"""The exceptions Urbanista raises on purpose.

One root, :class:`UrbanistaError`; each subclass also inherits the builtin it
refines, so callers that only know Python's exceptions still catch them.
Messages name the file, the line or feature where known, and what to do.
"""


class UrbanistaError(Exception):
    """Root of every error Urbanista raises on purpose."""


class InputError(UrbanistaError, ValueError):
    """Input data or a parameter is wrong: a bad file, a bad CRS, an empty layer."""


class ParameterError(InputError):
    """A parameter is not finite, out of its range, or would make too much work.

    ``name`` is the parameters dataclass field (``pixel_m``) and ``flag`` the
    CLI option that sets it (``--pixel``), if any; the message names both.
    """

    def __init__(self, name: str, flag: str | None, problem: str) -> None:
        self.name, self.flag, self.problem = name, flag, problem
        super().__init__(f"{flag or name}: {problem}")


class WorkspaceError(UrbanistaError, OSError):
    """A workspace cannot be created, opened or written."""


class Cancelled(UrbanistaError):
    """The user cancelled a long operation; nothing was written."""


class OutputError(UrbanistaError, OSError):
    """An output file (report, map, GeoTIFF...) cannot be written where asked."""
