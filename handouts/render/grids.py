"""The packet's ruled tables: the temperature log, the side effects and the contacts.

Column widths come from the content and the page, as a browser lays out a table, so that no
word and no phone number breaks; a table takes fewer columns before one would.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table
from reportlab.platypus import Paragraph as RLParagraph

from handouts.packet import document as d
from handouts.render.fonts import no_break_phones
from handouts.render.tables import FittedGrid, HeadedTable

# A column of running text is at least this many ems wide, or the table takes fewer columns.
MIN_TEXT_COLUMN_EMS = 8.5
CELL_PADDING = 5


def temperature_log(story: Any, block: d.TemperatureLog) -> list[Flowable]:
    # Room to write: the day column as wide as its header, the rest shared evenly.
    least = [widest_word(story, [h, str(block.days)]) + 2 * CELL_PADDING + 1 for h in block.headers]
    spare = max(0.0, story.width - sum(least)) / (len(least) - 1)
    widths = [least[0]] + [w + spare for w in least[1:]]

    def table(row_height: float) -> Table:
        header = [story.para(h, story.styles.log_bold) for h in block.headers]
        rows: list[list[Any]] = [header] + [[story.para(str(day + 1), story.styles.log),
                                             "", "", "", "", ""] for day in range(block.days)]
        tight = [(pad, (0, 0), (-1, -1), 1) for pad in ("TOPPADDING", "BOTTOMPADDING")]
        return story.grid(rows, widths, min_height=row_height, spans=tight)

    body = story.layout.body
    return [FittedGrid(table, block.days, preferred=body * 1.6, least=body)]


def text_width(story: Any, text: str) -> float:
    """Measured in bold: headers and names are bold, and a little room to spare is fine."""
    return float(stringWidth(no_break_phones(text), story.font_set.bold, story.layout.cell))


def widest_word(story: Any, texts: list[str]) -> float:
    words = [w for t in texts for w in no_break_phones(t).split(" ")]
    return max((text_width(story, w) for w in words), default=0.0)


def column_widths(story: Any, columns: list[tuple[list[str], bool]]) -> list[float] | None:
    """Widths from the content, as a browser lays out a table: each column at least as wide
    as its longest word or phone number (running text at least MIN_TEXT_COLUMN_EMS), then
    grown toward the width of its longest cell, in proportion to what each lacks; what is
    left goes to the running text.

    `columns` holds (texts, running text?). None when they cannot all fit.
    """
    pad = 2 * CELL_PADDING + 1
    least, desired = [], []
    for texts, running in columns:
        floor = story.layout.cell * MIN_TEXT_COLUMN_EMS if running else 0
        least.append(max(widest_word(story, texts), floor) + pad)
        desired.append(max([text_width(story, t) for t in texts] + [0]) + pad)
    spare = story.width - sum(least)
    if spare < 0:
        return None
    lack = [max(0.0, d - w) for d, w in zip(desired, least)]
    if sum(lack) >= spare:
        return [w + spare * gap / sum(lack) for w, gap in zip(least, lack)]
    widths = [w + gap for w, gap in zip(least, lack)]
    left = spare - sum(lack)
    prose = [n for n, (_, running) in enumerate(columns) if running] or list(range(len(columns)))
    return [w + (left / len(prose) if n in prose else 0) for n, w in enumerate(widths)]


def helper_lines(story: Any, helper: d.Helper, after_role: str = "<br/>", between: str = "<br/>") -> str:
    """A support role in bold, then each name and number (or a blank to write one in)."""
    numbers = between.join(story.markup(f"{c.name + ': ' if c.name else ''}{c.phone}")
                           for c in helper.contacts) or "_" * 14
    return f"<b>{story.markup(helper.role)}</b>{after_role}{numbers}"


def side_effect_table(story: Any, block: d.SideEffectTable) -> list[Flowable]:
    """Three columns when they fit; else the helpers go in a full-width row below."""
    signs = [(block.emergency_label, r.emergency) for r in block.rows] + [
        (block.call_now_label, r.call_now_if) for r in block.rows] + [
        (r.crisis_title, r.crisis) for r in block.rows]
    first_texts = [t for r in block.rows for t in (r.name, r.description)]
    first_texts += [t for label, texts in signs if texts for t in (label, *texts)]
    helps = [t for r in block.rows for t in r.helps]
    helpers = [t for r in block.rows for h in r.helpers
               for t in (h.role, *(f"{c.name}: {c.phone}" if c.name else c.phone for c in h.contacts))]
    widths = column_widths(story, [(first_texts, True), (helps, True), (helpers, True)])
    header = [story.para(h, story.styles.cell_bold) for h in block.headers]
    spans: list[tuple[Any, ...]] = []
    if widths is None:
        widths = column_widths(story, [(first_texts, True), (helps, True)])
        widths = widths or [story.width * 0.5] * 2
        header = header[:2]
    rows: list[list[Any]] = [header]
    for row in block.rows:
        first = [story.para(row.name, story.styles.cell_bold), story.para(row.description, story.styles.cell)]
        for label, texts in ((block.emergency_label, row.emergency),
                             (block.call_now_label, row.call_now_if),
                             (row.crisis_title, row.crisis)):
            if texts:
                first.append(story.para(label, story.styles.cell_bold))
                first += [story.bullet(t, story.styles.cell_bullet) for t in texts]
        helps_cell = [story.bullet(t, story.styles.cell_bullet) for t in row.helps]
        if len(widths) == 2:
            # Who can help: a full-width line under the two columns.
            who = "; ".join(helper_lines(story, h, ": ", ", ") for h in row.helpers)
            rows += [[first, helps_cell], [RLParagraph(
                f"<b>{story.markup(block.headers[2])}:</b> {who}", story.styles.cell), ""]]
            spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
        else:
            rows.append([first, helps_cell, [RLParagraph(helper_lines(story, h), story.styles.cell)
                                             for h in row.helpers]])
    # Rows a third of a page tall or more may continue on the next page (render/tables.py).
    return [story.grid(rows, widths, spans=spans, split_rows=True)]


def contact_table(story: Any, block: d.ContactTable) -> list[Flowable]:
    """Role, what they do, name and phone: four columns when they fit, else fewer.

    The name and phone share a column before any word or number would break.
    """
    role, what, name, phone = ([row[i] for row in block.rows] for i in range(4))
    role_col = (role + [block.headers[0]], False)
    what_col = (what + [block.headers[1]], True)
    cell = story.styles.cell

    def para(text: str) -> Any:
        return story.para(text, cell) if text else ""

    def joined(*texts: str) -> Any:
        shown = [story.markup(t) for t in texts if t]
        return RLParagraph("<br/>".join(shown), cell) if shown else ""

    header = [story.para(h, story.styles.cell_bold) for h in block.headers]
    widths = column_widths(story, [role_col, what_col, (name + [block.headers[2]], False),
                                 (phone + [block.headers[3]], False)])
    rows: list[list[Any]]
    if widths is not None:
        rows = [[para(c) for c in row] for row in block.rows]
    else:
        both = " / ".join(block.headers[2:])
        widths = column_widths(story, [role_col, what_col, (name + phone + [both], False)])
        if widths is not None:
            header = [*header[:2], story.para(both, story.styles.cell_bold)]
            rows = [[para(r), para(w), joined(n, p)] for r, w, n, p in block.rows]
        else:
            first = " / ".join((block.headers[0], *block.headers[2:]))
            widths = column_widths(story, [(role + name + phone + [first], False),
                                         what_col]) or [story.width / 2] * 2
            header = [story.para(first, story.styles.cell_bold), header[1]]
            rows = [[joined(r, n, p), para(w)] for r, w, n, p in block.rows]
    # split_rows: a cell as long as the limits allow may be taller than a page.
    table = story.grid([header, *rows], widths, min_height=story.layout.body * 2.0,
                       split_rows=True)
    return [HeadedTable(story.heading(block.title), table, story.height)]
