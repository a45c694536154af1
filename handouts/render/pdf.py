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

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph

from handouts.packet import document as d
from handouts.render.blocks import BlockRenderer
from handouts.render.flowables import AnswerLines, Bookmark, Checkbox, CheckItem, Icon
from handouts.render.fonts import FontSet, fonts, markup
from handouts.render.layout import BLACK, COMPACT, LARGE, STANDARD, Layout, Styles
from handouts.render.outputs import Options
from handouts.render.page import PacketTemplate, canvas_class
from handouts.render.settings import pdf_settings


class _Markup:
    """Escaped, font-safe paragraph text: the only way content reaches a Paragraph."""

    def __init__(self, font_set: FontSet) -> None:
        self.font_set = font_set

    def __call__(self, text: str) -> str:
        return markup(text, self.font_set)



class _Story(BlockRenderer[list[Flowable]]):
    """Turns document blocks into flowables. One instance per PDF: flowables are never reused."""

    def __init__(self, layout: Layout, options: Options, font_set: FontSet,
                 frame_width: float) -> None:
        self.layout = layout
        self.options = options
        self.styles = Styles(layout, font_set)
        self.markup = _Markup(font_set)
        self.width = frame_width
        self.box_width = frame_width
        self.box = layout.body * 0.95
        # Tables set a font even for empty cells; without this, unembedded Helvetica sneaks in.
        self.table_font = ("FONTNAME", (0, 0), (-1, -1), font_set.regular)

    def para(self, text: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(self.markup(text), style)

    def blank(self) -> str:
        return "_" * 22

    def document(self, doc: d.Document) -> list[Flowable]:
        # The safety boxes come right under the title, before the child's name and the dates,
        # so that they fit on page 1 even in large print with a long clinic name. The one-sheet
        # question list leaves out the reminder to keep its questions on one page.
        story: list[Flowable] = self.title_block(doc)
        story.append(Spacer(1, self.layout.body * (0.1 if self.layout.compact else 0.3)))
        story.extend(self.front(doc.front))
        # Who the packet is for, and when: one piece, never split across a page break.
        heading: list[Flowable] = [self.para(line, self.styles.heading_line)
                                   for line in doc.heading_lines]
        if not self.layout.compact:
            heading += [Spacer(1, self.layout.body * 0.4), self.para(doc.reminder, self.styles.body)]
        story.append(KeepTogether(heading))
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

    def _paragraph(self, block: d.Paragraph) -> list[Flowable]:
        return [self.para(block.text, self.styles.body)]

    def front(self, blocks: tuple[d.Block, ...]) -> list[Flowable]:
        """Page 1's safety boxes; on the one-sheet list, side by side so the questions fit."""
        if not (self.layout.compact and len(blocks) == 2):
            return [flowable for block in blocks for flowable in self.block(block)]
        gap = self.layout.body * 0.6
        widths = [(self.width - gap) * share for share in (0.56, 0.44)]
        boxes = []
        for block, width in zip(blocks, widths):
            self.box_width = width
            boxes.append(self.frame(block))
        self.box_width = self.width
        row = Table([[boxes[0], "", boxes[1]]], colWidths=[widths[0], gap, widths[1]])
        row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), self.table_font,
                                 *((pad, (0, 0), (-1, -1), 0) for pad in
                                   ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"))]))
        return [row, Spacer(1, self.layout.body * 0.3)]

    def frame(self, block: d.Block) -> Table:
        """The framed box of an emergency or call box, without the space after it."""
        if isinstance(block, d.EmergencyBox):
            return self._emergency_frame(block)
        assert isinstance(block, d.CallBox)
        return self._call_frame(block, strip=True)

    def _boxed(self, content: list[Flowable], border: float) -> Table:
        """A framed box, one row per flowable, so that a long box can continue on the next page."""
        pad = self.layout.body * (0.4 if self.layout.compact else 0.6)
        table = Table([[flowable] for flowable in content], colWidths=[self.box_width])
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), border, BLACK), self.table_font,
                                   ("LEFTPADDING", (0, 0), (-1, -1), pad),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                   ("TOPPADDING", (0, 0), (-1, 0), pad),
                                   ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]))
        return table

    def with_icon(self, icon: d.Icon | None, flowable: Flowable, size: float) -> Flowable:
        """A picture left of its heading or line; the words beside it are its label."""
        if icon is None:
            return flowable
        gap = size * 0.35
        table = Table([[Icon(icon.name, size), flowable]], colWidths=[size + gap, None])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), self.table_font,
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def icon_size(self) -> float:
        return self.layout.body * (1.25 if self.layout.compact else 1.5)

    def bullet(self, text: str, style: ParagraphStyle | None = None) -> RLParagraph:
        """A bulleted line whose wrapped lines hang under its first word."""
        return RLParagraph(self.markup(text), style or self.styles.bullet, bulletText="\u2022")

    def _emergencybox(self, block: d.EmergencyBox) -> list[Flowable]:
        return [KeepTogether([self._emergency_frame(block)]), Spacer(1, self.layout.body * 0.4)]

    def _emergency_frame(self, block: d.EmergencyBox) -> Table:
        title = self.with_icon(block.icon, self.para(block.title, self.styles.emergency_title),
                               self.icon_size())
        if self.layout.compact:
            # The one-sheet strip: the signs in a few words each, so the questions keep the page.
            signs = "  \u2022 ".join(self.markup(s) for s in block.short)
            inner: list[Flowable] = [title, RLParagraph("\u2022 " + signs, self.styles.body),
                                     self.para(" ".join(block.after), self.styles.bold)]
        else:
            inner = [title, *(self.bullet(s) for s in block.signs), Spacer(1, 4),
                     self.para(" ".join(block.after), self.styles.bold)]
        return self._boxed(inner, 4)

    def _callbox(self, block: d.CallBox) -> list[Flowable]:
        after = self.layout.body * (0.5 if self.layout.compact else 1)
        return [KeepTogether([self._call_frame(block)]), Spacer(1, after)]

    def _call_frame(self, block: d.CallBox, *, strip: bool = False) -> Table:
        size = self.icon_size()
        title = self.with_icon(block.icon, self.para(block.title, self.styles.box_title), size)
        phone = block.phone or f"{self.blank()} ({block.blank_hint})"
        phone_line = self.para(f"{block.phone_label}: {phone}", self.styles.phone)
        if strip:
            # The one-sheet strip: when to call and the number; the home-care reminders are in
            # the full packet and on the fridge card.
            phone = block.phone or "_" * 14
            return self._boxed([title, self.para(" ".join(block.lead or block.lines),
                                                 self.styles.body),
                                self.para(f"{block.phone_label}: {phone}", self.styles.bold)], 2.5)
        inner = [title]
        if block.lead:
            inner.append(self.para(" ".join(block.lead), self.styles.body))
        inner += [self.bullet(line) for line in block.lines]
        inner += [Spacer(1, 4), self.with_icon(block.phone_icon, phone_line, size)]
        return self._boxed(inner, 2.5)

    def _topthree(self, block: d.TopThree) -> list[Flowable]:
        inner: list[Flowable] = [self.para(block.title, self.styles.box_title),
                                 self.para(block.hint, self.styles.body)]
        for n in range(block.count):
            number = self.para(f"{n + 1}.", self.styles.bold)
            gap = self.layout.answer_line_gap * (0.75 if self.layout.compact else 1)
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
        title = self.with_icon(block.icon, self.para(block.title, self.styles.h2), self.icon_size())
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
            for label, signs in ((block.emergency_label, row.emergency),
                                 (block.call_now_label, row.call_now_if),
                                 (row.crisis_title, row.crisis)):
                if signs:
                    first.append(self.para(label, self.styles.cell_bold))
                    first += [self.bullet(t, self.styles.cell_bullet) for t in signs]
            helps = [self.bullet(t, self.styles.cell_bullet) for t in row.helps]
            who = [RLParagraph(self._helper_lines(h), self.styles.cell) for h in row.helpers]
            rows.append([first, helps, who])
        # A table per row: a long table re-wraps all its remaining rows at every page break.
        widths = [self.width * 0.36, self.width * 0.34, self.width * 0.30]
        # A row stays whole; in large print a row can be taller than a page, so it may split.
        split = self.layout.body >= LARGE.body
        tables = [self._grid([row], widths, header=False, split_rows=split) for row in rows[1:]]
        return [KeepTogether([self._grid(rows[:1], widths), *tables[:1]]), *tables[1:]]

    def _phoneline(self, block: d.PhoneLine) -> list[Flowable]:
        phone = block.phone or self.blank()
        style = self.styles.phone if block.prominent else self.styles.body
        line = self.with_icon(block.icon, self.para(f"{block.label}: {phone}", style),
                              self.icon_size())
        return [line, Spacer(1, self.layout.body * 0.3)] if block.icon else [line]

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
    template = PacketTemplate(out, doc, layout, options, font_set, author)
    story = _Story(layout, options, font_set, template.width).document(doc)
    with pdf_settings():
        template.build(story, canvasmaker=canvas_class(layout, font_set))
    return RenderedPdf(out.getvalue(), template.page)
