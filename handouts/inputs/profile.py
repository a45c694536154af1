"""One child's profile: a YAML file (or a roster row) checked against the content's vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handouts.errors import Problems
from handouts.inputs.checks import Reader
from handouts.inputs.yamlfile import Doc, PathKey, load
from handouts.models import Contact, Content, Profile

LIST_FIELDS = ("treatments", "sections", "topics", "include_questions", "exclude_questions",
               "only_questions", "custom_questions", "top_questions", "care_team")
PROFILE_FIELDS = ("child_name", "language", "relapse_site", "all_type", *LIST_FIELDS,
                  "appointment_date", "large_print", "fillable", "all_questions")
MAX_NAME_CHARS = 200
MAX_QUESTION_CHARS = 500
MAX_CUSTOM_QUESTIONS = 200
MAX_TOP_QUESTIONS = 3


def load_profile(file: Path, content: Content) -> Profile:
    return profile_from_doc(load(file, what="profile"), content)


def profile_from_doc(doc: Doc, content: Content) -> Profile:
    """A parsed profile file, checked against the content."""
    problems = Problems(doc.file)
    profile = read_profile(Reader(doc, problems), doc.value, content)
    problems.raise_if_any()
    return profile


def read_languages(read: Reader, path: PathKey, value: Any, content: Content) -> tuple[str, ...]:
    """`es`, `es,en` or a list: the first language leads, the second prints beside it."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    known = [lang.id for lang in content.languages]
    languages = read.choices(path, value, known, "language")
    if len(languages) > 2:
        read.problem(path, "at most two languages can share one packet")
    return languages[:2] or ("en",)


def read_contacts(read: Reader, path: PathKey, value: Any, content: Content) -> tuple[Contact, ...]:
    contacts = []
    for i, raw in enumerate(read.items(path, value, max_items=100)):
        at = path + (i,)
        fields = read.mapping(at, raw, ("role", "name", "phone"), required=("role",))
        contacts.append(Contact(role=read.string(at + ("role",), fields.get("role"), max_chars=100),
                                name=read.string(at + ("name",), fields.get("name"), max_chars=200),
                                phone=read.string(at + ("phone",), fields.get("phone"), max_chars=60)))
    return tuple(contacts)


def read_profile(read: Reader, value: Any, content: Content, path: PathKey = ()) -> Profile:
    fields = read.mapping(path, value, PROFILE_FIELDS)
    question_ids = [q.id for q in content.questions]

    def at(name: str) -> PathKey:
        return path + (name,)

    custom_questions = read.strings(at("custom_questions"), fields.get("custom_questions"),
                                    max_items=MAX_CUSTOM_QUESTIONS, max_chars=MAX_QUESTION_CHARS)
    return Profile(
        child_name=read.string(at("child_name"), fields.get("child_name"), max_chars=MAX_NAME_CHARS),
        languages=read_languages(read, at("language"), fields.get("language"), content),
        relapse_site=read.choice(at("relapse_site"), fields.get("relapse_site"),
                                 [v.id for v in content.relapse_sites], "relapse site"),
        all_type=read.choice(at("all_type"), fields.get("all_type"),
                             [v.id for v in content.all_types], "ALL type"),
        treatments=read.choices(at("treatments"), fields.get("treatments"),
                                [v.id for v in content.treatments], "treatment"),
        sections=read.choices(at("sections"), fields.get("sections"),
                              [v.id for v in content.sections], "section"),
        topics=read.choices(at("topics"), fields.get("topics"), [t.id for t in content.topics], "topic"),
        include_questions=read.choices(at("include_questions"), fields.get("include_questions"),
                                       question_ids, "question id"),
        exclude_questions=read.choices(at("exclude_questions"), fields.get("exclude_questions"),
                                       question_ids, "question id"),
        only_questions=read.choices(at("only_questions"), fields.get("only_questions"),
                                    question_ids, "question id"),
        custom_questions=custom_questions,
        top_questions=read_top_questions(read, at("top_questions"), fields.get("top_questions"),
                                         [*question_ids, *custom_questions]),
        appointment_date=read.date(at("appointment_date"), fields.get("appointment_date")),
        care_team=read_contacts(read, at("care_team"), fields.get("care_team"), content),
        large_print=read.boolean(at("large_print"), fields.get("large_print")),
        fillable=read.boolean(at("fillable"), fields.get("fillable")),
        all_questions=read.boolean(at("all_questions"), fields.get("all_questions")),
    )


def read_top_questions(read: Reader, path: PathKey, value: Any,
                       known: list[str]) -> tuple[str, ...]:
    """The family's "most important" marks: a question id, or one of their own questions word
    for word, so a mark can never point at a question the packet does not have."""
    top = read.strings(path, value, max_items=MAX_TOP_QUESTIONS, max_chars=MAX_QUESTION_CHARS)
    for i, text in enumerate(top):
        if text not in known:
            read.problem(path + (i,), "is neither a question id nor one of custom_questions "
                         "word for word")
    return tuple(dict.fromkeys(t for t in top if t in known))
