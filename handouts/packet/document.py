"""The packet as plain data: sections of blocks, every word already in the chosen language.

The PDF, HTML and Markdown renderers all draw this one model, so what a packet holds and in
which order is decided here once. Nothing here knows about pages or fonts.
"""

from __future__ import annotations

import datetime as dt

from handouts.models import Clinic, Content, Profile
from handouts.packet.blocks import (
    Block,
    CallBox,
    CheckGroup,
    ContactTable,
    Document,
    EmergencyBox,
    Glossary,
    Helper,
    HowTo,
    Icon,
    Notes,
    Paragraph,
    PhoneLine,
    QuestionGroup,
    Section,
    SideEffectRow,
    SideEffectTable,
    TemperatureLog,
    Term,
    TopThree,
    Website,
)
from handouts.packet.select import chosen_questions, chosen_sections, phones_for_role
from handouts.packet.wording import (
    Wording,
    call_team_now,
    crisis_sentences,
    emergency_after,
    emergency_signs,
    emergency_title,
    fever_sentences,
    icon_label,
)

# A packet with any of these carries page 1's "Call 911 now if" and fever boxes: every section
# but the word list, and the contacts sheet above all, since it is the one on the fridge.
SAFETY_FRONT_SECTIONS = {"questions", "checklist", "side-effects", "temperature-log", "contacts"}
# Sheets a family pins up or reaches for on their own: each starts on a fresh page in print.
OWN_PAGE_SECTIONS = frozenset({"temperature-log", "side-effects", "contacts"})


def icon(name: str, words: Wording) -> Icon:
    return Icon(name, icon_label(name, words))


def emergency_box(clinic: Clinic, content: Content, words: Wording) -> EmergencyBox:
    return EmergencyBox(emergency_title(clinic, words), emergency_signs(content, words),
                        emergency_after(words), icon("emergency", words),
                        emergency_signs(content, words, short=True))


def _call_box(box_id: str, title: str, lead: tuple[str, ...], lines: tuple[str, ...],
              clinic: Clinic, words: Wording, picture: str) -> CallBox:
    return CallBox(id=box_id, title=title, lead=lead, lines=lines,
                   phone_label=words.label("call_24h"), phone=clinic.after_hours_phone,
                   blank_hint=words.label("write_number"),
                   icon=icon(picture, words), phone_icon=icon("phone-24h", words))


def fever_box(clinic: Clinic, words: Wording) -> CallBox:
    """Page 1's fever box: the clinic's rule, never in the bottom, no fever medicine, the number."""
    return _call_box("fever", words.label("fever_box_title"), fever_sentences(clinic.fever, words),
                     (words.label("dont_wait"), words.label("never_rectal"),
                      words.label("no_fever_medicine")),
                     clinic, words, "thermometer")


def build_document(profile: Profile, clinic: Clinic | None, content: Content, *,
                   day: dt.date) -> Document:
    """Everything the packet says, in order, for one child."""
    clinic = clinic or Clinic()
    words = Wording(content, profile.languages[0], profile.child_is)
    others = [Wording(content, lang, profile.child_is) for lang in profile.languages[1:]]
    sections = chosen_sections(profile, content)
    titles = {s.id: words.text(s.label, f"section {s.id!r}") for s in content.sections}
    builders = {
        "questions": lambda: _questions(profile, content, words, others),
        "glossary": lambda: _glossary(content, words, others),
        "checklist": lambda: _checklist(clinic, content, words),
        "temperature-log": lambda: _temperature_log(clinic, words),
        "side-effects": lambda: _side_effects(profile, clinic, content, words),
        "contacts": lambda: _contacts(profile, clinic, content, words),
    }
    body = [Section(sid, titles[sid], builders[sid](), own_page=sid in OWN_PAGE_SECTIONS)
            for sid in sections]
    front: tuple[Block, ...] = ()
    if set(sections) & SAFETY_FRONT_SECTIONS:
        front = (emergency_box(clinic, content, words), fever_box(clinic, words))

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
        front=front,
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


