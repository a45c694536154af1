"""Every bad input gets one clear message naming file, line and field; exit 1; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, run


def build_with(tmp_path: Path, *args: object) -> tuple[int, str, Path]:
    out = tmp_path / "p.pdf"
    result = run("build", *args, "-o", out)
    return result.exit_code, result.output, out


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("profile-duplicate-key.yaml", ["profile-duplicate-key.yaml:4", "relapse_site", "twice"]),
        ("profile-unknown-key.yaml", ["profile-unknown-key.yaml:2", "relapse_sit", "did you mean 'relapse_site'"]),
        ("profile-unknown-treatment.yaml", [":4", "treatments[2]", "'car-tt'", "did you mean 'car-t'"]),
        ("profile-unknown-question.yaml", [":2", "include_questions[1]", "no-such-question"]),
        ("profile-wrong-type.yaml", [":1", "child_name", "expected text, got a list"]),
        ("profile-syntax-error.yaml", ["profile-syntax-error.yaml:", "YAML syntax error"]),
        ("profile-python-tag.yaml", [":1", "tags"]),
        ("profile-bad-date.yaml", [":2", "appointment_date", "YYYY-MM-DD"]),
        ("profile-compact-date.yaml", [":2", "appointment_date", "got '20261205'"]),
        ("profile-unprintable-name.yaml", ["child_name", "cannot print", "U+738B"]),
    ],
)
def test_bad_profile_names_file_line_and_field(tmp_path: Path, fixture: str, expected: list[str]) -> None:
    code, output, out = build_with(tmp_path, "--profile", FIXTURES / fixture)
    assert code == 1
    assert "Traceback" not in output
    for part in expected:
        assert part in output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_every_problem_in_a_profile_is_reported_at_once(tmp_path: Path) -> None:
    code, output, _ = build_with(tmp_path, "--profile", FIXTURES / "profile-wrong-type.yaml")
    assert code == 1
    assert "child_name" in output and "custom_questions" in output


def test_bad_clinic_value_names_its_line(tmp_path: Path) -> None:
    code, output, _ = build_with(tmp_path, "--clinic", FIXTURES / "clinic-bad-duration.yaml")
    assert code == 1
    assert "clinic-bad-duration.yaml:5: fever_duration_minutes: expected a number, got 'no'" in output


def test_missing_profile_file(tmp_path: Path) -> None:
    code, output, _ = build_with(tmp_path, "--profile", tmp_path / "nope.yaml")
    assert code == 1
    assert "nope.yaml: no such profile" in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build", "--paper", "legal", "-o", tmp_path / "x.pdf").exit_code == 2
    assert run("build", "--date", "28/11/2026", "-o", tmp_path / "x.pdf").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_unknown_language_option_suggests_the_closest(tmp_path: Path) -> None:
    code, output, _ = build_with(tmp_path, "--lang", "esp")
    assert code == 1
    assert "did you mean 'es'" in output


def test_an_existing_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    out.write_bytes(b"keep me")
    result = run("build", "-o", out)
    assert result.exit_code == 1
    assert "already exists; use --force" in result.output
    assert out.read_bytes() == b"keep me"
    assert run("build", "-o", out, "--force").exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    result = run("build", "-o", tmp_path)
    assert result.exit_code == 1
    assert "is a folder" in result.output


def test_validate_reports_all_files_and_exits_1(tmp_path: Path) -> None:
    result = run("validate", FIXTURES / "profile-unknown-key.yaml", FIXTURES / "clinic-bad-duration.yaml",
                 FIXTURES / "clinic-strings-stay.yaml")
    assert result.exit_code == 1
    assert "profile-unknown-key.yaml:2" in result.output
    assert "clinic-bad-duration.yaml:5" in result.output


def test_validate_passes_good_files() -> None:
    result = run("validate", FIXTURES / "clinic-strings-stay.yaml", FIXTURES / "profile-markup.yaml")
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output
