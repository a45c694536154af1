"""The packet's own flowables: check boxes, answer lines, pictures and bookmarks.

With `fillable`, check boxes and answer lines are also form fields a tablet can fill in; their
names come from the document, so they are unique within a packet.
"""

from __future__ import annotations

import functools
import itertools
from typing import TypeGuard

from reportlab.lib import colors
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph

from handouts import disk_cache
from handouts.render import icons
from handouts.resources import code_digest

BLACK = colors.black
RULE = colors.Color(0.35, 0.35, 0.35)


class Checkbox(Flowable):
    """A square to tick, drawn as a path (no glyph needed); a form field when fillable."""

    def __init__(self, size: float, name: str, fillable: bool) -> None:
        super().__init__()
        self.size = size
        self.name = name
        self.fillable = fillable

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canv = self.canv
        if self.fillable:
            canv.acroForm.checkbox(name=self.name, x=0, y=0, size=self.size, relative=True,
                                   fieldFlags="", borderColor=BLACK, fillColor=colors.white,
                                   textColor=BLACK, borderWidth=1.2, buttonStyle="check",
                                   forceBorder=True)
        else:
            canv.setStrokeColor(BLACK)
            canv.setLineWidth(1.2)
            canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class CheckItem(Flowable):
    """A checkbox beside its text, with any answer lines below: one piece that never splits.

    The text wraps in the space right of the box. Being one flowable (not a keep-together
    group) keeps a question with its answer lines at the cost of a single wrap.
    """

    def __init__(self, text: RLParagraph, box: Checkbox, gap: float,
                 answers: AnswerLines | None = None, after: float = 0) -> None:
        super().__init__()
        self.text = text
        self.box = box
        self.gap = gap
        self.answers = answers
        self.after = after
        self._text_height = 0.0
        self._answers_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        offset = self.box.size + self.gap
        _, self._text_height = self.text.wrap(available_width - offset, available_height)
        if self.answers is not None:
            _, self._answers_height = self.answers.wrap(available_width, available_height)
        self.width = available_width
        self.height = max(self._text_height, self.box.size) + self._answers_height + self.after
        return self.width, self.height

    def draw(self) -> None:
        first_line = self.text.style.leading
        box_y = self.height - first_line + (first_line - self.box.size) / 2 - 1
        self.box.drawOn(self.canv, 0, box_y)
        self.text.drawOn(self.canv, self.box.size + self.gap, self.height - self._text_height)
        if self.answers is not None:
            self.answers.drawOn(self.canv, 0, self.after)


class AnswerLines(Flowable):
    """Ruled lines to write on; single-line text fields on top of them when fillable."""

    def __init__(self, count: int, gap: float, name: str, fillable: bool, indent: float,
                 font_size: float) -> None:
        super().__init__()
        self.count = count
        self.gap = gap
        self.name = name
        self.fillable = fillable
        self.indent = indent
        self.font_size = font_size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.8)
        length = self.width - self.indent
        for n in range(self.count):
            y = self.height - (n + 1) * self.gap + 2
            canv.line(self.indent, y, self.width, y)
            if self.fillable:
                canv.acroForm.textfield(name=f"{self.name}-{n + 1}", x=self.indent, y=y + 1,
                                        width=length, height=self.gap - 4, relative=True,
                                        fieldFlags="", borderWidth=0, fillColor=colors.white,
                                        borderColor=colors.white, textColor=BLACK,
                                        fontName="Helvetica", fontSize=min(self.font_size, 14),
                                        forceBorder=False)


class Unbroken(Flowable):
    """Flowables stacked as one piece that never splits: a bold line and the lines it heads
    stay on one page when a table row goes on to the next."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self._heights: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._heights = [part.wrap(available_width, available_height)[1] for part in self.parts]
        gaps = sum(part.getSpaceAfter() for part in self.parts[:-1])
        self.width, self.height = available_width, sum(self._heights) + gaps
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self.parts, self._heights):
            y -= height
            part.drawOn(self.canv, 0, y)
            y -= part.getSpaceAfter()


class Icon(Flowable):
    """A picture drawn as vector paths: sharp at any print resolution, and no font in it."""

    def __init__(self, name: str, size: float) -> None:
        super().__init__()
        self.name = name
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        icons.draw(self.canv, self.name, 0, 0, self.size)


class QrCode(Flowable):
    """A web address as a QR code, drawn as squares (the four-square quiet zone included)."""

    QUIET = 4

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.squares = _squares(url)
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        side = self.size / (len(self.squares) + 2 * self.QUIET)
        for r, row in enumerate(self.squares):
            column = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    y = self.size - (r + self.QUIET + 1) * side
                    self.canv.rect((column + self.QUIET) * side, y, count * side, side * 1.05,
                                   stroke=0, fill=1)
                column += count


@functools.lru_cache(maxsize=16)
def _squares(url: str) -> list[list[bool]]:
    """The code's squares, made once per process and kept on disk (handouts/disk_cache.py):
    every packet of a clinic links the same page, and encoding took a twentieth of a cold
    start (reportlab's barcode package imports all its barcodes and charts first)."""
    import reportlab

    name = disk_cache.digest(code_digest(), reportlab.Version, url)
    found = disk_cache.read("qr", name)
    if _is_matrix(found):
        return found
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    code.addData(url)
    code.make()
    squares = [[bool(square) for square in row] for row in code.modules]
    disk_cache.write("qr", name, squares, keep=16)
    return squares


def _is_matrix(value: object) -> TypeGuard[list[list[bool]]]:
    return (isinstance(value, list) and bool(value)
            and all(isinstance(row, list) and len(row) == len(value)
                    and all(isinstance(square, bool) for square in row) for row in value))


class Bookmark(Flowable):
    """A zero-size mark that adds an outline entry for the heading that follows.

    Sections are level 0 and their headings level 1: a reader jumps to a topic, and the
    layout tests find every heading (and where each section ends) from the outline.
    """

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)
