"""The packet's building blocks as plain data: every word already in the chosen language.

The PDF, HTML and Markdown renderers all draw these (render/blocks.py sends each kind to its
drawing); `document.build_document` decides which blocks a packet holds, in which order.
Nothing here knows about pages or fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.models import Contact


@dataclass(frozen=True)
class Paragraph:
    text: str
    how_to: bool = False  # how to use the page: the one-page question sheet leaves it out


@dataclass(frozen=True)
class HowTo:
    """One line on how to use the page below it (PEMAT-P: explain how to use tables and charts)."""

    text: str


@dataclass(frozen=True)
class Icon:
    """A picture and the words that name it (printed beside it, or its alt text)."""

    name: str
    label: str


@dataclass(frozen=True)
class EmergencyBox:
    """"Call 911 now if": the signs that cannot wait for a call back. Page 1 of every packet."""

    title: str
    signs: tuple[str, ...]
    after: tuple[str, ...]  # then call your team; tell every ER
    icon: Icon
    short: tuple[str, ...] = ()  # the signs in a few words each, for a one-line strip


@dataclass(frozen=True)
class CallBox:
    """A "call your team" box: the signs as bullets, with the 24-hour number in the frame.

    Page 1 has the fever one; the checklist's urgent group is the other.
    """

    id: str
    title: str
    lead: tuple[str, ...]  # printed before the bullets (the fever sentences)
    lines: tuple[str, ...]
    phone_label: str
    phone: str
    blank_hint: str
    icon: Icon | None = None
    phone_icon: Icon | None = None


@dataclass(frozen=True)
class TopThree:
    """The "my top 3 questions" box: lines to write on, or the family's marked questions."""

    title: str
    hint: str
    count: int = 3
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionGroup:
    title: str
    questions: tuple[tuple[str, tuple[str, ...]], ...]  # (id, wording in each language)
    answer_lines: int = 3


@dataclass(frozen=True)
class CheckGroup:
    id: str
    title: str
    items: tuple[tuple[str, str], ...]  # (id, text)
    icon: Icon | None = None


@dataclass(frozen=True)
class Term:
    id: str
    term: tuple[str, ...]  # in each of the packet's languages
    means: tuple[str, ...]
    forms: tuple[str, ...]  # how questions in the first language write it, for links


@dataclass(frozen=True)
class Glossary:
    """The "Words you may hear" page; the HTML copy links a word's first use in a question here."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class TemperatureLog:
    days: int
    headers: tuple[str, ...]


@dataclass(frozen=True)
class Helper:
    role: str
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class SideEffectRow:
    name: str
    description: str
    helps: tuple[str, ...]
    call_now_if: tuple[str, ...]
    helpers: tuple[Helper, ...]
    emergency: tuple[str, ...] = ()
    crisis_title: str = ""
    crisis: tuple[str, ...] = ()
    continued: str = ""  # the name, where the row goes on to another page


@dataclass(frozen=True)
class SideEffectTable:
    headers: tuple[str, str, str]
    call_now_label: str
    emergency_label: str
    rows: tuple[SideEffectRow, ...]


@dataclass(frozen=True)
class PhoneLine:
    """A number to call, or a ruled blank when the clinic gave none."""

    label: str
    phone: str
    prominent: bool = False
    icon: Icon | None = None


@dataclass(frozen=True)
class Website:
    label: str
    url: str
    hint: str


@dataclass(frozen=True)
class Notes:
    """The clinic's own notes for families, printed as the clinic wrote them."""

    title: str
    items: tuple[tuple[str, str], ...]  # (title, text)


@dataclass(frozen=True)
class ContactTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, str, str, str], ...]  # role, what they do, name, phone


Block = (Paragraph | HowTo | EmergencyBox | CallBox | TopThree | QuestionGroup | CheckGroup
         | Glossary | TemperatureLog
         | SideEffectTable | PhoneLine | Website | Notes | ContactTable)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    # A sheet a family pins up or reaches for on its own starts on a fresh page when printed.
    own_page: bool = False


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    subject: str
    heading_lines: tuple[str, ...]
    reminder: str
    page_label: str  # with {page} and {pages}
    reviewed_label: str
    sections: tuple[Section, ...]
    logo: Path | None = None
    footer: str = ""
    front: tuple[Block, ...] = ()  # page 1, after the title: the emergency and fever boxes
    reviewed_short: str = ""  # reviewed_label, shorter: for a footer line too narrow for it
