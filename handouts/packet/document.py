"""The packet as plain data: sections of blocks, every word already in the chosen language.

The PDF, HTML and Markdown renderers all draw this one model, so what a packet holds and in
which order is decided here once. Nothing here knows about pages or fonts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from handouts.errors import HandoutsError
from handouts.models import Clinic, Contact, Content, FeverRule, Profile, Text
from handouts.packet.select import chosen_questions, chosen_sections, phones_for_role

# Sheets a family pins up or reaches for on their own: each starts on a fresh page in print.
OWN_PAGE_SECTIONS = frozenset({"temperature-log", "side-effects", "contacts"})


@dataclass(frozen=True)
class Paragraph:
    text: str
    how_to: bool = False  # how to use the page: the one-page question sheet leaves it out


@dataclass(frozen=True)
class CallBox:
    """The "call right away" box: it is on every packet that has health content."""

    title: str
    lines: tuple[str, ...]
    phone_label: str
    phone: str
    blank_hint: str
    fever: tuple[str, ...] = ()  # the fever rule's lines, the first of `lines`: the sheet's strip


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
    urgent: bool = False


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


@dataclass(frozen=True)
class SideEffectTable:
    headers: tuple[str, str, str]
    call_now_label: str
    rows: tuple[SideEffectRow, ...]


@dataclass(frozen=True)
class PhoneLine:
    """A number to call, or a ruled blank when the clinic gave none."""

    label: str
    phone: str
    prominent: bool = False


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


Block = (Paragraph | CallBox | TopThree | QuestionGroup | CheckGroup | TemperatureLog
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
    reviewed_short: str = ""  # reviewed_label, shorter: for a footer line too narrow for it


class Wording:
    """Looks up content and labels in the packet's language, and says which item lacks one."""

    def __init__(self, content: Content, language: str) -> None:
        self.content = content
        self.language = language

    def text(self, text: Text, what: str, where: str = "") -> str:
        if self.language not in text:
            raise HandoutsError(f"{what} has no {self.language!r} wording; "
                                f"add one or choose another language", file=where or None)
        return text[self.language]

    def label(self, key: str, **values: object) -> str:
        return self.text(self.content.labels[key], f"the label {key!r}").format(**values)

    def date(self, day: dt.date) -> str:
        months = self.label("months").split()
        return self.label("date_format", day=day.day, month=months[day.month - 1], year=day.year)


def fahrenheit_to_celsius(fahrenheit: Decimal) -> Decimal:
    return ((fahrenheit - 32) * 5 / 9).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def temperature(fahrenheit: Decimal) -> str:
    return f"{fahrenheit.normalize():f} °F ({fahrenheit_to_celsius(fahrenheit)} °C)"


def fever_lines(rule: FeverRule, words: Wording) -> tuple[str, ...]:
    temp = temperature(rule.threshold_f)
    if rule.for_minutes is None:
        lines = [words.label("fever_any", temp=temp)]
    else:
        hours, minutes = divmod(rule.for_minutes, 60)
        if minutes:
            duration = words.label("duration_minutes", n=rule.for_minutes)
        elif hours == 1:
            duration = words.label("duration_one_hour")
        else:
            duration = words.label("duration_hours", n=hours)
        lines = [words.label("fever_for", temp=temp, duration=duration)]
    if rule.once_f is not None:
        lines.append(words.label("fever_once", temp=temperature(rule.once_f)))
    return tuple(lines)


def call_box(clinic: Clinic, words: Wording) -> CallBox:
    return CallBox(
        title=words.label("call_box_title"),
        lines=(*fever_lines(clinic.fever, words), words.label("dont_wait"),
               words.label("never_rectal"), words.label("no_fever_medicine")),
        phone_label=words.label("call_24h"),
        phone=clinic.after_hours_phone,
        blank_hint=words.label("write_number"),
        fever=fever_lines(clinic.fever, words),
    )


def build_document(profile: Profile, clinic: Clinic | None, content: Content, *,
                   day: dt.date) -> Document:
    """Everything the packet says, in order, for one child."""
    clinic = clinic or Clinic()
    words = Wording(content, profile.languages[0])
    others = [Wording(content, lang) for lang in profile.languages[1:]]
    sections = chosen_sections(profile, content)
    titles = {s.id: words.text(s.label, f"section {s.id!r}") for s in content.sections}
    builders = {
        "questions": lambda: _questions(profile, content, words, others),
        "checklist": lambda: _checklist(content, words),
        "temperature-log": lambda: _temperature_log(clinic, words),
        "side-effects": lambda: _side_effects(profile, clinic, content, words),
        "contacts": lambda: _contacts(profile, clinic, content, words),
    }
    body = [Section(sid, titles[sid], builders[sid](), own_page=sid in OWN_PAGE_SECTIONS)
            for sid in sections]
    if set(sections) & {"questions", "checklist", "side-effects", "temperature-log"}:
        first = body[0]
        body[0] = dataclasses.replace(first, blocks=(call_box(clinic, words), *first.blocks))

    heading = []
    if profile.child_name:
        heading.append(words.label("packet_for", name=profile.child_name))
    heading.append(words.label("prepared_on", date=words.date(day)))
    if profile.appointment_date:
        heading.append(words.label("next_visit", date=words.date(profile.appointment_date)))
    if clinic.name:
        heading.append(words.label("clinic_line", name=clinic.name))
    reviewed = dt.date.fromisoformat(content.reviewed) if content.reviewed else None
    return Document(
        language=words.language,
        title=words.label("packet_title"),
        subject=words.label("packet_subject"),
        heading_lines=tuple(heading),
        reminder=words.label("reminder"),
        page_label=words.text(content.labels["page_of"], "the label 'page_of'"),
        reviewed_label=words.label("content_reviewed", date=words.date(reviewed)) if reviewed else "",
        reviewed_short=words.label("content_reviewed_short", date=words.date(reviewed)) if reviewed else "",
        sections=tuple(body),
        logo=clinic.logo,
        footer=clinic.footer,
    )


