"""What every suite shares: pseudonym keys never touch the user's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_key_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Pseudonym keys go to a folder of this session (``URBANISTA_KEY_DIR``, which the QGIS
    suite's engines inherit), never to the user's data folder."""
    folder = tmp_path_factory.mktemp("keys")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("URBANISTA_KEY_DIR", str(folder))
        yield folder
