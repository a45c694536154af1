"""`handouts validate`: check every file given and report all problems together."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.checks import unknown_message
from handouts.inputs.clinic import CLINIC_FIELDS, clinic_overlays, load_clinic
from handouts.inputs.content import LANGUAGES, TOP_KEYS, load_content
from handouts.inputs.profile import PROFILE_FIELDS, load_profile
from handouts.inputs.roster import ROSTER_SUFFIXES
from handouts.inputs.rows import check_roster
from handouts.inputs.yamlfile import load

CLINIC_ONLY = set(CLINIC_FIELDS) - set(PROFILE_FIELDS)
CONTENT_ONLY = set(TOP_KEYS) - set(PROFILE_FIELDS)


def kind_of(file: Path) -> str:
    """What a file is, judged from its shape: a folder of content, a clinic file or a profile."""
    if file.is_dir():
        return "content"
    if file.suffix.lower() in ROSTER_SUFFIXES:
        return "roster"
    doc = load(file)
    keys = set(doc.value) if isinstance(doc.value, dict) else set()
    if keys & CLINIC_ONLY:
        return "clinic"
    if keys & CONTENT_ONLY:
        return "content"
    return "profile"


def validate_files(files: tuple[Path, ...], languages: tuple[str, ...] = ()) -> list[str]:
    """One line per good file; every problem of every bad file raised together.

    Content folders given directly, and those a clinic file names, are checked as overlays on
    the bundled content, and profiles, clinic files and roster rows are checked against the
    result by the same functions `build` and `batch` run (the text the fonts cannot print
    included). With `languages`, every wording must exist in each of them.
    """
    from handouts.build import printable_problems

    problems = Problems()
    for language in languages:
        if language not in LANGUAGES:
            problems.add(unknown_message("language", language, list(LANGUAGES)), field="--lang")
    problems.raise_if_any()
    kinds = {file: _kind_or_none(file) for file in files}  # each file is read once to judge it
    overlays = tuple(f if f.is_dir() else f.parent for f in files if kinds[f] == "content")
    for file in files:
        if kinds[file] == "clinic":
            try:
                overlays += clinic_overlays(file)
            except HandoutsError as err:
                problems.extend(err)
    summary = []
    try:
        content = load_content(overlays, languages=languages)
    except HandoutsError as err:
        problems.extend(err)
        content = load_content()
    else:
        summary += [f"ok: {folder} (content)" for folder in overlays]
    for file in files:
        if kinds[file] == "content":
            continue
        try:
            kind = kinds[file] or kind_of(file)  # a file that could not be read says why here
            if kind == "roster":
                kind = "roster, " + check_roster(file, content, partial(
                    printable_problems, clinic=None, profile_file=file))
            elif kind == "clinic":
                _raise(printable_problems(None, load_clinic(file, content), clinic_file=file))
            else:
                _raise(printable_problems(load_profile(file, content), None, profile_file=file))
            summary.append(f"ok: {file} ({kind})")
        except HandoutsError as err:
            problems.extend(err)
    problems.raise_if_any()
    return summary


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise HandoutsError(problems=problems)


def _kind_or_none(file: Path) -> str | None:
    try:
        return kind_of(file)
    except HandoutsError:
        return None
