"""Drawing a `Document` as a printable PDF with reportlab's platypus.

Print rules (from the project's print standards): body text 14 pt (18 pt with 1.5 spacing in
large print), left-aligned, about 70 characters a line, 1-inch margins, black on white, meaning
never carried by colour. A question never parts from its answer lines. Every piece of text is
escaped before it meets a Paragraph: Paragraph text is markup, and families type `<` and `&`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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

from handouts.packet import blocks as d
from handouts.render.blocks import BlockRenderer
from handouts.render.boxes import side_by_side
from handouts.render.columns import CELL_PADDING, Columns
from handouts.render.flowables import AnswerLines, Bookmark, Checkbox, CheckItem, QrCode, Unbroken
from handouts.render.fonts import FontSet, fonts, markup
from handouts.render.front import FrontBoxes
from handouts.render.layout import Layout, Styles, layout_for
from handouts.render.outputs import Options
from handouts.render.page import PacketTemplate, canvas_class
from handouts.render.paragraphs import Paragraph
from handouts.render.settings import pdf_settings
from handouts.render.tables import Continued, FittedGrid, HeadedTable, Keep, ruled, with_heading


class _Story(FrontBoxes, BlockRenderer[list[Flowable]]):
    """Turns document blocks into flowables. One instance per PDF: flowables are never reused."""

    def __init__(self, layout: Layout, options: Options, font_set: FontSet,
                 frame_width: float, frame_height: float) -> None:
        self.layout = layout
        self.options = options
        self.styles = Styles(layout, font_set)
        # Escaped, font-safe paragraph text: the only way content reaches a Paragraph.
        self.markup = functools.partial(markup, font_set=font_set)
        self.width = frame_width
        self.box_width = frame_width
        self.height = frame_height
        self.headings = 0
        self.font_set = font_set
        self.box = layout.body * 0.95
        # Tables set a font even for empty cells; without this, unembedded Helvetica sneaks in.
        self.table_font = ("FONTNAME", (0, 0), (-1, -1), font_set.regular)
        self.columns = Columns(font_set.bold, layout.cell, frame_width)
        self.grid = functools.partial(ruled, font=font_set.regular, page_height=frame_height)
        # The bold line each bullet after a list's first goes under (by flowable), to print it
        # again where a side effect goes on to the next page.
        self.heads: dict[int, str] = {}

    def document(self, doc: d.Document) -> list[Flowable]:
        # The safety boxes come right under the title, before the child's name and the dates,
        # so that they fit on page 1 even in large print with a long clinic name. The one-sheet
        # question list runs the title, who and when on in one line above its strip, and leaves
        # out the reminder, to keep its questions on one page.
        if self.layout.compact:
            line = self.markup(" · ".join(doc.heading_lines))
            title = f"<b>{self.markup(doc.title)}</b> · {line}"
            story: list[Flowable] = [*self.title_block(doc, title), Spacer(1, 1),
                                     *self.front(doc.front)]
            if any(section.id != "questions" for section in doc.sections):
                # A whole packet in compact type keeps what the one sheet leaves out: the
                # fever reminders, and that the packet does not replace the team's advice.
                for block in doc.front:
                    if isinstance(block, d.CallBox) and block.lines:
                        story += self.reminders(block)
                story.append(KeepTogether([self.para(doc.reminder, self.styles.body)]))
            return story + self.sections(doc)
        story = self.title_block(doc, self.markup(doc.title))
        story.append(Spacer(1, self.layout.body * 0.3))
        story.extend(self.front(doc.front))
        # The two-line reminder, then who the packet is for and when: each one piece, never
        # split across a page break. The reminder fills page 1 under the boxes when the longer
        # who-and-when lines must start page 2.
        story.append(KeepTogether([self.para(doc.reminder, self.styles.body)]))
        story.append(KeepTogether([self.para(line, self.styles.heading_line)
                                   for line in doc.heading_lines]))
        return story + self.sections(doc)

    def sections(self, doc: d.Document) -> list[Flowable]:
        story: list[Flowable] = []
        for section in doc.sections:
            own_page = section.own_page and not self.layout.compact
            story.append(PageBreak() if own_page else CondPageBreak(self.layout.leading * 6))
            body = [flowable for block in section.blocks for flowable in self.block(block)]
            head = [Bookmark(f"section-{section.id}", section.title),
                    self.para(section.title, self.styles.h2 if self.layout.compact else self.styles.h1)]
            story += with_heading(head, body)
        return story

    def heading(self, title: str, picture: d.Icon | None = None) -> list[Flowable]:
        """A topic's heading and its outline entry, to be kept with what follows."""
        self.headings += 1
        return [Bookmark(f"heading-{self.headings}", title, level=1),
                self.with_icon(picture, self.para(title, self.styles.h2), self.icon_size())]

    def title_block(self, doc: d.Document, title: str) -> list[Flowable]:
        """The title (markup, escaped), with the clinic's logo at its right if there is one."""
        style = self.styles.heading_line if self.layout.compact else self.styles.title
        text: list[Flowable] = [Paragraph(title, style)]
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
        if block.how_to and self.layout.compact:
            return []
        return [self.para(block.text, self.styles.body)]

    def _howto(self, block: d.HowTo) -> list[Flowable]:
        return [self.para(block.text, self.styles.bold)]

    def _topthree(self, block: d.TopThree) -> list[Flowable]:
        inner: list[Flowable] = [self.para(block.title, self.styles.box_title)]
        if block.questions:  # the family marked them: printed, not left to write
            style = self._strip_style(self.styles.body) if self.layout.compact else self.styles.body
            inner += [self.para(f"{n}. {text}", style)
                      for n, text in enumerate(block.questions, start=1)]
            return [KeepTogether([self._boxed(inner, 1.5, strip=self.layout.compact)]),
                    Spacer(1, self.layout.body * (0.25 if self.layout.compact else 0.5))]
        inner.append(self.para(block.hint, self.styles.body))
        for n in range(block.count):
            number = self.para(f"{n + 1}.", self.styles.bold)
            gap = self.layout.answer_line_gap * (0.75 if self.layout.compact else 1)
            line = AnswerLines(1, gap, f"top-{n + 1}",
                                self.options.fillable, 0, self.layout.body)
            inner.append(side_by_side([number, line], [self.layout.body * 1.6, None],
                                      font=self.font_set.regular, align="BOTTOM"))
        return [KeepTogether([self._boxed(inner, 1.5)]), Spacer(1, self.layout.body * 0.5)]

    def _questiongroup(self, block: d.QuestionGroup) -> list[Flowable]:
        lines = 1 if self.layout.compact else min(block.answer_lines, 2) if self.layout.large else block.answer_lines
        gap = self.layout.body * 0.5
        questions: list[Flowable] = []
        for qid, wordings in block.questions:
            text = "<br/>".join(self.markup(w) for w in wordings)
            answers = AnswerLines(lines, self.layout.answer_line_gap, f"q-{qid}-answer",
                                   self.options.fillable, self.box + gap, self.layout.body)
            after = 0 if self.layout.compact else self.layout.body * 0.5
            questions.append(CheckItem(Paragraph(text, self.styles.body),
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
        return with_heading(self.heading(block.title, block.icon), [Keep(items[:4]), *items[4:]])

    def _glossary(self, block: d.Glossary) -> list[Flowable]:
        """Each word in bold with its meaning; a second language follows on its own line.
        A word and its meaning never part across a page."""
        entries: list[Flowable] = []
        for term in block.terms:
            text = "<br/>".join(f"<b>{self.markup(word)}</b>: {self.markup(means)}"
                                for word, means in zip(term.term, term.means))
            entries.append(KeepTogether([Paragraph(text, self.styles.body)]))
        return entries

    def _temperaturelog(self, block: d.TemperatureLog) -> list[Flowable]:
        # Room to write: the day column as wide as its header, the rest shared evenly.
        least = [self.columns.widest_word([h, str(block.days)]) + 2 * CELL_PADDING + 1 for h in block.headers]
        spare = max(0.0, self.width - sum(least)) / (len(least) - 1)
        widths = [least[0]] + [w + spare for w in least[1:]]

        def table(row_height: float) -> Table:
            header = [self.para(h, self.styles.log_bold) for h in block.headers]
            rows: list[list[Any]] = [header] + [[self.para(str(day + 1), self.styles.log),
                                                 "", "", "", "", ""] for day in range(block.days)]
            tight = [(pad, (0, 0), (-1, -1), 1) for pad in ("TOPPADDING", "BOTTOMPADDING")]
            return self.grid(rows, widths, min_height=row_height, spans=tight)

        body = self.layout.body
        return [FittedGrid(table, block.days, preferred=body * 1.6, least=body)]

    def _helper_lines(self, helper: d.Helper, after_role: str = "<br/>", between: str = "<br/>") -> str:
        """A support role in bold, then each name and number (or a blank to write one in)."""
        numbers = between.join(self.markup(f"{c.name + ': ' if c.name else ''}{c.phone}")
                               for c in helper.contacts) or "_" * 14
        return f"<b>{self.markup(helper.role)}</b>{after_role}{numbers}"

    def _sideeffecttable(self, block: d.SideEffectTable) -> list[Flowable]:
        """Three columns when they fit; else one: each side effect's signs, then what helps and
        who can help under labels, full width (two narrow columns of large print would make
        each side effect a page long)."""
        signs = [(block.emergency_label, r.emergency) for r in block.rows] + [
            (block.call_now_label, r.call_now_if) for r in block.rows] + [
            (r.crisis_title, r.crisis) for r in block.rows]
        first_texts = [t for r in block.rows for t in (r.name, r.description)]
        first_texts += [t for label, texts in signs if texts for t in (label, *texts)]
        helps = [t for r in block.rows for t in r.helps]
        helpers = [t for r in block.rows for h in r.helpers
                   for t in (h.role, *(f"{c.name}: {c.phone}" if c.name else c.phone for c in h.contacts))]
        widths = self.columns.widths([(first_texts, True), (helps, True), (helpers, True)])
        rows: list[list[Any]] = []
        continued: list[Continued | None] = []
        if widths is not None:
            rows.append([self.para(h, self.styles.cell_bold) for h in block.headers])
            continued.append(None)
        for row in block.rows:
            # Should the row go on to the next page (where it starts with its name again), the
            # name stays with its description, a bold line with its first line below it, and
            # what to do if a child talks about dying stays whole.
            first: list[Flowable] = [Unbroken([self.para(row.name, self.styles.cell_bold),
                                               self.para(row.description, self.styles.cell)])]
            for label, texts in ((block.emergency_label, row.emergency),
                                 (block.call_now_label, row.call_now_if)):
                first += self._headed(label, texts)
            if row.crisis:
                first.append(Unbroken(self._headed(row.crisis_title, row.crisis)))
            if widths is None:
                who = "; ".join(self._helper_lines(h, ": ", ", ") for h in row.helpers)
                rows.append([[*first, *self._headed(block.headers[1], row.helps),
                              Paragraph(f"<b>{self.markup(block.headers[2])}:</b> {who}", self.styles.cell)]])
            else:
                helps = [self.bullet(t, self.styles.cell_bullet) for t in row.helps]
                rows.append([first, helps, [Paragraph(self._helper_lines(h), self.styles.cell)
                                            for h in row.helpers]])
            continued.append(functools.partial(self._continued, row.continued))
        # A side effect longer than a page may continue on the next (render/tables.py).
        return [self.grid(rows, widths or [self.width], split_rows=True, header=widths is not None,
                          continued=continued)]

    def _headed(self, label: str, texts: tuple[str, ...]) -> list[Flowable]:
        """A bold line and its bullets; the line never ends a page without the first bullet."""
        if not texts:
            return []
        bullets = [self.bullet(t, self.styles.cell_bullet) for t in texts]
        for later in bullets[1:]:
            self.heads[id(later)] = label
        return [Unbroken([self.para(label, self.styles.cell_bold), bullets[0]]), *bullets[1:]]

    def _continued(self, name: str, rest: Sequence[Flowable]) -> list[Flowable]:
        """A side effect's second page: its name, and the bold line ("Call your team now
        if:") again when its bullets go on there, so no sign is read without what it means."""
        again = [self.para(name, self.styles.cell_bold)]
        label = self.heads.get(id(rest[0])) if rest else None
        if label is not None:
            again.append(self.para(label, self.styles.cell_bold))
        return [*again, *rest]

    def _phoneline(self, block: d.PhoneLine) -> list[Flowable]:
        phone = block.phone or self.blank()
        style = self.styles.phone if block.prominent else self.styles.body
        line = self.with_icon(block.icon, self.para(f"{block.label}: {phone}", style),
                              self.icon_size())
        return [line, Spacer(1, self.layout.body * 0.3)] if block.icon else [line]

    def _website(self, block: d.Website) -> list[Flowable]:
        size = 1.1 * inch
        text = [self.para(f"{block.label}: {block.url}", self.styles.body),
                self.para(block.hint, self.styles.body)]
        code = QrCode(block.url, size)
        return [side_by_side([text, code], [self.width - size - 12, size + 12],
                             font=self.font_set.regular)]

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
            return Paragraph("<br/>".join(shown), cell) if shown else ""

        header = [self.para(h, self.styles.cell_bold) for h in block.headers]
        widths = self.columns.widths([role_col, what_col, (name + [block.headers[2]], False),
                                     (phone + [block.headers[3]], False)])
        rows: list[list[Any]]
        if widths is not None:
            rows = [[para(c) for c in row] for row in block.rows]
        else:
            both = " / ".join(block.headers[2:])
            widths = self.columns.widths([role_col, what_col, (name + phone + [both], False)])
            if widths is not None:
                header = [*header[:2], self.para(both, self.styles.cell_bold)]
                rows = [[para(r), para(w), joined(n, p)] for r, w, n, p in block.rows]
            else:
                first = " / ".join((block.headers[0], *block.headers[2:]))
                widths = self.columns.widths([(role + name + phone + [first], False),
                                             what_col]) or [self.width / 2] * 2
                header = [self.para(first, self.styles.cell_bold), header[1]]
                rows = [[joined(r, n, p), para(w)] for r, w, n, p in block.rows]
        # split_rows: a cell as long as the limits allow may be taller than a page.
        table = self.grid([header, *rows], widths, min_height=self.layout.body * 2.0,
                           split_rows=True)
        return [HeadedTable(self.heading(block.title), table, self.height)]


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
    template = PacketTemplate(out, doc, layout, options, font_set, author)
    story = _Story(layout, options, font_set, template.width, template.height).document(doc)
    with pdf_settings():
        template.build(story, canvasmaker=canvas_class(layout, font_set))
    return RenderedPdf(out.getvalue(), template.page)
