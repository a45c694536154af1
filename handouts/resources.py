"""Where the bundled content lives.

In a checkout (and an editable install) `data/` sits beside the package, where a clinic or a
reviewer finds it. A regular install maps it into the package as `handouts/data` (see
setup.cfg), because a top-level `data` package in site-packages would collide with others.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding the bundled YAML content pack."""
    installed = PACKAGE / "data"
    if installed.is_dir():
        return installed
    return PACKAGE.parent / "data"


def package_file(package: str, *parts: str) -> Path:
    """A file shipped inside a package: fonts, the style sheet, the picker's script.

    Found from the package's own folder (the install is never zipped: setup.cfg says
    zip_safe = False); importlib.resources would cost a twentieth of a second at start-up.
    """
    module = importlib.import_module(package)
    return Path(str(module.__file__)).resolve().parent.joinpath(*parts)


def code_files() -> list[Path]:
    """The program's own modules, in a stable order (os.walk: pathlib's rglob took three times
    as long, and this runs at every start)."""
    files = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        files += [Path(folder, name) for name in sorted(names) if name.endswith(".py")]
    return files


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the program's own code: what was made and kept by one version of it (a
    checked content pack) is not used by another, whatever the version number says."""
    digest = hashlib.sha256()
    for file in code_files():
        digest.update(f"{file.relative_to(PACKAGE)}\0".encode() + file.read_bytes() + b"\0")
    return digest.hexdigest()
