"""Fixtures several test files share, and the guard that keeps the suite free of system programs.

The README promises that `pip install -e '.[test]' && python -m pytest` passes on a machine with
Python and nothing else. A test that shells out to poppler would pass wherever poppler happens to
be installed and fail on that machine, so any test that launches one fails here, even where the
program exists:
- in this process, an audit hook sees every way Python starts a program (subprocess, os.system,
  os.exec*, os.spawn*, os.posix_spawn), refuses a banned one and records it;
- in child processes (an installed `handouts`, `python cli.py`), a folder first on the PATH holds
  stand-ins under the banned names that record the launch and exit 127.
After each test, anything recorded fails it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import run

pytest_plugins = ["pytester"]

BANNED = ("pdftotext", "pdftoppm", "pdffonts")
_BANNED_WORD = re.compile(r"(?<![\w.-])(?:[^\s'\"]*/)?(" + "|".join(BANNED) + r")(?![\w.-])")
_SHELLS = {"sh", "bash", "dash", "zsh"}


class BannedProgram(RuntimeError):
    """A test tried to start a program a bare machine does not have."""


class Launches:
    """What was launched since the last check: names, in order."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.log: Path | None = None  # where the PATH stand-ins write, one name a line

    def take(self) -> list[str]:
        found, self.seen = self.seen, []
        if self.log is not None and self.log.exists():
            found += self.log.read_text(encoding="utf-8").split()
            self.log.unlink()
        return found


LAUNCHES = Launches()


def _banned_in(program: Any, args: Any) -> str | None:
    """The banned program a launch starts, directly or through a shell's command line."""
    name = os.path.basename(os.fsdecode(program))
    if name in BANNED:
        return name
    if name in _SHELLS:
        words = args if isinstance(args, (list, tuple)) else [args]
        match = _BANNED_WORD.search(" ".join(os.fsdecode(w) for w in words))
        return match.group(1) if match else None
    return None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event in ("subprocess.Popen", "os.exec", "os.posix_spawn"):
        program, argv = args[0], args[1]
    elif event == "os.spawn":
        program, argv = args[1], args[2]
    elif event == "os.system":
        program, argv = "sh", args[0]
    else:
        return
    name = _banned_in(program, argv)
    if name is not None:
        LAUNCHES.seen.append(name)
        raise BannedProgram(f"a test started {name}: read PDFs with pypdfium2 or pypdf instead; "
                            f"the suite must pass on a machine without poppler")


sys.addaudithook(_audit)


@pytest.fixture(scope="session", autouse=True)
def _banned_programs_on_the_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Stand-ins for the banned programs, first on the PATH of every child process."""
    folder = tmp_path_factory.mktemp("banned-programs")
    LAUNCHES.log = folder / "launched.log"
    for name in BANNED:
        stand_in = folder / name
        stand_in.write_text(f'#!/bin/sh\necho {name} >> "{LAUNCHES.log}"\n'
                            f'echo "{name} is not a dependency of the tests" >&2\nexit 127\n',
                            encoding="utf-8")
        stand_in.chmod(0o755)
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(folder), old]) if old else str(folder)
    try:
        yield
    finally:
        os.environ["PATH"] = old
        LAUNCHES.log = None


@pytest.fixture(scope="session", autouse=True)
def _content_cache_in_a_test_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The content cache (inputs/content_cache.py) of this run, never the user's own."""
    old = os.environ.get("HANDOUTS_CACHE_DIR")
    os.environ["HANDOUTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("content-cache"))
    try:
        yield
    finally:
        if old is None:
            del os.environ["HANDOUTS_CACHE_DIR"]
        else:
            os.environ["HANDOUTS_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def _no_banned_program_was_started() -> Iterator[None]:
    LAUNCHES.take()
    yield
    started = LAUNCHES.take()
    if started:
        pytest.fail(f"this test started {', '.join(started)}, which a bare machine lacks; "
                    f"read PDFs with pypdfium2 or pypdf", pytrace=False)


@pytest.fixture
def launches() -> Launches:
    """For the tests of the guard itself: what was launched, taken (and so forgiven) by them."""
    return LAUNCHES


@pytest.fixture(scope="session")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files `handouts init` writes: an example profile, clinic file and roster."""
    folder = tmp_path_factory.mktemp("starter")
    assert run("init", folder / "start").exit_code == 0
    return folder / "start"
