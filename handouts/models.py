"""Plain data the rest of the program passes around.

Every model here has already been checked: code that receives one never re-validates it.
Texts that exist in several languages are `Text` mappings from a language id ("en", "es")
to the wording in that language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

Text = Mapping[str, str]
# The packet's pictures, by name; handouts/render/icons.py draws each one.
ICON_NAMES = ("emergency", "phone-24h", "thermometer", "hand-washing", "mask", "mouth-care",
              "central-line", "food", "pets", "calendar")


@dataclass(frozen=True)
class VocabularyItem:
    id: str
    label: Text


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    opt_in: bool = False
    where: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    text: Text
    priority: int = 2
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # In every default packet whose topics hold it, whatever the share-out leaves room for.
    always: bool = False
    # Ids of questions merged into this one: profiles that name them get this question.
    replaces: tuple[str, ...] = ()
    source: str = ""
    reviewed: str = ""
    where: str = ""  # file:line the item was read from, for messages


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: Text
    source: str = ""
    reviewed: str = ""
    where: str = ""  # file:line the item was read from, for messages


@dataclass(frozen=True)
class EmergencySign:
    """A sign that means "call the emergency number now"; `short` is its few-word form."""

    id: str
    text: Text
    short: Text
    source: str = ""
    reviewed: str = ""
    where: str = ""  # file:line the item was read from, for messages


@dataclass(frozen=True)
class ChecklistGroup:
    id: str
    title: Text
    items: tuple[ChecklistItem, ...]
    urgent: bool = False
    icon: str = ""


@dataclass(frozen=True)
class Role:
    id: str
    name: Text
    does: Text
    source: str = ""
    reviewed: str = ""
    where: str = ""  # file:line the item was read from, for messages


@dataclass(frozen=True)
class SideEffect:
    id: str
    name: Text
    description: Text
    helps: tuple[Text, ...]
    call_now_if: tuple[Text, ...]
    roles: tuple[str, ...]
    emergency: tuple[str, ...] = ()  # ids of emergency signs: "call the emergency number"
    crisis: bool = False  # says what to do if a child talks about wanting to die
    source: str = ""
    reviewed: str = ""
    where: str = ""  # file:line the item was read from, for messages


@dataclass(frozen=True)
class Source:
    id: str
    title: str


@dataclass(frozen=True)
class GlossaryTerm:
    """A medical word the family will hear, in plain words (PEMAT-P: terms explained)."""

    id: str
    term: Text
    means: Text
    words: Text = field(default_factory=dict)  # forms used in questions, comma-separated
    source: str = ""
    reviewed: str = ""
    where: str = ""


@dataclass(frozen=True)
class ChildForm:
    """How the packet speaks of the child (profile `child_is`): phrase swaps per language."""

    id: str
    label: Text
    swaps: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Content:
    """The whole content pack: bundled data/ plus any clinic overlays."""

    reviewed: str
    sources: tuple[Source, ...]
    languages: tuple[VocabularyItem, ...]
    relapse_sites: tuple[VocabularyItem, ...]
    all_types: tuple[VocabularyItem, ...]
    treatments: tuple[VocabularyItem, ...]
    sections: tuple[VocabularyItem, ...]
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...]
    checklist: tuple[ChecklistGroup, ...]
    roles: tuple[Role, ...]
    side_effects: tuple[SideEffect, ...]
    labels: Mapping[str, Text]
    emergency_signs: tuple[EmergencySign, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    child_forms: tuple[ChildForm, ...] = ()

    def emergency_sign(self, sign_id: str) -> EmergencySign:
        return next(s for s in self.emergency_signs if s.id == sign_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)


@dataclass(frozen=True)
class Contact:
    role: str
    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class LocalResource:
    """A clinic's own note for families: parking, pharmacy hours, housing, interpreters."""

    title: str
    text: str


@dataclass(frozen=True)
class FeverRule:
    """When to call about a fever. Degrees Fahrenheit as typed, kept exact."""

    threshold_f: Decimal
    for_minutes: int | None = None
    once_f: Decimal | None = None


CDC_FEVER_RULE = FeverRule(threshold_f=Decimal("100.4"), for_minutes=60, once_f=Decimal(101))
# North America's emergency number and the US crisis line (call or text, day and night).
DEFAULT_EMERGENCY_NUMBER = "911"
DEFAULT_CRISIS_LINE = "988"


@dataclass(frozen=True)
class Clinic:
    name: str = ""
    phone: str = ""
    after_hours_phone: str = ""
    contacts: tuple[Contact, ...] = ()
    fever: FeverRule = CDC_FEVER_RULE
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    crisis_line: str = DEFAULT_CRISIS_LINE  # "" when the clinic prints none
    website: str = ""
    logo: Path | None = None
    footer: str = ""
    local_resources: tuple[LocalResource, ...] = ()
    content: tuple[Path, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """One child's packet choices. Empty values mean "not given": the packet picks defaults."""

    child_name: str = ""
    languages: tuple[str, ...] = ("en",)
    relapse_site: str = ""
    all_type: str = ""
    treatments: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    include_questions: tuple[str, ...] = ()
    exclude_questions: tuple[str, ...] = ()
    # Exactly these questions, in this order (what `handouts pick` saves): when given, topics,
    # the question count, tags and include/exclude are not used for bank questions.
    only_questions: tuple[str, ...] = ()
    custom_questions: tuple[str, ...] = ()
    # The family's "most important" questions (ids, or their own questions' words), for the
    # "my top 3 questions" box.
    top_questions: tuple[str, ...] = ()
    appointment_date: dt.date | None = None
    care_team: tuple[Contact, ...] = ()
    child_is: str = ""  # a child form id; "" speaks of any child
    large_print: bool = False
    fillable: bool = False
    all_questions: bool = False
