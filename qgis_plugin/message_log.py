"""Route Python ``logging`` records to the QGIS message log.

The core only calls ``logging.getLogger(__name__)``; this face attaches one
handler that writes to :class:`QgsMessageLog`, which is safe to call from any
thread (QGIS delivers the message to the log panel on the main thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from qgis.core import Qgis, QgsMessageLog

TAG = "Urbanista"
"""Tab of the Log Messages panel the records go to."""


def _qgis_level(levelno: int) -> Qgis.MessageLevel:
    if levelno >= logging.ERROR:
        return Qgis.MessageLevel.Critical
    if levelno >= logging.WARNING:
        return Qgis.MessageLevel.Warning
    return Qgis.MessageLevel.Info


class MessageLogHandler(logging.Handler):
    """A logging handler that writes formatted records, tracebacks included, to the log."""

    def __init__(self, tag: str = TAG, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.tag = tag
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:  # noqa: D102
        try:
            QgsMessageLog.logMessage(self.format(record), self.tag, _qgis_level(record.levelno))
        except Exception:
            self.handleError(record)


def route_to_message_log(
    logger_names: Iterable[str], level: int = logging.INFO, tag: str = TAG
) -> Callable[[], None]:
    """Send records of ``logger_names`` at ``level`` or above to the message log.

    Loggers whose level would drop such records are lowered to ``level``.

    Returns
    -------
    Callable[[], None]
        Undoes exactly this call: removes the handler and restores the levels.
    """
    handler = MessageLogHandler(tag)
    saved: list[tuple[logging.Logger, int]] = []
    for name in logger_names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)

    def undo() -> None:
        for logger, old_level in saved:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
        handler.close()

    return undo
