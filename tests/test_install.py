"""The three ways in: a regular install, an editable install, and running from the checkout.

The content pack lives in the top-level `data/` folder. A regular install must carry it inside
the package as `handouts/data` (setup.cfg maps it in), and must not put the checkout's `cli.py`
or a top-level `data` package into site-packages. An editable install and the checkout read
`<checkout>/data`. Each install here is real: a clean venv (no system site-packages) and pip,
from a copy of the checkout so that the build leaves nothing behind in it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT = 600  # seconds; a warm pip cache takes about 5

# Not copied: VCS data, virtual environments, build leftovers and caches at the top, and bytecode.
_TOP_LEVEL_SKIPS = {
    ".git",
    ".ci-venv",
    ".venv",
    "venv",
    "build",
    "dist",
    "out",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
}


def _ignore(folder: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".egg-info"))}
    if Path(folder) == REPO:
        skip |= {n for n in names if n in _TOP_LEVEL_SKIPS or n.endswith(".pdf")}
    return skip


# Run inside a venv, from a folder outside the checkout: where things were found.
_PROBE = """
import importlib.util, json, sys, sysconfig
import handouts, handouts.resources
print(json.dumps({
    "handouts": handouts.__file__,
    "data_dir": str(handouts.resources.data_dir()),
    "purelib": sysconfig.get_paths()["purelib"],
    "cli": importlib.util.find_spec("cli") is not None,
    "data": importlib.util.find_spec("data") is not None,
}))
"""


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _run(args: list[str | Path], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(a) for a in args],
        check=False,
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}\n"
        f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc


def _content_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }


def _version() -> str:
    text = (REPO / "handouts" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert match, "handouts/__init__.py has no __version__"
    return match.group(1)


class Installed:
    def __init__(self, root: Path, source: Path, elsewhere: Path) -> None:
        self.root = root  # the venv
        self.source = source  # the copy of the checkout it was installed from
        self.elsewhere = elsewhere  # an empty folder outside both, to run things from
        self.python = root / "bin" / "python"
        self.script = root / "bin" / "handouts"

    def probe(self) -> dict:
        return json.loads(_run([self.python, "-c", _PROBE], cwd=self.elsewhere).stdout)


def _install(tmp: Path, editable: bool) -> Installed:
    source = tmp / "src"
    shutil.copytree(REPO, source, ignore=_ignore, symlinks=True)
    root = tmp / "venv"
    venv.EnvBuilder(with_pip=True, clear=True, system_site_packages=False).create(root)
    target = ["-e", source] if editable else [source]
    _run(
        [root / "bin" / "python", "-m", "pip", "install", "-q", *target],
        cwd=tmp,
        timeout=INSTALL_TIMEOUT,
    )
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return Installed(root, source, elsewhere)


@pytest.fixture(scope="module")
def regular(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return _install(tmp_path_factory.mktemp("regular"), editable=False)


@pytest.fixture(scope="module")
def editable(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return _install(tmp_path_factory.mktemp("editable"), editable=True)


# (1) pip install .


@pytest.mark.slow
def test_regular_install_carries_the_content_inside_the_package(regular: Installed) -> None:
    found = regular.probe()
    purelib = Path(found["purelib"])
    assert purelib.is_relative_to(regular.root)
    assert Path(found["handouts"]) == purelib / "handouts" / "__init__.py"
    data_dir = Path(found["data_dir"])
    assert data_dir == purelib / "handouts" / "data"
    shipped = _content_files(data_dir)
    expected = _content_files(regular.source / "data")
    assert any(name.endswith(".yaml") for name in expected)
    assert shipped == expected, "handouts/data differs from the checkout's data/"


@pytest.mark.slow
def test_regular_install_adds_no_top_level_cli_or_data(regular: Installed) -> None:
    found = regular.probe()
    purelib = Path(found["purelib"])
    assert not (purelib / "cli.py").exists()
    assert not (purelib / "data").exists()
    assert not found["cli"], "a module `cli` is importable from the venv"
    assert not found["data"], "a package `data` is importable from the venv"
    records = list(purelib.glob("handouts-*.dist-info/RECORD"))
    assert len(records) == 1
    for line in records[0].read_text(encoding="utf-8").splitlines():
        path = line.rsplit(",", 2)[0]
        assert path.startswith(("handouts/", "handouts-", "../../../bin/handouts")), path


# (2) pip install -e .


@pytest.mark.slow
def test_editable_install_reads_the_checkout_content(editable: Installed) -> None:
    found = editable.probe()
    assert Path(found["handouts"]) == editable.source / "handouts" / "__init__.py"
    assert Path(found["data_dir"]) == editable.source / "data"
    assert not (editable.source / "handouts" / "data").exists()
    assert not found["cli"], "an editable install put the checkout's cli.py on sys.path"
    assert not found["data"], "an editable install made `data` importable"


# (3) the checkout itself, as `python cli.py` and `python -m pytest` from it see it


def test_checkout_reads_the_top_level_content() -> None:
    code = "import handouts, handouts.resources as r; print(handouts.__file__); print(r.data_dir())"
    out = _run([sys.executable, "-c", code], cwd=REPO).stdout.splitlines()
    assert Path(out[0]) == REPO / "handouts" / "__init__.py"
    assert Path(out[1]) == REPO / "data"


# The installed command


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["regular", "editable"])
def test_installed_command_reports_version_and_help(
    kind: str, request: pytest.FixtureRequest
) -> None:
    installed: Installed = request.getfixturevalue(kind)
    assert installed.script.is_file()
    version = _run([installed.script, "--version"], cwd=installed.elsewhere).stdout
    assert _version() in version
    usage = _run([installed.script, "--help"], cwd=installed.elsewhere).stdout
    assert "Usage" in usage
    for command in ("init", "build"):
        assert command in usage


@pytest.mark.slow
def test_installed_command_builds_a_packet_from_the_starter(regular: Installed) -> None:
    work = regular.elsewhere / "packet"
    work.mkdir()
    start = work / "start"
    pdf = work / "p.pdf"
    _run([regular.script, "init", start], cwd=work)
    assert (start / "profile.yaml").is_file()
    assert (start / "clinic.yaml").is_file()
    _run(
        [
            regular.script,
            "build",
            "--profile",
            start / "profile.yaml",
            "--clinic",
            start / "clinic.yaml",
            "-o",
            pdf,
        ],
        cwd=work,
    )
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 1000


@pytest.mark.slow
def test_python_m_handouts_builds_and_previews_with_only_the_declared_dependencies(
    regular: Installed,
) -> None:
    """The README's way for someone whose scripts folder is not on the PATH: `python -m
    handouts`, from any folder. The preview proves its picture library is a declared dependency
    (the venv holds only what `pip install .` brought) and needs no other program."""
    work = regular.elsewhere / "by-module"
    work.mkdir()
    assert "Usage: handouts" in _run([regular.python, "-m", "handouts", "--help"], cwd=work).stdout
    _run([regular.python, "-m", "handouts", "init", "start"], cwd=work)
    done = _run(
        [regular.python, "-m", "handouts", "build", "--profile", "start/profile.yaml",
         "--clinic", "start/clinic.yaml", "-o", "packet.pdf", "--preview"],
        cwd=work,
    )
    pages = int(re.search(r"\((\d+) pages\)", done.stdout).group(1))  # type: ignore[union-attr]
    pictures = sorted(work.glob("packet-page-*.png"))
    assert len(pictures) == pages > 1
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pictures)
