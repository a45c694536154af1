"""Page 1's safety boxes: "call 911 now if" and the fever box, in every reading mode.

Both boxes must fit on page 1 together, in every language, size and paper, with a long clinic
footer. Three forms, one per reading mode:
- standard print: every sign in full, as bullets;
- large print: the signs in their short wording, run on in one paragraph, and tighter
  padding (the 18 pt type and its 1.5 spacing stay);
- the one-sheet question list: both boxes side by side in a compact strip, so ten questions
  keep the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from handouts.packet import blocks as d
from handouts.render.boxes import beside, framed, side_by_side
from handouts.render.flowables import Icon
from handouts.render.fonts import FontSet
from handouts.render.layout import Layout, Styles
from handouts.render.paragraphs import Paragraph
from handouts.render.tables import PageTable

SIGN_BREAK = "\u2002\u2022 "  # between two signs run on in one paragraph
STRIP_SHARES = (0.4, 0.44, 0.48, 0.52, 0.56, 0.6, 0.64)  # the emergency box's share of the strip's width


class FrontBoxes:
    """The framed boxes of the PDF story; mixed into the story, which sets these fields."""

    layout: Layout
    styles: Styles
    font_set: FontSet
    width: float
    height: float
    box_width: float
    markup: Callable[[str], str]

    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.markup(text), style)

    def blank(self) -> str:
        return "_" * 22

    def with_icon(self, icon: d.Icon | None, flowable: Flowable, size: float) -> Flowable:
        """A picture left of its heading or line; the words beside it are its label."""
        if icon is None:
            return flowable
        return beside(Icon(icon.name, size), flowable, size * 1.35, font=self.font_set.regular)

    def icon_size(self) -> float:
        return self.layout.body * (1.25 if self.layout.compact else 1.5)

    def bullet(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A bulleted line whose wrapped lines hang under its first word."""
        return Paragraph(self.markup(text), style or self.styles.bullet, bulletText="\u2022")

    def front(self, blocks: tuple[d.Block, ...]) -> list[Flowable]:
        """Page 1's safety boxes; on the one-sheet list, side by side so the questions fit."""
        if not (self.layout.compact and len(blocks) == 2):
            return [flowable for block in blocks for flowable in self.block_on_front(block)]
        gap = self.layout.body * 0.6
        # The share of the width that gives the shorter strip: the two boxes' words differ in
        # length from one language and clinic to the next.
        rows = [self._strip_row(blocks, share, gap) for share in STRIP_SHARES]
        heights = [row.wrap(self.width, self.height)[1] for row in rows]
        return [rows[heights.index(min(heights))], Spacer(1, self.layout.body * 0.15)]

    def _strip_row(self, blocks: tuple[d.Block, ...], share: float, gap: float) -> Table:
        widths = [(self.width - gap) * share, (self.width - gap) * (1 - share)]
        boxes = []
        for block, width in zip(blocks, widths):
            self.box_width = width
            boxes.append(self.frame(block))
        self.box_width = self.width
        return side_by_side([boxes[0], "", boxes[1]], [widths[0], gap, widths[1]],
                            font=self.font_set.regular)

    def block_on_front(self, block: d.Block) -> list[Flowable]:
        if isinstance(block, d.EmergencyBox):
            return self._emergencybox(block)
        assert isinstance(block, d.CallBox)
        after = Spacer(1, self.layout.body * (0.5 if self.layout.compact else 1))
        if not (self.layout.large and block.lines):
            return [KeepTogether([self._call_frame(block, on_front=True)]), after]
        # Large print: the rule and the number stay on page 1 beside the emergency box; the
        # reminders follow in a box of their own, under the same title, where the page allows.
        rule = self._call_frame(replace(block, lines=()), on_front=True)
        return [KeepTogether([rule]), Spacer(1, self.layout.body * 0.4),
                *self.reminders(block), after]

    def reminders(self, block: d.CallBox) -> list[Flowable]:
        """A call box's reminders (do not wait until morning...) in a box of their own."""
        return [KeepTogether([self._boxed([self._call_title(block),
                                           *(self.bullet(s) for s in block.lines)],
                                          2.5, tight=True)])]

    def frame(self, block: d.Block) -> Table:
        """The framed box of an emergency or call box in the strip, without the space after it."""
        if isinstance(block, d.EmergencyBox):
            return self._emergency_frame(block)
        assert isinstance(block, d.CallBox)
        return self._call_frame(block, strip=True)

    def _tight(self) -> bool:
        """Large print's page 1 and the one-sheet strip: the short forms and little padding."""
        return self.layout.compact or self.layout.large

    def _boxed(self, content: list[Flowable], border: float, *, tight: bool = False,
               strip: bool = False) -> Table:
        """A framed box, one row per flowable: it moves whole to the next page unless that
        would leave this page too empty; then it continues between two of its rows, its
        title repeated (render/tables.py)."""
        pad = self.layout.body * (0.25 if strip else 0.4 if tight or self.layout.compact else 0.6)
        return framed([[flowable] for flowable in content], [self.box_width],
                      font=self.font_set.regular, border=border, pad=pad, row_pad=1,
                      table=PageTable, page_height=self.height, repeatRows=1, ruled_rows=False,
                      whole=True)

    def _emergencybox(self, block: d.EmergencyBox) -> list[Flowable]:
        return [KeepTogether([self._emergency_frame(block)]), Spacer(1, self.layout.body * 0.4)]

    def _strip_style(self, style: ParagraphStyle) -> ParagraphStyle:
        """The strip's text: the body's size and spacing, without the space after paragraphs."""
        return ParagraphStyle(f"strip-{style.name}", parent=style, spaceAfter=0)

    def _strip_title(self, icon: d.Icon | None, title: str) -> Flowable:
        return self.with_icon(icon, self.para(title, self._strip_style(self.styles.bold)),
                              self.layout.body)

    def _emergency_frame(self, block: d.EmergencyBox) -> Table:
        title = self.with_icon(block.icon, self.para(block.title, self.styles.emergency_title),
                               self.icon_size())
        after = self.para(" ".join(block.after), self.styles.bold)
        if self.layout.compact:
            body = self._strip_style(self.styles.body)
            signs = SIGN_BREAK.join(self.markup(s) for s in block.short)
            return self._boxed([self._strip_title(block.icon, block.title),
                                Paragraph("\u2022 " + signs, body),
                                self.para(" ".join(block.after), self._strip_style(self.styles.bold))],
                               3, strip=True)
        if self._tight():
            # Every sign, each in a few words, run on: the full wording would fill page 1.
            signs = SIGN_BREAK.join(self.markup(s) for s in block.short)
            return self._boxed([title, Paragraph("\u2022 " + signs, self.styles.body), after],
                               4, tight=True)
        return self._boxed([title, *(self.bullet(s) for s in block.signs), Spacer(1, 4), after], 4)

    def _callbox(self, block: d.CallBox) -> list[Flowable]:
        """Whole on one page unless moving it would leave the page before it too empty."""
        return [self._call_frame(block), Spacer(1, self.layout.body * (0.5 if self.layout.compact else 1))]

    def _call_title(self, block: d.CallBox) -> Flowable:
        return self.with_icon(block.icon, self.para(block.title, self.styles.box_title),
                              self.icon_size())

    def _call_frame(self, block: d.CallBox, *, strip: bool = False, on_front: bool = False) -> Table:
        size = self.icon_size()
        title = self._call_title(block)
        phone = block.phone or f"{self.blank()} ({block.blank_hint})"
        phone_line = self.para(f"{block.phone_label}: {phone}", self.styles.phone)
        if strip:
            # The one-sheet strip: when to call and the number; the home-care reminders are in
            # the full packet and on the fridge card.
            # The rule and the number run on in one paragraph.
            phone = block.phone or "_" * 10
            text = (self.markup(" ".join(block.lead or block.lines))
                    + f" <b>{self.markup(f'{block.phone_label}: {phone}')}</b>")
            return self._boxed([self._strip_title(block.icon, block.title),
                                Paragraph(text, self._strip_style(self.styles.body))],
                               2.5, strip=True)
        inner = [title]
        if block.lead:
            inner.append(self.para(" ".join(block.lead), self.styles.body))
        inner += [self.bullet(line) for line in block.lines]
        inner += [Spacer(1, 4), self.with_icon(block.phone_icon, phone_line, size)]
        return self._boxed(inner, 2.5, tight=on_front and self._tight())
