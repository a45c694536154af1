"""Three ways to print the same packets, each timed in one warm process (used by batch.py).

- the **bare reportlab floor**: the packets' words laid out by plain platypus, every paragraph
  made and broken into lines afresh for every packet (nothing cached, nothing shared);
- **our renderer**: `handouts.build.render`, the path every packet of `build` and `batch` takes;
- **WeasyPrint**: the packet's HTML copy (what `handouts build --format html` writes) turned
  into a PDF, the peer a Python user would otherwise pick.

The documents are made up front and not timed, so only the drawing is compared.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from handouts.packet.blocks import Document

Item = TypeVar("Item")


@dataclass
class Timing:
    """How long some packets took: wall clock and CPU (for a command, its processes' CPU)."""

    what: str
    packets: int
    pages: int
    wall: float
    cpu: float
    first: float | None = None  # the warm-up packet, not counted in wall and cpu
    peak_mb: float | None = None  # all processes of a command, summed


def timed(what: str, make: Callable[[Item], int], items: Sequence[Item]) -> Timing:
    """Time `make` (which returns a page count) over `items`, after one untimed warm-up.

    The warm-up packet pays the imports and font loading, as a batch worker does once.
    """
    started = time.perf_counter()
    make(items[0])
    first = time.perf_counter() - started
    wall, cpu = time.perf_counter(), time.process_time()
    pages = sum(make(item) for item in items)
    return Timing(what, len(items), pages, time.perf_counter() - wall,
                  time.process_time() - cpu, first)


def documents(roster: Path, clinic: Path, day: str, limit: int, work: Path) -> list[Document]:
    """The first `limit` rows' documents, made as `batch` makes them (untimed)."""
    from handouts.batch import BatchSettings, prepare_batch
    from handouts.errors import Problems
    from handouts.inputs.checks import Reader
    from handouts.inputs.profile import read_profile
    from handouts.inputs.rows import row_doc
    from handouts.packet.document import build_document

    date = dt.date.fromisoformat(day)
    batch = prepare_batch(roster, BatchSettings(out_dir=work, day=date, clinic_file=clinic))
    made: list[Document] = []
    for row in batch.roster.rows():
        if len(made) >= limit:
            break
        doc = row_doc(row, roster, {})  # type: ignore[arg-type]
        profile = read_profile(Reader(doc, Problems()), doc.value, batch.inputs.content)
        made.append(build_document(profile, batch.inputs.clinic, batch.inputs.content, day=date))
    return made


# --- the bare reportlab floor ------------------------------------------------------------------

def bare_pdf(document: Document) -> int:
    """Plain platypus: the same words, standard fonts, no keep-together, no page totals.

    Every Paragraph is new, so reportlab parses and breaks every text again for every packet:
    the floor is what a naive renderer costs, with no layout shared between packets.
    """
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from handouts.packet import blocks as d

    body = ParagraphStyle("b", fontName="Helvetica", fontSize=14, leading=19, spaceAfter=4)
    h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=20, leading=26, spaceAfter=8)
    h2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=16, leading=21, spaceAfter=4)
    cell = ParagraphStyle("c", fontName="Helvetica", fontSize=13, leading=17)
    grid = [("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[object] = [p(document.title, h1), *(p(t) for t in document.heading_lines),
                           p(document.reminder)]
    for section in document.sections:
        if section.id in ("temperature-log", "side-effects", "contacts"):
            story.append(PageBreak())
        story.append(p(section.title, h1))
        for block in section.blocks:
            if isinstance(block, d.Paragraph):
                story.append(p(block.text))
            elif isinstance(block, d.CallBox):
                story += [p(block.title, h2), *(p(t) for t in block.lines),
                          p(f"{block.phone_label}: {block.phone}", h2)]
            elif isinstance(block, d.TopThree):
                story += [p(block.title, h2), p(block.hint), Spacer(1, 3 * 0.43 * inch)]
            elif isinstance(block, d.QuestionGroup):
                story.append(p(block.title, h2))
                for _, words in block.questions:
                    story += [p(" / ".join(words)), Spacer(1, 3 * 0.36 * inch)]
            elif isinstance(block, d.CheckGroup):
                story += [p(block.title, h2), *(p("[  ] " + t) for _, t in block.items)]
            elif isinstance(block, d.TemperatureLog):
                rows = [list(block.headers)] + [[str(n + 1), "", "", "", "", ""]
                                                for n in range(block.days)]
                story.append(Table(rows, rowHeights=[22] + [22] * block.days, style=grid))
            elif isinstance(block, d.SideEffectTable):
                cells: list[list[object]] = [[p(h, cell) for h in block.headers]]
                for r in block.rows:
                    cells.append([[p(r.name, cell), p(r.description, cell),
                                   *(p(t, cell) for t in r.call_now_if)],
                                  [p(t, cell) for t in r.helps],
                                  [p(h.role, cell) for h in r.helpers]])
                story.append(Table(cells, colWidths=[2.3 * inch, 2.2 * inch, 2 * inch],
                                   style=grid, repeatRows=1))
            elif isinstance(block, d.PhoneLine):
                story.append(p(f"{block.label}: {block.phone}", h2))
            elif isinstance(block, d.ContactTable):
                contacts = [[p(h, cell) for h in block.headers]] + [
                    [p(c, cell) for c in row] for row in block.rows]
                story += [p(block.title, h2),
                          Table(contacts, colWidths=[1.4 * inch, 2.5 * inch, 1.3 * inch,
                                                     1.3 * inch], style=grid, repeatRows=1)]
    out = io.BytesIO()
    pages = [0]

    def footer(canvas: object, doc: object) -> None:
        pages[0] = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 12)  # type: ignore[attr-defined]
        canvas.drawString(inch, 0.45 * inch, f"Page {pages[0]}")  # type: ignore[attr-defined]

    template = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=inch, rightMargin=inch,
                                 topMargin=inch, bottomMargin=inch)
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return pages[0]


