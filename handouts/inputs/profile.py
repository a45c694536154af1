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
PROFILE_FIELDS = ("child_name", "child_is", "language", "relapse_site", "all_type", *LIST_FIELDS,
                  "appointment_date", "large_print", "fillable", "all_questions")
# Fields about one child. A batch's defaults (--profile, a clinic's `defaults:`) fill every row's
# empty cells, so one of these there would copy one child's name, questions, team or diagnosis
# into other children's packets: they are refused there, and belong in the roster's columns.
PER_CHILD_FIELDS = ("child_name", "child_is", "relapse_site", "all_type", "treatments",
                    "include_questions", "exclude_questions", "only_questions", "custom_questions",
                    "top_questions", "care_team", "appointment_date")
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


def refuse_per_child_fields(read: Reader, value: Any, what: str, path: PathKey = ()) -> None:
    """Batch defaults hold only what every child shares (see PER_CHILD_FIELDS)."""
    if not isinstance(value, dict):
        return
    for name in value:  # in the file's order
        if name in PER_CHILD_FIELDS:
            read.problem(path + (name,), f"{what} fills the empty cells of every child in a "
                                         "batch, and this field is about one child: give it in "
                                         f"the roster's '{name}' column instead")


def refuse_per_child_defaults(doc: Doc) -> None:
    """A batch's --profile file: refused, naming each field about one child."""
    problems = Problems(doc.file)
    refuse_per_child_fields(Reader(doc, problems), doc.value, "--profile")
    problems.raise_if_any()


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


def read_question_ids(read: Reader, path: PathKey, value: Any, content: Content) -> tuple[str, ...]:
    """Question ids; an id merged into another question (its `replaces:`) means that question,
    so a profile saved before the merge keeps working."""
    live = [q.id for q in content.questions]
    merged = {old: q.id for q in content.questions for old in q.replaces if old not in live}
    if isinstance(value, list):
        value = [merged.get(item, item) if isinstance(item, str) else item for item in value]
    elif isinstance(value, str):
        value = merged.get(value, value)
    return read.choices(path, value, live, "question id")


def read_top_questions(read: Reader, path: PathKey, value: Any, question_ids: list[str],
                       custom: tuple[str, ...]) -> tuple[str, ...]:
    """Up to three: each a question id or, word for word, one of the family's own questions."""
    found = read.strings(path, value, max_items=MAX_TOP_QUESTIONS, max_chars=MAX_QUESTION_CHARS)
    for i, item in enumerate(found):
        if item not in question_ids and item not in custom:
            read.problem(path + (i,), f"{item!r} is neither a question id (see `handouts list "
                                      "questions`) nor one of custom_questions, word for word")
    return tuple(dict.fromkeys(found))


def read_profile(read: Reader, value: Any, content: Content, path: PathKey = ()) -> Profile:
    fields = read.mapping(path, value, PROFILE_FIELDS)

    def at(name: str) -> PathKey:
        return path + (name,)

    custom = read.strings(at("custom_questions"), fields.get("custom_questions"),
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
        include_questions=read_question_ids(read, at("include_questions"),
                                            fields.get("include_questions"), content),
        exclude_questions=read_question_ids(read, at("exclude_questions"),
                                            fields.get("exclude_questions"), content),
        only_questions=read_question_ids(read, at("only_questions"), fields.get("only_questions"),
                                         content),
        custom_questions=custom,
        top_questions=read_top_questions(read, at("top_questions"), fields.get("top_questions"),
                                         [q.id for q in content.questions], custom),
        appointment_date=read.date(at("appointment_date"), fields.get("appointment_date")),
        care_team=read_contacts(read, at("care_team"), fields.get("care_team"), content),
        child_is=read.choice(at("child_is"), fields.get("child_is"),
                             [c.id for c in content.child_forms], "child_is"),
        large_print=read.boolean(at("large_print"), fields.get("large_print")),
        fillable=read.boolean(at("fillable"), fields.get("fillable")),
        all_questions=read.boolean(at("all_questions"), fields.get("all_questions")),
    )