def _glossary(content: Content, words: Wording, others: list[Wording]) -> tuple[Block, ...]:
    terms = []
    for t in content.glossary:
        what = f"glossary term {t.id!r}"
        forms = words.text(t.words, what, t.where) if words.language in t.words else ""
        terms.append(Term(t.id, tuple(w.text(t.term, what, t.where) for w in [words, *others]),
                          tuple(w.text(t.means, what, t.where) for w in [words, *others]),
                          tuple(f.strip() for f in forms.split(",") if f.strip())))
    return (Paragraph(words.label("glossary_intro")), Glossary(tuple(terms)))


def _checklist(clinic: Clinic, content: Content, words: Wording) -> tuple[Block, ...]:
    """The routine groups with check boxes; the urgent group as bullets with the 24-hour number."""
    blocks: list[Block] = [HowTo(words.label("how_to_checklist")),
                           Paragraph(words.label("checklist_intro"))]
    for group in content.checklist:
        title = words.text(group.title, f"checklist group {group.id!r}")
        items = tuple((i.id, words.text(i.text, f"checklist item {i.id!r}", i.where)) for i in group.items)
        if group.urgent:
            blocks.append(_call_box(group.id, title, fever_sentences(clinic.fever, words),
                                    tuple(text for _, text in items), clinic, words,
                                    group.icon or "phone-24h"))
        else:
            blocks.append(CheckGroup(group.id, title, items,
                                     icon(group.icon, words) if group.icon else None))
    return tuple(blocks)


def _temperature_log(clinic: Clinic, words: Wording) -> tuple[Block, ...]:
    headers = (words.label("log_day"), words.label("log_date"), words.label("log_morning"),
               words.label("log_temp"), words.label("log_evening"), words.label("log_temp"))
    return (Paragraph(words.label("log_how")),
            Paragraph(" ".join(fever_sentences(clinic.fever, words))),
            TemperatureLog(14, headers))


def _side_effects(profile: Profile, clinic: Clinic, content: Content,
                  words: Wording) -> tuple[Block, ...]:
    rows = []
    for effect in content.side_effects:
        what = f"side effect {effect.id!r}"
        helpers = tuple(
            Helper(words.text(content.role(r).name, f"role {r!r}", content.role(r).where), phones_for_role(r, profile, clinic))
            for r in effect.roles)
        name = words.text(effect.name, what, effect.where)
        rows.append(SideEffectRow(
            name=name,
            description=words.text(effect.description, what, effect.where),
            helps=tuple(words.text(t, what, effect.where) for t in effect.helps),
            call_now_if=tuple(words.text(t, what, effect.where) for t in effect.call_now_if),
            helpers=helpers,
            emergency=tuple(words.text(content.emergency_sign(e).text, f"emergency sign {e!r}")
                            for e in effect.emergency),
            crisis_title=words.label("crisis_title") if effect.crisis else "",
            crisis=crisis_sentences(clinic, words) if effect.crisis else (),
            continued=words.label("side_effect_continued", name=name)))
    table = SideEffectTable((words.label("col_side_effect"), words.label("col_helps"),
                             words.label("col_who")), call_team_now(clinic, words),
                            words.label("emergency_now_if", number=clinic.emergency_number),
                            tuple(rows))
    return (HowTo(words.label("how_to_side_effects")), Paragraph(words.label("side_effects_intro")),
            Paragraph(" ".join(fever_sentences(clinic.fever, words))), table)


def _contacts(profile: Profile, clinic: Clinic, content: Content, words: Wording) -> tuple[Block, ...]:
    blocks: list[Block] = [
        PhoneLine(words.label("contacts_after_hours"), clinic.after_hours_phone, prominent=True,
                  icon=icon("phone-24h", words)),
        PhoneLine(words.label("contacts_clinic"), clinic.phone, prominent=True,
                  icon=icon("calendar", words)),
        PhoneLine(words.label("contacts_emergency"), clinic.emergency_number, prominent=True,
                  icon=icon("emergency", words)),
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
