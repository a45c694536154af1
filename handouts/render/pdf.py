"""Drawing a `Document` as a printable PDF with reportlab's platypus.

Print rules (from the project's print standards): body text 14 pt (18 pt with 1.5 spacing in
large print), left-aligned, about 70 characters a line, 1-inch margins, black on white, meaning
never carried by colour. A question never parts from its answer lines. Every piece of text is
escaped before it meets a Paragraph: Paragraph text is markup, and families type `<` and `&`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph

from handouts.packet import document as d
from handouts.render.flowables import AnswerLines, Bookmark, Checkbox, CheckItem
from handouts.render.fonts import FontSet, fonts, with_fallback
from handouts.render.layout import BLACK, COMPACT, LARGE, STANDARD, Layout, Styles
from handouts.render.outputs import PAGE_SIZES, Options
from handouts.render.settings import pdf_settings

TOTAL_PAGES_FORM = "handouts-total-pages"
FOOTER_BASELINE = 0.45 * inch


class _Markup:
    """Escaped, font-safe paragraph text: the only way content reaches a Paragraph."""

    def __init__(self, font_set: FontSet) -> None:
        self.font_set = font_set

    def __call__(self, text: str) -> str:
        return with_fallback(escape(text), self.font_set)


class _Story:
    """Turns document blocks into flowables. One instance per PDF: flowables are never reused."""

    def __init__(self, layout: Layout, options: Options, font_set: FontSet,
                 frame_width: float) -> None:
        self.layout = layout
        self.options = options
        self.styles = Styles(layout, font_set)
        self.markup = _Markup(font_set)
        self.width = frame_width
        self.box = layout.body * 0.95
        # Tables set a font even for empty cells; without this, unembedded Helvetica sneaks in.
        self.table_font = ("FONTNAME", (0, 0), (-1, -1), font_set.regular)

    def para(self, text: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(self.markup(text), style)

    def blank(self) -> str:
        return "_" * 22

    def document(self, doc: d.Document) -> list[Flowable]:
        story: list[Flowable] = self.title_block(doc)
        for section in doc.sections:
            own_page = section.own_page and not self.layout.compact
            story.append(PageBreak() if own_page else CondPageBreak(self.layout.leading * 6))
            story.append(Bookmark(f"section-{section.id}", section.title))
            story.append(self.para(section.title, self.styles.h1))
            for block in section.blocks:
                story.extend(self.block(block))
        return story

    def title_block(self, doc: d.Document) -> list[Flowable]:
        text: list[Flowable] = [self.para(doc.title, self.styles.title)]
        text += [self.para(line, self.styles.heading_line) for line in doc.heading_lines]
        text.append(Spacer(1, self.layout.body * 0.4))
        text.append(self.para(doc.reminder, self.styles.body))
        if doc.logo is None:
            return text
        logo = Image(str(doc.logo))
        scale = min(1.6 * inch / logo.imageWidth, 1.0 * inch / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        table = Table([[text, logo]], colWidths=[self.width - 1.8 * inch, 1.8 * inch])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), self.table_font,
                                   ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [table]

    def block(self, block: d.Block) -> list[Flowable]:
        handler = getattr(self, "_" + type(block).__name__.lower())
        result: list[Flowable] = handler(block)
        return result

    def _paragraph(self, block: d.Paragraph) -> list[Flowable]:
        return [self.para(block.text, self.styles.body)]

    def _boxed(self, content: list[Flowable], border: float) -> Table:
        """A framed box, one row per flowable, so that a long box can continue on the next page."""
        pad = self.layout.body * 0.6
        table = Table([[flowable] for flowable in content], colWidths=[self.width])
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), border, BLACK), self.table_font,
                                   ("LEFTPADDING", (0, 0), (-1, -1), pad),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                   ("TOPPADDING", (0, 0), (-1, 0), pad),
                                   ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]))
        return table

    def _callbox(self, block: d.CallBox) -> list[Flowable]:
        inner: list[Flowable] = [self.para(block.title, self.styles.box_title)]
        inner += [RLParagraph("\u2022 " + self.markup(line), self.styles.bullet)
                  for line in block.lines]
        phone = block.phone or f"{self.blank()} ({block.blank_hint})"
        inner.append(Spacer(1, 4))
        inner.append(self.para(f"{block.phone_label}: {phone}", self.styles.phone))
        after = self.layout.body * (0.5 if self.layout.compact else 1)
        return [KeepTogether([self._boxed(inner, 2.5)]), Spacer(1, after)]

    def _topthree(self, block: d.TopThree) -> list[Flowable]:
        inner: list[Flowable] = [self.para(block.title, self.styles.box_title),
                                 self.para(block.hint, self.styles.body)]
        for n in range(block.count):
            number = self.para(f"{n + 1}.", self.styles.bold)
            gap = self.layout.answer_line_gap * (0.85 if self.layout.compact else 1)
            line = AnswerLines(1, gap, f"top-{n + 1}",
                                self.options.fillable, 0, self.layout.body)
            row = Table([[number, line]], colWidths=[self.layout.body * 1.6, None])
            row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), self.table_font,
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
            inner.append(row)
        return [KeepTogether([self._boxed(inner, 1.5)]), Spacer(1, self.layout.body * 0.5)]

    def _questiongroup(self, block: d.QuestionGroup) -> list[Flowable]:
        lines = 1 if self.layout.compact else block.answer_lines
        gap = self.layout.body * 0.5
        questions: list[Flowable] = []
        for qid, wordings in block.questions:
            text = "<br/>".join(self.markup(w) for w in wordings)
            answers = AnswerLines(lines, self.layout.answer_line_gap, f"q-{qid}-answer",
                                   self.options.fillable, self.box + gap, self.layout.body)
            after = self.layout.body * (0.15 if self.layout.compact else 0.5)
            questions.append(CheckItem(RLParagraph(text, self.styles.body),
                                        Checkbox(self.box, f"q-{qid}", self.options.fillable),
                                        gap, answers, after))
        # The topic's title never ends a page without its first question below it.
        title = self.para(block.title, self.styles.h2)
        first = KeepTogether([title, questions[0]]) if questions else title
        return [first, *questions[1:]]

    def _checkgroup(self, block: d.CheckGroup) -> list[Flowable]:
        gap = self.layout.body * 0.5
        items: list[Flowable] = []
        for item_id, text in block.items:
            items.append(CheckItem(self.para(text, self.styles.body),
                                    Checkbox(self.box, f"c-{item_id}", self.options.fillable), gap))
            items.append(Spacer(1, self.layout.body * 0.35))
        title = self.para(block.title, self.styles.box_title if block.urgent else self.styles.h2)
        if block.urgent:
            return [KeepTogether([self._boxed([title, *items], 2.5)]), Spacer(1, self.layout.body)]
        return [KeepTogether([title, *items[:4]]), *items[4:]]

    def _grid(self, rows: list[list[Any]], widths: list[float], *, header: bool = True,
              min_height: float | None = None, split_rows: bool = False) -> Table:
        if min_height:
            # An empty cell gets room to write in; filled cells grow with their text.
            rows = [rows[0]] + [[Spacer(1, min_height) if cell == "" else cell for cell in row]
                                for row in rows[1:]]
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0,
                      splitInRow=1 if split_rows else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.8, BLACK), self.table_font,
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5)]
        if header:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 2, BLACK))
        table.setStyle(TableStyle(style))
        return table

    def _temperaturelog(self, block: d.TemperatureLog) -> list[Flowable]:
        header = [self.para(h, self.styles.cell_bold) for h in block.headers]
        rows: list[list[Any]] = [header] + [[self.para(str(day + 1), self.styles.cell), "", "", "", "", ""]
                                            for day in range(block.days)]
        w = self.width
        widths = [w * 0.09, w * 0.19, w * 0.2, w * 0.16, w * 0.2, w * 0.16]
        return [self._grid(rows, widths, min_height=self.layout.body * 1.6)]

    def _helper_lines(self, helper: d.Helper) -> str:
        if helper.contacts:
            numbers = "; ".join(f"{c.name + ': ' if c.name else ''}{c.phone}" for c in helper.contacts)
            return f"<b>{self.markup(helper.role)}</b><br/>{self.markup(numbers)}"
        return f"<b>{self.markup(helper.role)}</b><br/>{'_' * 14}"

    def _sideeffecttable(self, block: d.SideEffectTable) -> list[Flowable]:
        header = [self.para(h, self.styles.cell_bold) for h in block.headers]
        rows: list[list[Any]] = [header]
        for row in block.rows:
            first = [self.para(row.name, self.styles.cell_bold), self.para(row.description, self.styles.cell)]
            if row.call_now_if:
                first.append(self.para(block.call_now_label, self.styles.cell_bold))
                first += [RLParagraph("\u2022 " + self.markup(t), self.styles.cell) for t in row.call_now_if]
            helps = [RLParagraph("\u2022 " + self.markup(t), self.styles.cell) for t in row.helps]
            who = [RLParagraph(self._helper_lines(h), self.styles.cell) for h in row.helpers]
            rows.append([first, helps, who])
        # A table per row: a long table re-wraps all its remaining rows at every page break.
        widths = [self.width * 0.36, self.width * 0.34, self.width * 0.30]
        tables = [self._grid([row], widths, header=False) for row in rows[1:]]
        return [KeepTogether([self._grid(rows[:1], widths), *tables[:1]]), *tables[1:]]

    def _phoneline(self, block: d.PhoneLine) -> list[Flowable]:
        phone = block.phone or self.blank()
        style = self.styles.phone if block.prominent else self.styles.body
        return [self.para(f"{block.label}: {phone}", style)]

    def _website(self, block: d.Website) -> list[Flowable]:
        from reportlab.graphics.barcode.qr import QrCode

        size = 1.1 * inch
        text = [self.para(f"{block.label}: {block.url}", self.styles.body),
                self.para(block.hint, self.styles.body)]
        code = QrCode(block.url, width=size, height=size, isoScale=1)
        table = Table([[text, code]], colWidths=[self.width - size - 12, size + 12])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), self.table_font,
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [table]

    def _notes(self, block: d.Notes) -> list[Flowable]:
        notes: list[Flowable] = [self.para(block.title, self.styles.h2)]
        for title, text in block.items:
            notes += [self.para(title, self.styles.bold), self.para(text, self.styles.body)]
        return [KeepTogether(notes)]

    def _contacttable(self, block: d.ContactTable) -> list[Flowable]:
        header = [self.para(h, self.styles.cell_bold) for h in block.headers]
        rows: list[list[Any]] = [header] + [[self.para(cell, self.styles.cell) if cell else ""
                                             for cell in row] for row in block.rows]
        w = self.width
        return [CondPageBreak(self.layout.leading * 5), self.para(block.title, self.styles.h2),
                self._grid(rows, [w * 0.22, w * 0.38, w * 0.2, w * 0.2],
                           min_height=self.layout.body * 2.0, split_rows=True)]


def _footer_paragraph(doc: d.Document, layout: Layout, font_set: FontSet) -> RLParagraph:
    style = ParagraphStyle("footer", fontName=font_set.regular, fontSize=layout.footer,
                           leading=layout.footer * 1.2, textColor=BLACK)
    return RLParagraph(_Markup(font_set)(doc.footer), style)


def _bottom_margin(doc: d.Document, layout: Layout, font_set: FontSet, width: float) -> float:
    """Room for the footer: a clinic's footer line (which may wrap) sits above the page number."""
    if not doc.footer:
        return layout.margin
    _, height = _footer_paragraph(doc, layout, font_set).wrap(width - 2 * layout.margin, layout.margin)
    return max(layout.margin, FOOTER_BASELINE + layout.footer * 1.5 + height + layout.footer * 0.5)


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
            line.drawOn(canv, layout.margin, y + size * 1.5)
        if doc.reviewed_label:
            canv.drawRightString(width - layout.margin, y, doc.reviewed_label)
        canv.setLineWidth(0.6)
        canv.line(layout.margin, y + size * 1.2, width - layout.margin, y + size * 1.2)
        canv.restoreState()

    return on_page


def _canvas_class(layout: Layout, font_set: FontSet) -> type[Canvas]:
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


class _PacketTemplate(BaseDocTemplate):
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



@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(doc: d.Document, options: Options = Options(),
               author: str = "") -> RenderedPdf:
    """The whole packet as PDF; the same document and options give the same bytes."""
    font_set = fonts()
    layout = COMPACT if options.compact else LARGE if options.large_print else STANDARD
    out = io.BytesIO()
    template = _PacketTemplate(out, doc, layout, options, font_set, author)
    story = _Story(layout, options, font_set, template.width).document(doc)
    with pdf_settings():
        template.build(story, canvasmaker=_canvas_class(layout, font_set))
    return RenderedPdf(out.getvalue(), template.page)
