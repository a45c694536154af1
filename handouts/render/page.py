"""The packet's pages: paper, margins, and the footer on every page.

The footer holds "page X of Y", the content's review date and the clinic's footer. The total
page count is a form drawn on every page but defined only once the document is finished
(`canvas_class`), so the packet is laid out in a single pass.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus import Paragraph as RLParagraph

from handouts.packet import document as d
from handouts.render.fonts import FontSet, markup
from handouts.render.layout import BLACK, Layout
from handouts.render.outputs import PAGE_SIZES, Options

TOTAL_PAGES_FORM = "handouts-total-pages"
FOOTER_BASELINE: float = 0.45 * inch


def _footer_paragraph(doc: d.Document, layout: Layout, font_set: FontSet) -> RLParagraph:
    style = ParagraphStyle("footer", fontName=font_set.regular, fontSize=layout.footer,
                           leading=layout.footer * 1.2, textColor=BLACK)
    return RLParagraph(markup(doc.footer, font_set), style)


def _review_line_above(doc: d.Document, layout: Layout, font_set: FontSet, width: float) -> bool:
    """Whether the review date needs its own line: long words and large print would overlap."""
    widest = doc.page_label.format(page=999, pages=999)
    need = sum(stringWidth(text, font_set.regular, layout.footer)
               for text in (widest, doc.reviewed_label)) + layout.footer * 2
    return bool(doc.reviewed_label) and need > width - 2 * layout.margin


def _bottom_margin(doc: d.Document, layout: Layout, font_set: FontSet, width: float) -> float:
    """Room for the footer: a clinic's footer line (which may wrap) sits above the page number."""
    size = layout.footer
    extra = size * 1.2 if _review_line_above(doc, layout, font_set, width) else 0
    if not doc.footer:
        return max(layout.margin, FOOTER_BASELINE + extra + size * 1.7)
    height: float = _footer_paragraph(doc, layout, font_set).wrap(width - 2 * layout.margin,
                                                                   layout.margin)[1]
    return max(layout.margin, FOOTER_BASELINE + extra + size * 1.5 + height + size * 0.5)


def _page_decorator(doc: d.Document, layout: Layout, font_set: FontSet):  # type: ignore[no-untyped-def]
    """Footer on every page: "page X of Y", the content's review date and the clinic's footer.

    The total page count is a form drawn on every page but defined only once the document is
    finished, so the packet is laid out in a single pass. That is why `{pages}` must end the
    page label.
    """
    before = doc.page_label.partition("{pages}")[0]

    def on_page(canv: Any, template: Any) -> None:
        width, _ = canv._pagesize
        size = layout.footer
        y = FOOTER_BASELINE
        above = size * 1.2 if _review_line_above(doc, layout, font_set, width) else 0
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
            line.wrapOn(canv, width - 2 * layout.margin, layout.margin)
            line.drawOn(canv, layout.margin, y + above + size * 1.5)
        if doc.reviewed_label:
            canv.drawRightString(width - layout.margin, y + above, doc.reviewed_label)
        canv.setLineWidth(0.6)
        rule = y + above + size * 1.2
        canv.line(layout.margin, rule, width - layout.margin, rule)
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


class PacketTemplate(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, doc: d.Document, layout: Layout, options: Options,
                 font_set: FontSet, author: str) -> None:
        super().__init__(
            out, pagesize=PAGE_SIZES[options.paper], leftMargin=layout.margin,
            rightMargin=layout.margin, topMargin=layout.margin,
            bottomMargin=_bottom_margin(doc, layout, font_set, PAGE_SIZES[options.paper][0]),
            title=doc.title, subject=doc.subject, author=author, creator="handouts",
            lang=doc.language, displayDocTitle=True, invariant=1,
            initialFontName=font_set.regular, initialFontSize=layout.body,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame],
                                            onPage=_page_decorator(doc, layout, font_set))])
