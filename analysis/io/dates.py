"""When a file's records can have happened: not after tomorrow by this computer's clock."""

from __future__ import annotations

import numpy as np

AHEAD = np.timedelta64(1, "D")
"""How far past the computer's clock a record may be dated (time zones, clock drift)."""


def latest_plausible() -> np.datetime64:
    """The latest time a file may record, in UTC (``datetime64[ms]``): now plus :data:`AHEAD`."""
    return np.datetime64(np.datetime64("now", "ms") + AHEAD)
