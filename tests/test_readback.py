"""The helpers that read PDFs back (tests/support.py) say what is on the page, so the tests
built on them can fail: word boxes where the words were drawn, a line-end hyphen kept as a word
but joined in page text, and a font that is not embedded reported so."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from handouts.render.fonts import fonts

from support import embedded_fonts, pdf_pages, pdf_text, pdf_words


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages in Helvetica (a font readers have, so reportlab does not embed it)."""
    path = tmp_path_factory.mktemp("readback") / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=(600, 800))
    canvas.setFont("Helvetica", 20)
    canvas.drawString(100, 700, "Call your well-")
    canvas.drawString(100, 676, "known team")
    canvas.showPage()
    canvas.setFont("Helvetica", 20)
    canvas.drawString(300, 100, "page two")
    canvas.showPage()
    canvas.save()
    return path


def test_words_come_with_their_page_size_and_boxes_from_the_top_left(drawn: Path) -> None:
    first, second = pdf_words(drawn)
    assert (first.width, first.height) == (600, 800)
    assert [w.text for w in first.words] == ["Call", "your", "well-", "known", "team"]
    call, known = first.words[0], first.words[3]
    assert call.x0 == pytest.approx(100, abs=0.5) and known.x0 == pytest.approx(100, abs=0.5)
    # The baseline is 100 pt (then 124 pt) below the top; the box holds the letters above it.
    assert call.top < 100 < call.bottom < 110
    assert call.bottom + 20 < known.bottom < call.bottom + 28
    assert [w.text for w in second.words] == ["page", "two"]
    assert second.words[0].x0 == pytest.approx(300, abs=0.5)
    assert second.words[0].bottom == pytest.approx(800 - 100, abs=8)


def test_page_text_joins_a_word_broken_by_a_hyphen_at_the_line_end(drawn: Path) -> None:
    assert pdf_pages(drawn) == ["Call your wellknown team", "page two"]
    assert pdf_text(drawn) == "Call your wellknown team page two "


def test_a_font_that_is_not_embedded_is_reported(drawn: Path) -> None:
    assert embedded_fonts(drawn) == [("Helvetica", False)]


def test_a_composite_font_is_embedded_when_its_descendant_carries_the_glyphs(
        tmp_path: Path) -> None:
    """A Type0 font keeps its glyphs in its descendant: PDFium embeds them, reportlab's CID
    fonts (which readers bring) do not."""
    embedded = tmp_path / "type0-embedded.pdf"
    document = pdfium.PdfDocument.new()
    page = document.new_page(300, 300)
    data = Path(pdfmetrics.getFont(fonts().regular).face.filename).read_bytes()
    font = pdfium_c.FPDFText_LoadFont(document.raw, (ctypes.c_uint8 * len(data)).from_buffer_copy(
        data), len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
    text = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, 12)
    words = ctypes.create_string_buffer("Hi\0".encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(text, ctypes.cast(words, pdfium_c.FPDF_WIDESTRING))
    pdfium_c.FPDFPage_InsertObject(page.raw, text)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    document.save(embedded)
    assert embedded_fonts(embedded) == [("AtkinsonHyperlegible-Regular", True)]

    brought = tmp_path / "type0-brought.pdf"
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    canvas = Canvas(str(brought))
    canvas.setFont("HeiseiMin-W3", 12)
    canvas.drawString(100, 700, "Hi")
    canvas.save()
    assert ("HeiseiMin-W3", False) in embedded_fonts(brought)
