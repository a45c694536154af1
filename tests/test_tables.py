"""Where a table or a box breaks across pages (render/tables.py), read back from small PDFs.

Each test lays out one table in a frame FRAME points tall, under a block of space that leaves
a known share of the first page used, and reads each page's text back.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer

from handouts.render.boxes import framed
from handouts.render.fonts import fonts
from handouts.render.tables import PageTable, ruled

FRAME = 400.0
LEADING = 12.0  # a cell line; a row of n lines is n * LEADING + 6 tall (its padding)


def _style() -> ParagraphStyle:
    return ParagraphStyle("cell", fontName=fonts().regular, fontSize=10, leading=LEADING)


def _row(name: str, lines: int) -> list[Paragraph]:
    text = "<br/>".join(f"{name} line {n + 1}" for n in range(lines))
    return [Paragraph(text, _style())]


def _table(rows: list[tuple[str, int]], split_rows: bool = True) -> PageTable:
    table = ruled([[Paragraph("Header", _style())], *(_row(name, n) for name, n in rows)], [200],
                  font=fonts().regular, page_height=FRAME, split_rows=split_rows)
    assert isinstance(table, PageTable)
    return table


def _pages(tmp_path: Path, used: float, flowable: Flowable, name: str = "table") -> list[str]:
    """The text of each page, with `used` points of the first page filled before `flowable`."""
    pdf = tmp_path / f"{name}.pdf"
    doc = BaseDocTemplate(str(pdf), pagesize=(300, FRAME + 40), initialFontName=fonts().regular)
    frame = Frame(20, 20, 260, FRAME, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(frames=[frame])])
    doc.build([Spacer(1, used), flowable])
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_a_row_that_fits_a_page_moves_to_the_next_page_whole_rather_than_splitting(
        tmp_path: Path) -> None:
    # 62% of the page used; the long row (17 lines, half a page) does not fit in what is left.
    pages = _pages(tmp_path, 250, _table([("Long", 17), ("A", 2), ("B", 2), ("C", 2)]))
    assert "Long" not in pages[0]
    assert "Long line 1" in pages[1] and "Long line 17" in pages[1]


def test_a_row_taller_than_a_page_splits_inside_itself_leaving_a_fair_piece_on_each_page(
        tmp_path: Path) -> None:
    pages = _pages(tmp_path, 0, _table([("Huge", 40), ("A", 2)]))
    assert "Huge line 1" in pages[0] and "Huge line 40" in pages[1]
    assert pages[1].startswith("Header")  # the header row is repeated
    left = pages[1].count("Huge line")
    assert 4 <= left <= 40 - 4


def test_a_table_of_five_rows_that_does_not_fit_moves_whole_and_one_of_six_splits_three_and_three(
        tmp_path: Path) -> None:
    rows = [(f"Row{n}", 3) for n in range(1, 6)]
    # Room for the header and four rows: a split would leave one row, or start with two.
    used = FRAME - (LEADING + 6) - 4 * (3 * LEADING + 6) - 5
    pages = _pages(tmp_path, used, _table(rows, split_rows=False))
    assert "Row" not in pages[0]
    assert all(f"Row{n} line 3" in pages[1] for n in range(1, 6))
    pages = _pages(tmp_path, used, _table([*rows, ("Row6", 3)], split_rows=False), "six")
    assert [f"Row{n}" in pages[0] for n in range(1, 7)] == [True] * 3 + [False] * 3


def _box(lines: int) -> PageTable:
    rows = [[Paragraph("Call your team right away if", _style())]]
    rows += [[Paragraph(f"Sign {n + 1}", _style())] for n in range(lines)]
    box = framed(rows, [200], font=fonts().regular, border=2, pad=6, row_pad=1, table=PageTable,
                 page_height=FRAME, repeatRows=1, ruled_rows=False, whole=True)
    assert isinstance(box, PageTable)
    return box


def test_a_box_moves_whole_from_a_page_used_enough_and_else_continues_under_its_title(
        tmp_path: Path) -> None:
    # 24 signs, about 60% of a page: not in the 35% left by a page 65% used.
    pages = _pages(tmp_path, FRAME * 0.65, _box(24))
    assert "Sign" not in pages[0] and "Sign 24" in pages[1]
    # From a page 30% used, it starts there and continues, its title repeated.
    pages = _pages(tmp_path, FRAME * 0.3, _box(40), "long")
    assert "Sign 1 " in pages[0] and "Sign 40" in pages[1]
    assert pages[1].startswith("Call your team right away if Sign")
