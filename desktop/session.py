"""What the app remembers between runs, in QSettings: recent workspaces, the view, a clean exit.

Workspace writes are atomic (the core's transactions), so a killed app loses at
most the operation that was running. What it would lose besides is the
session: which workspace was open, where the map looked, which layers were
shown. The session is saved as it changes, and a flag marks a run as
*running* until it ends cleanly; finding the flag set at the next start means
the last run was killed, and the app offers to restore that session.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

MAX_RECENT = 8


@dataclass
class SessionState:
    """The part of a run worth restoring after a crash."""

    workspace: str | None = None
    extent: tuple[float, float, float, float] | None = None
    """The map's view: (xmin, ymin, xmax, ymax) in the workspace CRS."""
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per layer name: visible, opacity, colour..."""
    operation: str | None = None
    """The long operation running when the state was saved, if any."""


class Session:
    """Settings of the app, kept in ``settings`` (the user's QSettings by default)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or QSettings("Urbanista", "Urbanista")

    # Recent workspaces
    def recent(self) -> list[str]:
        """Workspaces opened lately, newest first, those that still exist."""
        paths = self._list("recent")
        return [p for p in paths if Path(p).is_file()]

    def add_recent(self, path: str | Path) -> None:
        """Put ``path`` first in the recent list."""
        text = str(Path(path).resolve())
        paths = [text] + [p for p in self._list("recent") if p != text]
        self.settings.setValue("recent", json.dumps(paths[:MAX_RECENT]))

    # Preferences
    def value(self, key: str, default: Any = None) -> Any:
        """A preference (``language``, ``high_contrast``...), JSON-decoded."""
        raw = self.settings.value(f"prefs/{key}")
        return default if raw is None else json.loads(str(raw))

    def set_value(self, key: str, value: Any) -> None:
        """Store a JSON-ready preference."""
        self.settings.setValue(f"prefs/{key}", json.dumps(value))
        self.settings.sync()

    # Crash recovery
    def start(self) -> SessionState | None:
        """Mark this run as running; return the last run's state if it did not end cleanly."""
        interrupted = self.settings.value("running") == "1"
        state = self.state() if interrupted else None
        self.settings.setValue("running", "1")
        self.settings.sync()
        return state if state and state.workspace else None

    def save(self, state: SessionState) -> None:
        """Store ``state``; called as it changes, so a kill loses nothing of it."""
        self.settings.setValue("session", json.dumps(asdict(state)))
        self.settings.sync()

    def state(self) -> SessionState:
        """The last saved state."""
        raw = self.settings.value("session")
        if not raw:
            return SessionState()
        data = json.loads(str(raw))
        extent = tuple(data["extent"])[:4] if data.get("extent") else None
        return SessionState(
            data.get("workspace"), extent, data.get("layers") or {}, data.get("operation")
        )

    def end(self) -> None:
        """Mark a clean exit."""
        self.settings.setValue("running", "0")
        self.settings.sync()

    def _list(self, key: str) -> list[str]:
        raw = self.settings.value(key)
        try:
            value = json.loads(str(raw)) if raw else []
        except json.JSONDecodeError:
            return []
        return [str(v) for v in value] if isinstance(value, list) else []
