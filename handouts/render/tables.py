"""Tables and keep-togethers that hold on the page: no stranded rows, no stranded headings.

reportlab splits a table wherever the page ends and keeps a group together by pushing all of
it on; a printed packet needs more: at least MIN_TABLE_ROWS rows on each side of a split (unless
those rows are big), a heading that goes wherever its table's first part goes, and a log of
empty rows that shrinks its rows to stay on one page. tests/layout_lint.py checks the result.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from handouts.render.columns import CELL_PADDING

# A table never splits leaving fewer rows than this on either page.
MIN_TABLE_ROWS = 3
# ...unless those rows are tall: a part this share of a page tall is worth printing.
BIG_TABLE_PART = 1 / 3
# A table whose rows may split (large print) only leaves pieces at least this share of a page.
SHORT_PIECE = 1 / 5
# A page a table leaves early for a fair last part is still at least this share full.
FULL_ENOUGH = 1 / 2


class PageTable(Table):
    """A table that never splits leaving fewer than MIN_TABLE_ROWS short rows on either page.

    A part at least BIG_TABLE_PART of a page tall is fine with fewer rows (large print, long
    cells); a short table with too few rows for two fair parts moves whole; and at the top of
    an empty frame (`page_height`) any split beats none.
    """

    def __init__(self, *args: Any, page_height: float = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_height = page_height

    def _split(self, width: float, height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(width, height)
        for part in parts:
            part.page_height = self.page_height
        return parts

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self._split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        at_top = availHeight >= self.page_height - 1
        # Rows of a third of a page or more (large print) may split, and pieces may be short.
        tall = bool(self.splitInRow) and max(self._rowHeights[head:], default=0.0) > (
            self.page_height * BIG_TABLE_PART)

        def stranded(part: Any, tail: bool = False) -> bool:
            rows = len(part._cellvalues) - head
            height = part.wrap(availWidth, self.page_height)[1]
            if tail:
                height -= sum(part._rowHeights[:head])  # the header it repeats
            elif tall:  # the piece that ends a page may be short
                return bool(height < self.page_height * SHORT_PIECE)
            return bool(rows < MIN_TABLE_ROWS and height < self.page_height * BIG_TABLE_PART)

        if stranded(parts[0]):
            return parts if at_top else []
        if not stranded(parts[1], tail=True):
            return parts
        if tall:
            # Rows that may split: move just enough onto the next page for a fair last part.
            last = parts[1]
            short = (self.page_height * BIG_TABLE_PART - last.wrap(availWidth, self.page_height)[1]
                     + sum(last._rowHeights[:head]) + 1)
            # reportlab splits inside a row only where it finds a line to break at: try a few
            # heights, never leaving this page less than half used.
            room = availHeight - short
            while room >= availHeight - self.page_height * (1 - FULL_ENOUGH):
                moved = self._split(availWidth, room)
                if (len(moved) == 2 and not stranded(moved[1], tail=True)
                        and moved[0].wrap(availWidth, room)[1] >= availHeight - self.page_height * (1 - FULL_ENOUGH)):
                    return [moved[0], PageBreak(), moved[1]]
                room -= self.page_height / 40
            return parts
        # Fewer rows here, so that enough start the next page (not the space left on this one).
        heights = self._rowHeights[head:]
        tail = next(n for n in range(1, len(heights) + 1) if n >= MIN_TABLE_ROWS
                    or sum(heights[-n:]) >= self.page_height * BIG_TABLE_PART)
        if tail >= len(heights):
            return parts if at_top or self._height > self.page_height * BIG_TABLE_PART else []
        shorter = self._split(availWidth, sum(self._rowHeights[:len(self._rowHeights) - tail]) + 0.01)
        if len(shorter) == 2 and not stranded(shorter[0]):
            return [shorter[0], PageBreak(), shorter[1]]
        return parts if at_top else []


class HeadedTable(Flowable):
    """A heading that travels with its table: it goes where the table's first part goes.

    (A KeepTogether would push a table longer than the space left to the next page whole.)
    """

    def __init__(self, head: list[Flowable], table: Table, page_height: float) -> None:
        super().__init__()
        self.head = head
        self.table = table
        self.page_height = page_height
        self.head_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.head_height = sum(f.wrap(available_width, available_height)[1] + f.getSpaceBefore()
                               + f.getSpaceAfter() for f in self.head)
        _, table_height = self.table.wrap(available_width, available_height - self.head_height)
        self.width, self.height = available_width, self.head_height + table_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.head_height
        at_top = available_height >= self.page_height - 1
        if at_top and isinstance(self.table, PageTable):
            self.table.page_height = room  # the table is as good as at the top of the page
        parts: list[Flowable] = self.table.split(available_width, room)
        for part in parts:
            if isinstance(part, PageTable):
                part.page_height = self.page_height
        if not parts and at_top:
            parts = Table.split(self.table, available_width, room)  # any split beats none
        if not parts:
            return []
        return [HeadedTable(self.head, parts[0], self.page_height), *parts[1:]]

    def draw(self) -> None:
        y = self.height
        for flowable in self.head:
            y -= flowable.getSpaceBefore() + flowable.height
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()
        self.table.drawOn(self.canv, 0, 0)


class FittedGrid(Flowable):
    """A ruled grid of empty rows to write in, its rows as tall as the page allows.

    Rows are `preferred` tall when there is room and no less than `least`, so a log of two
    weeks stays on one page in large print too.
    """

    def __init__(self, make: Any, rows: int, preferred: float, least: float) -> None:
        super().__init__()
        self.make = make
        self.rows = rows
        self.preferred = preferred
        self.least = least
        self.table: Table | None = None

    def _table(self, width: float, height: float) -> Table:
        header = self.make(self.least)
        _, header_height = header.wrap(width, height)
        # The first try measures the header row and padding; the row height then fills the room.
        spare = header_height - self.least * self.rows
        row = min(self.preferred, max(self.least, (height - spare) / self.rows - 0.5))
        return self.make(row)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.table = self._table(available_width, available_height)
        self.width, self.height = self.table.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return [] if self.table is None else self.table.split(available_width, available_height)

    def draw(self) -> None:
        assert self.table is not None
        self.table.drawOn(self.canv, 0, 0)


class Keep(KeepTogether):
    """KeepTogether, counting the space above its first piece.

    reportlab's measure leaves it out, but a frame adds it anywhere below its top, so a
    heading could still end a page by that much.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        first = next((f for f in self._content if f.wrapOn(self.canv, availWidth, availHeight)[1]), None)
        self._H += first.getSpaceBefore() if first is not None else 0
        return size


def with_heading(head: list[Flowable], body: list[Flowable]) -> list[Flowable]:
    """A heading never ends a page: it travels with the first thing under it."""
    if not body:
        return head
    first, rest = body[0], body[1:]
    inner = list(first._content) if isinstance(first, KeepTogether) else [first]
    return [Keep([*head, *inner]), *rest]


def ruled(rows: list[list[Any]], widths: list[float], *, font: str, page_height: float,
          header: bool = True, min_height: float | None = None, split_rows: bool = False,
          spans: list[tuple[Any, ...]] | None = None) -> Table:
    """A ruled table; `spans`: more style commands (spanned cells, tighter padding)."""
    if min_height:
        # An empty cell gets room to write in; filled cells grow with their text.
        rows = [rows[0]] + [[Spacer(1, min_height) if cell == "" else cell for cell in row]
                            for row in rows[1:]]
    table = PageTable(rows, colWidths=widths, repeatRows=1 if header else 0,
                      splitInRow=1 if split_rows else 0, page_height=page_height)
    style = [("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("FONTNAME", (0, 0), (-1, -1), font),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
             ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), *(spans or [])]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 2, colors.black))
    table.setStyle(TableStyle(style))
    return table
