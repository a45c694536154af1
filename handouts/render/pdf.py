"""Drawing a `Document` as a printable PDF with reportlab's platypus.

Print rules (from the project's print standards): body text 14 pt (18 pt with 1.5 spacing in
large print), left-aligned, about 70 characters a line, 1-inch margins, black on white, meaning
never carried by colour. A question never parts from its answer lines. Every piece of text is
escaped before it meets a Paragraph: Paragraph text is markup, and families type `<` and `&`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
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
from handouts.render.layout import BLACK, LARGE, Layout, Styles, layout_for
from handouts.render.outputs import PAGE_SIZES, Options
from handouts.render.settings import pdf_settings
from handouts.render.tables import (
    FittedGrid,
    HeadedTable,
    PageTable,
    with_heading,
)

TOTAL_PAGES_FORM = "handouts-total-pages"
FOOTER_BASELINE = 0.45 * inch
# A phone number never breaks across lines: the spaces inside one become no-break spaces
# (Atkinson Hyperlegible has U+00A0; it lacks the no-break hyphen U+2011, and reportlab breaks
# at a hyphen only inside a word too long for its line, which column widths prevent).
PHONE_SPACE = re.compile(r"(?<=[\d)]) (?=[\d(])|(?<=\d) (?=ext\b)|(?<=\bext\.) (?=\d)")
NO_BREAK_SPACE = "\u00a0"
# A column of running text is at least this many ems wide, or the table takes fewer columns.
MIN_TEXT_COLUMN_EMS = 8.5
CELL_PADDING = 5


class _Markup:
    """Escaped, font-safe paragraph text: the only way content reaches a Paragraph."""

    def __init__(self, font_set: FontSet) -> None:
        self.font_set = font_set

    def __call__(self, text: str) -> str:
        return with_fallback(escape(PHONE_SPACE.sub(NO_BREAK_SPACE, text)), self.font_set)


class _Story:
    """Turns document blocks into flowables. One instance per PDF: flowables are never reused."""

    def __init__(self, layout: Layout, options: Options, font_set: FontSet,
                 frame_width: float, frame_height: float) -> None:
        self.layout = layout
        self.options = options
        self.styles = Styles(layout, font_set)
        self.markup = _Markup(font_set)
        self.width = frame_width
        self.height = frame_height
        self.box = layout.body * 0.95
        self.headings = 0
        # Tables set a font even for empty cells; without this, unembedded Helvetica sneaks in.
        self.table_font = ("FONTNAME", (0, 0), (-1, -1), font_set.regular)
        self.font_set = font_set

    def para(self, text: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(self.markup(text), style)

    def blank(self) -> str:
        return "_" * 22

    def document(self, doc: d.Document) -> list[Flowable]:
        story: list[Flowable] = self.title_block(doc)
        for section in doc.sections:
            own_page = section.own_page and not self.layout.compact
            story.append(PageBreak() if own_page else CondPageBreak(self.layout.leading * 6))
            body = [flowable for block in section.blocks for flowable in self.block(block)]
            head = [Bookmark(f"section-{section.id}", section.title),
                    self.para(section.title, self.styles.h2 if self.layout.compact else self.styles.h1)]
            story += with_heading(head, body)
        return story

    def heading(self, title: str) -> list[Flowable]:
        """A topic's heading and its outline entry, to be kept with what follows."""
        self.headings += 1
        return [Bookmark(f"heading-{self.headings}", title, level=1),
                self.para(title, self.styles.h2)]

    def title_block(self, doc: d.Document) -> list[Flowable]:
        if self.layout.compact:
            # The one-page question sheet: its first heading says what it is (the title is in
            # the file's properties); who, when and the reminder run on in one paragraph.
            return [self.para(" · ".join((*doc.heading_lines, doc.reminder)), self.styles.body)]
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
        if block.how_to and self.layout.compact:
            return []
        return [self.para(block.text, self.styles.body)]

    def _boxed(self, content: list[Flowable], border: float, repeat: bool = False) -> Table:
        """A framed box, one row per flowable, so that a long box can continue on the next page."""
        pad = self.layout.body * (0.4 if self.layout.compact else 0.6)
        table = PageTable([[flowable] for flowable in content], colWidths=[self.width],
                       repeatRows=1 if repeat else 0, page_height=self.height)
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), border, BLACK), self.table_font,
                                   ("LEFTPADDING", (0, 0), (-1, -1), pad),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                   ("TOPPADDING", (0, 0), (-1, 0), pad),
                                   ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]))
        return table

    def _callbox(self, block: d.CallBox) -> list[Flowable]:
        phone = block.phone or f"{self.blank()} ({block.blank_hint})"
        if self.layout.compact:
            # The question sheet's strip: the fever rule and the number to call, nothing else.
            said = " · ".join(self.markup(line) for line in block.fever or block.lines)
            strip = [RLParagraph(f"<b>{self.markup(block.title)}:</b> {said} "
                                 f"<b>{self.markup(f'{block.phone_label}: {phone}')}</b>", self.styles.body)]
            return [KeepTogether([self._boxed(strip, 2.5)]), Spacer(1, self.layout.body * 0.5)]
        inner: list[Flowable] = [self.para(block.title, self.styles.box_title)]
        inner += [RLParagraph("\u2022 " + self.markup(line), self.styles.bullet)
                  for line in block.lines]
        inner.append(Spacer(1, 4))
        inner.append(self.para(f"{block.phone_label}: {phone}", self.styles.phone))
        after = self.layout.body * (0.5 if self.layout.compact else 1)
        return [KeepTogether([self._boxed(inner, 2.5)]), Spacer(1, after)]

    def _topthree(self, block: d.TopThree) -> list[Flowable]:
        inner: list[Flowable] = [self.para(block.title, self.styles.box_title)]
        if block.questions:  # the family marked them: printed, not left to write
            inner += [self.para(f"{n}. {text}", self.styles.body)
                      for n, text in enumerate(block.questions, start=1)]
            return [KeepTogether([self._boxed(inner, 1.5)]), Spacer(1, self.layout.body * 0.5)]
        inner.append(self.para(block.hint, self.styles.body))
        for n in range(block.count):
            number = self.para(f"{n + 1}.", self.styles.bold)
            gap = self.layout.answer_line_gap * (0.85 if self.layout.compact else 1)
            line = AnswerLines(1, gap, f"top-{n + 1}",
                                self.options.fillable, 0, self.layout.body)
            row = Table([[number, line]], colWidths=[self.layout.body * 1.6, None])
            row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), self.table_font,
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
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
        return with_heading(self.heading(block.title), questions)

    def _checkgroup(self, block: d.CheckGroup) -> list[Flowable]:
        gap = self.layout.body * 0.5
        items: list[Flowable] = []
        for item_id, text in block.items:
            items.append(CheckItem(self.para(text, self.styles.body),
                                    Checkbox(self.box, f"c-{item_id}", self.options.fillable), gap))
            items.append(Spacer(1, self.layout.body * 0.35))
        if block.urgent:
            # A long framed list may continue on the next page, its title repeated.
            title = self.para(block.title, self.styles.box_title)
            return [self._boxed([title, *items], 2.5, repeat=True), Spacer(1, self.layout.body)]
        return with_heading(self.heading(block.title), [KeepTogether(items[:4]), *items[4:]])

    def _grid(self, rows: list[list[Any]], widths: list[float], *, header: bool = True,
              min_height: float | None = None, split_rows: bool = False,
              spans: list[tuple[Any, ...]] = ()) -> Table:  # type: ignore[assignment]
        if min_height:
            # An empty cell gets room to write in; filled cells grow with their text.
            rows = [rows[0]] + [[Spacer(1, min_height) if cell == "" else cell for cell in row]
                                for row in rows[1:]]
        table = PageTable(rows, colWidths=widths, repeatRows=1 if header else 0,
                       splitInRow=1 if split_rows else 0, page_height=self.height)
        style = [("GRID", (0, 0), (-1, -1), 0.8, BLACK), self.table_font,
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                 ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), *spans]
        if header:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 2, BLACK))
        table.setStyle(TableStyle(style))
        return table

    def _temperaturelog(self, block: d.TemperatureLog) -> list[Flowable]:
        # Room to write: the day column as wide as its header, the rest shared evenly.
        least = [self.widest_word([h, str(block.days)]) + 2 * CELL_PADDING + 1 for h in block.headers]
        spare = max(0.0, self.width - sum(least)) / (len(least) - 1)
        widths = [least[0]] + [w + spare for w in least[1:]]

        def table(row_height: float) -> Table:
            header = [self.para(h, self.styles.log_bold) for h in block.headers]
            rows: list[list[Any]] = [header] + [[self.para(str(day + 1), self.styles.log),
                                                 "", "", "", "", ""] for day in range(block.days)]
            return self._grid(rows, widths, min_height=row_height)

        body = self.layout.body
        return [FittedGrid(table, block.days, preferred=body * 1.6, least=body * 1.05)]

    def text_width(self, text: str) -> float:
        """Measured in bold: headers and names are bold, and a little room to spare is fine."""
        return stringWidth(PHONE_SPACE.sub(NO_BREAK_SPACE, text), self.font_set.bold, self.layout.cell)

    def widest_word(self, texts: list[str]) -> float:
        words = [w for t in texts for w in PHONE_SPACE.sub(NO_BREAK_SPACE, t).split(" ")]
        return max((self.text_width(w) for w in words), default=0.0)

    def column_widths(self, columns: list[tuple[list[str], bool]]) -> list[float] | None:
        """Widths from the content, as a browser lays out a table: each column at least as wide
        as its longest word or phone number (running text at least MIN_TEXT_COLUMN_EMS), then
        grown toward the width of its longest cell, in proportion to what each lacks; what is
        left goes to the running text.

        `columns` holds (texts, running text?). None when they cannot all fit.
        """
        pad = 2 * CELL_PADDING + 1
        least, desired = [], []
        for texts, running in columns:
            floor = self.layout.cell * MIN_TEXT_COLUMN_EMS if running else 0
            least.append(max(self.widest_word(texts), floor) + pad)
            desired.append(max([self.text_width(t) for t in texts] + [0]) + pad)
        spare = self.width - sum(least)
        if spare < 0:
            return None
        lack = [max(0.0, d - w) for d, w in zip(desired, least)]
        if sum(lack) >= spare:
            return [w + spare * gap / sum(lack) for w, gap in zip(least, lack)]
        widths = [w + gap for w, gap in zip(least, lack)]
        left = spare - sum(lack)
        prose = [n for n, (_, running) in enumerate(columns) if running] or list(range(len(columns)))
        return [w + (left / len(prose) if n in prose else 0) for n, w in enumerate(widths)]

    def _helper_lines(self, helper: d.Helper, after_role: str = "<br/>", between: str = "<br/>") -> str:
        """A support role in bold, then each name and number (or a blank to write one in)."""
        numbers = between.join(self.markup(f"{c.name + ': ' if c.name else ''}{c.phone}")
                               for c in helper.contacts) or "_" * 14
        return f"<b>{self.markup(helper.role)}</b>{after_role}{numbers}"

    def _sideeffecttable(self, block: d.SideEffectTable) -> list[Flowable]:
        """Three columns when they fit; else the helpers go in a full-width row below."""
        name_texts = [t for r in block.rows for t in (r.name, block.call_now_label)]
        prose = [t for r in block.rows for t in (r.description, *r.call_now_if)]
        helps = [t for r in block.rows for t in r.helps]
        helpers = [t for r in block.rows for h in r.helpers
                   for t in (h.role, *(f"{c.name}: {c.phone}" if c.name else c.phone for c in h.contacts))]
        widths = self.column_widths([(name_texts + prose, True), (helps, True), (helpers, True)])
        header = [self.para(h, self.styles.cell_bold) for h in block.headers]
        spans: list[tuple[Any, ...]] = []
        if widths is None:
            widths = self.column_widths([(name_texts + prose, True), (helps, True)])
            widths = widths or [self.width * 0.5] * 2
            header = header[:2]
        rows: list[list[Any]] = [header]
        for row in block.rows:
            first = [self.para(row.name, self.styles.cell_bold), self.para(row.description, self.styles.cell)]
            if row.call_now_if:
                first.append(self.para(block.call_now_label, self.styles.cell_bold))
                first += [RLParagraph("\u2022 " + self.markup(t), self.styles.cell) for t in row.call_now_if]
            helps_cell = [RLParagraph("\u2022 " + self.markup(t), self.styles.cell) for t in row.helps]
            if len(widths) == 2:
                # Who can help: a full-width line under the two columns.
                who = "; ".join(self._helper_lines(h, ": ", ", ") for h in row.helpers)
                rows += [[first, helps_cell], [RLParagraph(
                    f"<b>{self.markup(block.headers[2])}:</b> {who}", self.styles.cell), ""]]
                spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
            else:
                rows.append([first, helps_cell, [RLParagraph(self._helper_lines(h), self.styles.cell)
                                                 for h in row.helpers]])
        # Rows as tall as half a page (large print) may continue on the next page.
        return [self._grid(rows, widths, spans=spans, split_rows=self.layout.body >= LARGE.body)]

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
        notes: list[Flowable] = []
        for title, text in block.items:
            notes += [self.para(title, self.styles.bold), self.para(text, self.styles.body)]
        return with_heading(self.heading(block.title), [KeepTogether(notes)])

    def _contacttable(self, block: d.ContactTable) -> list[Flowable]:
        """Role, what they do, name and phone: four columns when they fit, else fewer.

        The name and phone share a column before any word or number would break.
        """
        role, what, name, phone = ([row[i] for row in block.rows] for i in range(4))
        role_col = (role + [block.headers[0]], False)
        what_col = (what + [block.headers[1]], True)
        cell = self.styles.cell

        def para(text: str) -> Any:
            return self.para(text, cell) if text else ""

        def joined(*texts: str) -> Any:
            shown = [self.markup(t) for t in texts if t]
            return RLParagraph("<br/>".join(shown), cell) if shown else ""

        header = [self.para(h, self.styles.cell_bold) for h in block.headers]
        widths = self.column_widths([role_col, what_col, (name + [block.headers[2]], False),
                                     (phone + [block.headers[3]], False)])
        rows: list[list[Any]]
        if widths is not None:
            rows = [[para(c) for c in row] for row in block.rows]
        else:
            both = " / ".join(block.headers[2:])
            widths = self.column_widths([role_col, what_col, (name + phone + [both], False)])
            if widths is not None:
                header = [*header[:2], self.para(both, self.styles.cell_bold)]
                rows = [[para(r), para(w), joined(n, p)] for r, w, n, p in block.rows]
            else:
                first = " / ".join((block.headers[0], *block.headers[2:]))
                widths = self.column_widths([(role + name + phone + [first], False),
                                             what_col]) or [self.width / 2] * 2
                header = [self.para(first, self.styles.cell_bold), header[1]]
                rows = [[joined(r, n, p), para(w)] for r, w, n, p in block.rows]
        # split_rows: a cell as long as the limits allow may be taller than a page.
        table = self._grid([header, *rows], widths, min_height=self.layout.body * 2.0,
                           split_rows=True)
        return [HeadedTable(self.heading(block.title), table, self.height)]


