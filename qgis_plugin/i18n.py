"""Translation of user-visible strings (context "Urbanista", to be translated to Polish)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "Urbanista"


def tr(text: str) -> str:
    """Return ``text`` translated in the context "Urbanista".

    Call it where the string is shown, never at import time, so it sees the translator.
    """
    return QCoreApplication.translate(CONTEXT, text)
