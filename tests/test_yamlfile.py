"""Strict YAML: values stay as typed, duplicates and tags are refused, every path has a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import HandoutsError
from handouts.inputs.yamlfile import load


def write(tmp_path: Path, text: str | bytes) -> Path:
    file = tmp_path / "f.yaml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    return file


def test_values_stay_the_strings_that_were_typed(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "phone: 0123\ntime: 12:30\nanswer: no\non: yes\nv: 1.10\nd: 2026-01-02\n"))
    assert doc.value == {"phone": "0123", "time": "12:30", "answer": "no", "on": "yes",
                         "v": "1.10", "d": "2026-01-02"}


def test_empty_values_are_none(tmp_path: Path) -> None:
    assert load(write(tmp_path, "a:\nb: ~\n")).value == {"a": None, "b": None}


def test_every_path_knows_its_line(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "a: 1\nteam:\n  - role: nurse\n    phone: '1'\n"))
    assert doc.line(("team", 0, "phone")) == 4
    assert doc.line(("team", 0, "missing")) == 3


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    with pytest.raises(HandoutsError) as err:
        load(write(tmp_path, "a: 1\nb: 2\na: 3\n"))
    assert err.value.first.line == 3
    assert "first on line 1" in err.value.first.message


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    with pytest.raises(HandoutsError) as err:
        load(write(tmp_path, "a: !!python/object/apply:os.system ['touch pwned']\n"))
    assert "tags" in str(err.value)
    assert not Path("pwned").exists()


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(HandoutsError) as err:
        load(write(tmp_path, "a: 1\nb: [1, 2\nc: 3\n"))
    assert err.value.first.line is not None and err.value.first.line >= 2


def test_a_byte_order_mark_is_fine_but_other_encodings_are_refused(tmp_path: Path) -> None:
    assert load(write(tmp_path, "\ufeffname: Zoë\n".encode("utf-8"))).value == {"name": "Zoë"}
    with pytest.raises(HandoutsError, match="not UTF-8"):
        load(write(tmp_path, "name: Zoë\n".encode("latin-1")))


def test_anchors_cannot_blow_up_memory(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]")
    with pytest.raises(HandoutsError, match="more than"):
        load(write(tmp_path, "\n".join(lines) + "\n"))


def test_missing_file_and_folder_get_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(HandoutsError, match="no such"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(HandoutsError, match="folder"):
        load(tmp_path)