def _footer_paragraph(doc: d.Document, layout: Layout, font_set: FontSet) -> RLParagraph:
    style = ParagraphStyle("footer", fontName=font_set.regular, fontSize=layout.footer,
                           leading=layout.footer * 1.2, textColor=BLACK)
    return RLParagraph(_Markup(font_set)(doc.footer), style)


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
    page_width = stringWidth(doc.page_label.format(page=999, pages=999), font_set.regular, size)

    def fits(label: str) -> bool:
        return page_width + size + stringWidth(label, font_set.regular, size) <= inner

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
        footer = _footer_plan(doc, layout, font_set, PAGE_SIZES[options.paper][0])
        super().__init__(
            out, pagesize=PAGE_SIZES[options.paper], leftMargin=layout.margin,
            rightMargin=layout.margin, topMargin=layout.margin,
            bottomMargin=_bottom_margin(footer, layout),
            title=doc.title, subject=doc.subject, author=author, creator="handouts",
            lang=doc.language, displayDocTitle=True, invariant=1,
            initialFontName=font_set.regular, initialFontSize=layout.body,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame],
                                            onPage=_page_decorator(doc, layout, font_set, footer))])



@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(doc: d.Document, options: Options = Options(),
               author: str = "") -> RenderedPdf:
    """The whole packet as PDF; the same document and options give the same bytes."""
    font_set = fonts()
    layout = layout_for(options)
    out = io.BytesIO()
    template = _PacketTemplate(out, doc, layout, options, font_set, author)
    story = _Story(layout, options, font_set, template.width, template.height).document(doc)
    with pdf_settings():
        template.build(story, canvasmaker=_canvas_class(layout, font_set))
    return RenderedPdf(out.getvalue(), template.page)
