"""Page pictures for a quick look at a packet, drawn by poppler's pdftoppm when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from handouts.errors import HandoutsError

RESOLUTION = 60


def write_previews(pdf: Path, resolution: int = RESOLUTION) -> list[Path]:
    """`packet.pdf` → `packet-page-01.png`, ... beside it; the list of pictures written."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise HandoutsError("page pictures need poppler's pdftoppm, which is not installed "
                            "(Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install "
                            "poppler); the PDF itself is fine", file=pdf)
    prefix = pdf.with_name(f"{pdf.stem}-page")
    for old in pdf.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    done = subprocess.run([tool, "-png", "-r", str(resolution), str(pdf), str(prefix)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise HandoutsError(f"pdftoppm could not read this PDF: {done.stderr.strip()}", file=pdf)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
