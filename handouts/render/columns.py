"""Table column widths from the content and the page, as a browser lays out a table.

No column is narrower than its longest word or phone number, so nothing breaks inside a word
and a number never splits across lines.
"""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.render.fonts import no_break_phones

MIN_TEXT_COLUMN_EMS = 8.5
CELL_PADDING = 5


@functools.lru_cache(maxsize=8192)
def _width(text: str, font: str, size: float) -> float:
    """Kept per text: every packet measures the same roles and headers."""
    return float(stringWidth(no_break_phones(text), font, size))


class Columns:
    """Measures cell text in one font and size, for a table `width` points wide."""

    def __init__(self, font: str, size: float, width: float) -> None:
        self.font = font
        self.size = size
        self.width = width

    def text_width(self, text: str) -> float:
        """Measured in bold: headers and names are bold, and a little room to spare is fine."""
        return _width(text, self.font, self.size)

    def widest_word(self, texts: list[str]) -> float:
        words = [w for t in texts for w in no_break_phones(t).split(" ")]
        return max((self.text_width(w) for w in words), default=0.0)

    def widths(self, columns: list[tuple[list[str], bool]]) -> list[float] | None:
        """Widths from the content, as a browser lays out a table: each column at least as wide
        as its longest word or phone number (running text at least MIN_TEXT_COLUMN_EMS), then
        grown toward the width of its longest cell, in proportion to what each lacks; what is
        left goes to the running text.

        `columns` holds (texts, running text?). None when they cannot all fit.
        """
        pad = 2 * CELL_PADDING + 1
        least, desired = [], []
        for texts, running in columns:
            floor = self.size * MIN_TEXT_COLUMN_EMS if running else 0
            least.append(max(self.widest_word(texts), floor) + pad)
            desired.append(max([self.text_width(t) for t in texts] + [0]) + pad)
        spare = self.width - sum(least)
        if spare < 0:
            return None
        lack = [max(0.0, d - w) for d, w in zip(desired, least)]
        if sum(lack) >= spare:
            return [w + spare * gap / sum(lack) for w, gap in zip(least, lack)]
        widths = [w + gap for w, gap in zip(least, lack)]
        left = spare - sum(lack)
        prose = [n for n, (_, running) in enumerate(columns) if running] or list(range(len(columns)))
        return [w + (left / len(prose) if n in prose else 0) for n, w in enumerate(widths)]
