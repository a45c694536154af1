"""Helpers the tests share: run the command line, and read back what it built.

PDFs are read with pip-installed libraries only (pypdfium2 for text and its positions, pypdf for
structure and fonts), so the tests pass on a machine with Python and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from click.testing import CliRunner, Result
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from handouts.commands import main

FIXTURES = Path(__file__).parent / "fixtures"

# PDFium reports a hyphen it takes for a break in a word (a soft hyphen, or a hyphen that ends a
# line) as U+FFFE in page text and U+0002 char by char, and joins the two lines.
_BREAK_HYPHEN = {"\ufffe", "\x02"}


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _single_spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _page_texts(path: Path) -> list[str]:
    """Each page's text in drawing order; a word broken by a hyphen at a line end is joined
    and the hyphen dropped, as a reader of the printed page would read it."""
    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in document:
            text = page.get_textpage().get_text_range()
            texts.append("".join(c for c in text if c not in _BREAK_HYPHEN))
        return texts
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    """The whole PDF's text, pages one after another, every run of white space one space."""
    return _single_spaced(" ".join(_page_texts(path)) + " ")


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, every run of white space one space."""
    return [_single_spaced(text) for text in _page_texts(path)]


@dataclass(frozen=True)
class Word:
    """A run of printed characters with no white space in it, and the box around it in points
    from the page's top-left corner (the box each glyph's advance and the font's line height
    make, so neighbouring words on one line share top and bottom)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageWords:
    width: float
    height: float
    words: list[Word]


def _page_words(page: Any) -> PageWords:
    width, height = page.get_size()
    textpage = page.get_textpage()
    words: list[Word] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]
    line_y: float | None = None

    def end_word() -> None:
        if chars:
            words.append(Word("".join(chars), box[0], height - box[3], box[2], height - box[1]))
            chars.clear()

    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage.raw, index):
            end_word()
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        # A new line starts a new word even where PDFium joined two lines (after a hyphen).
        if line_y is not None and abs(bottom - line_y) > (top - bottom) / 2:
            end_word()
        line_y = bottom
        if char in _BREAK_HYPHEN:
            char = "-"  # drawn as a hyphen: at the end of a word it is the one the page shows
        if not chars:
            box[:] = [left, bottom, right, top]
        else:
            box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        chars.append(char)
    end_word()
    return PageWords(width, height, words)


def pdf_words(path: Path) -> list[PageWords]:
    """Every page's size and printed words with their boxes, in drawing order."""
    document = pdfium.PdfDocument(path)
    try:
        return [_page_words(page) for page in document]
    finally:
        document.close()


def font_sizes(path: Path) -> set[float]:
    """Every font size set in the page content streams (`/F1 14 Tf`)."""
    sizes: set[float] = set()
    for page in PdfReader(str(path)).pages:
        data = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        sizes.update(float(s) for s in re.findall(r"/\S+ ([\d.]+) Tf", data))
    return sizes


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_embedded(font: DictionaryObject) -> bool:
    """A font's glyphs are in the file: its descriptor (a Type0 font's is its descendant's)
    holds a FontFile, FontFile2 or FontFile3 stream."""
    if font.get("/Subtype") == "/Type0":
        return all(_is_embedded(_resolved(d)) for d in _resolved(font["/DescendantFonts"]))
    if font.get("/Subtype") == "/Type3":
        return True  # drawn by the PDF's own content streams
    descriptor = _resolved(font.get("/FontDescriptor"))
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font the pages, their forms and their annotations'
    appearances use, each font once."""
    seen: dict[object, Any] = {}  # what was looked at, kept alive so that no id() is reused
    fonts: list[tuple[str, bool]] = []

    def first_time(ref: Any) -> bool:
        key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(ref)
        if key in seen:
            return False
        seen[key] = ref
        return True

    def visit(resources: Any) -> None:
        if resources is None or not first_time(resources):
            return
        resources = _resolved(resources)
        for ref in _resolved(resources.get("/Font", {})).values():
            if first_time(ref):
                font = _resolved(ref)
                fonts.append((str(font.get("/BaseFont", "[none]")).lstrip("/"),
                              _is_embedded(font)))
        for ref in _resolved(resources.get("/XObject", {})).values():
            xobject = _resolved(ref)
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in PdfReader(str(path)).pages:
        visit(page.get("/Resources"))
        for annotation in _resolved(page.get("/Annots", [])):
            for appearance in _resolved(_resolved(annotation).get("/AP", {})).values():
                appearance = _resolved(appearance)
                states = [appearance] if isinstance(appearance, StreamObject) else [
                    _resolved(s) for s in appearance.values()]
                for stream in states:
                    visit(stream.get("/Resources"))
    return fonts
