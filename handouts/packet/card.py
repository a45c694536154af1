"""The fridge card as plain data: one page to reach for at 2 a.m. with a feverish child.

It holds only what is needed then: who the card is for, when to call the emergency number,
the numbers to call (the after-hours number first; a ruled blank to write on when the clinic
file gives none, never a made-up number), the fever sentences from the clinic's rule (the same
words as the packet), and the "call right away" signs of the checklist's urgent group. Every word is in the chosen language, from the labels
and content; `handouts.render.card` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.models import Clinic, Content, Profile
from handouts.packet.blocks import EmergencyBox, Icon, PhoneLine
from handouts.packet.document import emergency_box, icon
from handouts.packet.wording import Wording, fever_sentences


@dataclass(frozen=True)
class Card:
    language: str
    title: str
    subject: str
    child_line: str
    emergency: EmergencyBox
    phones: tuple[PhoneLine, ...]  # the first is the after-hours number
    blank_hint: str
    fever_title: str
    fever_icon: Icon
    fever_lines: tuple[str, ...]
    signs_title: str
    signs_icon: Icon
    signs: tuple[str, ...]
    reminders: tuple[str, ...]


def build_card(profile: Profile, clinic: Clinic | None, content: Content) -> Card:
    """Everything the card says, in the profile's first language."""
    clinic = clinic or Clinic()
    words = Wording(content, profile.languages[0], profile.child_is)
    urgent = next((g for g in content.checklist if g.urgent), None)
    signs: tuple[str, ...] = ()
    signs_title = words.label("call_box_title")
    signs_icon = icon(urgent.icon if urgent is not None and urgent.icon else "phone-24h", words)
    if urgent is not None:
        signs = tuple(words.text(i.text, f"checklist item {i.id!r}", i.where) for i in urgent.items)
        if urgent.title:
            signs_title = words.text(urgent.title, f"checklist group {urgent.id!r}")
    return Card(
        language=words.language,
        title=words.label("card_title"),
        subject=words.label("card_subject"),
        child_line=words.label("packet_for", name=profile.child_name) if profile.child_name else "",
        emergency=emergency_box(clinic, content, words),
        phones=(PhoneLine(words.label("contacts_after_hours"), clinic.after_hours_phone, True),
                PhoneLine(words.label("contacts_clinic"), clinic.phone)),
        blank_hint=words.label("write_number"),
        fever_title=words.label("fever_box_title"),
        fever_icon=icon("thermometer", words),
        fever_lines=fever_sentences(clinic.fever, words),
        signs_title=signs_title,
        signs_icon=signs_icon,
        signs=signs,
        reminders=(words.label("never_rectal"), words.label("no_fever_medicine")),
    )
