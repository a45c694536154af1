"""Fixtures several test files share."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import run


@pytest.fixture(scope="session")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files `handouts init` writes: an example profile, clinic file and roster."""
    folder = tmp_path_factory.mktemp("starter")
    assert run("init", folder / "start").exit_code == 0
    return folder / "start"
