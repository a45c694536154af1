"""`handouts validate`: check every file given and report all problems together."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.checks import unknown_message
from handouts.inputs.clinic import CLINIC_FIELDS, clinic_overlays, load_clinic
from handouts.inputs.content import TOP_KEYS, load_content
from handouts.inputs.content_rules import LANGUAGES
from handouts.inputs.profile import PROFILE_FIELDS, profile_from_doc
from handouts.inputs.roster import ROSTER_SUFFIXES
from handouts.inputs.rows import check_roster
from handouts.inputs.yamlfile import Doc, load
from handouts.models import Content, Profile

CLINIC_ONLY = set(CLINIC_FIELDS) - set(PROFILE_FIELDS)
CONTENT_ONLY = set(TOP_KEYS) - set(PROFILE_FIELDS)


def kind_of(file: Path) -> tuple[str, Doc | None]:
    """What a file is, judged from its shape: a folder of content, a roster, a clinic file or a
    profile; with the parsed YAML, so that nothing is read twice."""
    if file.suffix.lower() in ROSTER_SUFFIXES:  # a folder named so is refused as batch does
        return "roster", None
    if file.is_dir():
        return "content", None
    doc = load(file)
    keys = set(doc.value) if isinstance(doc.value, dict) else set()
    if keys & CLINIC_ONLY:
        return "clinic", doc
    if keys & CONTENT_ONLY:
        return "content", doc
    return "profile", doc


def validate_files(files: tuple[Path, ...], languages: tuple[str, ...] = ()) -> list[str]:
    """One line per good file; every problem of every bad file raised together.

    Content folders given directly, and those a clinic file names, are checked as overlays on
    the bundled content, and profiles, clinic files and roster rows are checked against the
    result by the same functions `build` and `batch` run (the text the fonts cannot print
    included). With `languages`, every wording must exist in each of them.
    """
    from handouts.build import check_front_fits, printable_problems

    problems = Problems()
    for language in languages:
        if language not in LANGUAGES:
            problems.add(unknown_message("language", language, list(LANGUAGES)), field="--lang")
    problems.raise_if_any()
    kinds = {file: _kind_or_none(file) for file in files}  # each file is read once, here
    overlays = tuple(f if f.is_dir() else f.parent for f, (kind, _) in kinds.items()
                     if kind == "content")
    for kind, doc in kinds.values():
        if kind == "clinic" and doc is not None:
            try:
                overlays += clinic_overlays(doc)
            except HandoutsError as err:
                problems.extend(err)
    summary = []
    try:
        content = load_content(overlays, languages=languages)
    except HandoutsError as err:
        problems.extend(err)
        content = load_content()
    else:
        try:
            check_front_fits(content, None)
            summary += [f"ok: {folder} (content)" for folder in overlays]
        except HandoutsError as err:
            problems.extend(err)
    for file in files:
        kind, doc = kinds[file]
        if kind == "content":
            continue
        try:
            if not kind:
                kind_of(file)  # a file that could not be read says why here
            elif kind == "roster":
                kind = "roster, " + check_roster(file, content, partial(
                    _row_problems, content=content, roster=file))
            elif kind == "clinic" and doc is not None:
                _raise(printable_problems(None, load_clinic(doc, content), clinic_file=file))
            elif doc is not None:
                _raise(printable_problems(profile_from_doc(doc, content), None, profile_file=file))
            summary.append(f"ok: {file} ({kind})")
        except HandoutsError as err:
            problems.extend(err)
    problems.raise_if_any()
    return summary


def _row_problems(profile: Profile, *, content: Content, roster: Path) -> list[Problem]:
    """What batch refuses a row for before layout: text the fonts cannot print, and wording
    the row's language lacks (a clinic's own topic in English only, for a Spanish row)."""
    from handouts.build import printable_problems
    from handouts.packet.document import build_document

    problems = printable_problems(profile, None, profile_file=roster)
    try:
        build_document(profile, None, content, day=dt.date.today())
    except HandoutsError as err:
        problems += err.problems
    return problems


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise HandoutsError(problems=problems)


def _kind_or_none(file: Path) -> tuple[str, Doc | None]:
    try:
        return kind_of(file)
    except HandoutsError:
        return "", None
