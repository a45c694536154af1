"""The fridge card: one page to reach for at 2 a.m. with a feverish child.

It holds only what is needed then, in large black-on-white type: who the card is for, the
numbers to call (the after-hours number first and biggest; a ruled blank to write on when the
clinic file gives none, never a made-up number), the fever threshold in °F and °C from the
clinic's rule, and the "call right away" signs of the checklist's urgent group.

`build_card` makes the card as plain data (every word in the chosen language, from the
labels and content); `render_card` draws it. The drawing tries the largest type first and
steps down until everything fits on one page.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .document import PhoneLine, Wording, fever_lines, temperature
from .errors import HandoutsError
from .models import Clinic, Content, Profile

PAPERS = ("letter", "a4")
# (scale of the top part, size of the signs), tried in turn: big signs first, then smaller
# headings, and only then smaller signs.
TRIES = ([(1.0, size) for size in (18, 17, 16, 15)] + [(0.9, 16), (0.9, 15), (0.85, 15)]
         + [(scale, size) for scale in (0.9, 0.85, 0.8, 0.75, 0.7) for size in (14, 13)]
         + [(0.65, 12), (0.6, 12)])


@dataclass(frozen=True)
class Card:
    language: str
    title: str
    subject: str
    child_line: str
    phones: tuple[PhoneLine, ...]  # the first is the after-hours number
    blank_hint: str
    fever_title: str
    temperature: str
    fever_lines: tuple[str, ...]
    signs_title: str
    signs: tuple[str, ...]
    reminders: tuple[str, ...]


def build_card(profile: Profile, clinic: Clinic | None, content: Content) -> Card:
    """Everything the card says, in the profile's first language."""
    clinic = clinic or Clinic()
    words = Wording(content, profile.languages[0])
    urgent = next((g for g in content.checklist if g.urgent), None)
    signs: tuple[str, ...] = ()
    signs_title = words.label("call_box_title")
    if urgent is not None:
        signs = tuple(words.text(i.text, f"checklist item {i.id!r}", i.where) for i in urgent.items)
        if urgent.title:
            signs_title = words.text(urgent.title, f"checklist group {urgent.id!r}")
    return Card(
        language=words.language,
        title=words.label("card_title"),
        subject=words.label("card_subject"),
        child_line=words.label("packet_for", name=profile.child_name) if profile.child_name else "",
        phones=(PhoneLine(words.label("contacts_after_hours"), clinic.after_hours_phone, True),
                PhoneLine(words.label("contacts_clinic"), clinic.phone)),
        blank_hint=words.label("write_number"),
        fever_title=words.label("card_fever"),
        temperature=temperature(clinic.fever.threshold_f),
        fever_lines=fever_lines(clinic.fever, words),
        signs_title=signs_title,
        signs=signs,
        reminders=(words.label("never_rectal"), words.label("no_fever_medicine")),
    )


# --- drawing ---------------------------------------------------------------------------------

