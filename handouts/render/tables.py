"""Tables and keep-togethers that hold on the page: no stranded rows, no stranded headings.

reportlab splits a table wherever the page ends and keeps a group together by pushing all of
it on; a printed packet needs more: at least MIN_TABLE_ROWS rows on each side of a split (unless
those rows are big), a row split inside only when it must, a heading that goes wherever its
table's first part goes, and a log of empty rows that shrinks its rows to stay on one page.
tests/layout_lint.py checks the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Spacer, Table, TableStyle

from handouts.render.columns import CELL_PADDING

# A row split in two: what its first cell holds on the second page, given what moved there
# (its name again, marked as continued, before it).
Continued = Callable[[Sequence[Flowable]], list[Flowable]]
# A table never splits leaving fewer rows than this on either page.
MIN_TABLE_ROWS = 3
# ...unless those rows are tall: a part this share of a page tall is worth printing.
BIG_TABLE_PART = 1 / 3
# A page a table or box leaves for the next one is at least this share of its frame full, else
# it splits here: more than half, as a reader measures the page from its top text to the footer.
FULL_ENOUGH = 0.6
# A row split in two leaves at least this share of a page on each side.
ROW_PIECE = 1 / 10
# The width of a table's rules.
RULE = 0.8
# How finely a row that must split is tried for a place to break, as a share of the page.
ROW_STEP = 1 / 60


class PageTable(Table):
    """A table that splits only where both parts are worth printing.

    A part is fair with MIN_TABLE_ROWS rows, or when it is BIG_TABLE_PART of a page tall (a
    framed box shows no rows, so only its height counts: `ruled_rows=False`). A row (one side
    effect, say) splits inside itself only when it cannot go whole onto a page of its own, or
    when moving it would leave this page less than FULL_ENOUGH used; its second page then
    starts with what `continued` gives for it (its name again). `whole`: move on rather than
    split while the page left behind is FULL_ENOUGH used (a box read in one piece). At the top
    of an empty frame (`page_height`) any split beats none. What follows a split always starts
    the next page.
    """

    def __init__(self, *args: Any, page_height: float = 0, ruled_rows: bool = True,
                 whole: bool = False, continued: Sequence[Continued | None] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_height = page_height
        self.ruled_rows = ruled_rows
        self.whole = whole
        self.continued = list(continued)

    def _parts(self, height: float, in_row: bool = False) -> list[Flowable]:
        parts: list[Flowable] = self._splitRows(height, doInRowSplit=in_row)
        for part in parts:
            part.page_height, part.ruled_rows, part.whole = self.page_height, self.ruled_rows, self.whole
            part.continued = self.continued
        if len(parts) == 2 and in_row:
            # reportlab gives the second part the row heights the first part left over; its
            # rows are measured again, as what moved on (a bold line with the lines it heads,
            # the row's name) can be taller than that.
            parts[1]._argH = parts[1]._rowHeights = [None] * len(parts[1]._cellvalues)
        if len(parts) == 2 and self.continued:
            self._name_again(parts, in_row)
        return parts

    def _name_again(self, parts: list[Flowable], in_row: bool) -> None:
        """Each part knows how its rows go on; a row split in two starts again with its name."""
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        above = len(parts[0]._cellvalues)
        later = above - 1 if in_row else above
        parts[0].continued = self.continued[:above]
        parts[1].continued = self.continued[:head] + self.continued[later:]
        again = self.continued[later] if in_row and later < len(self.continued) else None
        if again is not None:
            row = list(parts[1]._cellvalues[head])
            cell = row[0] if isinstance(row[0], (list, tuple)) else ()
            row[0] = tuple(again(cell))
            parts[1]._cellvalues[head] = row

    def _fair(self, rows: int, height: float) -> bool:
        return (self.ruled_rows and rows >= MIN_TABLE_ROWS) or height >= self.page_height * BIG_TABLE_PART

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        heights = self._rowHeights
        if sum(heights) <= availHeight:
            return [self]
        page = self.page_height
        at_top = availHeight >= page - 1
        used = page - availHeight
        if self.whole and used >= page * FULL_ENOUGH and not at_top:
            return []
        end = self._between(availHeight, head)
        # Inside the first row that does not fit, if it must, or if the rows that fit would
        # leave this page too empty.
        row = next(n for n in range(head, len(heights)) if sum(heights[:n + 1]) > availHeight)
        filled = used + (sum(heights[:end]) if end is not None else 0)
        if self.splitInRow and (sum(heights[:head]) + heights[row] > page
                                or filled < page * FULL_ENOUGH):
            parts = self._inside(availWidth, availHeight, head, row)
            if parts:
                return _next_page(parts)
        if end is not None:
            return _next_page(self._parts(sum(heights[:end]) + 0.01))
        if at_top:
            return _next_page(self._parts(availHeight) or self._parts(availHeight, in_row=True))
        return []

    def _between(self, height: float, head: int) -> int | None:
        """Where to split between rows: as many on this page as fit, leaving a fair part."""
        heights = self._rowHeights
        for end in range(len(heights) - 1, head, -1):
            first = sum(heights[:end])
            if first <= height and self._fair(end - head, first) and self._fair(
                    len(heights) - end, sum(heights[end:])):
                return end
        return None

    def _inside(self, width: float, height: float, head: int, row: int) -> list[Flowable]:
        """The table split inside `row`, with fair parts and a piece of the row of at least
        ROW_PIECE of a page on each side."""
        heights, page = self._rowHeights, self.page_height
        top, least = sum(heights[:row]), page * ROW_PIECE
        room = min(height, top + heights[row] - least)
        while room >= top + least:
            parts = self._parts(room, in_row=True)
            if len(parts) == 2:
                above = parts[0].wrap(width, page)[1]
                below = parts[1].wrap(width, page)[1] - sum(heights[:head])
                if (min(parts[0]._rowHeights[-1], parts[1]._rowHeights[head]) >= least
                        and self._fair(row - head + 1, above) and self._fair(len(heights) - row, below)):
                    # reportlab leaves the first piece open at the foot of the page.
                    parts[0].setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), RULE, colors.black)]))
                    return parts
            room -= page * ROW_STEP
        return []


def _next_page(parts: list[Flowable]) -> list[Flowable]:
    """A table's next part starts the next page: a first part shorter than the room left (a
    bold line kept with its first bullet, a part kept fair) must not let the rest, header and
    all, begin under it on this page."""
    return [parts[0], FrameBreak(), *parts[1:]] if len(parts) > 1 else parts


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
          spans: list[tuple[Any, ...]] | None = None,
          continued: Sequence[Continued | None] = ()) -> Table:
    """A ruled table; `spans`: more style commands (spanned cells, tighter padding);
    `continued`: for each row, what starts its second page if it splits."""
    if min_height:
        # An empty cell gets room to write in; filled cells grow with their text.
        rows = [rows[0]] + [[Spacer(1, min_height) if cell == "" else cell for cell in row]
                            for row in rows[1:]]
    table = PageTable(rows, colWidths=widths, repeatRows=1 if header else 0,
                      splitInRow=1 if split_rows else 0, page_height=page_height,
                      continued=continued)
    style = [("GRID", (0, 0), (-1, -1), RULE, colors.black), ("FONTNAME", (0, 0), (-1, -1), font),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
             ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), *(spans or [])]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 2, colors.black))
    table.setStyle(TableStyle(style))
    return table
