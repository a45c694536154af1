"""Drawing the fridge card: large black-on-white type, the largest that fits on one page.

The drawing tries the largest type first and steps down until everything fits.
"""

from __future__ import annotations

import io
from typing import Any

from handouts.errors import HandoutsError
from handouts.packet.blocks import Icon, PhoneLine
from handouts.packet.card import Card
from handouts.render.outputs import PAGE_SIZES, Paper
from handouts.render.settings import pdf_settings

# (scale of the top part, size of the signs), tried in turn: big signs first, then smaller
# headings, and only then smaller signs.
TRIES = ([(1.0, size) for size in (18, 17, 16, 15)] + [(0.9, 16), (0.9, 15), (0.85, 15)]
         + [(scale, size) for scale in (0.9, 0.85, 0.8, 0.75, 0.7) for size in (14, 13)]
         + [(scale, 12) for scale in (0.65, 0.6, 0.55, 0.5)])
# No text on the card is smaller than this, whatever the scale (print standards: 12 pt at least).
MIN_TEXT = 12.0
PHONE_MIN = 36.0


class _CardStory:
    """The card's flowables at one type scale. Made fresh for every try: flowables keep state."""

    def __init__(self, card: Card, scale: float, sign_size: float, width: float) -> None:
        from handouts.render.fonts import fonts

        self.card = card
        self.scale = scale
        self.sign_size = sign_size
        self.width = width
        self.font_set = fonts()

    def style(self, size: float, *, bold: bool = False, white: bool = False,
              leading: float = 1.2, indent: float = 0) -> Any:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        size = max(size * self.scale, MIN_TEXT)
        return ParagraphStyle(f"card-{size}-{bold}-{white}", fontSize=size, leading=size * leading,
                              fontName=self.font_set.bold if bold else self.font_set.regular,
                              bulletFontName=self.font_set.regular, bulletFontSize=size,
                              textColor=colors.white if white else colors.black,
                              leftIndent=indent * self.scale, bulletIndent=0)

    def para(self, text: str, style: Any, bullet: bool = False) -> Any:
        from reportlab.platypus import Paragraph

        from handouts.render.fonts import markup

        text = markup(text, self.font_set)
        if bullet:
            return Paragraph(text, style, bulletText="\u2022")
        return Paragraph(text, style)

    def boxed(self, rows: list[list[Any]], border: float, pad: float, *,
              widths: list[float] | None = None, fill: Any = None) -> Any:
        from handouts.render.boxes import framed

        return framed(rows, widths or [self.width], font=self.font_set.regular, border=border,
                      pad=pad * self.scale, row_pad=2 * self.scale, fill=fill)

    def blank_line(self, height: float, width: float) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        line = Table([[""]], colWidths=[width], rowHeights=[height * self.scale])
        line.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 2, colors.black),
                                  ("FONTSIZE", (0, 0), (-1, -1), 14),
                                  ("FONTNAME", (0, 0), (-1, -1), self.font_set.regular)]))
        return line

    def phone(self, phone: PhoneLine, width: float) -> Any:
        # The after-hours number stays big however small the rest must get.
        big = max(50, PHONE_MIN / self.scale) if phone.prominent else 36
        rows: list[list[Any]] = [[self.para(phone.label, self.style(19, bold=phone.prominent))]]
        if phone.phone:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            from handouts.render.fonts import no_break_phones

            # A number never breaks across lines: a long one (an extension) prints smaller.
            one_em = stringWidth(no_break_phones(phone.phone), self.font_set.bold, 1) or 1
            big = min(big, (width - 21 * self.scale) / one_em / self.scale)
            rows.append([self.para(phone.phone, self.style(big, bold=True, leading=1.1))])
        else:
            rows.append([self.blank_line(big * 1.1, width * 0.85)])
            rows.append([self.para(f"({self.card.blank_hint})", self.style(15))])
        return self.boxed(rows, 5 if phone.prominent else 2.5, 10, widths=[width])

    def titled(self, icon: Icon, text: str, size: float) -> Any:
        """A heading with its picture on the left; the heading is the picture's label."""
        from handouts.render.boxes import beside
        from handouts.render.flowables import Icon as IconFlowable

        side = size * self.scale * 1.25
        return beside(IconFlowable(icon.name, side), self.para(text, self.style(size, bold=True)),
                      side * 1.35, font=self.font_set.regular)


    def columns(self, texts: tuple[str, ...], size: float) -> Any:
        half = (len(texts) + 1) // 2
        item_style = self.style(size / self.scale, indent=size * 1.1 / self.scale)
        cells = [[self.para(s, item_style, bullet=True) for s in column]
                 for column in (texts[:half], texts[half:])]
        return self.boxed([cells], 0, 4, widths=[(self.width - 24 * self.scale) / 2] * 2)

    def emergency(self) -> Any:
        box = self.card.emergency
        # The signs run together in one paragraph, the same strip as the one-sheet questions.
        signs = self.para("\u2022 " + "  \u2022 ".join(box.signs),
                          self.style(self.sign_size / self.scale))
        rows: list[list[Any]] = [[self.titled(box.icon, box.title, 24)], [signs],
                                 [self.para(" ".join(box.after), self.style(16, bold=True))]]
        return self.boxed(rows, 5, 12)

    def _child_line(self, text: str) -> Any:
        """The child's name, in at most two lines: smaller type for a long one (a name without
        spaces cannot break between words)."""
        for size in CHILD_LINE_SIZES:
            line = self.para(text, self.style(size, bold=True))
            actual = max(size * self.scale, MIN_TEXT)
            if line.wrap(self.width, 1e6)[1] <= 2.5 * actual:
                return line
        return line

    def story(self) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Spacer

        card = self.card
        gap = 12 * self.scale
        story: list[Any] = [self.boxed([[self.para(card.title, self.style(28, bold=True,
                                                                          white=True))]],
                                       0, 12, fill=colors.black)]
        if card.child_line:
            story += [Spacer(1, gap), self._child_line(card.child_line)]
        story += [Spacer(1, gap), self.emergency()]
        # The after-hours number gets the wider, heavier box; the day number sits beside it.
        wide = self.width * 0.56
        widths = [wide, self.width - wide - gap]
        phones = [self.phone(p, w - 0.1) for p, w in zip(card.phones, widths)]
        row = self.boxed([[phones[0], "", phones[1]]], 0, 0,
                         widths=[widths[0], gap, widths[1]])
        story += [Spacer(1, gap), row]
        fever: list[list[Any]] = [
            [self.titled(card.fever_icon, card.fever_title, 22)],
            [self.para(" ".join(card.fever_lines), self.style(self.sign_size / self.scale + 1))],
        ]
        story += [Spacer(1, gap), self.boxed(fever, 4, 12)]
        if card.signs:
            story += [Spacer(1, gap), self.titled(card.signs_icon, card.signs_title, 22),
                      self.columns(card.signs, self.sign_size)]
        story.append(Spacer(1, gap * 0.5))
        story.append(self.para(" ".join(card.reminders), self.style(15, bold=True)))
        return story