# --- our renderer ------------------------------------------------------------------------------

def ours_pdf(document: Document) -> int:
    """The packet as `build` and `batch` draw it (letter, the profile's defaults)."""
    from handouts.build import render
    from handouts.models import Profile
    from handouts.render.outputs import Options

    return render(document, Profile(), Options(), None)[1]


# --- WeasyPrint, the HTML peer -----------------------------------------------------------------

def html_copies(made: Sequence[Document]) -> list[str]:
    """Each packet as `handouts build --format html` writes it (untimed)."""
    from handouts.build import render
    from handouts.models import Profile
    from handouts.render.outputs import Options

    return [render(doc, Profile(), Options(format="html"), None)[0].decode("utf-8")
            for doc in made]


def _font_faces() -> str:
    """@font-face rules for the fonts our PDFs embed, so WeasyPrint draws the same letters."""
    faces = []
    for weight, name in ((400, "Regular"), (700, "Bold")):
        path = resources.files("fontpkg_atkinson_hyperlegible") / "files" / \
            f"AtkinsonHyperlegible-{name}.ttf"
        if path.is_file():
            faces.append(f'@font-face {{ font-family: "Atkinson Hyperlegible"; '
                         f'font-weight: {weight}; src: url("{Path(str(path)).as_uri()}"); }}')
    return "\n".join(faces)


def weasyprint_maker() -> Callable[[str], int] | str:
    """A function that prints one HTML copy with WeasyPrint, or why WeasyPrint cannot run.

    The page is the packet's paper (letter; WeasyPrint's own default is A4), and the fonts are
    the packet's own; the HTML's print stylesheet does the rest.
    """
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as err:  # OSError: Pango's libraries are missing
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"WeasyPrint is not available ({first_line}): see bench/README.md to install it"
    font_config = FontConfiguration()
    page = CSS(string="@page { size: letter }\n" + _font_faces(), font_config=font_config)

    def make(html: str) -> int:
        document = HTML(string=html).render(stylesheets=[page], font_config=font_config)
        document.write_pdf()
        return len(document.pages)

    return make
