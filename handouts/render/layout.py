"""Sizes and paragraph styles for each reading mode: standard, large print and compact.

Print rules (from the project's print standards): body text 14 pt (18 pt with 1.5 spacing in
large print), left-aligned, about 70 characters a line, 1-inch margins, black on white.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from handouts.render.fonts import FontSet
from handouts.render.outputs import Options

BLACK = colors.black


@dataclass(frozen=True)
class Layout:
    """Sizes for one reading mode; everything else derives from the body size."""

    body: float
    leading: float
    margin: float = inch
    answer_line_gap: float = 0.36 * inch
    compact: bool = False

    @property
    def large(self) -> bool:
        return self.body >= 18

    @property
    def title(self) -> float:
        # Large print's title stays larger than its body, but leaves page 1 to the safety boxes.
        return round(self.body * (1.25 if self.large else 1.7))

    @property
    def h1(self) -> float:
        return round(self.body * 1.45)

    @property
    def h2(self) -> float:
        # The one-sheet list's headings are bold at body size: ten questions keep one page.
        return self.body if self.compact else round(self.body * 1.15)

    @property
    def footer(self) -> float:
        return max(12.0, self.body - 2) if self.body < 18 else self.body

    @property
    def cell(self) -> float:
        """Table text may be a little smaller, but never below large print's 18 pt."""
        return self.body if self.body >= 18 else self.body - 1

    @property
    def box(self) -> float:
        return self.body if self.compact else self.body * 1.1


STANDARD = Layout(body=14, leading=19)
LARGE = Layout(body=18, leading=27, answer_line_gap=0.4 * inch)
# The one-visit question sheet: the same type sizes, narrower margins and one shorter answer
# line each, so a family's own list of ten fits on one sheet and a full list on few.
COMPACT = Layout(body=14, leading=17, margin=0.5 * inch, answer_line_gap=0.2 * inch, compact=True)
COMPACT_LARGE = Layout(body=18, leading=24, margin=0.5 * inch, answer_line_gap=0.33 * inch,
                       compact=True)


def layout_for(options: Options) -> Layout:
    if options.compact:
        return COMPACT_LARGE if options.large_print else COMPACT
    return LARGE if options.large_print else STANDARD


class Styles:
    """The paragraph styles of one reading mode, all derived from its Layout."""

    def __init__(self, layout: Layout, font_set: FontSet) -> None:
        def style(name: str, size: float, *, bold: bool = False, leading: float | None = None,
                  before: float = 0, after: float = 0, indent: float = 0) -> ParagraphStyle:
            # The bullet's font is set too: left alone, reportlab draws it in Helvetica.
            return ParagraphStyle(
                name, fontName=font_set.bold if bold else font_set.regular, fontSize=size,
                leading=leading or size * (layout.leading / layout.body), spaceBefore=before,
                spaceAfter=after, leftIndent=indent, textColor=BLACK, alignment=0,
                bulletFontName=font_set.regular, bulletFontSize=size, bulletIndent=indent * 0.15,
            )

        gap = layout.body * 0.6
        self.title = style("title", layout.title, bold=True, after=gap)
        self.heading_line = style("heading", layout.body, after=2)
        self.h1 = style("h1", layout.h1, bold=True, before=gap, after=gap)
        self.h2 = style("h2", layout.h2, bold=True, before=gap / (3 if layout.compact else 1),
                        after=gap / (4 if layout.compact else 2))
        self.body = style("body", layout.body, after=gap / 2)
        self.bold = style("bold", layout.body, bold=True, after=gap / 3)
        self.box_title = style("box-title", layout.box, bold=True, after=gap / 2)
        self.emergency_title = style("emergency-title", layout.h2, bold=True, after=gap / 3)
        self.bullet = style("bullet", layout.body, indent=layout.body * 1.1, after=0.5)
        self.cell = style("cell", layout.cell)
        self.cell_bold = style("cell-bold", layout.cell, bold=True)
        self.cell_bullet = style("cell-bullet", layout.cell, indent=layout.cell * 0.9)
        # The temperature log's day numbers and headers: single-spaced, so two weeks fit a page.
        self.log = style("log", layout.cell, leading=layout.cell)
        self.log_bold = style("log-bold", layout.cell, bold=True, leading=layout.cell * 1.1)
        self.phone = style("phone", layout.h2, bold=True, after=gap / 2)
