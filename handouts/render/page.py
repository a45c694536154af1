"""The packet's pages: paper, margins, and the footer on every page.

The footer holds "page X of Y", the content's review date and the clinic's footer. The total
page count is a form drawn on every page but defined only once the document is finished
(`canvas_class`), so the packet is laid out in a single pass.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from handouts.packet import blocks as d
from handouts.render.fonts import FontSet, markup
from handouts.render.layout import BLACK, Layout
from handouts.render.outputs import PAGE_SIZES, Options
from handouts.render.paragraphs import Paragraph

TOTAL_PAGES_FORM = "handouts-total-pages"
FOOTER_BASELINE: float = 0.45 * inch


def _footer_paragraph(doc: d.Document, layout: Layout, font_set: FontSet) -> Paragraph:
    style = ParagraphStyle("footer", fontName=font_set.regular, fontSize=layout.footer,
                           leading=layout.footer * 1.2, textColor=BLACK)
    return Paragraph(markup(doc.footer, font_set), style)


@dataclass(frozen=True)
class _Footer:
    """Where the footer's pieces sit, from the bottom: "page X of Y" on the baseline; the review
    date at its right (in its short wording if only that fits), or on a line of its own above
    when neither fits beside it; a rule; then the clinic's footer, which may wrap."""

    stacked: bool
    clinic_height: float
    size: float
    reviewed: str  # the review date's label: the full one, or the short one where that fits

    @property
    def rule(self) -> float:
        return FOOTER_BASELINE + self.size * (2.5 if self.stacked else 1.2)

    @property
    def top(self) -> float:
        return self.rule + (self.size * 0.3 + self.clinic_height if self.clinic_height else 0)


def _footer_plan(doc: d.Document, layout: Layout, font_set: FontSet, page_width: float) -> _Footer:
    size = layout.footer
    inner = page_width - 2 * layout.margin
    label_width = stringWidth(doc.page_label.format(page=999, pages=999), font_set.regular, size)

    def fits(label: str) -> bool:
        return bool(label_width + size + stringWidth(label, font_set.regular, size) <= inner)

    reviewed = next((label for label in (doc.reviewed_label, doc.reviewed_short) if fits(label)),
                    doc.reviewed_label)
    clinic = 0.0
    if doc.footer:
        _, clinic = _footer_paragraph(doc, layout, font_set).wrap(inner, layout.margin * 4)
    return _Footer(bool(reviewed) and not fits(reviewed), clinic, size, reviewed)


def _bottom_margin(footer: _Footer, layout: Layout) -> float:
    """Room for the whole footer, and a little air between it and the page's text."""
    return max(layout.margin, footer.top + footer.size * 0.5)


def _page_decorator(doc: d.Document, layout: Layout, font_set: FontSet, footer: _Footer):  # type: ignore[no-untyped-def]
    """Footer on every page: "page X of Y", the content's review date and the clinic's footer.

    The total page count is a form drawn on every page but defined only once the document is
    finished, so the packet is laid out in a single pass. That is why `{pages}` must end the
    page label. The ArtBox marks the margins, footer included: nothing is printed outside it.
    """
    before = doc.page_label.partition("{pages}")[0]

    def on_page(canv: Any, template: Any) -> None:
        width, height = canv._pagesize
        size = layout.footer
        y = FOOTER_BASELINE
        canv.setArtBox((layout.margin, y - size * 0.4, width - layout.margin, height - layout.margin))
        canv.saveState()
        canv.setFillColor(BLACK)
        canv.setFont(font_set.regular, size)
        label = before.format(page=canv.getPageNumber())
        canv.drawString(layout.margin, y, label)
        canv.translate(layout.margin + canv.stringWidth(label, font_set.regular, size), y)
        canv.doForm(TOTAL_PAGES_FORM)
        canv.restoreState()
        canv.saveState()
        canv.setFont(font_set.regular, size)
        if doc.footer:
            line = _footer_paragraph(doc, layout, font_set)
            line.wrapOn(canv, width - 2 * layout.margin, layout.margin * 4)
            line.drawOn(canv, layout.margin, footer.rule + size * 0.3)
        if footer.reviewed and footer.stacked:
            canv.drawString(layout.margin, y + size * 1.25, footer.reviewed)
        elif footer.reviewed:
            canv.drawRightString(width - layout.margin, y, footer.reviewed)
        canv.setLineWidth(0.6)
        canv.line(layout.margin, footer.rule, width - layout.margin, footer.rule)
        canv.restoreState()

    return on_page


def canvas_class(layout: Layout, font_set: FontSet) -> type[Canvas]:
    class PacketCanvas(Canvas):
        """Defines the page-total form once every page has been laid out."""

        def save(self) -> None:
            self.beginForm(TOTAL_PAGES_FORM)
            self.setFillColor(BLACK)
            self.setFont(font_set.regular, layout.footer)
            self.drawString(0, 0, str(self.getPageNumber() - 1))
            self.endForm()
            super().save()

    return PacketCanvas


class _BodyFrame(Frame):
    """The page's frame, copied cheaply: reportlab deep-copies the frame every time a group
    kept together measures itself (about fifty times a packet). Its values are numbers and
    text, which a deep copy shares anyway; only the rest is copied deeply."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _BodyFrame:
        twin = copy.copy(self)
        for name, value in vars(self).items():
            if not isinstance(value, (int, float, str, type(None))):
                twin.__dict__[name] = copy.deepcopy(value, memo)
        return twin


class PacketTemplate(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, doc: d.Document, layout: Layout, options: Options,
                 font_set: FontSet, author: str) -> None:
        footer = _footer_plan(doc, layout, font_set, PAGE_SIZES[options.paper][0])
        super().__init__(
            out, pagesize=PAGE_SIZES[options.paper], leftMargin=layout.margin,
            rightMargin=layout.margin, topMargin=layout.margin,
            bottomMargin=_bottom_margin(footer, layout),
            title=doc.title, subject=doc.subject, author=author, creator="handouts",
            lang=doc.language, displayDocTitle=True, invariant=1,
            initialFontName=font_set.regular, initialFontSize=layout.body,
        )
        frame = _BodyFrame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame],
                                            onPage=_page_decorator(doc, layout, font_set, footer))])
