"""Build hook: ship the top-level content folder `data/` inside the package as `handouts/data`.

All metadata and options live in setup.cfg. The content pack sits at the top of the repository,
where clinics and reviewers edit it; `handouts.resources.data_dir()` looks for
`handouts/data` first (a regular install) and falls back to `<checkout>/data` (a checkout or
an editable install). So a regular build copies the tree in, and an editable build leaves it out.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "data"
TARGET = Path("handouts", "data")  # relative to build_lib
SKIP_DIRS = {"__pycache__"}


def _content_files() -> list[Path]:
    """Every file under data/, relative to it; hidden files and caches left out."""
    if not SOURCE.is_dir():
        return []
    found = []
    for root, dirs, files in os.walk(SOURCE):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            found.append((Path(root) / name).relative_to(SOURCE))
    return found


class build_py_with_data(build_py):
    """build_py that also copies data/ into <build_lib>/handouts/data."""

    def _copies_data(self) -> bool:
        # An editable build maps `handouts` onto the checkout, where data_dir() falls back to
        # the top-level data/; nothing is copied (and a copy would be thrown away anyway).
        return not getattr(self, "editable_mode", False)

    def run(self) -> None:
        super().run()
        if not self._copies_data():
            return
        target = Path(self.build_lib) / TARGET
        if target.exists():
            # build/ is reused between builds: never ship a file since deleted from data/.
            shutil.rmtree(target)
        for rel in _content_files():
            dest = target / rel
            self.mkpath(str(dest.parent))
            self.copy_file(str(SOURCE / rel), str(dest), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if self._copies_data():
            base = Path(self.build_lib) / TARGET
            outputs += [str(base / rel) for rel in _content_files()]
        return outputs


setup(cmdclass={"build_py": build_py_with_data})