class _CardStory:
    """The card's flowables at one type scale. Made fresh for every try: flowables keep state."""

    def __init__(self, card: Card, scale: float, sign_size: float, width: float) -> None:
        from .fonts import fonts

        self.card = card
        self.scale = scale
        self.sign_size = sign_size
        self.width = width
        self.font_set = fonts()

    def style(self, size: float, *, bold: bool = False, white: bool = False,
              leading: float = 1.2, indent: float = 0) -> Any:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        size = size * self.scale
        return ParagraphStyle(f"card-{size}-{bold}-{white}", fontSize=size, leading=size * leading,
                              fontName=self.font_set.bold if bold else self.font_set.regular,
                              bulletFontName=self.font_set.regular, bulletFontSize=size,
                              textColor=colors.white if white else colors.black,
                              leftIndent=indent * self.scale, bulletIndent=0)

    def para(self, text: str, style: Any, bullet: bool = False) -> Any:
        from reportlab.platypus import Paragraph

        from .fonts import with_fallback

        markup = with_fallback(escape(text), self.font_set)
        if bullet:
            return Paragraph(markup, style, bulletText="\u2022")
        return Paragraph(markup, style)

    def boxed(self, rows: list[list[Any]], border: float, pad: float, *,
              widths: list[float] | None = None, fill: Any = None) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        table = Table(rows, colWidths=widths or [self.width])
        style: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), self.font_set.regular),
                                        ("FONTSIZE", (0, 0), (-1, -1), 14),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), pad * self.scale),
                 ("RIGHTPADDING", (0, 0), (-1, -1), pad * self.scale),
                 ("TOPPADDING", (0, 0), (-1, -1), 2 * self.scale),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * self.scale),
                 ("TOPPADDING", (0, 0), (-1, 0), pad * self.scale),
                 ("BOTTOMPADDING", (0, -1), (-1, -1), pad * self.scale)]
        if border:
            style.append(("BOX", (0, 0), (-1, -1), border, colors.black))
        if fill is not None:
            style.append(("BACKGROUND", (0, 0), (-1, -1), fill))
        table.setStyle(TableStyle(style))
        return table

    def blank_line(self, height: float, width: float) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        line = Table([[""]], colWidths=[width], rowHeights=[height * self.scale])
        line.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 2, colors.black),
                                  ("FONTSIZE", (0, 0), (-1, -1), 14),
                                  ("FONTNAME", (0, 0), (-1, -1), self.font_set.regular)]))
        return line

    def phone(self, phone: PhoneLine, width: float) -> Any:
        big = 50 if phone.prominent else 36
        rows: list[list[Any]] = [[self.para(phone.label, self.style(19, bold=phone.prominent))]]
        if phone.phone:
            rows.append([self.para(phone.phone, self.style(big, bold=True, leading=1.1))])
        else:
            rows.append([self.blank_line(big * 1.1, width * 0.85)])
            rows.append([self.para(f"({self.card.blank_hint})", self.style(15))])
        return self.boxed(rows, 5 if phone.prominent else 2.5, 10, widths=[width])

    def story(self) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Spacer

        card = self.card
        gap = 12 * self.scale
        story: list[Any] = [self.boxed([[self.para(card.title, self.style(28, bold=True,
                                                                          white=True))]],
                                       0, 12, fill=colors.black)]
        if card.child_line:
            story += [Spacer(1, gap), self.para(card.child_line, self.style(32, bold=True))]
        # The after-hours number gets the wider, heavier box; the day number sits beside it.
        wide = self.width * 0.56
        widths = [wide, self.width - wide - gap]
        phones = [self.phone(p, w - 0.1) for p, w in zip(card.phones, widths)]
        row = self.boxed([[phones[0], "", phones[1]]], 0, 0,
                         widths=[widths[0], gap, widths[1]])
        story += [Spacer(1, gap), row]
        fever: list[list[Any]] = [
            [self.para(card.fever_title, self.style(22, bold=True))],
            [self.para(card.temperature, self.style(44, bold=True, leading=1.15))],
            *([self.para(line, self.style(16), bullet=True)] for line in card.fever_lines),
        ]
        story += [Spacer(1, gap), self.boxed(fever, 4, 12)]
        if card.signs:
            story += [Spacer(1, gap), self.para(card.signs_title, self.style(24, bold=True))]
            half = (len(card.signs) + 1) // 2
            item_style = self.style(self.sign_size / self.scale, indent=self.sign_size)
            columns = [card.signs[:half], card.signs[half:]]
            cells = [[self.para(s, item_style, bullet=True) for s in column] for column in columns]
            story.append(self.boxed([cells], 0, 4, widths=[self.width / 2] * 2))
        story.append(Spacer(1, gap * 0.5))
        story += [self.para(line, self.style(15, bold=True)) for line in card.reminders]
        return story


def _fits(story: list[Any], width: float, height: float) -> bool:
    used = 0.0
    for flowable in story:
        _, h = flowable.wrap(width, height)
        used += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return used <= height


def render_card(card: Card, paper: str = "letter") -> bytes:
    """The card as a one-page PDF: the largest type that fits. Same card, same bytes."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import inch
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from .fonts import fonts

    font_set = fonts()
    page = {"letter": LETTER, "a4": A4}[paper]
    margin = 0.5 * inch
    width, height = page[0] - 2 * margin, page[1] - 2 * margin
    for scale, sign_size in TRIES:
        if _fits(_CardStory(card, scale, sign_size, width).story(), width, height):
            break
    else:
        raise HandoutsError(f"the card's {len(card.signs)} \"call right away\" signs do not fit "
                            "on one page; shorten the urgent checklist group")
    out = io.BytesIO()
    template = BaseDocTemplate(out, pagesize=page, leftMargin=margin, rightMargin=margin,
                               topMargin=margin, bottomMargin=margin, title=card.title,
                               subject=card.subject, creator="handouts", lang=card.language,
                               displayDocTitle=True, invariant=1,
                               initialFontName=font_set.regular, initialFontSize=14)
    frame = Frame(margin, margin, width, height, id="card", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("card", [frame])])
    template.build(_CardStory(card, scale, sign_size, width).story())
    if template.page != 1:  # pragma: no cover - _fits measured the same flowables
        raise AssertionError(f"the card took {template.page} pages")
    return out.getvalue()


def make_card(profile_file: Path | None, clinic_file: Path | None, output: Path, *,
              child_name: str | None = None, language: str | None = None,
              paper: str = "letter", force: bool = False) -> None:
    """`handouts card`: check the inputs, draw the card, write it whole."""
    from .build import apply_overrides, check_printable, load_inputs, parse_languages
    from .output import check_writable, write_atomically

    check_writable(output, force=force)
    inputs = load_inputs(profile_file, clinic_file)
    profile = apply_overrides(inputs.profile, child_name=child_name,
                              languages=parse_languages(language, inputs.content) if language
                              else None)
    profile = dataclasses.replace(profile, custom_questions=(), care_team=())  # not on the card
    check_printable(profile, inputs.clinic, profile_file=profile_file, clinic_file=clinic_file)
    card = build_card(profile, inputs.clinic, inputs.content)
    write_atomically(output, render_card(card, paper), force=force)
