"""The plugin's life cycle in QGIS: metadata, classFactory, initGui and unload."""

from __future__ import annotations

import configparser
import logging
import shutil
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import qgis.utils
from qgis.core import Qgis, QgsApplication
from qgis.gui import QgisInterface

from qgis_plugin import classFactory
from qgis_plugin.plugin import LOGGERS, UrbanistaPlugin

REPO = Path(__file__).resolve().parents[2]

ALGORITHM_IDS = [
    "urbanista:load_workspace",
    "urbanista:pointheatmap",
    "urbanista:trackdensity",
    "urbanista:upgrade_workspace",
]


def registry_ids() -> tuple[bool, list[str]]:
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("urbanista")
    ids = sorted(a.id() for a in provider.algorithms()) if provider else []
    return provider is not None, ids


@pytest.fixture
def messages() -> Iterator[list[tuple[str, str, Qgis.MessageLevel]]]:
    """Messages that reach the QGIS message log during the test."""
    received: list[tuple[str, str, Qgis.MessageLevel]] = []

    def record(message: str, tag: str, level: Qgis.MessageLevel) -> None:
        received.append((message, tag, level))

    QgsApplication.messageLog().messageReceived.connect(record)
    yield received
    QgsApplication.messageLog().messageReceived.disconnect(record)


def test_metadata_declares_the_processing_plugin() -> None:
    parser = configparser.ConfigParser()
    parser.read(REPO / "qgis_plugin" / "metadata.txt", encoding="utf-8")
    meta = parser["general"]
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

    assert meta["name"] == "Urbanista"
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["version"] == pyproject["project"]["version"] == "0.1.0"
    assert meta["hasProcessingProvider"] == "yes"
    assert meta["category"] == "Analysis"
    for key in ("description", "about", "author", "email", "license"):
        assert meta[key].strip(), key


def test_init_gui_registers_the_provider_and_unload_removes_it(
    qgis_iface: QgisInterface, qgis_processing: None
) -> None:
    plugin = classFactory(qgis_iface)
    assert isinstance(plugin, UrbanistaPlugin)
    assert registry_ids() == (False, [])  # classFactory alone registers nothing

    plugin.initGui()
    registered = registry_ids()
    provider = QgsApplication.processingRegistry().providerById("urbanista")
    name = provider.name()
    plugin.unload()

    assert registered == (True, ALGORITHM_IDS)
    assert name == "Urbanista"
    assert registry_ids() == (False, [])
    assert QgsApplication.processingRegistry().algorithmById(ALGORITHM_IDS[0]) is None


def test_the_plugin_can_be_loaded_again_after_unload(
    qgis_iface: QgisInterface, qgis_processing: None
) -> None:
    for _ in range(2):
        plugin = classFactory(qgis_iface)
        plugin.initGui()
        assert registry_ids() == (True, ALGORITHM_IDS)
        plugin.unload()
        assert registry_ids() == (False, [])


def test_python_logging_goes_to_the_message_log_until_unload(
    qgis_iface: QgisInterface,
    qgis_processing: None,
    messages: list[tuple[str, str, Qgis.MessageLevel]],
) -> None:
    assert LOGGERS == ("analysis", "qgis_plugin")
    levels_before = [logging.getLogger(name).level for name in LOGGERS]
    handlers_before = [list(logging.getLogger(name).handlers) for name in LOGGERS]
    plugin = classFactory(qgis_iface)
    plugin.initGui()

    logging.getLogger("analysis.workspace").info("zapisano %d warstwy", 4)
    logging.getLogger("qgis_plugin.processing").warning("uwaga")
    try:
        raise ValueError("zły plik")
    except ValueError:
        logging.getLogger("analysis.io").exception("import failed")
    logging.getLogger("analysis").debug("below INFO: not routed")
    plugin.unload()
    logging.getLogger("analysis.workspace").error("after unload: not routed")

    ours = [(m, level) for m, tag, level in messages if tag == "Urbanista"]
    assert ours[:2] == [
        ("analysis.workspace: zapisano 4 warstwy", Qgis.MessageLevel.Info),
        ("qgis_plugin.processing: uwaga", Qgis.MessageLevel.Warning),
    ]
    failure, level = ours[2]
    assert level == Qgis.MessageLevel.Critical
    assert failure.startswith("analysis.io: import failed\nTraceback")
    assert failure.endswith("ValueError: zły plik")
    assert len(ours) == 3
    assert [logging.getLogger(name).level for name in LOGGERS] == levels_before
    assert [list(logging.getLogger(name).handlers) for name in LOGGERS] == handlers_before


def test_qgis_loads_the_folder_as_a_plugin_whatever_its_name(
    tmp_path: Path,
    qgis_iface: QgisInterface,
    qgis_processing: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """QGIS names the package after its folder: install it as "urbanista" and load it."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "qgis_plugin", tmp_path / "urbanista", ignore=ignore)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(qgis.utils, "plugin_paths", [str(tmp_path)])
    qgis.utils.updateAvailablePlugins()

    assert qgis.utils.pluginMetadata("urbanista", "hasProcessingProvider") == "yes"
    assert qgis.utils.loadPlugin("urbanista")
    assert qgis.utils.startPlugin("urbanista")  # imports, classFactory, initGui
    try:
        assert registry_ids() == (True, ALGORITHM_IDS)
        assert sys.modules["urbanista.plugin"].LOGGERS == ("analysis", "urbanista")
    finally:
        assert qgis.utils.unloadPlugin("urbanista")
    assert registry_ids() == (False, [])
    assert "urbanista.plugin" not in sys.modules
    # QGIS 3.22's unloader keeps intermediate packages (urbanista.processing): drop them.
    for name in [m for m in sys.modules if m.partition(".")[0] == "urbanista"]:
        del sys.modules[name]