CHILD_LINE_SIZES = (32, 28, 24, 20, 18, 16, 14)


def _fits(story: list[Any], width: float, height: float) -> bool:
    used = 0.0
    for flowable in story:
        _, h = flowable.wrap(width, height)
        used += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return used <= height


def render_card(card: Card, paper: Paper = "letter") -> bytes:
    """The card as a one-page PDF: the largest type that fits. Same card, same bytes."""
    from reportlab.lib.units import inch
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from handouts.render.fonts import fonts

    font_set = fonts()
    page = PAGE_SIZES[paper]
    margin = 0.4 * inch  # most printers print to a quarter inch; the card needs the room
    width, height = page[0] - 2 * margin, page[1] - 2 * margin
    for scale, sign_size in TRIES:
        if _fits(_CardStory(card, scale, sign_size, width).story(), width, height):
            break
    else:
        raise HandoutsError(
            f"the card does not fit on one page: it holds {len(card.emergency.signs)} "
            f"\"{card.emergency.title}\" signs, {len(card.signs)} \"call right away\" "
            "signs and the child's name; shorten the emergency signs or the urgent checklist "
            "group your content folder adds or rewords, or the name")
    out = io.BytesIO()
    template = BaseDocTemplate(out, pagesize=page, leftMargin=margin, rightMargin=margin,
                               topMargin=margin, bottomMargin=margin, title=card.title,
                               subject=card.subject, creator="handouts", lang=card.language,
                               displayDocTitle=True, invariant=1,
                               initialFontName=font_set.regular, initialFontSize=14)
    frame = Frame(margin, margin, width, height, id="card", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("card", [frame])])
    with pdf_settings():
        template.build(_CardStory(card, scale, sign_size, width).story())
    if template.page != 1:  # pragma: no cover - _fits measured the same flowables
        raise AssertionError(f"the card took {template.page} pages")
    return out.getvalue()
