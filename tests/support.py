"""Helpers the tests share: run the command line, and read back what it built."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from handouts.commands import main

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, with all runs of white space made single spaces."""
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", raw)


def pdf_pages(path: Path) -> list[str]:
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", " ", page) for page in raw.split("\f")[:-1]]


def font_sizes(path: Path) -> set[float]:
    """Every font size set in the page content streams (`/F1 14 Tf`)."""
    sizes: set[float] = set()
    for page in PdfReader(str(path)).pages:
        data = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        sizes.update(float(s) for s in re.findall(r"/\S+ ([\d.]+) Tf", data))
    return sizes


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font `pdffonts` lists."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts
