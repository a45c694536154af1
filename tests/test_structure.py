"""The package's shape: what a newcomer can rely on when finding their way around."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

from support import run

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "handouts"
MAX_MODULE_LINES = 400

CARD = """
import sys
{first}
from handouts.build import load_inputs
from handouts.packet.card import build_card
from handouts.render.card import render_card
inputs = load_inputs(None, None)
sys.stdout.buffer.write(render_card(build_card(inputs.profile, None, inputs.content)))
"""


def _python(code: str) -> bytes:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          check=True).stdout


def test_the_card_is_the_same_bytes_whatever_was_imported_first() -> None:
    alone = _python(CARD.format(first=""))
    after_packet_renderer = _python(CARD.format(first="import handouts.render.pdf"))
    assert alone.startswith(b"%PDF-")
    assert alone == after_packet_renderer


def test_importing_the_packet_renderer_changes_no_reportlab_setting() -> None:
    code = ("from reportlab import rl_config; before = dict(vars(rl_config)); "
            "import handouts.render.pdf, handouts.render.card; "
            "print(sorted(k for k, v in vars(rl_config).items() if before.get(k, v) != v))")
    assert _python(code).strip() == b"[]"


def test_validate_does_not_import_the_batch_machinery() -> None:
    code = ("import sys, handouts.inputs.validate; "
            "print(sorted(m for m in sys.modules if m.startswith('handouts.batch')))")
    assert _python(code).strip() == b"[]"


def test_the_command_line_starts_without_reportlab() -> None:
    code = ("import sys, handouts.commands; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))")
    assert _python(code).strip() == b"[]"


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_longer_than_a_newcomer_can_read(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module.relative_to(ROOT)} has {lines} lines"


def test_every_package_folder_is_installed() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert folders <= listed
    assert "handouts.data" in listed


def test_validate_and_batch_agree_on_a_roster_saved_as_text(tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("child_name,language\nAna,es\nBen,en\n", encoding="utf-8")
    checked = run("validate", roster)
    assert checked.exit_code == 0, checked.output
    assert "2 children" in checked.output
    built = run("batch", roster, "--out-dir", tmp_path / "out", "--jobs", "1",
                "--date", "2026-11-28")
    assert built.exit_code == 0, built.output
    assert "built 2" in built.output


def test_a_bug_is_one_line_and_exit_code_3_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import handouts.listing

    def broken(*args: object, **kwargs: object) -> list[str]:
        raise ZeroDivisionError("made for this test")

    monkeypatch.setattr(handouts.listing, "list_lines", broken)
    monkeypatch.delenv("HANDOUTS_DEBUG", raising=False)
    result = run("list", "topics")
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError; please report it" in result.output
    assert "made for this test" not in result.output  # a bug's message may hold a child's name
    assert "Traceback" not in result.output
