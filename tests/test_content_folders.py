"""What a clinic's content folder may hold: every YAML file in it is read, and nothing that
looks like one is skipped without a word (attack finding D12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handouts.errors import HandoutsError
from handouts.inputs.content import load_content

from support import FIXTURES, run


def test_a_content_file_named_in_capitals_is_read_not_skipped() -> None:
    with pytest.raises(HandoutsError, match="no-such-id"):
        load_content([FIXTURES / "overlay-upper-case"])


@pytest.mark.parametrize("kind", ["fifo", "device link", "folder"])
def test_a_yaml_name_that_is_not_a_regular_file_is_refused_by_name(
        tmp_path: Path, kind: str) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    odd = overlay / "a.yaml"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "device link":
        odd.symlink_to("/dev/zero")
    else:
        odd.mkdir()
    with pytest.raises(HandoutsError, match="not a regular file") as refused:
        load_content([overlay])
    assert str(odd) in str(refused.value)


def test_validate_names_a_fifo_in_a_content_folder(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    os.mkfifo(overlay / "questions.yaml")
    result = run("validate", overlay)
    assert result.exit_code == 1
    assert f"{overlay / 'questions.yaml'}" in result.stderr and "not a regular file" in result.stderr
