"""What a packet can be made as: papers, file formats and the options of a run, each once.

No reportlab here: the command line reads these lists for its choices and must start fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Paper = Literal["letter", "a4"]
Format = Literal["pdf", "html", "md"]

PAPERS: tuple[Paper, ...] = ("letter", "a4")
FORMATS: tuple[Format, ...] = ("pdf", "html", "md")

# Width and height in PDF points (1/72 inch); the same numbers as reportlab's LETTER and A4.
PAGE_SIZES: dict[Paper, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "a4": (595.2755905511812, 841.8897637795277),
}


@dataclass(frozen=True)
class Options:
    """Choices that apply to a whole run, on top of what a profile says.

    The renderers read the same object: by the time a packet is drawn, build.render has folded
    the profile's own large_print and fillable into it.
    """

    paper: Paper = "letter"
    large_print: bool = False
    fillable: bool = False
    compact: bool = False
    all_questions: bool = False
    format: Format = "pdf"
