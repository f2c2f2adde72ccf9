"""Upgrade Urbanista workspace: run the installed core's ``workspace upgrade`` in its own process.

QGIS's Python has no geopandas, so the upgrade is the core's own code, run with
the core's Python (``python -m analysis workspace upgrade``) or its ``urbanista``
command, as the SAGA provider runs SAGA: a subprocess, polled so that Cancel
stops it. The core upgrades atomically, so a stopped upgrade leaves the
workspace as it was, and a copy is either complete or absent.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsSettings,
)

from ...workspace_file import FORMAT_VERSION, WorkspaceFileError, read_workspace
from .base import UrbanistaAlgorithm

CORE_PYTHON_ENV = "URBANISTA_CORE_PYTHON"
"""Environment variable naming the core's Python (the one with geopandas)."""
CORE_PYTHON_SETTING = "urbanista/core_python"
"""QgsSettings key naming the core's Python, if the environment does not."""
CORE_COMMAND = "urbanista"
"""The core's command, looked up on PATH last."""
POLL_S = 0.1
"""How often the algorithm looks at the Cancel button while the core runs."""
GRACE_S = 5.0
"""How long a cancelled core may take to clean up before it is killed."""
TIMEOUT_S = 3600.0
"""Longest an upgrade may run: it copies the GeoPackage and its rasters once."""
_PYTHON_ENV = ("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONEXECUTABLE", "PYTHONSAFEPATH")
"""QGIS's own Python settings, which would break another Python (OSGeo4W sets PYTHONHOME)."""


@dataclass(frozen=True)
class Core:
    """How to run the installed core: the command that precedes ``workspace upgrade ...``."""

    command: list[str]
    found_by: str


