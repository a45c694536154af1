"""`handouts validate`: check every file given and report all problems together."""

from __future__ import annotations

from pathlib import Path

from handouts.errors import HandoutsError, Problems
from handouts.inputs.clinic import CLINIC_FIELDS, clinic_overlays, load_clinic
from handouts.inputs.content import TOP_KEYS, load_content
from handouts.inputs.profile import PROFILE_FIELDS, load_profile
from handouts.inputs.yamlfile import load

ROSTER_SUFFIXES = (".csv", ".xlsx", ".xlsm")
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


def validate_files(files: tuple[Path, ...]) -> list[str]:
    """One line per good file; every problem of every bad file raised together.

    Content folders given directly, and those a clinic file names, are checked as overlays on
    the bundled content, and profiles and clinic files are checked against the result.
    """
    problems = Problems()
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
        content = load_content(overlays)
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
                from handouts.inputs.rows import check_roster

                kind = f"roster, {check_roster(file, content)} children"
            elif kind == "clinic":
                load_clinic(file, content)
            else:
                load_profile(file, content)
            summary.append(f"ok: {file} ({kind})")
        except HandoutsError as err:
            problems.extend(err)
    problems.raise_if_any()
    return summary


def _kind_or_none(file: Path) -> str | None:
    try:
        return kind_of(file)
    except HandoutsError:
        return None
