"""Where the bundled content lives.

In a checkout (and an editable install) `data/` sits beside the package, where a clinic or a
reviewer finds it. A regular install maps it into the package as `handouts/data` (see
setup.cfg), because a top-level `data` package in site-packages would collide with others.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    """The folder holding the bundled YAML content pack."""
    installed = Path(str(resources.files("handouts"))) / "data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "data"