class UpgradeWorkspace(UrbanistaAlgorithm):
    """Upgrade a workspace to the format the core writes, into a copy unless IN_PLACE."""

    WORKSPACE = "WORKSPACE"
    IN_PLACE = "IN_PLACE"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        """Return the algorithm id within the provider."""
        return "upgrade_workspace"

    def displayName(self) -> str:
        """Return the name shown in the toolbox."""
        return self.tr("Upgrade Urbanista workspace")

    def shortHelpString(self) -> str:
        """Return the help shown beside the parameters."""
        return self.tr(
            "Upgrades an Urbanista workspace of an older format to the format the Urbanista "
            "core writes, with the installed core (as 'urbanista workspace upgrade' does). "
            "By default it writes an upgraded copy, NAME-format{version}.gpkg beside the "
            "workspace (rasters included), and leaves the workspace itself unchanged; "
            '"Upgrade in place" upgrades the file itself. The core is found through the '
            "environment variable {env}, else the setting {setting} (Settings > Options > "
            "Advanced), else the command urbanista on PATH."
        ).format(version=FORMAT_VERSION, env=CORE_PYTHON_ENV, setting=CORE_PYTHON_SETTING)

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        """Declare the workspace, in-place and output parameters."""
        self.addParameter(
            QgsProcessingParameterFile(
                self.WORKSPACE,
                self.tr("Workspace"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter=self.tr("GeoPackage (*.gpkg)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.IN_PLACE, self.tr("Upgrade in place (no copy)"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("Upgraded copy (default: NAME-format{version}.gpkg beside it)").format(
                    version=FORMAT_VERSION
                ),
                fileFilter=self.tr("GeoPackage (*.gpkg)"),
                optional=True,
                createByDefault=False,
            )
        )

    def processAlgorithm(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        """Check the workspace, find the core, run its upgrade and check the result."""
        path = Path(self.parameterAsFile(parameters, self.WORKSPACE, context)).absolute()
        in_place = self.parameterAsBoolean(parameters, self.IN_PLACE, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if in_place and output:
            raise QgsProcessingException(
                self.tr(
                    'Choose either "Upgrade in place" or an upgraded copy, not both: '
                    "leave the copy empty to upgrade {path} itself."
                ).format(path=path)
            )
        version = self._read_version(path)
        if version == FORMAT_VERSION:
            feedback.pushInfo(
                self.tr("{path} has format {version} already: nothing to do.").format(
                    path=path, version=version
                )
            )
            return {self.OUTPUT: str(path)}
        target = path if in_place else self._copy_path(path, output)
        core = self._find_core(feedback)
        feedback.pushInfo(
            self.tr("Upgrading {path} with the Urbanista core ({found_by}).").format(
                path=path, found_by=core.found_by
            )
        )
        extra = ["--in-place"] if in_place else ["-o", str(target)]
        command = [*core.command, "workspace", "upgrade", str(path), *extra]
        feedback.pushCommandInfo(subprocess.list2cmdline(command))
        out = self._run(command, path, feedback)
        if out:
            feedback.pushInfo(out)
        self._check_result(target, feedback)
        feedback.setProgress(100.0)
        return {self.OUTPUT: str(target)}

    def _read_version(self, path: Path) -> str:
        """Return the workspace's format; refuse what the plugin does not read, as Load does."""
        try:
            return read_workspace(path).format_version
        except WorkspaceFileError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def _copy_path(self, path: Path, output: str) -> Path:
        """Return the upgraded copy: ``output``, else ``NAME-formatN.gpkg`` beside ``path``."""
        if output:
            return Path(output).absolute()
        return path.with_name(f"{path.stem}-format{FORMAT_VERSION}{path.suffix}")

    def _find_core(self, feedback: QgsProcessingFeedback) -> Core:
        """Return the first core found: environment, then setting, then PATH.

        A place that names something that cannot be run is skipped with a warning.

        Raises
        ------
        QgsProcessingException
            If no place names a core, saying how to set one.
        """
        places = (
            (
                self.tr("environment variable {name}").format(name=CORE_PYTHON_ENV),
                os.environ.get(CORE_PYTHON_ENV, ""),
            ),
            (
                self.tr("setting {name}").format(name=CORE_PYTHON_SETTING),
                str(QgsSettings().value(CORE_PYTHON_SETTING, "") or ""),
            ),
        )
        for found_by, python in places:
            if not python:
                continue
            if Path(python).is_file() and os.access(python, os.X_OK):
                # -P: not the current folder first on sys.path (the core needs Python >= 3.11).
                return Core([python, "-P", "-m", "analysis"], f"{found_by}: {python}")
            feedback.pushWarning(
                self.tr("The {place} names {python}, which is not a program: ignored.").format(
                    place=found_by, python=python
                )
            )
        command = shutil.which(CORE_COMMAND)
        if command:
            return Core([command], self.tr("{command} on PATH").format(command=command))
        raise QgsProcessingException(
            self.tr(
                "No Urbanista core found to run the upgrade (QGIS's own Python cannot run "
                "it). Install Urbanista, then either set the environment variable {env} or "
                "the QGIS setting {setting} (Settings > Options > Advanced, or in the Python "
                'console: QgsSettings().setValue("{setting}", PATH)) to the Python of the '
                "Urbanista core, such as .../urbanista/.venv/bin/python or "
                "C:\\Urbanista\\python.exe, or put the urbanista command on PATH. You can "
                "also run 'urbanista workspace upgrade WORKSPACE' yourself."
            ).format(env=CORE_PYTHON_ENV, setting=CORE_PYTHON_SETTING)
        )

    def _run(self, command: list[str], path: Path, feedback: QgsProcessingFeedback) -> str:
        """Run the core; return what it printed, or raise with its error line.

        Raises
        ------
        QgsProcessingException
            If the core cannot be started, fails, runs too long or is cancelled.
        """
        env = {key: value for key, value in os.environ.items() if key not in _PYTHON_ENV}
        env["PYTHONIOENCODING"] = "utf-8"  # Polish paths, whatever the console code page
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as exc:
            raise QgsProcessingException(
                self.tr("Cannot start the Urbanista core {command}: {error}").format(
                    command=command[0], error=exc.strerror or exc
                )
            ) from exc
        stdout, stderr = self._wait(proc, feedback)
        out = stdout.decode("utf-8", "replace").strip()
        if proc.returncode == 0:
            return out
        lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise QgsProcessingException(
            self.tr("The Urbanista core could not upgrade {path}: {error}").format(
                path=path,
                error=lines[-1].strip()
                if lines
                else self.tr("it stopped with exit code {code}").format(code=proc.returncode),
            )
        )

    def _wait(
        self, proc: subprocess.Popen[bytes], feedback: QgsProcessingFeedback
    ) -> tuple[bytes, bytes]:
        """Collect ``proc``'s output until it ends; stop it if the user cancels.

        Raises
        ------
        QgsProcessingException
            If the user cancelled or the core ran longer than :data:`TIMEOUT_S`.
        """
        waited = 0.0
        while True:
            try:
                return proc.communicate(timeout=POLL_S)
            except subprocess.TimeoutExpired:
                waited += POLL_S
            if feedback.isCanceled():
                _stop(proc)
                raise QgsProcessingException(
                    self.tr(
                        "Cancelled: the upgrade was stopped. The core upgrades atomically, so "
                        "nothing half-upgraded is left behind."
                    )
                )
            if waited > TIMEOUT_S:
                _stop(proc)
                raise QgsProcessingException(
                    self.tr("The Urbanista core did not finish the upgrade within {s} s.").format(
                        s=int(TIMEOUT_S)
                    )
                )

    def _check_result(self, target: Path, feedback: QgsProcessingFeedback) -> None:
        """Read the upgraded workspace back; say so if the core wrote a newer format.

        Raises
        ------
        QgsProcessingException
            If the core reported success but left no workspace at ``target``.
        """
        if not target.is_file():
            raise QgsProcessingException(
                self.tr("The Urbanista core reported success but wrote no {path}.").format(
                    path=target
                )
            )
        try:
            version = read_workspace(target).format_version
        except WorkspaceFileError as exc:  # an installed core newer than this plugin
            feedback.pushWarning(str(exc))
            return
        feedback.pushInfo(
            self.tr("{path} has workspace format {version}.").format(path=target, version=version)
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End ``proc``: an interrupt first on POSIX, so the core removes its staging file."""
    if os.name == "posix":
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=GRACE_S)
            return
        except subprocess.TimeoutExpired:
            pass
    proc.kill()
    proc.communicate()