def _questions(profile: Profile, content: Content, words: Wording,
               others: list[Wording]) -> tuple[Block, ...]:
    by_id = {q.id: q for q in content.questions}
    top = tuple(" / ".join(w.text(by_id[t].text, f"question {t!r}", by_id[t].where)
                           for w in [words, *others]) if t in by_id else t
                for t in profile.top_questions)
    # The top-3 box first: it is what a family fills in before the visit, and it keeps the
    # first page full below the call box in every language.
    blocks: list[Block] = [TopThree(words.label("top_three_title"), words.label("top_three_hint"),
                                    questions=top),
                           Paragraph(words.label("questions_intro"), how_to=True)]
    if profile.custom_questions:
        blocks.append(QuestionGroup(words.label("own_questions"),
                                    tuple((f"own-{i + 1}", (q,))
                                          for i, q in enumerate(profile.custom_questions))))
    for group in chosen_questions(profile, content):
        what = f"topic {group.topic.id!r}"
        title = " / ".join(w.text(group.topic.title, what, group.topic.where) for w in [words, *others])
        blocks.append(QuestionGroup(title, tuple(
            (q.id, tuple(w.text(q.text, f"question {q.id!r}", q.where) for w in [words, *others]))
            for q in group.questions)))
    return tuple(blocks)


def _checklist(content: Content, words: Wording) -> tuple[Block, ...]:
    blocks: list[Block] = [Paragraph(words.label("checklist_intro"))]
    for group in content.checklist:
        items = tuple((i.id, words.text(i.text, f"checklist item {i.id!r}", i.where)) for i in group.items)
        blocks.append(CheckGroup(group.id, words.text(group.title, f"checklist group {group.id!r}"),
                                 items, urgent=group.urgent))
    return tuple(blocks)


def _temperature_log(clinic: Clinic, words: Wording) -> tuple[Block, ...]:
    temp = temperature(clinic.fever.threshold_f)
    headers = (words.label("log_day"), words.label("log_date"), words.label("log_morning"),
               words.label("log_temp"), words.label("log_evening"), words.label("log_temp"))
    return (Paragraph(words.label("temperature_log_intro", temp=temp)), TemperatureLog(14, headers))


def _side_effects(profile: Profile, clinic: Clinic, content: Content,
                  words: Wording) -> tuple[Block, ...]:
    rows = []
    for effect in content.side_effects:
        what = f"side effect {effect.id!r}"
        helpers = tuple(
            Helper(words.text(content.role(r).name, f"role {r!r}", content.role(r).where), phones_for_role(r, profile, clinic))
            for r in effect.roles)
        rows.append(SideEffectRow(
            name=words.text(effect.name, what, effect.where),
            description=words.text(effect.description, what, effect.where),
            helps=tuple(words.text(t, what, effect.where) for t in effect.helps),
            call_now_if=tuple(words.text(t, what, effect.where) for t in effect.call_now_if),
            helpers=helpers))
    table = SideEffectTable((words.label("col_side_effect"), words.label("col_helps"),
                             words.label("col_who")), words.label("call_now_if"), tuple(rows))
    return (Paragraph(words.label("side_effects_intro")), table)


def _contacts(profile: Profile, clinic: Clinic, content: Content, words: Wording) -> tuple[Block, ...]:
    blocks: list[Block] = [
        PhoneLine(words.label("contacts_after_hours"), clinic.after_hours_phone, prominent=True),
        PhoneLine(words.label("contacts_clinic"), clinic.phone, prominent=True),
    ]
    role_names = {r.id: words.text(r.name, f"role {r.id!r}", r.where) for r in content.roles}
    role_does = {r.id: words.text(r.does, f"role {r.id!r}", r.where) for r in content.roles}
    named = [*profile.care_team, *clinic.contacts]
    team_rows = tuple((role_names.get(c.role, c.role), role_does.get(c.role, ""), c.name, c.phone)
                      for c in named)
    headers = (words.label("col_role"), words.label("col_what"), words.label("col_name"),
               words.label("col_phone"))
    if team_rows:
        blocks.append(ContactTable(words.label("contacts_team"), headers, team_rows))
    if clinic.local_resources:
        blocks.append(Notes(words.label("local_resources"),
                            tuple((n.title, n.text) for n in clinic.local_resources)))
    listed = {c.role for c in named}
    role_rows = tuple((role_names[r.id], role_does[r.id], "", "")
                      for r in content.roles if r.id not in listed)
    blocks.append(ContactTable(words.label("contacts_roles"), headers, role_rows))
    # Last: the numbers and the people come first on the page, the web address after them.
    if clinic.website:
        blocks.append(Website(words.label("website"), clinic.website, words.label("website_scan")))
    return tuple(blocks)
